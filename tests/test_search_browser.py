"""Search in real headless Chromium, on the search test site served over HTTP: each case of the
issues as a query and the articles it must return in the top 3, whole syllables, phrases first,
one answer, the closest results apart, facets, sort, the messages, and the page on a 360 px
screen, by keyboard and without JavaScript."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest

from browser import PHONE, launched_browser, serve
from bulletin.search.part_index import shard_hash
from bulletin.text.vietnamese import fold
from sites import REPO, build_site
from test_search import URLS, write_search_site

try:
    from playwright.sync_api import Browser, Page
except ImportError:  # the tests skip, saying why (browser.launched_browser)
    Browser = Page = object  # type: ignore[misc,assignment]

NFD = unicodedata.normalize("NFD", "Nguyễn Phước Lộc")

QUERIES = [
    # without diacritics, with them, in NFD, in capitals
    ("nguyen phuoc loc", ["loc"]),
    ("Nguyễn Phước Lộc", ["loc"]),
    (NFD, ["loc"]),
    ("NGUYEN PHUOC LOC", ["loc"]),
    # both tone placements, the page in NFD (hòa) or NFC (thuỷ, khỏe, khoẻ)
    ("hoà giải", ["hoa-giai"]),
    ("hòa giải", ["hoa-giai"]),
    ("hoa giai", ["hoa-giai"]),
    ("thủy lợi", ["thuy-loi"]),
    ("thuỷ lợi", ["thuy-loi"]),
    ("khoẻ", ["suc-khoe", "khoe"]),
    ("khỏe", ["suc-khoe", "khoe"]),
    # đ typed as d
    ("dang bo", ["loc"]),
    ("duong lien xa", ["duong"]),
    ("Đảng bộ", ["loc"]),
    # document codes as typed, and with d for Đ
    ("21-KL/TW", ["loc"]),
    ("21-kl/tw", ["loc"]),
    ("30/2020/ND-CP", ["thuy-loi"]),
    ("30/2020/NĐ-CP", ["thuy-loi"]),
    # the speakers box and the lead are the article too
    ("pho bi thu tinh uy", ["loc"]),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("search-browser")
    built = build_site(write_search_site(root), root / "site")
    with serve(built) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def search(page: Page, site: str, **params: str) -> list[str]:
    """Open the search page at `?params`, wait for its results; return their paths in order."""
    names = {"category": "chuyen-muc", "year": "nam", "speaker": "nguoi", "resolution": "van-ban"}
    query = urlencode({names.get(k, k): v for k, v in params.items()}, quote_via=quote)
    page.goto(f"{site}tim-kiem/?{query}")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    return results(page, site)


def results(page: Page, site: str) -> list[str]:
    """The answer's articles in order (not the closest ones, shown apart)."""
    links = page.eval_on_selector_all(
        "#search-results > ol > li h2 a", "links => links.map(a => a.href)"
    )
    return [link.removeprefix(site.rstrip("/")) for link in links]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_queries_find_their_articles_in_the_top_3(
    page: Page, site: str, query: str, expected: list[str]
) -> None:
    found = search(page, site, q=query)
    assert {URLS[name] for name in expected} <= set(found[:3]), found


def test_a_result_shows_photo_title_date_line_category_and_the_phrase_highlighted(
    page: Page, site: str
) -> None:
    assert search(page, site, q="nguyen phuoc loc")[0] == URLS["loc"]
    first = page.locator("#search-results li").first
    assert first.locator("h2 a").inner_text() == (
        "Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú"
    )
    assert first.locator("h2 mark").all_inner_texts() == ["Nguyễn Phước Lộc"]  # one phrase
    assert first.locator(".bulletin-category").text_content() == "Xây dựng Đảng"
    time = first.locator("time")
    assert time.inner_text() == "Thứ Tư, ngày 15 tháng 3 năm 2023, 09:00"
    assert time.get_attribute("datetime") == "2023-03-15T09:00:00+07:00"
    excerpt = first.locator(".bulletin-search__excerpt")
    assert excerpt.locator("mark").all_inner_texts() == ["Nguyễn Phước Lộc"]
    assert excerpt.inner_text().startswith("Đồng chí Nguyễn Phước Lộc đề nghị")  # the body's
    assert first.locator(".bulletin-frame--thumb").count() == 1  # no photo: the frame
    assert page.inner_text("#search-status") == (
        "Tìm thấy 1 bài viết cho “nguyen phuoc loc” trong tiêu đề và nội dung bài viết."
    )


def test_a_first_query_reads_only_the_shards_it_needs(page: Page, site: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert search(page, site, q="tuyen giao") == [URLS["ban"], URLS["hop"]]  # newest first
    index = [url.split("/chi-muc-tim-kiem/")[1] for url in requested if "/chi-muc-tim-kiem/" in url]
    shards = [path for path in index if "/t/" in path]
    records = sorted(path for path in index if "/f/" in path)
    assert "bulletin-search.json" in index and "vocabulary.gz" not in index  # not typed
    assert 0 < len(shards) <= 5 * 3  # three terms (tuyen, giao, tuyen giao) in five parts
    assert records == ["2024-07-19/f/1.gz", "2024-07-19/f/2.gz"]  # the results' only


def test_one_answer_holds_headline_and_body_matches_and_may_be_narrowed(
    page: Page, site: str
) -> None:
    # "công tác" in their title, lead or a document's title ("Về công tác văn thư")
    headlines = {URLS["loc"], URLS["hop"], URLS["ban"], URLS["thuy-loi"]}
    found = search(page, site, q="cong tac")
    assert set(found) == headlines | {URLS["hoa-giai"]}  # only in its body: last
    assert found[-1] == URLS["hoa-giai"]
    assert "trong tiêu đề và nội dung bài viết" in page.inner_text("#search-status")
    page.click(".bulletin-search__options-toggle")  # folded on a phone
    page.check("#search-headlines")
    page.wait_for_function("location.search.includes('tieu-de=1')")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    assert set(results(page, site)) == headlines
    assert "trong tiêu đề, sapo, người phát biểu và văn bản" in page.inner_text("#search-status")
    assert set(search(page, site, q="cong tac", **{"tieu-de": "1"})) == headlines


def test_a_body_mention_is_found_by_the_first_query(page: Page, site: str) -> None:
    assert search(page, site, q="chiec xuong") == [URLS["xuong"]]  # "Hơn 40 chiếc xuồng…"
    assert page.inner_text("#search-status") == (
        "Tìm thấy 1 bài viết cho “chiec xuong” trong tiêu đề và nội dung bài viết."
    )
    excerpt = page.locator(".bulletin-search__excerpt").first
    assert excerpt.inner_text() == "Hơn 40 chiếc xuồng tham gia lễ hội năm nay."
    assert excerpt.locator("mark").all_inner_texts() == ["chiếc xuồng"]


def test_every_syllable_must_be_there_whole(page: Page, site: str) -> None:
    assert search(page, site, q="nguyen phuoc lo") == []  # `lo` is no syllable of Lộc
    assert search(page, site, q="le hoi xuo") == []
    assert search(page, site, q="giao ban") == [URLS["hop"], URLS["ban"]]  # the phrase first
    for path in search(page, site, q="cao tuoi"):
        assert path in (URLS["suc-khoe"], URLS["khoe"])


def test_a_begun_word_finds_what_it_may_become_after_the_whole_ones(page: Page, site: str) -> None:
    page.goto(f"{site}tim-kiem/")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    page.keyboard.type("nguyen phuoc lo", delay=20)
    page.wait_for_selector(
        '#search-results[data-state=done][data-query="nguyen phuoc lo"]', state="attached"
    )
    assert results(page, site) == [URLS["loc"]]
    assert page.locator("#search-results li h2 mark").all_inner_texts() == ["Nguyễn Phước Lộc"]
    page.keyboard.press("Enter")  # sent: the words are whole now
    page.wait_for_selector(".bulletin-search__closest", state="attached")
    assert results(page, site) == []


def test_the_phrase_comes_first_and_quotes_ask_for_it_only(page: Page, site: str) -> None:
    # "công tác văn thư" stands in order in a document's title; "tác … công" nowhere in order
    assert search(page, site, q="cong tac van thu")[0] == URLS["thuy-loi"]
    assert search(page, site, q="“cong tac van thu”") == [URLS["thuy-loi"]]
    assert set(search(page, site, q="tac cong")) >= {URLS["loc"], URLS["thuy-loi"]}
    assert search(page, site, q='"tac cong"') == []


def test_when_no_article_has_every_syllable_the_closest_come_apart(page: Page, site: str) -> None:
    assert search(page, site, q="nguyen phuoc xuong") == []  # nothing in the answer
    closest = page.locator(".bulletin-search__closest")
    assert closest.locator("h2").first.inner_text() == "Các bài viết gần nhất"
    titles = closest.locator("li h2 a").evaluate_all("links => links.map(a => a.pathname)")
    assert titles[0] == URLS["loc"]  # two of the three syllables, side by side
    assert URLS["xuong"] in titles
    assert page.inner_text("#search-status") == (
        "Không có bài viết nào có đủ các từ “nguyen phuoc xuong”."
    )


def test_d_highlights_d_and_đ_alike(page: Page, site: str) -> None:
    search(page, site, q="duong")  # dưỡng is in a body
    marks = page.locator("#search-results mark").all_inner_texts()
    assert "đường" in marks and "dưỡng" in marks


def test_only_the_article_is_indexed_never_drafts_or_embargoed_ones(page: Page, site: str) -> None:
    assert search(page, site, q="xuong ba la") == [URLS["xuong"]]  # not the pages under Tin khác
    assert search(page, site, q="khinh khi cau") == []  # a draft
    assert search(page, site, q="cap treo") == []  # embargoed until 2099
    assert search(page, site, q="tin khac") == []


def test_nothing_found_says_so(page: Page, site: str) -> None:
    assert search(page, site, q="zzzz") == []
    assert page.inner_text("#search-status") == "Không tìm thấy bài viết nào cho “zzzz”."
    assert "Hãy thử bớt từ" in page.inner_text("#search-results")


def test_facets_filter_and_combine(page: Page, site: str) -> None:
    assert set(search(page, site, q="tan phu")) == {URLS["loc"], URLS["duong"]}
    assert search(page, site, q="tan phu", category="Kinh tế") == [URLS["duong"]]
    assert page.input_value("#search-category") == "Kinh tế"
    assert search(page, site, q="tan phu", year="2023") == [URLS["loc"]]
    assert search(page, site, q="tan phu", year="2023", category="Kinh tế") == []
    # one person under both spellings, chosen without a query and even typed without marks
    both = {URLS["hoa-giai"], URLS["thuy-loi"]}
    assert set(search(page, site, speaker="Nguyễn Minh Thủy")) == both
    assert set(search(page, site, speaker="nguyen minh thuy")) == both
    assert search(page, site, resolution="21-KL/TW") == [URLS["loc"]]
    assert search(page, site, q="nang cap", resolution="30/2020/NĐ-CP") == [URLS["thuy-loi"]]


def test_sort_by_date_across_the_parts_of_the_index(page: Page, site: str) -> None:
    newest = search(page, site, q="cao tuoi", **{"sap-xep": "moi-nhat"})
    assert newest == [URLS["khoe"], URLS["suc-khoe"]]
    everything = search(page, site, category="Xây dựng Đảng")  # no query: newest first
    assert everything == [URLS["ban"], URLS["hop"], URLS["loc"]]
    dates = page.eval_on_selector_all("#search-results time", "t => t.map(e => e.dateTime)")
    assert dates == sorted(dates, reverse=True)


def test_typing_searches_and_the_address_can_be_shared(page: Page, site: str) -> None:
    page.goto(f"{site}tim-kiem/")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("xuong ba")
    page.wait_for_selector(
        '#search-results[data-state=done][data-query="xuong ba"]', state="attached"
    )
    assert results(page, site) == [URLS["xuong"]]
    assert page.url == f"{site}tim-kiem/?q=xuong+ba"
    page.click(".bulletin-search__options-toggle")  # folded on a phone
    page.select_option("#search-sort", "moi-nhat")
    page.wait_for_function("location.search.includes('sap-xep=moi-nhat')")


def test_the_header_box_goes_to_the_search_page_without_loading_anything_first(
    page: Page, site: str
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}{URLS['duong'].lstrip('/')}")
    # no script, no index (the header box's styles are in the bundle of style sheets)
    loaded = [url for url in requested if "chi-muc" in url or "search" in url]
    assert loaded == []
    if not page.is_visible("#bulletin-search-box"):
        pytest.fail("the header's search box is hidden at 360 px")
    page.focus("#bulletin-search-box")
    page.keyboard.type("khánh thành")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    assert page.url.startswith(f"{site}tim-kiem/?q=kh")
    assert results(page, site)[0] == URLS["duong"]


def test_fits_a_360_px_screen(page: Page, site: str) -> None:
    search(page, site, q="nguyen phuoc loc")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    box = page.locator("#search-q").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_reader_text_is_never_markup(page: Page, site: str) -> None:
    attack = '<img src=x onerror="window.hacked=1">'
    search(page, site, q=attack)
    assert page.evaluate("window.hacked") is None
    assert page.locator("#search-results img, #search-status img").count() == 0
    assert attack in page.inner_text("#search-status")


def test_without_javascript_the_page_says_so(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(f"{site}tim-kiem/?q=dang")
    message = tab.locator(".bulletin-search__message")
    assert message.is_visible()
    assert "cần JavaScript" in message.inner_text()
    context.close()


FOLDED = [
    "Đảng", "ĐẢNG", "đảng", "Hoà", "Hòa", "HOÀ", "thuỷ", "thủy", "Nguyễn", "nguyên",
    unicodedata.normalize("NFD", "Phước Lộc"), "Ðiện", "Ɖiện", "ðiện", "ɖiện", "21-KL/TW",
    "Quốc", "kinh-tế", "Ưu", "ƯỚC", "Ỷ", "Ý", "Gia", "ĐOÀN", "đoàn",
]  # fmt: skip


def test_the_search_script_folds_words_as_python_does(page: Page) -> None:
    """One rule of folding: the script's (run in Chromium, as shipped) gives every word the
    key `vietnamese.fold` gives it (the index's keys and the facets' are Python's)."""
    script = (REPO / "overrides/assets/javascripts/bulletin-search.js").read_text("utf-8")
    definition = re.search(r"^const fold = \(text\) =>.*?;$", script, re.S | re.M)
    assert definition is not None, "the script defines fold(text) in one statement"
    folded = page.evaluate(
        f"(words) => {{ {definition.group(0)} return words.map(fold); }}", FOLDED
    )
    assert folded == [fold(word) for word in FOLDED]


def test_the_search_script_finds_a_term_s_shard_as_python_does(page: Page) -> None:
    """The script looks a term up in the shard `part_index.shard_hash` put it in: its hash
    (run in Chromium, as shipped) equals Python's for ASCII and Vietnamese terms, pairs,
    triples and facets, whatever their length."""
    script = (REPO / "overrides/assets/javascripts/bulletin-search.js").read_text("utf-8")
    definitions = re.search(
        r"^const encoder = .*?^function shardHash\(term\) \{.*?^\}$", script, re.S | re.M
    )
    assert definitions is not None, "the script defines encoder, CRC_TABLE, shardHash in a row"
    terms = ["", "a", "dang", "nguyen phuoc loc", "#nam:2022", "21", "kl tw", *FOLDED, "ư" * 300]
    hashes = page.evaluate(
        f"(terms) => {{ {definitions.group(0)} return terms.map(shardHash); }}", terms
    )
    assert hashes == [shard_hash(term) for term in terms]
