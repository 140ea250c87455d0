"""The words of the interface: one file (bulletin/data/interface.yml) read by every template
and script; a site relabels any text in mkdocs.yml; no English is left in any page."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import launched_browser, serve
from bulletin.views.interface import InterfaceError, default_texts, load_interface
from sites import REPO, build_site, failed_build, site_yml, write_site

ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
ENGLISH = re.compile(
    r"\b(logo|permanent link|skip to|search|back to top|copy|previous|next|menu|header|"
    r"footer|navigation|table of contents|share|print|close|open|page|home)\b",
    re.IGNORECASE,
)


def test_the_shipped_texts_are_vietnamese_and_filled_in() -> None:
    texts = default_texts()
    assert texts["home.latest"] == "Tin mới"
    interface = load_interface({})
    assert interface("home.about", site="Bản tin A") == "Về Bản tin A"
    assert interface("search.found", count=3) == (
        "Tìm thấy 3 bài viết cho “{query}” {within}{filtered}."
    )  # what is not given stays for the script
    with pytest.raises(InterfaceError, match=r"^no interface text 'home\.nothing' in "):
        interface("home.nothing")
    assert set(interface.starting("search.")) == {k for k in texts if k.startswith("search.")}


def test_a_site_relabels_a_text() -> None:
    interface = load_interface({"home.latest": "Tin mới nhất", "home.about": "Giới thiệu {site}"})
    assert interface("home.latest") == "Tin mới nhất"
    assert interface("home.about", site="X") == "Giới thiệu X"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"home.newest": "Tin mới nhất"},
            'interface: "home.newest" is not a text of the interface (expected one of the keys '
            'of bulletin/data/interface.yml, such as "home.latest")',
        ),
        ({"home.latest": " "}, "interface: home.latest: ' ' is not a text (expected some words)"),
        ({"home.latest": 3}, "interface: home.latest: 3 is not a text (expected some words)"),
        (
            {"home.about": "Giới thiệu"},
            'interface: home.about: "Giới thiệu" must keep the places the page fills in '
            "(expected: {site})",
        ),
        (
            {"home.latest": "Tin {new}"},
            'interface: home.latest: "Tin {new}" must keep the places the page fills in '
            "(expected: none)",
        ),
    ],
)
def test_a_wrong_text_is_named(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(InterfaceError) as raised:
        load_interface(overrides)
    assert str(raised.value) == message


def test_every_wrong_text_is_named_at_once() -> None:
    with pytest.raises(InterfaceError) as raised:
        load_interface({"a.b": "x", "home.latest": ""})
    assert len(str(raised.value).splitlines()) == 2


def test_a_relabelled_site(tmp_path: Path) -> None:
    options = (
        "      interface:\n"
        "        home.latest: Tin mới nhất\n"
        "        search_box.placeholder: Gõ để tìm\n"
        "        search.prompt: Hãy gõ vài chữ.\n"
        "        page.permalink: Liên kết mục\n"
    )
    body = "## Mục một\n\nNội dung.\n"
    articles = {
        "articles/2024/05/tin.md": (
            "---\ntitle: Tin một\ndate: 2024-05-02 08:00\ncategory: Thời sự\n---\n\n" + body
        ),
        "tim-kiem.md": "---\ntitle: Tìm kiếm\ntemplate: search.html\n---\n",
        "index.md": "---\ntitle: Trang chủ\ntemplate: home.html\n---\n",
    }
    permalinks = "markdown_extensions:\n  - toc:\n      permalink: true\n"
    config = write_site(tmp_path, articles, site_yml(options=options) + permalinks)
    site = build_site(config, tmp_path / "site")
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Tin mới nhất" in home.get_text() and "Tin mới\n" not in home.get_text()
    box = home.select_one("#bulletin-search-box")
    assert box is not None and box["placeholder"] == "Gõ để tìm"
    search = (site / "tim-kiem/index.html").read_text(encoding="utf-8")
    assert '"search.prompt": "H\\u00e3y g\\u00f5 v\\u00e0i ch\\u1eef."' in search
    article = (site / "2024/05/tin-mot/index.html").read_text(encoding="utf-8")
    assert 'title="Liên kết mục"' in article


def test_a_wrong_text_stops_the_build(tmp_path: Path) -> None:
    options = "      interface:\n        home.newest: Tin\n"
    config = write_site(tmp_path, {}, site_yml(options=options))
    messages = failed_build(config, tmp_path / "site")
    assert any('interface: "home.newest" is not a text of the interface' in m for m in messages)


class _Texts(HTMLParser):
    """The words a reader sees or hears: text outside scripts and code, and the attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "kbd"):
            self.hidden += 1
        self.found += [value or "" for name, value in attrs if name in ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "kbd"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.found.append(data)


def test_no_english_is_left_in_any_page(tmp_path: Path) -> None:
    site = build_site(REPO / "mkdocs.yml", tmp_path / "site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    english = set()
    for page in pages:
        texts = _Texts()
        texts.feed(page.read_text(encoding="utf-8"))
        for text in texts.found:
            text = text.replace("Material for MkDocs", "")  # the credits name a product
            english.update(match.lower() for match in ENGLISH.findall(text))
    assert english == set()


def test_the_scripts_say_the_interfaces_words(tmp_path: Path) -> None:
    """The archive's date picker speaks the words the page gives it."""
    site = build_site(REPO / "mkdocs.yml", tmp_path / "site")
    archive = BeautifulSoup(
        (site / "luu-tru/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    picker = archive.select_one(".bulletin-datepicker")
    assert picker is not None
    days = json.loads(str(picker["data-days"]))
    day = date.fromisoformat(min(days)) + timedelta(days=1)
    while day.isoformat() in days:
        day += timedelta(days=1)
    with serve(site) as base, launched_browser() as browser:
        page = browser.new_page()
        page.goto(base + "luu-tru/")
        page.fill("#bulletin-day", day.isoformat())
        page.click(".bulletin-datepicker button")
        message = page.inner_text(".bulletin-datepicker__message")
        assert message == f"Không có bài viết nào ngày {day.day}/{day.month}/{day.year}."
        page.close()


VIEWS_WORDS = """\
      per_page: 1
      search: false
      agency:
        source: Bản tin thử
      interface:
        list.people: Lãnh đạo
        list.archive: Tư liệu
        list.tag: "Chủ đề {tag}"
        list.page: "{title}, trang {number}"
        list.first_page: "Đầu danh sách: trang {number}"
        list.last_page: "Cuối danh sách: trang {number}"
        list.count: "{count} tin"
        person.position: Đương nhiệm
        person.since: "kể từ {start}"
        document.kind: Thể loại
        archive.year_link: "Các tin năm {year}"
        footer.source: "Nguồn: {source}."
        redirect.moved: "Mời đọc {link} ở địa chỉ mới."
"""
"""A site's words for texts the views make in Python, not the templates."""


def _views_site(root: Path) -> Path:
    pages = {
        "_data/people.yml": "- name: Trần Quốc Khải\n  positions:\n"
        "    - {title: Bí thư Tỉnh ủy, from: 2021-01-10}\n",
        "index.md": "---\ntitle: Trang chủ\ntemplate: home.html\n---\n",
    }
    for number, day in ((1, "2024-05-02"), (2, "2024-06-03")):
        pages[f"articles/tin-{number}.md"] = (
            f"---\ntitle: Tin {number}\ndate: {day} 08:00\ncategory: Thời sự\n"
            "tags: [Kinh tế]\nspeakers: [Trần Quốc Khải]\nresolutions: [21-KL/TW]\n"
            + ("aliases: [tin-cu/]\n" if number == 1 else "")
            + "---\n\nThân bài.\n"
        )
    return build_site(write_site(root, pages, site_yml(options=VIEWS_WORDS)), root / "site")


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _heading(soup: BeautifulSoup) -> str:
    heading = soup.select_one("h1")
    assert heading is not None
    return heading.get_text(strip=True)


def test_a_site_relabels_the_words_the_views_make(tmp_path: Path) -> None:
    site = _views_site(tmp_path)
    person = _soup(site, "nhan-vat/tran-quoc-khai/index.html")
    assert [dt.get_text() for dt in person.select(".bulletin-facts dt")] == ["Đương nhiệm"]
    period = person.select_one(".bulletin-career__period")
    assert period is not None and period.get_text() == "(kể từ 01/2021)"
    menu = {a.get_text(strip=True) for a in person.select(".md-nav__link")}
    assert {"Lãnh đạo", "Tư liệu"} <= menu and not {"Nhân vật", "Lưu trữ"} & menu
    people = _soup(site, "nhan-vat/index.html")
    assert _heading(people) == "Lãnh đạo"
    note = people.select_one(".bulletin-links__note")
    assert note is not None and note.get_text() == "(2 tin)"
    assert _heading(_soup(site, "tu-khoa/kinh-te/index.html")) == "Chủ đề Kinh tế"
    second = _soup(site, "tu-khoa/kinh-te/trang/2/index.html")
    assert _heading(second) == "Chủ đề Kinh tế, trang 2"
    pager = [(a.get_text(), a["aria-label"]) for a in second.select(".bulletin-pagination ol a")]
    assert pager == [("1", "Đầu danh sách: trang 1")]
    pager = [
        (a.get_text(), a["aria-label"])
        for a in _soup(site, "tu-khoa/kinh-te/index.html").select(".bulletin-pagination ol a")
    ]
    assert pager == [("2", "Cuối danh sách: trang 2")]
    document = _soup(site, "van-ban/21-kl-tw/index.html")
    assert "Thể loại" in [dt.get_text() for dt in document.select(".bulletin-facts dt")]
    archive = _soup(site, "luu-tru/index.html")
    assert _heading(archive) == "Tư liệu"
    assert [h2.get_text() for h2 in archive.select(".bulletin-group h2")] == ["Các tin năm 2024"]
    home = _soup(site, "index.html")
    assert "Các tin năm 2024" in [a.get_text(strip=True) for a in home.select("a")]
    source = home.select_one(".bulletin-agency__source")
    assert source is not None and source.get_text() == "Nguồn: Bản tin thử."
    moved = _soup(site, "tin-cu/index.html").select_one("body p")
    assert moved is not None and moved.get_text() == "Mời đọc Tin 1 ở địa chỉ mới."
    old = ("Nhân vật", "Chức vụ hiện nay", "(từ 01/2021)", "Từ khóa: ", "(trang ", " bài)")
    old += ("Loại văn bản", "Năm 2024", "Ghi rõ nguồn", "đã chuyển đến", "trang đầu", "trang cuối")
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert [word for word in old if word in text] == [], page
