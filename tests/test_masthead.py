"""The portal's masthead on the sample site: the site's full name and second line, today's date
line written in the reader's browser as the build writes date lines, the search box, the
sections' menu (a bar on wide screens, the drawer on phones), never wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from browser import launched_browser, serve
from bulletin.text.dates import date_line
from sites import REPO, build_site

SIZES = [(360, 780), (1280, 900)]
PAGES = ["", "chuyen-muc/xay-dung-dang/", "nhan-vat/", "tim-kiem/"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("masthead") / "site")


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[tuple[object, str]]:
    with serve(built) as base, launched_browser() as browser:
        yield browser, base


def _soup(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_masthead_names_the_site_and_its_sections(built: Path) -> None:
    home = _soup(built, "")
    masthead = home.select_one("header.bulletin-masthead")
    assert masthead is not None
    assert (
        masthead.select_one(".bulletin-masthead__name").get_text() == "Bản tin Tỉnh ủy Bình Giang"
    )  # type: ignore[union-attr]
    subtitle = masthead.select_one(".bulletin-masthead__subtitle")
    assert (
        subtitle is not None
        and subtitle.get_text() == "Cơ quan của Đảng bộ tỉnh Bình Giang (trang mẫu)"
    )
    menu = [a.get_text(strip=True) for a in masthead.select(".bulletin-menu a")]
    assert menu == [
        "Trang chủ", "Xây dựng Đảng", "Chính trị", "Kinh tế", "Văn hóa - Xã hội",
        "Quốc phòng - An ninh", "Nhân vật", "Văn bản", "Lưu trữ", "Giới thiệu",
    ]  # fmt: skip
    assert masthead.select_one('.bulletin-menu a[aria-current="page"]') is not None  # home
    assert masthead.select_one("form.bulletin-search-box") is not None
    assert [img["alt"] for img in masthead.select("img")] == [""]  # the name says it


def test_pages_outside_the_menu_share_one_masthead(built: Path) -> None:
    """An article's masthead is rendered once for the pages whose links are the same: the
    same markup, with no current item."""
    articles = sorted((built / "2024").glob("*/*/index.html"))[:2]
    headers = [
        str(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("header"))
        for path in articles
    ]
    assert len(headers) == 2 and headers[0] == headers[1]
    assert "aria-current" not in headers[0]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_masthead_in_chromium(site: tuple[object, str], width: int, height: int) -> None:
    browser, base = site
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    for url in PAGES:
        page.goto(base + url)
        today = page.locator("[data-bulletin-today]").inner_text()
        assert today == date_line(datetime.now(zone), zone), url
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        name = page.locator(".bulletin-masthead__name")
        box = name.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, url
        assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth", name.element_handle()), (
            "the name is cut"
        )
        bar, drawer = page.locator(".bulletin-menu"), page.locator(".bulletin-masthead__drawer")
        assert bar.is_visible() == (width >= 960) and drawer.is_visible() == (width < 960), url
    page.close()


def test_the_drawer_opens_the_menu_on_phones(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page(viewport={"width": 360, "height": 780})  # type: ignore[attr-defined]
    page.goto(base)
    page.locator(".bulletin-masthead__drawer").click()
    assert page.locator("#__drawer").is_checked()
    link = page.locator(".md-nav--primary a", has_text="Kinh tế").first
    page.wait_for_function(  # the drawer slides in
        "(e) => e.getBoundingClientRect().left >= 0", arg=link.element_handle(), timeout=5000
    )
    page.close()
