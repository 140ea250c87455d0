"""The pager of a list's pages: the window of pages it links to, and a long list end to end."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from browser import launched_browser, serve
from bulletin.views.interface import load_interface
from bulletin.views.pager import NEIGHBOURS, pager, window
from sites import article, build_site, site_yml, write_site

# The window: (current page, pages) → what the pager shows, None for an ellipsis.
WINDOWS = {
    (1, 1): [],
    (1, 2): [1, 2],
    (2, 2): [1, 2],
    (1, 3): [1, 2, 3],
    (2, 3): [1, 2, 3],
    (3, 3): [1, 2, 3],
    (1, 7): [1, 2, 3, None, 7],
    (2, 7): [1, 2, 3, 4, None, 7],
    (4, 7): [1, 2, 3, 4, 5, 6, 7],
    (6, 7): [1, None, 4, 5, 6, 7],
    (7, 7): [1, None, 5, 6, 7],
    (1, 8): [1, 2, 3, None, 8],
    (2, 8): [1, 2, 3, 4, None, 8],
    (4, 8): [1, 2, 3, 4, 5, 6, 7, 8],  # 7 stands for itself: an ellipsis would be as wide
    (5, 8): [1, 2, 3, 4, 5, 6, 7, 8],
    (7, 8): [1, None, 5, 6, 7, 8],
    (8, 8): [1, None, 6, 7, 8],
    (1, 100): [1, 2, 3, None, 100],
    (2, 100): [1, 2, 3, 4, None, 100],
    (50, 100): [1, None, 48, 49, 50, 51, 52, None, 100],
    (99, 100): [1, None, 97, 98, 99, 100],
    (100, 100): [1, None, 98, 99, 100],
}


@pytest.mark.parametrize(("number", "count"), list(WINDOWS))
def test_the_window_shows_the_ends_the_page_and_its_neighbours(number: int, count: int) -> None:
    assert window(number, count) == WINDOWS[(number, count)]


@pytest.mark.parametrize("count", [1, 2, 3, 7, 8, 9, 10, 11, 100, 10_000])
def test_every_window_is_bounded_ordered_and_never_hides_one_page(count: int) -> None:
    for number in range(1, count + 1):
        shown = window(number, count)
        pages = [page for page in shown if page is not None]
        assert len(shown) <= 2 * NEIGHBOURS + 5
        assert pages == sorted(set(pages))
        assert number in pages or count == 1
        assert {1, count} <= set(pages) or count == 1
        for at, page in enumerate(shown):
            if page is None:  # an ellipsis stands for two pages or more, between two numbers
                assert 0 < at < len(shown) - 1
                before, after = shown[at - 1], shown[at + 1]
                assert before is not None and after is not None and after - before > 2


def test_the_pager_links_each_page_with_its_name_for_screen_readers() -> None:
    links = pager(6, 11, lambda number: f"../{number}/", load_interface({}))
    assert [(link.text, link.url, link.current, link.label, link.gap) for link in links] == [
        ("1", "../1/", False, "Trang 1, trang đầu", False),
        ("…", "", False, "", True),
        ("4", "../4/", False, "Trang 4", False),
        ("5", "../5/", False, "Trang 5", False),
        ("6", "../6/", True, "Trang 6", False),
        ("7", "../7/", False, "Trang 7", False),
        ("8", "../8/", False, "Trang 8", False),
        ("…", "", False, "", True),
        ("11", "../11/", False, "Trang 11, trang cuối", False),
    ]


def test_a_list_of_one_page_has_no_pager() -> None:
    assert pager(1, 1, lambda number: f"../{number}/", load_interface({})) == []


# End to end: a category and a month of 40 pages (one article a page).

PAGES = 40


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pager")
    articles = {
        f"articles/tin-{n}.md": article(f"Tin {n}", f"2024-03-{n // 2 + 1:02d} {8 + n % 2}:00")
        for n in range(PAGES)
    }
    options = "      per_page: 1\n      search: false\n"
    config = write_site(root, articles, site_yml(options=options))
    return build_site(config, root / "site")


def _pager(site: Path, folder: str) -> Tag:
    html = BeautifulSoup((site / folder / "index.html").read_text("utf-8"), "html.parser")
    navs = html.select("nav.bulletin-pagination")
    assert len(navs) == 1, folder
    return navs[0]


def _shown(nav: Tag) -> list[str]:
    """The pager's entries: `3` a link, `[5]` the current page, `…` an ellipsis."""
    shown = []
    for item in nav.select("ol > li"):
        current = item.select_one("[aria-current=page]")
        shown.append(f"[{current.get_text()}]" if current else item.get_text(strip=True))
    return shown


def _targets(site: Path, folder: str, nav: Tag) -> list[str]:
    """The folders the pager's links lead to, each checked to hold a page."""
    folders = []
    for link in nav.select("a[href]"):
        target = posixpath.normpath(posixpath.join(folder, str(link["href"])))
        assert (site / target / "index.html").is_file(), (folder, link["href"])
        folders.append(target)
    return folders


@pytest.mark.parametrize("base", ["chuyen-muc/thoi-su", "luu-tru/2024/03"])
@pytest.mark.parametrize(
    ("number", "shown", "previous", "following"),
    [
        (1, ["[1]", "2", "3", "…", "40"], None, 2),
        (20, ["1", "…", "18", "19", "[20]", "21", "22", "…", "40"], 19, 21),
        (40, ["1", "…", "38", "39", "[40]"], 39, None),
    ],
)
def test_a_long_list_links_its_ends_and_the_pages_around(
    site: Path,
    base: str,
    number: int,
    shown: list[str],
    previous: int | None,
    following: int | None,
) -> None:
    folder = base if number == 1 else f"{base}/trang/{number}"
    nav = _pager(site, folder)
    assert nav["aria-label"] == "Phân trang"
    assert _shown(nav) == shown
    numbered = [int(text.strip("[]")) for text in shown if text != "…"]
    linked = [page for page in numbered if page != number]
    in_order = [page for page in (previous, *linked, following) if page]  # « Trước, 1 2 …, Sau »
    expected = [base if page == 1 else f"{base}/trang/{page}" for page in in_order]
    assert _targets(site, folder, nav) == expected
    assert [a.get_text() for a in nav.select("a[rel=prev]")] == ["« Trang trước"] * bool(previous)
    assert [a.get_text() for a in nav.select("a[rel=next]")] == ["Trang sau »"] * bool(following)
    for gap in nav.select("li.bulletin-pagination__gap"):
        assert gap["aria-hidden"] == "true" and gap.get_text() == "…"
    labels = {a.get_text(): a["aria-label"] for a in nav.select("ol a")}
    assert labels.get("1", "Trang 1, trang đầu") == "Trang 1, trang đầu"
    assert labels.get("40", "Trang 40, trang cuối") == "Trang 40, trang cuối"


def test_no_page_of_a_long_list_has_more_than_a_few_pager_links(site: Path) -> None:
    counts = []
    for number in range(1, PAGES + 1):
        folder = "chuyen-muc/thoi-su" + ("" if number == 1 else f"/trang/{number}")
        nav = _pager(site, folder)
        _targets(site, folder, nav)
        counts.append(len(nav.select("a")))
    assert max(counts) == 2 * NEIGHBOURS + 3 + 2  # ±2, first, last, one more; previous, next
    assert min(counts) == 4  # the first page: 2, 3 and 40, and the next page


def test_on_a_phone_the_numbers_fit_in_one_row(site: Path) -> None:
    with serve(site) as base, launched_browser() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.goto(base + "chuyen-muc/thoi-su/trang/20/")
        rows = page.evaluate(ROWS)
        overflow = page.evaluate(OVERFLOW)
        page.close()
    assert rows == 1
    assert overflow <= 0


ROWS = """() => new Set([...document.querySelectorAll('.bulletin-pagination ol > li > *')]
  .map(number => Math.round(number.getBoundingClientRect().top))).size"""
"""How many rows the pager's numbers take (the tops of its links and of the current page)."""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
