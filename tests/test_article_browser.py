"""The sample's article pages in headless Chromium, on a phone (360×780) and a wide screen
(1280×900): no horizontal overflow, the tools in one row, codes never broken inside, the
menu in the phone's drawer and no sidebars on wide screens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import launched_browser, serve
from sites import REPO, build_site

UPDATED = "2024/08/cong-an-tinh-binh-giang-triet-pha-duong-day-danh-bac-qua-mang-quy-mo-hon-500-ty/"
SPEAKERS = (
    "2025/01/tinh-uy-binh-giang-trien-khai-sap-xep-tinh-gon-to-chuc-bo-may-cua-he-thong-chinh/"
)
SCREENS = {"phone": (360, 780), "wide": (1280, 900)}

# The widths of the code's paragraph at which the code, were it allowed to, would wrap
# inside (at its hyphen or slash); then how many boxes it makes as it is.
WRAPS_INSIDE = """code => {
  const paragraph = code.closest("p, li");
  const boxes = () => code.getClientRects().length;
  const found = [];
  for (let width = 120; width <= 400; width += 2) {
    paragraph.style.width = width + "px";
    code.style.whiteSpace = "normal";
    const loose = boxes();
    code.style.whiteSpace = "";
    if (loose > 1) found.push([width, boxes()]);
  }
  paragraph.style.width = "";
  return found;
}"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    built = build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("article") / "site")
    with serve(built) as address, launched_browser() as browser:
        yield browser, address


def opened(base: tuple[Any, str], url: str, screen: str) -> Any:
    browser, address = base
    width, height = SCREENS[screen]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(address + url)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("url", [UPDATED, SPEAKERS])
def test_no_horizontal_overflow_and_the_tools_in_one_row(
    base: tuple[Any, str], url: str, screen: str
) -> None:
    page = opened(base, url, screen)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    boxes = page.evaluate(
        "[...document.querySelectorAll('.bulletin-tools > button, .bulletin-tools > a')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.top, r.height]; })"
    )
    assert len(boxes) == 6
    assert {top for top, _ in boxes} == {boxes[0][0]}, boxes
    assert {height for _, height in boxes} == {boxes[0][1]}, boxes
    assert boxes[0][1] >= 24  # WCAG 2.2 target size


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_code_never_wraps_inside(base: tuple[Any, str], screen: str) -> None:
    page = opened(base, SPEAKERS, screen)
    codes = page.locator(".bulletin-body .bulletin-code", has_text="112-TB/TU")
    assert codes.count() == 1
    found = codes.first.evaluate(WRAPS_INSIDE)
    assert found, "no width made the code wrap: the test proves nothing"
    assert {boxes for _, boxes in found} == {1}, found
    listed = page.locator(".bulletin-documents .bulletin-code", has_text="112-TB/TU")
    found = listed.first.evaluate(WRAPS_INSIDE)
    assert found and {boxes for _, boxes in found} == {1}, found


def test_a_linked_name_is_underlined_below_the_dot_below(base: tuple[Any, str]) -> None:
    page = opened(base, SPEAKERS, "phone")
    link = page.locator(".bulletin-body a.bulletin-autolink").first
    style = link.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.textUnderlinePosition, s.textDecorationSkipInk]; }"
    )
    assert style == ["under", "auto"]


def test_wide_screens_have_no_sidebars(base: tuple[Any, str]) -> None:
    page = opened(base, UPDATED, "wide")
    for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
        assert not page.locator(sidebar).is_visible()
    article = page.locator(".bulletin-article").bounding_box()
    assert article is not None and abs(article["x"] + article["width"] / 2 - 640) < 20


def test_phones_keep_the_menu_in_the_drawer(base: tuple[Any, str]) -> None:
    page = opened(base, UPDATED, "phone")
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_timeout(400)
    menu = page.locator(".md-sidebar--primary")
    box = menu.bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 200
    item = page.locator(".md-sidebar--primary .md-nav__link", has_text="Xây dựng Đảng")
    assert item.first.is_visible()


def test_the_tools_work_from_the_keyboard(base: tuple[Any, str]) -> None:
    page = opened(base, UPDATED, "phone")
    page.focus("button[data-action=larger]")
    page.keyboard.press("Enter")
    assert page.locator(".bulletin-tools__status").inner_text() == "Cỡ chữ: 112%"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-action')")
    assert focused == "print"
