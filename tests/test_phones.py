"""The first screen of a phone (360×780) on the sample site: the home page's lead story (its
photo and headline), the search page's first result (the filters folded behind their button)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser import launched_browser, serve
from sites import REPO, build_site

SCREEN = {"width": 360, "height": 780}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    built = build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("phones") / "site")
    with serve(built) as base, launched_browser() as browser:
        yield browser, base


def _bottom(page: object, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()  # type: ignore[attr-defined]
    assert box is not None, selector
    return float(box["y"] + box["height"])


def test_the_home_pages_lead_story_is_on_the_first_screen(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page(viewport=SCREEN)  # type: ignore[attr-defined]
    page.goto(base)
    assert _bottom(page, ".bulletin-lead-story__photo") <= SCREEN["height"]
    assert _bottom(page, ".bulletin-lead-story__title") <= SCREEN["height"]
    page.close()


def test_the_first_search_result_is_on_the_first_screen(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page(viewport=SCREEN)  # type: ignore[attr-defined]
    page.goto(base + "tim-kiem/?q=dang+bo")
    first = page.locator("#search-results li, #search-results article").first
    first.wait_for(timeout=10_000)
    box = first.bounding_box()
    assert box is not None and box["y"] < SCREEN["height"] - 40, box
    assert page.locator("[data-bulletin-options]").get_attribute("open") is None  # folded
    page.locator(".bulletin-search__options-toggle").click()
    assert page.locator("#search-category").is_visible()
    page.close()


def test_a_filter_in_the_address_opens_the_filters(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page(viewport=SCREEN)  # type: ignore[attr-defined]
    page.goto(base + "tim-kiem/?q=dang+bo&sap-xep=moi-nhat")
    assert page.locator("#search-sort").is_visible()
    page.close()
