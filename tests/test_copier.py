"""The process that writes the last build's pages while the build goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.build.workers import WorkerError
from bulletin.cache.last_build_writer import Copier, claim, copy_files, copy_pages, inside
from bulletin.cache.pages import CachedPage, PageCache


def _entry() -> CachedPage:
    return CachedPage((), None, frozenset(), {}, "t", "w", None)


def _cache(folder: Path, pages: dict[str, tuple[bytes, str]]) -> PageCache:
    (folder / "cache").mkdir()
    cache = PageCache(folder / "cache")
    for key, (html, target) in pages.items():
        cache.put(key, _entry(), html, target=target)
    cache.flush()
    return cache


def test_pages_it_could_not_write_are_named(tmp_path: Path) -> None:
    cache = _cache(
        tmp_path,
        {"ab12": (b"<html>a</html>", "tin/a/index.html"), "cd34": (b"<c>", "tin/c/index.html")},
    )
    assert sorted(cache.last_pages()) == [
        ("ab12", "tin/a/index.html"),
        ("cd34", "tin/c/index.html"),
    ]
    (tmp_path / "site/tin").mkdir(parents=True)
    (tmp_path / "site/tin/c").write_text("a file where the folder goes")
    outside = [("ab12", "../outside.html"), ("ab12", "/tmp/outside.html")]
    pages = [*cache.last_pages(), ("ef56", "tin/e/index.html"), *outside]
    assert sorted(copy_pages(cache, pages, tmp_path / "site")) == [
        ("ab12", "../outside.html"),
        ("ab12", "/tmp/outside.html"),
        ("cd34", "tin/c/index.html"),
        ("ef56", "tin/e/index.html"),  # not in the cache
    ]
    assert not (tmp_path / "outside.html").exists()
    assert (tmp_path / "site/tin/a/index.html").read_bytes() == b"<html>a</html>"


def test_it_never_writes_over_a_page_a_build_process_claimed(tmp_path: Path) -> None:
    cache = _cache(tmp_path, {"ab12": (b"old", "tin/a/index.html")})
    site = tmp_path / "site"
    (site / "tin/a").mkdir(parents=True)
    (site / "tin/a/index.html").write_bytes(b"left by someone")
    claim(site / "tin/a/index.html")
    assert (site / "tin/a/index.html").read_bytes() == b""  # whatever was there is gone
    (site / "tin/a/index.html").write_bytes(b"new")
    assert copy_pages(cache, cache.last_pages(), site) == [("ab12", "tin/a/index.html")]
    assert (site / "tin/a/index.html").read_bytes() == b"new"


def test_a_claim_made_while_it_writes_leaves_the_build_s_page(tmp_path: Path) -> None:
    """Both processes write the same 1,500 paths at once, in opposite orders: every path the
    build claimed ends with the build's page, every other with the cache's."""
    pages = {f"k{n}": (b"cached %d" % n, f"tin/{n % 30}/{n}/index.html") for n in range(1500)}
    cache = _cache(tmp_path, pages)
    site = tmp_path / "site"
    copier = Copier(cache, cache.last_pages(), site)
    claimed = [n for n in reversed(range(1500)) if n % 3 == 0]
    for n in claimed:
        target = pages[f"k{n}"][1]
        assert copier.may_write(target)
        claim(site / target)
        (site / target).write_bytes(b"built %d" % n)
    made = {target for _, target in pages.values()}
    counted = [(f"k{n}", pages[f"k{n}"][1]) for n in range(1500) if n % 3]
    assert all(copier.writes(key, target) for key, target in counted)
    assert copier.finish(made, counted) == []
    for n in range(1500):
        expected = b"built %d" % n if n % 3 == 0 else b"cached %d" % n
        assert (site / pages[f"k{n}"][1]).read_bytes() == expected


def test_finishing_removes_what_the_build_no_longer_makes(tmp_path: Path) -> None:
    cache = _cache(
        tmp_path,
        {"ab12": (b"a", "2024/05/a/index.html"), "cd34": (b"c", "2024/06/c/index.html")},
    )
    site = tmp_path / "site"
    copier = Copier(cache, cache.last_pages(), site)
    assert copier.finish({"2024/05/a/index.html"}, [("ab12", "2024/05/a/index.html")]) == []
    assert (site / "2024/05/a/index.html").read_bytes() == b"a"
    assert not (site / "2024/06").exists()  # the empty folders go with the page
    assert site.is_dir()


def test_pages_counted_on_but_not_written_are_given_back(tmp_path: Path) -> None:
    cache = _cache(tmp_path, {"ab12": (b"a", "tin/a/index.html")})
    site = tmp_path / "site"
    pages = [("ab12", "tin/a/index.html"), ("gone", "tin/g/index.html")]
    copier = Copier(cache, pages, site)
    counted = [("gone", "tin/g/index.html"), ("ab12", "tin/a/index.html")]
    assert copier.finish({target for _, target in pages}, counted) == [("gone", "tin/g/index.html")]


def test_a_path_kept_twice_is_counted_on_for_neither_page(tmp_path: Path) -> None:
    """A build that failed may keep two pages for one path: which one is written is chance."""
    cache = _cache(tmp_path, {"ab12": (b"a", "tin/a/index.html"), "cd34": (b"c", "tin/b/x")})
    pages = [("ab12", "tin/a/index.html"), ("old", "tin/a/index.html")]
    copier = Copier(cache, pages, tmp_path / "site")
    assert not copier.writes("ab12", "tin/a/index.html")
    assert not copier.writes("old", "tin/a/index.html")
    assert copier.may_write("tin/a/index.html")
    assert not copier.may_write("tin/b/x")
    copier.finish({"tin/a/index.html"}, [])


def test_a_failed_copying_process_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object) -> list[tuple[str, str]]:
        raise OSError("the disk went away")

    monkeypatch.setattr("bulletin.cache.last_build_writer.copy_pages", failing)
    cache = _cache(tmp_path, {"ab12": (b"a", "tin/a/index.html")})
    copier = Copier(cache, cache.last_pages(), tmp_path / "site")
    with pytest.raises(WorkerError, match="OSError: the disk went away"):
        copier.finish(set(), [])


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("tin/a/index.html", True),
        ("index.html", True),
        ("../a.html", False),
        ("tin/../../a.html", False),
        ("/etc/passwd", False),
        ("", False),
        (".", False),
        ("tin/", False),
        ("tin//a.html", False),
        ("./a.html", False),
    ],
)
def test_only_paths_in_the_site_are_written_or_removed(target: str, expected: bool) -> None:
    assert inside(target) is expected


def test_a_folder_where_a_kept_page_was_is_said(tmp_path: Path) -> None:
    """A damaged cache's path that is a folder now: an error, the folder left alone."""
    cache = _cache(tmp_path, {"ab12": (b"a", "tin/a/index.html")})
    site = tmp_path / "site"
    (site / "tin/a/index.html").mkdir(parents=True)
    (site / "tin/a/index.html/x").write_text("kept")
    copier = Copier(cache, cache.last_pages(), site)
    with pytest.raises(OSError):
        copier.finish(set(), [])
    assert (site / "tin/a/index.html/x").read_text() == "kept"


def test_files_handed_to_it_are_copied_after_the_pages(tmp_path: Path) -> None:
    """More files than a pipe holds at once (the build never waits for them to be read);
    copies, never links."""
    cache = _cache(tmp_path, {"ab12": (b"a", "tin/a/index.html")})
    kept = tmp_path / "kept"
    kept.mkdir()
    site = tmp_path / "site"
    copies = []
    for n in range(3000):
        (kept / f"{n}.webp").write_bytes(b"photo %d" % n)
        copies.append((str(kept / f"{n}.webp"), str(site / f"anh/{n % 7}/{n}.webp")))
    copier = Copier(cache, cache.last_pages(), site)
    copier.copy_files(copies)
    copier.copy_files([("more", "after the first")])  # once only: ignored
    assert copier.finish({"tin/a/index.html"}, []) == [] and copier.problems == []
    assert (site / "tin/a/index.html").read_bytes() == b"a"
    for n in range(3000):
        copy = site / f"anh/{n % 7}/{n}.webp"
        assert copy.read_bytes() == b"photo %d" % n
        assert copy.stat().st_nlink == 1 and not copy.is_symlink()


def test_files_it_cannot_copy_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"a")
    copies = [(str(tmp_path / "gone.jpg"), str(tmp_path / "site/anh/x/gone.jpg"))]
    copies.append((str(tmp_path / "a.jpg"), str(tmp_path / "site/anh/x/a.jpg")))
    problems = copy_files(copies)
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/site/anh/x/gone.jpg (")
    assert (tmp_path / "site/anh/x/a.jpg").read_bytes() == b"a"
