"""Sites the size of a real archive (../shared/bench/gen_corpus.py): every internal link
resolves; a rebuild with the caches gives the clean build's bytes after any edit, kill or
failure; a failed build leaves the last site as it was; the site shares no file with the
caches."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.build.linkcheck import broken_links
from bulletin.search.bundles import BUNDLE_DIR
from sites import (
    GENERATOR_COMMAND,
    REPO,
    article,
    build_site,
    failed_build,
    site_tree,
    write_site,
)

GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
CONFIG = f"""
site_name: Bản tin
site_url: https://example.org/bulletin/
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
strict: true
plugins:
  - bulletin:
      url_format: "{{yyyy}}/{{mm}}/{{name}}/"
      per_page: 10
"""
SEARCH_PAGE = "---\ntitle: Tìm kiếm\ntemplate: search.html\n---\n"


def generated(root: Path, size: int) -> Path:
    """A corpus of `size` generated articles with a home and a search page; its config."""
    if not GENERATOR.is_file():
        pytest.skip(f"the corpus generator is not at {GENERATOR} (shared/ beside the clone)")
    command = [sys.executable, str(GENERATOR), str(root), str(size), "--format", "bulletin"]
    subprocess.run(command, check=True, capture_output=True)
    (root / "docs/index.md").write_text("# Bản tin\n", encoding="utf-8")
    (root / "docs/tim-kiem.md").write_text(SEARCH_PAGE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thousand")
    return build_site(generated(root, 1000), root / "site")


def test_every_internal_link_of_a_thousand_article_site_resolves(thousand: Path) -> None:
    pages = list(thousand.rglob("*.html"))
    assert len(pages) > 2000
    assert [str(link) for link in broken_links(thousand, "/bulletin/", processes=2)] == []


def test_the_site_shares_no_file_with_the_caches(thousand: Path) -> None:
    """A step that edits the site after the build must not change what the next build
    publishes from the caches."""
    linked = [path for path in thousand.rglob("*") if path.is_file() and path.stat().st_nlink > 1]
    assert linked == []
    assert (thousand / BUNDLE_DIR / "bulletin-search.json").is_file()


# Rebuilds with the caches, after each kind of edit, against a clean build of the same input.


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus built once with the caches (each test works on a copy)."""
    root = tmp_path_factory.mktemp("once")
    build_site(generated(root, 100), root / "site")
    return root


def _articles(root: Path) -> list[Path]:
    return sorted((root / "docs/articles").rglob("*.md"))


def _replace(pattern: str, new: str, index: int) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = _articles(root)[index]
        text, count = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1
        path.write_text(text, encoding="utf-8")

    return change


def _delete(root: Path) -> None:
    _articles(root)[11].unlink()


def _rename(root: Path) -> None:
    path = _articles(root)[13]
    path.rename(path.with_name(f"ten-moi-{path.name}"))


EDITS = {
    "title": _replace(r"^title: (.*)$", r"title: \1 (cập nhật)", 3),
    "date": _replace(r"^date: \d{4}", "date: 2019", 5),
    "draft": _replace(r"^title:", "draft: true\ntitle:", 7),
    "embargo": _replace(r"^date: .*$", "date: 2099-01-01 06:00", 9),
    "delete": _delete,
    "rename": _rename,
    "body": _replace(r"\Z", "\nĐoạn thêm về Nguyễn Phước Lộc.\n", 15),
}


def _compare_with_a_clean_build(root: Path, tmp_path: Path) -> None:
    """Build `root` again without the caches, beside it; both sites must be the same, byte
    for byte, the search index too."""
    clean = tmp_path / "clean"
    shutil.copytree(root / "docs", clean / "docs")
    shutil.copy(root / "mkdocs.yml", clean / "mkdocs.yml")
    build_site(clean / "mkdocs.yml", clean / "site")
    cached_tree, clean_tree = site_tree(root / "site"), site_tree(clean / "site")
    paths = cached_tree.keys() | clean_tree.keys()
    differing = sorted(path for path in paths if cached_tree.get(path) != clean_tree.get(path))
    assert differing == []
    assert any(path.startswith(f"{BUNDLE_DIR}/") for path in paths)


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "cached"
    shutil.copytree(built, root)
    return root


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_with_the_caches_is_the_clean_build(
    built_once: Path, tmp_path: Path, edit: str
) -> None:
    root = _copy(built_once, tmp_path)
    before = _inodes(root / "site")
    EDITS[edit](root)
    build_site(root / "mkdocs.yml", root / "site")
    after = _inodes(root / "site")
    untouched = [path for path, inode in after.items() if before.get(path) == inode]
    assert len(untouched) > len(after) / 2  # only what changed was written (`last_site`)
    _compare_with_a_clean_build(root, tmp_path)


def _inodes(site: Path) -> dict[str, int]:
    return {
        path.relative_to(site).as_posix(): path.stat().st_ino
        for path in site.rglob("*")
        if path.is_file()
    }


def test_a_rebuild_after_a_failed_build_is_the_clean_build(
    built_once: Path, tmp_path: Path
) -> None:
    root = _copy(built_once, tmp_path)
    EDITS["title"](root)
    bad = root / "docs/articles/hong.md"
    bad.write_text("---\ntitle: Bài hỏng\ndate: 2024-13-01\n---\nThân bài.\n", encoding="utf-8")
    failed_build(root / "mkdocs.yml", root / "site")
    bad.unlink()
    build_site(root / "mkdocs.yml", root / "site")
    _compare_with_a_clean_build(root, tmp_path)


def test_a_rebuild_after_a_killed_build_is_the_clean_build(
    built_once: Path, tmp_path: Path
) -> None:
    """Killed while it writes (whatever it had done by then), the next build is whole."""
    root = _copy(built_once, tmp_path)
    EDITS["title"](root)
    command = [sys.executable, "-m", GENERATOR_COMMAND, "build", "--quiet"]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen(command, cwd=root, env=environment, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (root / ".site.building/2020").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    EDITS["body"](root)
    build_site(root / "mkdocs.yml", root / "site")
    assert not (root / ".site.building").exists()
    _compare_with_a_clean_build(root, tmp_path)


# A failed build keeps the last site.


def test_a_failed_build_leaves_the_last_site_as_it_was(built_once: Path, tmp_path: Path) -> None:
    root = _copy(built_once, tmp_path)
    before = site_tree(root / "site")
    bad = root / "docs/articles/hong.md"
    bad.write_text("---\ntitle: Bài hỏng\ndate: 2024-13-01\n---\nThân bài.\n", encoding="utf-8")
    messages = failed_build(root / "mkdocs.yml", root / "site")
    assert any("docs/articles/hong.md:3:" in message for message in messages)
    assert site_tree(root / "site") == before
    assert not (root / ".site.building").exists()


def test_a_warning_under_strict_leaves_the_last_site_as_it_was(
    built_once: Path, tmp_path: Path
) -> None:
    """MkDocs stops a strict build after its last step: the site is replaced only then."""
    root = _copy(built_once, tmp_path)
    before = site_tree(root / "site")
    _replace(r"^title:", "speaker: Nguyễn Văn A\ntitle:", 2)(root)
    messages = failed_build(root / "mkdocs.yml", root / "site")
    assert any("speaker" in message for message in messages)
    assert site_tree(root / "site") == before
    assert not (root / ".site.building").exists()


def test_a_successful_build_leaves_nothing_beside_the_site(built_once: Path) -> None:
    assert sorted(path.name for path in built_once.iterdir()) == [
        ".cache",
        "docs",
        "mkdocs.yml",
        "site",
    ]


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_build_that_fails_midway_leaves_the_last_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The preview too: it keeps serving the last good build while it reports the error."""
    config = write_site(tmp_path, {"articles/2024/05/tin.md": article("Tin", "2024-05-02")})
    site = build_site(config, tmp_path / "site", command=command)
    before = site_tree(site)

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the home page's view failed")

    monkeypatch.setattr("bulletin.publication.Publication.home_view", failing)
    with pytest.raises(RuntimeError, match="the home page's view failed"):
        build_site(config, site, command=command)
    assert site_tree(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".cache",
        "docs",
        "mkdocs.yml",
        "site",
    ]
