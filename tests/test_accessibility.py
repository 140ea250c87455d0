"""The sample site in headless Chromium: WCAG 2.2 AA by axe-core on each kind of page, one h1,
a skip link, alt text, no request to another host, the print view, the text size."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from browser import launched_browser, serve
from sites import REPO, build_site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = "2024/08/cong-an-tinh-binh-giang-triet-pha-duong-day-danh-bac-qua-mang-quy-mo-hon-500-ty/"
OTHER_ARTICLE = "2025/06/binh-giang-day-manh-chuyen-doi-so-trong-doanh-nghiep-nho-va-vua/"
PAGES = {
    "home": "",
    "category": "chuyen-muc/xay-dung-dang/",
    "article": ARTICLE,
    "person": "nhan-vat/nguyen-minh-thuy/",
    "people": "nhan-vat/",
    "resolution": "van-ban/21-kl-tw/",
    "documents": "van-ban/",
    "archive": "luu-tru/",
    "search": "tim-kiem/?q=dang+bo",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    built = build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("a11y") / "site")
    with serve(built) as base, launched_browser() as browser:
        yield browser, base


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_axe_violations(site: tuple[object, str], kind: str) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make install (it runs npm ci)")
    browser, base = site
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + PAGES[kind])
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        tags,
    )
    assert violations == []


@pytest.mark.parametrize("kind", list(PAGES))
def test_structure_and_self_containment(site: tuple[object, str], kind: str) -> None:
    browser, base = site
    page = browser.new_page()  # type: ignore[attr-defined]
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(base + PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(base).netloc}
    assert page.locator("h1").count() == 1
    skip = page.locator("a.md-skip")
    assert skip.count() == 1 and skip.inner_text() == "Chuyển đến nội dung chính"
    assert page.locator(".md-content img:not([alt])").count() == 0


def test_the_print_view_shows_the_article_alone(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + ARTICLE)
    page.emulate_media(media="print")
    shown = [".bulletin-category", ".bulletin-dateline", "h1", ".bulletin-lead", ".bulletin-body",
             ".bulletin-byline", ".bulletin-print-url"]  # fmt: skip
    hidden = [".md-header", ".md-sidebar--primary", ".bulletin-tools", ".bulletin-comments",
              ".bulletin-other-news", ".bulletin-related", ".md-footer"]  # fmt: skip
    for selector in shown:
        assert page.locator(selector).first.is_visible(), selector
    for selector in hidden:
        assert not page.locator(selector).first.is_visible(), selector
    address = page.locator(".bulletin-print-url").inner_text()
    assert address == f"Địa chỉ bài viết: https://example.org/bulletin/{ARTICLE}"


def test_text_size_is_remembered_across_pages(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + ARTICLE)
    body = page.locator(".bulletin-body")
    before = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.click("button[data-action=larger]")
    page.click("button[data-action=larger]")
    assert page.locator(".bulletin-tools__status").inner_text() == "Cỡ chữ: 125%"
    page.goto(base + OTHER_ARTICLE)
    after = float(
        page.locator(".bulletin-body").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert after == pytest.approx(before * 1.25, rel=0.02)


def test_share_links_need_no_third_party_script(site: tuple[object, str]) -> None:
    browser, base = site
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + ARTICLE)
    facebook = page.locator(".bulletin-tools a", has_text="Facebook")
    href = facebook.get_attribute("href")
    assert (
        href
        == "https://www.facebook.com/sharer/sharer.php?u=https%3A//example.org/bulletin/"
        + ARTICLE.replace("/", "/")
    )
    scripts = page.locator("script[src]").evaluate_all("all => all.map(s => s.src)")
    assert all(urlsplit(src).netloc == urlsplit(base).netloc for src in scripts)
