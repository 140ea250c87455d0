"""`make serve`: drafts and embargoed articles are shown with a notice; errors do not stop it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sites import article, build_site, mkdocs_log, write_site

ARTICLES = {
    "articles/a.md": article("Tin đã đăng", "2022-06-23"),
    "articles/b.md": article("Tin nháp", "2022-06-24", "draft: true\n"),
    "articles/c.md": article("Tin hẹn giờ", "2099-01-15 08:00"),
    "articles/d.md": article("Tin lỗi", "2022-13-05"),
    "articles/e.md": article("Tin sai mã", "2022-06-25", "resolutions: [21-KL/BCT]\n"),
}


def notice(site: Path, url: str) -> str | None:
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = page.select_one(".bulletin-notice")
    return found.get_text(strip=True) if found else None


def test_the_preview_shows_drafts_and_embargoed_articles_with_a_notice(tmp_path: Path) -> None:
    config = write_site(tmp_path, ARTICLES)
    with mkdocs_log() as messages:
        site = build_site(config, tmp_path / "site", command="serve")
    assert notice(site, "2022/06/tin-da-dang") is None
    assert notice(site, "2022/06/tin-nhap") == "Bản nháp: bài này không được đăng."
    assert notice(site, "2099/01/tin-hen-gio") == (
        "Chưa đến giờ đăng: bài sẽ được đăng lúc 15/1/2099 08:00."
    )
    assert messages == [
        'bulletin: docs/articles/d.md:3:7: date: "2022-13-05" không phải ngày tháng: tháng phải '
        "từ 1 đến 12 (cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        'bulletin: docs/articles/e.md:5:15: resolutions[1]: "21-KL/BCT": Ban Chấp hành Trung '
        "ương, Bộ Chính trị, Ban Bí thư đều ký /TW (cần: 21-KL/TW)",
    ]
    assert not list(site.rglob("tin-loi"))  # an article that cannot be read has no page


def test_the_home_page_of_the_preview_lists_public_articles_only(tmp_path: Path) -> None:
    home = "---\ntitle: Trang chủ\ntemplate: home.html\n---\n"
    config = write_site(tmp_path, {**ARTICLES, "index.md": home})
    site = build_site(config, tmp_path / "site", command="serve")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Tin đã đăng" in home and "Tin nháp" not in home and "Tin hẹn giờ" not in home


def test_a_build_never_shows_them(tmp_path: Path) -> None:
    articles = {k: v for k, v in ARTICLES.items() if k not in ("articles/d.md", "articles/e.md")}
    site = build_site(write_site(tmp_path, articles), tmp_path / "site")
    assert not list(site.rglob("tin-nhap")) and not list(site.rglob("tin-hen-gio"))
