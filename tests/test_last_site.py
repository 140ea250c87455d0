"""The record of a published site, its check, and publishing only what changed
(`bulletin.build.last_site`)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bulletin.build import last_site
from bulletin.build.last_site import (
    FileState,
    LastSite,
    SiteRecord,
    Source,
    check,
    entries_under,
    files_under,
    merge,
    record_whole,
    state_of,
)


def _tree(folder: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")


def _read(folder: Path) -> dict[str, str]:
    return {path: (folder / path).read_text(encoding="utf-8") for path in files_under(folder)}


def _identify(paths: list[str]) -> dict[str, str]:
    return {path: f"id:{path}" for path in paths if path.endswith(".html")}


def test_a_record_comes_back_for_its_folder_only(tmp_path: Path) -> None:
    site, record = tmp_path / "site", SiteRecord(tmp_path / "cache/published.sqlite3")
    _tree(site, {"a/index.html": "a", "style.css": "s"})
    assert record.load(site) is None  # none yet
    assert record_whole(site, record, _identify) is None
    loaded = record.load(site)
    assert loaded == {
        "a/index.html": state_of(site / "a/index.html", "id:a/index.html"),
        "style.css": state_of(site / "style.css", None),
    }
    assert record.load(tmp_path / "other") is None
    shutil.copytree(tmp_path, tmp_path.parent / "moved")  # times kept: the same files
    moved = tmp_path.parent / "moved"
    assert SiteRecord(moved / "cache/published.sqlite3").load(moved / "site") == loaded


def test_a_record_that_is_no_database_is_no_record(tmp_path: Path) -> None:
    record = SiteRecord(tmp_path / "published.sqlite3")
    record.path.write_bytes(b"\x80 not a database")
    assert record.load(tmp_path) is None
    assert record_whole(tmp_path, record, _identify) is not None  # said, and forgotten
    assert not record.path.exists()


def test_a_record_of_identities_made_another_way_is_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written the same as the last site's keeps its row: identities of another
    `identity_of` (the code before) would never match the page cache's again, and every page
    would be written at every build. Such a record, or one that does not say, is none: the
    site is written whole once."""
    site, record = tmp_path / "site", SiteRecord(tmp_path / "published.sqlite3")
    _tree(site, {"a/index.html": "a"})
    record_whole(site, record, _identify)
    assert record.load(site) is not None
    monkeypatch.setattr(last_site, "_SCHEME", "made by another identity_of")
    assert record.load(site) is None
    record_whole(site, record, _identify)
    assert record.load(site) is not None
    with sqlite3.connect(record.path) as db:
        db.execute("DELETE FROM meta WHERE key = 'identity'")  # a record of the code before
    db.close()
    assert record.load(site) is None


def test_the_check_finds_edited_removed_and_unknown_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _tree(site, {"a.html": "a", "b.html": "b", "c.html": "c", "d.html": "d"})
    record = {path: state_of(site / path, None) for path in files_under(site)}
    (site / "a.html").write_text("longer", encoding="utf-8")  # another size
    stamp = record["b.html"].mtime_ns + 1_000_000
    os.utime(site / "b.html", ns=(stamp, stamp))  # the same size, touched
    (site / "c.html").unlink()
    _tree(site, {"new/x.html": "x"})
    found = check(site, record)
    assert found.changed == {"a.html", "b.html", "c.html"}
    assert found.strays == ("new/x.html",)


def _descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists descriptors in /proc")
def test_the_walk_lists_links_unfollowed_and_leaves_no_folder_open(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _tree(site, {"a.html": "a", "x/b.html": "bb", "x/y/c.html": "ccc"})
    (site / "to-x").symlink_to(site / "x")
    (site / "to-a.html").symlink_to(site / "a.html")
    before = _descriptors()
    found = {path: entry.stat(follow_symlinks=False) for path, entry in entries_under(site)}
    assert set(found) == {"a.html", "x/b.html", "x/y/c.html", "to-x", "to-a.html"}
    assert found["x/y/c.html"].st_size == 3 and os.path.islink(site / "to-x")
    assert sorted(files_under(site)) == sorted(found)
    two = tmp_path / "two"
    _tree(two, {"d1/a.html": "a", "d2/b.html": "b"})
    walk = entries_under(two)
    next(walk)  # stopped in one folder with the other still to list
    walk.close()
    assert _descriptors() == before


def test_merge_replaces_adds_and_removes_with_the_folders_left_empty(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.building"
    _tree(site, {"a/index.html": "old a", "b/index.html": "b", "gone/deep/index.html": "g"})
    _tree(staging, {"a/index.html": "new a", "c/index.html": "c"})
    merge(staging, site, ["a/index.html", "c/index.html"], ["gone/deep/index.html"])
    assert _read(site) == {"a/index.html": "new a", "b/index.html": "b", "c/index.html": "c"}
    assert not (site / "gone").exists()
    assert not staging.exists() and not (tmp_path / ".site.replaced").exists()


def test_a_file_becomes_a_folder_and_a_folder_a_file(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.building"
    _tree(site, {"a": "file a", "b/index.html": "b"})
    _tree(staging, {"a/index.html": "a", "b": "file b"})
    merge(staging, site, ["a/index.html", "b"], ["a", "b/index.html"])
    assert _read(site) == {"a/index.html": "a", "b": "file b"}


def test_a_merge_that_fails_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.building"
    before = {"a/index.html": "old a", "b/index.html": "b", "gone/index.html": "g"}
    _tree(site, before)
    _tree(staging, {"a/index.html": "new a", "c/index.html": "c"})
    renames = []
    real_rename = os.rename

    def failing(source: str | Path, target: str | Path) -> None:
        renames.append(source)
        if len(renames) == 4:  # "gone" aside, "a" aside, the new "a" in: then the disk fails
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError, match="No space left"):
        merge(staging, site, ["a/index.html", "c/index.html"], ["gone/index.html"])
    monkeypatch.setattr(os, "rename", real_rename)
    assert _read(site) == before
    assert _read(staging) == {"a/index.html": "new a", "c/index.html": "c"}


def _published(tmp_path: Path, files: dict[str, str]) -> tuple[Path, SiteRecord]:
    site, record = tmp_path / "site", SiteRecord(tmp_path / "published.sqlite3")
    _tree(site, files)
    assert record_whole(site, record, _identify) is None
    return site, record


def test_publishing_keeps_what_is_held_writes_again_what_changed_and_records(
    tmp_path: Path,
) -> None:
    site, record = _published(
        tmp_path, {"a.html": "a", "b.html": "b", "edited.html": "e", "gone.html": "g"}
    )
    kept_inode = (site / "a.html").stat().st_ino
    (site / "edited.html").write_text("edited by hand", encoding="utf-8")
    _tree(site, {"stray.txt": "put there by hand"})
    last = LastSite.of(site, tmp_path / ".site.building", record)
    assert last is not None
    assert last.holds("a.html", "id:a.html") and not last.holds("a.html", "id:other")
    assert not last.holds("style.css", None) and not last.holds("new.html", "id:new.html")
    for path in ("a.html", "edited.html"):
        last.keep(path, Source("page", path))
    _tree(last.staging, {"b.html": "new b", "new.html": "n"})
    again = []

    def write_again(source: Source, path: Path) -> None:
        again.append(source)
        _tree(path.parent, {path.name: "e"})

    assert last.publish(write_again, _identify) is None
    assert again == [Source("page", "edited.html")]
    assert _read(site) == {"a.html": "a", "b.html": "new b", "edited.html": "e", "new.html": "n"}
    assert (site / "a.html").stat().st_ino == kept_inode  # left where it was
    assert record.load(site) == {
        path: state_of(site / path, f"id:{path}") for path in files_under(site)
    }


def test_a_site_whose_record_is_lost_is_written_whole(tmp_path: Path) -> None:
    site, record = _published(tmp_path, {"a.html": "a"})
    record.forget()
    assert LastSite.of(site, tmp_path / ".site.building", record) is None


def test_file_states_compare_size_and_time(tmp_path: Path) -> None:
    _tree(tmp_path, {"a": "a"})
    state = state_of(tmp_path / "a", "x")
    assert state == FileState("x", 1, (tmp_path / "a").stat().st_mtime_ns)


def test_a_file_written_the_same_as_the_last_site_s_stays_untouched(tmp_path: Path) -> None:
    site, record = _published(tmp_path, {"style.css": "body{}", "feed.xml": "old"})
    inodes = {path: (site / path).stat().st_ino for path in ("style.css", "feed.xml")}
    last = LastSite.of(site, tmp_path / ".site.building", record)
    assert last is not None
    _tree(last.staging, {"style.css": "body{}", "feed.xml": "new"})
    assert last.publish(lambda source, path: None, _identify) is None
    assert _read(site) == {"style.css": "body{}", "feed.xml": "new"}
    assert (site / "style.css").stat().st_ino == inodes["style.css"]
    assert (site / "feed.xml").stat().st_ino != inodes["feed.xml"]


def test_a_site_on_another_file_system_is_merged_by_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site folder that is a mount point: no rename reaches it from beside it."""
    site, staging = tmp_path / "site", tmp_path / ".site.building"
    _tree(site, {"a/index.html": "old a", "gone/index.html": "g"})
    _tree(staging, {"a/index.html": "new a"})

    def across(source: str | Path, target: str | Path) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "rename", across)
    merge(staging, site, ["a/index.html"], ["gone/index.html"])
    assert _read(site) == {"a/index.html": "new a"}
