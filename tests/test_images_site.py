"""Lead photos in built sites: every list and article shows `<picture>`s whose files exist,
or a neutral frame; made once; a changed photo remakes the pages that show it."""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.structure.files import File
from PIL import Image

from bulletin.articles.model import Article
from bulletin.articles.model import Image as ArticleImage
from bulletin.cache.last_build_writer import Copier
from bulletin.images.plan import Source, plan
from bulletin.images.view import image_view
from bulletin.mkdocs_plugin import lead_photos
from bulletin.mkdocs_plugin.lead_photos import LeadPhotos
from sites import (
    article,
    build_site,
    cached_build,
    failed_build,
    mkdocs_log,
    rebuild_and_compare,
    site_tree,
    site_yml,
    write_site,
)

YML = site_yml(options="      search: false\n")
PHOTO = "image: {{src: \"../../../images/{name}\", alt: '{alt}', caption: Quang cảnh.}}\n"
LEAD = "lead: Sáng 5/5, hội nghị được tổ chức tại tỉnh. Đồng chí Bí thư chủ trì. Ba câu.\n"
ARTICLES = {
    "articles/2024/05/mot.md": article(
        "Tin một", "2024-05-01 08:00", LEAD + PHOTO.format(name="hoi-nghi.jpg", alt="Hội trường")
    ),
    "articles/2024/05/hai.md": article("Tin hai", "2024-05-02 08:00", LEAD),
    "articles/2024/05/ba.md": article(
        "Tin ba", "2024-05-03 08:00", PHOTO.format(name="le-hoi.png", alt='"><b>x</b>')
    ),
}
CATEGORY = "chuyen-muc/thoi-su/index.html"


def write_photo(root: Path, name: str, size: tuple[int, int], colour: str = "red") -> None:
    folder = root / "docs" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(folder / name)


FILLERS = {
    f"articles/2024/04/tin-{n}.md": article(f"Tin số {n}", f"2024-04-{n:02d} 08:00")
    for n in range(1, 11)
}


def write(root: Path, articles: dict[str, str] = ARTICLES, yml: str = YML) -> Path:
    write_photo(root, "hoi-nghi.jpg", (1600, 1000))
    write_photo(root, "le-hoi.png", (640, 360), "green")
    return write_site(root, articles, yml)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def files_named(tag: Tag, page_path: str, site: Path) -> list[Path]:
    """The files an `<img>` or `<source>` asks for, each of which must exist."""
    urls = [str(tag["src"])] if tag.name == "img" else []
    urls += [part.split()[0] for part in str(tag["srcset"]).split(",")]
    folder = posixpath.dirname(page_path)
    return [site / posixpath.normpath(posixpath.join(folder, url)) for url in urls]


def test_lists_show_a_picture_or_a_frame(tmp_path: Path) -> None:
    site = build_site(write(tmp_path), tmp_path / "site")
    html = page(site, CATEGORY)
    items = html.select(".bulletin-teaser")
    assert len(items) == 3
    for item in items:
        pictures, frames = item.select("picture"), item.select(".bulletin-frame--thumb")
        assert len(pictures) + len(frames) == 1
        assert not item.select(".bulletin-category")  # its own category page
        assert item.select_one(".bulletin-teaser__title a") and item.select_one("time")
    frame = items[1].select_one(".bulletin-frame")  # "Tin hai": no photo
    assert frame is not None and frame["aria-hidden"] == "true" and not items[1].select("img")
    for item in (items[0], items[2]):
        img, source = item.select_one("picture img"), item.select_one("picture source")
        assert img is not None and source is not None
        assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
        assert {"src", "srcset", "sizes", "width", "height", "alt"} <= set(img.attrs)
        assert img["decoding"] == "async"
        for found in files_named(img, CATEGORY, site) + files_named(source, CATEGORY, site):
            assert found.is_file(), found
    img = items[0].select_one("img")
    assert img is not None  # "Tin ba", the newest: the first screen's
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert items[2].select_one("img")["loading"] == "lazy"  # type: ignore[index]
    assert "fetchpriority" not in items[2].select_one("img").attrs  # type: ignore[union-attr]
    assert (img["width"], img["height"]) == ("480", "320")
    assert str(img["src"]).endswith("/3x2-480.png")
    assert img["alt"] == '"><b>x</b>'
    assert items[2].select_one("img")["alt"] == "Hội trường"  # type: ignore[index]
    assert "<b>x</b>" not in (site / CATEGORY).read_text(encoding="utf-8")  # escaped
    lead = items[1].select_one(".bulletin-teaser__lead")
    assert (
        lead is not None
        and lead.get_text()
        == "Sáng 5/5, hội nghị được tổ chức tại tỉnh. Đồng chí Bí thư chủ trì. Ba câu."
    )


def test_article_lead_photo_is_eager_and_other_lists_show_the_category(tmp_path: Path) -> None:
    site = build_site(write(tmp_path), tmp_path / "site")
    path = "2024/05/tin-mot/index.html"
    html = page(site, path)
    img = html.select_one(".bulletin-lead-image picture img")
    assert img is not None
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert (img["width"], img["height"]) == ("1200", "750")
    for tag in html.select(".bulletin-lead-image picture img, .bulletin-lead-image source"):
        assert all(found.is_file() for found in files_named(tag, path, site))
    other = html.select(".bulletin-other-news .bulletin-teaser")
    assert other and all(item.select("picture, .bulletin-frame") for item in other)
    archive = page(site, "luu-tru/2024/05/index.html")
    assert archive.select(".bulletin-teaser .bulletin-category")


def test_made_once_and_copied(tmp_path: Path) -> None:
    config = write(tmp_path)
    with mkdocs_log(logging.INFO) as first:
        build_site(config, tmp_path / "site")
    assert "bulletin: lead photos: 2, 22 renditions made" in first
    with mkdocs_log(logging.INFO) as again:
        site = build_site(config, tmp_path / "again")
    assert "bulletin: lead photos: 2, 0 renditions made" in again
    cache = tmp_path / ".cache" / "bulletin" / "images"
    kept = {path.stat().st_ino for path in cache.rglob("*") if path.is_file()}
    shown = [path for path in (site / "anh").rglob("*") if path.is_file()]
    assert len(shown) == 22
    for path in shown:  # copies: the site shares no file with the cache
        assert path.stat().st_nlink == 1 and path.stat().st_ino not in kept


def test_too_small_and_unreadable_photos_are_warnings(tmp_path: Path) -> None:
    articles = {
        **ARTICLES,
        "articles/2024/05/nho.md": article(
            "Tin nhỏ", "2024-05-04 08:00", PHOTO.format(name="nho.jpg", alt="Ảnh nhỏ")
        ),
        "articles/2024/05/hong.md": article(
            "Tin hỏng", "2024-05-05 08:00", PHOTO.format(name="hong.jpg", alt="Ảnh hỏng")
        ),
    }
    config = write(tmp_path, articles)
    write_photo(tmp_path, "nho.jpg", (300, 200))
    (tmp_path / "docs" / "images" / "hong.jpg").write_bytes(b"not a photo")
    messages = failed_build(config, tmp_path / "site")
    unreadable = (
        "bulletin: docs/articles/2024/05/hong.md:5:1: image: "
        'không đọc được ảnh "docs/images/hong.jpg" (không nhận ra định dạng ảnh): '
        "danh sách và trang chủ hiện khung trống (cần: ảnh JPEG hoặc PNG)"
    )
    small = (
        "bulletin: docs/articles/2024/05/nho.md:5:1: image: "
        'ảnh "docs/images/nho.jpg" chỉ rộng 300 px, quá nhỏ cho danh sách và trang chủ: '
        "ở đó là khung trống, bài viết hiện ảnh gốc (cần: ảnh rộng ít nhất 320 px)"
    )
    assert unreadable in messages and small in messages
    (tmp_path / "mkdocs.yml").write_text(YML.replace("strict: true", "strict: false"))
    site = build_site(config, tmp_path / "site")
    shown = page(site, "2024/05/tin-nho/index.html").select_one(".bulletin-lead-image img")
    assert shown is not None and shown["src"] == "../../../images/nho.jpg"  # as it is
    listed = page(site, CATEGORY).select(".bulletin-teaser")
    assert sum(1 for item in listed if item.select(".bulletin-frame")) == 3


def test_a_changed_photo_remakes_the_pages_that_show_it(tmp_path: Path) -> None:
    def change(root: Path) -> None:
        write_photo(root, "hoi-nghi.jpg", (1600, 1000), "blue")  # same path, new bytes

    rebuilt = rebuild_and_compare(tmp_path, lambda root: write(root, ARTICLES | FILLERS), change)
    first, cached = rebuilt.before, site_tree(rebuilt.site)
    for path in ("2024/05/tin-mot/index.html", CATEGORY, "2024/05/tin-hai/index.html"):
        assert first[path] != cached[path], path  # "Tin hai" shows it under "Tin khác"
    assert first["2024/05/tin-ba/index.html"] != b""
    assert not [p for p in cached if p.startswith("anh/") and p in first and "1600" in p]
    assert rebuilt.made > 0


def test_the_cache_folder_ignores_itself(tmp_path: Path) -> None:
    build_site(write(tmp_path), tmp_path / "site")
    ignore = tmp_path / ".cache" / "bulletin" / "images" / ".gitignore"
    assert ignore.read_text().splitlines()[-1] == "*"
    shutil.rmtree(tmp_path / ".cache" / "bulletin" / "images")
    again = cached_build(tmp_path / "mkdocs.yml", tmp_path / "again")
    assert any("22 renditions made" in message for message in again.messages)
    assert os.listdir(tmp_path / "again" / "anh")


def test_a_rebuild_s_copying_process_copies_the_photos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `workers: 2` a rebuild's copying process copies the renditions (the page cache's:
    `last_build_writer`), not MkDocs, and makes none: the same site, byte for byte, as with
    `workers: 1`; copies, never links. (Into another site folder: a rebuild into the last
    site leaves them there, `test_a_rebuild_into_the_last_site_copies_no_photo`.)"""
    copied: list[str] = []
    copy_file = File.copy_file

    def counting(file: File, dirty: bool = False) -> None:
        copied.append(file.dest_uri)
        copy_file(file, dirty)

    monkeypatch.setattr(File, "copy_file", counting)
    sites = {}
    for workers in (2, 1):
        root = tmp_path / str(workers)
        config = write(root, ARTICLES | FILLERS, YML + f"      workers: {workers}\n")
        build_site(config, root / "first")
        copied.clear()
        with mkdocs_log(logging.INFO) as log:
            sites[workers] = build_site(config, root / "site")
        assert "bulletin: lead photos: 2, 0 renditions made" in log
        by_mkdocs = [path for path in copied if path.startswith("anh/")]
        assert len(by_mkdocs) == (0 if workers == 2 else 22), workers
    forked, alone = site_tree(sites[2]), site_tree(sites[1])
    assert len([path for path in forked if path.startswith("anh/")]) == 22
    assert forked == alone
    cache = tmp_path / "2" / ".cache" / "bulletin" / "images"
    kept = {path.stat().st_ino for path in cache.rglob("*") if path.is_file()}
    for path in (sites[2] / "anh").rglob("*.*"):
        assert path.stat().st_nlink == 1 and path.stat().st_ino not in kept


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_into_the_last_site_copies_no_photo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """The renditions and the photos the last site has as they are stay there: neither
    MkDocs nor the copying process copies them again (`CachedPages.copy_files`,
    `keep_media`)."""
    config = write(tmp_path, ARTICLES | FILLERS, YML + f"      workers: {workers}\n")
    site = build_site(config, tmp_path / "site")
    before = {path: path.stat().st_ino for path in site.rglob("*.*") if path.is_file()}
    copied: list[str] = []
    copy_file, copy_files = File.copy_file, Copier.copy_files

    def by_mkdocs(file: File, dirty: bool = False) -> None:
        copied.append(file.dest_uri)
        copy_file(file, dirty)

    def by_the_copying_process(copier: Copier, copies: list[tuple[str, str]]) -> None:
        copied.extend(target for _, target in copies)
        copy_files(copier, copies)

    monkeypatch.setattr(File, "copy_file", by_mkdocs)
    monkeypatch.setattr(Copier, "copy_files", by_the_copying_process)
    build_site(config, site)
    assert not [path for path in copied if "anh/" in path or "images/" in path]
    photos = [path for path in before if path.suffix in (".png", ".jpg", ".webp")]
    assert photos and all(path.stat().st_ino == before[path] for path in photos)
    assert site_tree(site) == site_tree(build_site(config, tmp_path / "clean"))


def test_a_photo_not_copied_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, ARTICLES, YML + "      workers: 2\n")
    build_site(config, tmp_path / "site")
    before = site_tree(tmp_path / "site")
    copyfile = shutil.copyfile

    def failing(source: str | Path, target: str | Path) -> object:
        if Path(target).name == "full-480.png":
            raise OSError(28, "No space left on device")
        return copyfile(source, target)

    monkeypatch.setattr(shutil, "copyfile", failing)  # in the forked process too
    # Without the record of the last site, every photo is copied (else they stay there).
    (tmp_path / ".cache/bulletin/pages/site/published.sqlite3").unlink()
    messages = failed_build(config, tmp_path / "site")
    expected = r"^bulletin: cannot copy .*/anh/\w+/full-480\.png \(\[Errno 28\] No space left"
    assert any(re.search(expected, message) for message in messages), messages
    assert site_tree(tmp_path / "site") == before  # the last site stays


def test_a_photo_s_view_is_given_again_to_the_pages_at_its_depth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lists show an article's photo on many pages: its view is made once for the pages at
    one depth (their root), among the latest `VIEWS`, and is the view made anew."""
    found = plan(Source(Path("a.jpg"), "d" * 24, 1600, 1200, "jpg"))
    assert found is not None
    articles = [
        Article(f"{n}.md", "Tin", datetime(2024, 1, 1, tzinfo=UTC), "Thời sự", f"tin-{n}",
                image=ArticleImage("a.jpg", f"Ảnh {n}"))
        for n in range(3)
    ]  # fmt: skip
    photos = LeadPhotos(plans={article.src_uri: found for article in articles})
    deep = photos.image_of("../../")(articles[0])
    assert deep is photos.image_of("../../")(articles[0])
    assert deep == image_view(found, "Ảnh 0", "../../")
    assert photos.image_of("../")(articles[0]) == image_view(found, "Ảnh 0", "../")
    assert photos.image_of("../../")(articles[1]) == image_view(found, "Ảnh 1", "../../")
    monkeypatch.setattr(lead_photos, "VIEWS", 2)
    photos.image_of("../../")(articles[2])  # more than VIEWS: the oldest are let go
    assert len(photos._views) == 2
    again = photos.image_of("../../")(articles[0])
    assert again is not deep and again == deep
