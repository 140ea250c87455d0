"""A rebuild into the site the last build published writes only what changed
(`bulletin.build.last_site`): what it leaves is the same file, never touched; the site is
byte for byte a clean build's; a file edited or added by hand in the site, or a failed build,
changes none of that."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bulletin.articles.catalog import Catalog
from bulletin.articles.model import Article
from bulletin.search.bundles import BUNDLE_DIR
from sites import (
    OVERRIDES,
    article,
    cached_build,
    edit,
    failed_build,
    site_tree,
    site_yml,
    write_site,
)

ARTICLES = {
    f"articles/2024/05/tin-{n}.md": article(
        f"Tin số {n}", f"2024-05-0{n} 08:00", body=f"Ông Nguyễn Văn An phát biểu lần {n}."
    )
    for n in range(1, 6)
}
CHANGED = "2024/05/tin-so-3/index.html"
UNCHANGED = "2024/05/tin-so-1/index.html"


def _write(root: Path, workers: int) -> Path:
    overrides = root / "overrides"
    shutil.copytree(OVERRIDES, overrides)
    options = f"      workers: {workers}\n      search_part_size: 2\n"
    yml = site_yml(options=options).replace(str(OVERRIDES), str(overrides))
    return write_site(root, ARTICLES, yml)


def _stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: the same pair, the same file untouched."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(site).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def _clean_build(root: Path, config: Path) -> dict[str, bytes]:
    shutil.rmtree(root / ".cache")
    return site_tree(cached_build(config, root / "clean").site)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_leaves_every_unchanged_file_where_it_is(tmp_path: Path, workers: int) -> None:
    config = _write(tmp_path, workers)
    site = cached_build(config, tmp_path / "site").site
    before = _stamps(site)
    edit("docs/articles/2024/05/tin-3.md", "lần 3.", "lần ba, tại hội nghị.")(tmp_path)
    rebuilt = cached_build(config, site)
    assert rebuilt.made == 1
    after = _stamps(site)
    assert after[CHANGED] != before[CHANGED]
    assert after[UNCHANGED] == before[UNCHANGED]
    parts = [path for path in before if path.startswith(f"{BUNDLE_DIR}/") and path.count("/") > 1]
    untouched = [path for path in parts if after.get(path) == before[path]]
    assert parts and len(untouched) > len(parts) / 2  # the parts without "tin-3" stay
    assert not list(tmp_path.glob(".site.*"))  # no staging folder, nothing moved aside
    assert site_tree(site) == _clean_build(tmp_path, config)
    assert "lần ba, tại hội nghị" in (site / CHANGED).read_text(encoding="utf-8")


def test_a_file_edited_or_put_in_the_site_by_hand_goes(tmp_path: Path) -> None:
    config = _write(tmp_path, 2)
    site = cached_build(config, tmp_path / "site").site
    built = site_tree(site)
    (site / UNCHANGED).write_text("edited by hand", encoding="utf-8")
    (site / "2024/05/tin-so-2/index.html").unlink()
    (site / "extra/notes.txt").parent.mkdir()
    (site / "extra/notes.txt").write_text("put there by hand", encoding="utf-8")
    again = cached_build(config, site)
    assert again.made == 0
    assert site_tree(site) == built
    assert not (site / "extra").exists()


def test_a_failed_rebuild_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    config = _write(tmp_path, 2)
    site = cached_build(config, tmp_path / "site").site
    before = _stamps(site)
    change = edit("docs/articles/2024/05/tin-3.md", "lần 3.", "lần 3. Xem [tin](khong-co.md).")
    change(tmp_path)
    messages = failed_build(config, site)
    assert any("khong-co.md" in message for message in messages), messages
    assert _stamps(site) == before
    assert not list(tmp_path.glob(".site.*"))


def test_a_site_written_without_the_record_is_written_whole_again(tmp_path: Path) -> None:
    config = _write(tmp_path, 2)
    site = cached_build(config, tmp_path / "site").site
    (tmp_path / ".cache/bulletin/pages/site/published.sqlite3").unlink()
    before = _stamps(site)
    cached_build(config, site)
    after = _stamps(site)
    assert all(after[path] != before[path] for path in after if path in before)
    assert set(after) == set(before)
    assert os.path.isfile(tmp_path / ".cache/bulletin/pages/site/published.sqlite3")


def test_a_rebuild_reads_the_body_of_the_changed_article_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page cache knows a page by its article file's digest (`CachedPages.look_up`):
    the Markdown of a page it has is never read."""
    config = _write(tmp_path, 1)
    site = cached_build(config, tmp_path / "site").site
    edit("docs/articles/2024/05/tin-3.md", "lần 3.", "lần ba.")(tmp_path)
    read: list[str] = []
    body = Catalog.body

    def reading(catalog: Catalog, article: Article) -> str:
        read.append(article.src_uri)
        return body(catalog, article)

    monkeypatch.setattr(Catalog, "body", reading)
    assert cached_build(config, site).made == 1
    assert read == ["articles/2024/05/tin-3.md"]
