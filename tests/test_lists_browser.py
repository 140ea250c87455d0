"""Every list of the sample site in headless Chromium, on a phone and a wide screen: each item
has its thumbnail on the left (a photo that loads, with width, height and alt, or the neutral
frame), and nothing overflows the screen sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser import launched_browser, serve
from sites import REPO, build_site

PAGES = {
    "category": "chuyen-muc/xay-dung-dang/",
    "tag": "tu-khoa/chuyen-doi-so/",
    "person": "nhan-vat/nguyen-minh-thuy/",
    "document": "van-ban/21-kl-tw/",
    "archive": "luu-tru/2025/01/",
    "article": "2025/06/binh-giang-day-manh-chuyen-doi-so-trong-doanh-nghiep-nho-va-vua/",
}
SCREENS = {"phone": {"width": 360, "height": 780}, "wide": {"width": 1280, "height": 900}}
ITEMS = """() => [...document.querySelectorAll('.bulletin-teaser')].map(item => {
  const thumb = item.querySelector('.bulletin-teaser__thumb').getBoundingClientRect();
  const title = item.querySelector('.bulletin-teaser__title').getBoundingClientRect();
  const img = item.querySelector('.bulletin-teaser__thumb img');
  const frame = item.querySelector('.bulletin-teaser__thumb .bulletin-frame');
  return {
    img: img && ['width', 'height', 'alt'].every(name => img.hasAttribute(name)),
    loaded: img ? img.complete && img.naturalWidth > 0 : null,
    frame: !!frame,
    left: thumb.right <= title.left + 1,
    ratio: Math.round(thumb.width / thumb.height * 100) / 100,
  };
})"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    built = build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("lists") / "site")
    with serve(built) as base, launched_browser() as browser:
        yield browser, base


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_item_has_a_thumbnail_and_nothing_overflows(
    site: tuple[object, str], kind: str, screen: str
) -> None:
    browser, base = site
    page = browser.new_page(viewport=SCREENS[screen])  # type: ignore[attr-defined]
    page.goto(base + PAGES[kind])
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # lazy ones load
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    items = page.evaluate(ITEMS)
    assert items, kind
    for item in items:
        assert (item["img"] is True) != item["frame"], item
        assert item["loaded"] in (True, None), item  # no broken image
        assert item["left"], item
        assert item["ratio"] == pytest.approx(1.5, abs=0.02), item
    assert any(item["img"] for item in items), "the sample's lists show some photos"
    assert page.evaluate(OVERFLOW) <= 0
    page.close()
