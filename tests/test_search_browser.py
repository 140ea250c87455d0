"""Search in real headless Chromium, on the search test site served over HTTP: each case of the
issue as a query and the articles it must return in the top 3, facets, sort, the messages, and
the page on a 360 px screen, by keyboard and without JavaScript."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest

from browser import PHONE, launched_browser, serve
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
    links = page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.href)")
    return [link.removeprefix(site.rstrip("/")) for link in links]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_queries_find_their_articles_in_the_top_3(
    page: Page, site: str, query: str, expected: list[str]
) -> None:
    found = search(page, site, q=query)
    assert {URLS[name] for name in expected} <= set(found[:3]), found


def test_a_result_shows_title_date_line_category_and_highlighted_excerpt(
    page: Page, site: str
) -> None:
    assert search(page, site, q="nguyen phuoc loc")[0] == URLS["loc"]
    first = page.locator("#search-results li").first
    assert first.locator("h2 a").inner_text() == (
        "Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú"
    )
    assert first.locator("h2 mark").all_inner_texts() == ["Nguyễn", "Phước", "Lộc"]
    assert first.locator(".bulletin-search__category").inner_text() == "Xây dựng Đảng"
    time = first.locator("time")
    assert time.inner_text() == "Thứ Tư, ngày 15 tháng 3 năm 2023, 09:00"
    assert time.get_attribute("datetime") == "2023-03-15T09:00:00+07:00"
    marks = first.locator(".bulletin-search__excerpt mark").all_inner_texts()
    assert {"Nguyễn", "Phước", "Lộc"} <= set(marks)
    assert page.inner_text("#search-status") == (
        "Tìm thấy 1 bài viết cho “nguyen phuoc loc” trong tiêu đề, sapo, người phát biểu"
        " và văn bản."
    )


def test_a_first_query_reads_the_headline_index_only(page: Page, site: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert set(search(page, site, q="tuyen giao")) == {URLS["ban"], URLS["hop"]}
    bundles = {url.split("/pagefind/")[1].split("/")[0] for url in requested if "/pagefind/" in url}
    assert bundles == {"bulletin-search.json", "headlines"}
    assert page.is_visible("#search-fulltext")


def test_the_bodies_are_searched_on_request_and_the_address_keeps_it(page: Page, site: str) -> None:
    # "công tác" in their title, lead or a document's title ("Về công tác văn thư")
    headlines = {URLS["loc"], URLS["hop"], URLS["ban"], URLS["thuy-loi"]}
    assert set(search(page, site, q="cong tac")) == headlines
    assert not page.is_checked("#search-full")
    page.click("#search-fulltext")
    page.wait_for_function("location.search.includes('toan-van=1')")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    assert set(results(page, site)) == headlines | {URLS["hoa-giai"]}  # only in its body
    assert page.is_checked("#search-full") and not page.is_visible("#search-fulltext")
    assert "trong cả nội dung bài viết" in page.inner_text("#search-status")
    shared = search(page, site, q="cong tac", **{"toan-van": "1"})
    assert set(shared) == headlines | {URLS["hoa-giai"]}


def test_when_the_headlines_match_nothing_the_bodies_are_searched(page: Page, site: str) -> None:
    assert search(page, site, q="chiec xuong") == [URLS["xuong"]]  # "Hơn 40 chiếc xuồng…"
    assert page.inner_text("#search-status") == (
        "Tìm thấy 1 bài viết cho “chiec xuong” trong cả nội dung bài viết."
    )


def test_d_highlights_d_and_đ_alike(page: Page, site: str) -> None:
    search(page, site, q="duong", **{"toan-van": "1"})  # dưỡng is in a body
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
    loaded = [url for url in requested if "pagefind" in url or "search" in url]
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
