"""The cache of rendered pages: a rebuild takes unchanged pages from it, and whatever changed
(an article, another article a page lists, a link's target, a template, the configuration)
gives exactly the site a build without the cache gives."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast
from zoneinfo import ZoneInfo

import markdown
import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

import bulletin.cache.pages as pages_module
from bulletin.articles.model import Article
from bulletin.cache.articles import SHARDS
from bulletin.cache.pages import (
    CachedPage,
    LinkRecorder,
    LinkRecorderExtension,
    PageCache,
    dependencies,
    digest,
    fingerprint,
    plain,
    still_valid,
    target_path,
    view_bytes,
)
from bulletin.mkdocs_plugin.cached_pages import CachedPages
from bulletin.mkdocs_plugin.page_context import page_extras
from bulletin.mkdocs_plugin.rendering import RenderingProcesses
from bulletin.mkdocs_plugin.state import MENU_AND_CACHE, BuildState
from bulletin.search.bundles import record_digest
from sites import (
    OVERRIDES,
    Rebuilt,
    article,
    build_site,
    cached_build,
    edit,
    failed_build,
    forks_named,
    mkdocs_log,
    rebuild_and_compare,
    site_tree,
    site_yml,
    write_site,
)

# Unit: keys, entries, dependencies


@dataclass
class _Shown:
    title: str
    tags: list[str]
    when: datetime
    hidden: dict[str, int] = field(default_factory=dict, compare=False)


def test_fingerprints_are_equal_for_equal_values_and_ignore_uncompared_fields() -> None:
    when = datetime(2024, 5, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    one = _Shown("Tin", ["a", "b"], when, {"x": 1})
    other = _Shown("Tin", ["a", "b"], when, {"y": 2})
    assert fingerprint(one) == fingerprint(other)
    assert fingerprint(one) != fingerprint(_Shown("Tin", ["b", "a"], when))
    assert "Asia/Ho_Chi_Minh" in fingerprint(one)
    assert fingerprint({"b": 1, "a": {3, 1, 2}}) == fingerprint({"a": {2, 3, 1}, "b": 1})


def test_a_value_without_a_fingerprint_is_an_error() -> None:
    with pytest.raises(TypeError, match="no fingerprint for object"):
        fingerprint([object()])


def test_configuration_objects_become_their_attributes() -> None:
    class Script:
        def __init__(self) -> None:
            self.path, self.defer = "x.js", True

    assert plain({"scripts": [Script()]}) == {
        "scripts": [[f"<{__name__}.{Script.__qualname__}>", {"path": "x.js", "defer": True}]]
    }
    assert plain(len) == "<builtins.len>"


def test_view_bytes_are_equal_for_equal_views_and_leave_lines_out() -> None:
    shared = "Thời sự"
    assert view_bytes([shared, shared]) == view_bytes(["Thời sự", "".join(["Thời", " sự"])])
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    one = Article("a.md", "Tin", datetime(2024, 5, 1, tzinfo=zone), "Thời sự", "tin")
    other = Article("a.md", "Tin", datetime(2024, 5, 1, tzinfo=zone), "Thời sự", "tin")
    other.body_line, other.line = 12, 3  # where the body starts is not shown
    assert view_bytes({"article": one}) == view_bytes({"article": other})
    other.title = "Tin khác"
    assert view_bytes({"article": one}) != view_bytes({"article": other})


def test_digests_keep_parts_apart() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab", "c") == digest("ab", b"c")


def _entry() -> CachedPage:
    links = {"b.md": {"x": "b.md#x"}}
    return CachedPage((("b.md", "b/"),), None, frozenset({"x"}), links, "t1", "w", None)


def _damage(database: Path, data: bytes = b"\x80damaged") -> None:
    db = sqlite3.connect(database)
    with db:
        db.execute("UPDATE entries SET entry = ?", (data,))
    db.close()


def test_an_entry_and_its_page_come_back_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put("ab12", _entry(), b"<html>trang</html>")
    assert cache.flush() == []
    assert cache.get("ab12") == _entry()
    assert cache.page("ab12") == b"<html>trang</html>" and cache.has_page("ab12")
    assert cache.get("cd34") is None and cache.page("cd34") is None
    assert not cache.has_page("cd34")
    cache.close()
    _damage(tmp_path / "pages.sqlite3")
    assert PageCache(tmp_path).get("ab12") is None


def _keep_one(folder: Path, inputs: str) -> None:
    """A build of these `inputs` keeps a page, `ab12`."""
    earlier = PageCache(folder)
    earlier.inputs = inputs
    earlier.put("ab12", _entry(), b"<html>trang</html>")
    earlier.flush()
    earlier.close()


def test_entries_are_read_at_once_by_the_inputs_of_the_build_that_kept_or_used_them(
    tmp_path: Path,
) -> None:
    """`fetch` reads every entry a build of the same inputs kept or used, in one query;
    `get_with_page` then takes each from there; a forked process leaves the marks to the
    first."""
    _keep_one(tmp_path, "menu-1")
    later = PageCache(tmp_path)
    later.inputs = "menu-2"
    assert later.fetch() == 0 and later.kept_key(("", "")) is None
    later.inputs = "menu-1"
    assert later.fetch() == 1 and later.kept_key(("", "")) == "ab12"
    later.close()
    for name in ("pages.sqlite3", "pages.sqlite3-wal", "pages.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)  # a query now would find nothing
    assert later.get_with_page("ab12") == (_entry(), True)
    assert later.get_with_page("ab12") == (None, False)  # taken once: asked, the database is new


def test_a_used_entry_is_marked_with_the_inputs_of_the_build_that_used_it(
    tmp_path: Path,
) -> None:
    _keep_one(tmp_path, "menu-1")
    later = PageCache(tmp_path)
    later.inputs = "menu-2"
    assert later.get("ab12") == _entry()
    later.flush()
    later.close()
    forked = PageCache(tmp_path)
    forked.inputs = "menu-3"
    assert forked.get("ab12") == _entry()
    forked.forked()  # as in a process forked after the lookup: the first one marks it
    forked.flush()
    forked.close()
    last = PageCache(tmp_path)
    last.inputs = "menu-2"
    assert last.fetch() == 1


def test_a_full_disk_is_the_failure_said_not_the_rollback_sqlite_did_itself(
    tmp_path: Path,
) -> None:
    """SQLite undoes a transaction on a full disk; rolling it back again failed ("no
    transaction is active"), and that was all a 100,000-article build said of it."""
    cache = PageCache(tmp_path)
    cache.put("aa01", _entry(), b"<html>")
    assert cache.flush() == []
    cache._connection().execute("PRAGMA max_page_count = 20")  # a disk of 80 KB
    for key in ("bb02", "cc03"):
        cache.put(key, _entry(), b"x" * 100_000)
    assert [str(failure) for failure in cache.flush()] == ["database or disk is full"]
    assert cache.page("aa01") == b"<html>" and cache.page("bb02") is None


def test_a_database_made_under_another_site_key_is_made_anew_before_the_build(
    tmp_path: Path,
) -> None:
    """No entry made under another site's key can be used: the build after a new version
    or configuration does not keep its pages beside them."""
    first = PageCache(tmp_path)
    first.open("site-1")
    first.put("aa01", _entry(), b"<html>")
    assert first.flush() == []
    first.close()
    same = PageCache(tmp_path)
    same.open("site-1")
    assert same.get("aa01") == _entry()
    same.close()
    other = PageCache(tmp_path)
    other.open("site-2")
    assert other.get("aa01") is None and other.page("aa01") is None
    assert (tmp_path / "site-key").read_text(encoding="utf-8") == "site-2"
    other.put("bb02", _entry(), b"<html>")
    assert other.flush() == [] and other.page("bb02") == b"<html>"


def test_a_cache_that_is_no_database_is_made_anew(tmp_path: Path) -> None:
    (tmp_path / "pages.sqlite3").write_bytes(b"\x80 not a database" * 100)
    cache = PageCache(tmp_path)
    assert cache.get("ab12") is None
    cache.put("ab12", _entry(), b"<html>")
    assert cache.flush() == [] and cache.page("ab12") == b"<html>"


def test_a_database_of_an_older_shape_is_made_anew(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "pages.sqlite3")
    with db:
        db.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, entry BLOB, html BLOB, build TEXT)")
        db.execute("INSERT INTO pages VALUES ('ab12', x'80', x'80', 'b')")
        db.execute("PRAGMA user_version = 2")
    db.close()
    cache = PageCache(tmp_path)
    assert cache.get("ab12") is None
    cache.put("ab12", _entry(), b"<html>")
    assert cache.flush() == [] and cache.page("ab12") == b"<html>"


def test_prune_removes_only_entries_this_build_did_not_use(tmp_path: Path) -> None:
    earlier = PageCache(tmp_path)
    for key in ("aa01", "bb02", "cc03"):
        earlier.put(key, _entry(), key.encode())
    earlier.flush()
    earlier.close()
    later = PageCache(tmp_path)
    assert later.get("aa01") is not None
    later.put("dd04", _entry(), b"dd04")
    later.flush()
    assert later.prune() == 2
    assert [key for key in ("aa01", "bb02", "cc03", "dd04") if later.page(key)] == ["aa01", "dd04"]


def _marks(folder: Path) -> dict[str, str]:
    """The build that last kept or marked each entry."""
    with contextlib.closing(sqlite3.connect(folder / "pages.sqlite3")) as db:
        return dict(db.execute("SELECT key, build FROM entries"))


def test_what_a_build_read_at_once_and_used_is_kept_unmarked_and_the_rest_is_pruned(
    tmp_path: Path,
) -> None:
    """Entries read at once (`fetch`) bear this build's inputs already: those it takes from
    there get no mark (an UPDATE each) and stay; those it read and did not use go, unless
    it used them after all; so do those of other inputs it did not use."""
    for inputs, keys in (("in-1", ("aa01", "bb02", "cc03", "ee05")), ("in-0", ("zz09", "yy08"))):
        earlier = PageCache(tmp_path)
        earlier.inputs = inputs
        for key in keys:
            earlier.put(key, _entry(), key.encode())
        earlier.flush()
        earlier.close()
    marks = _marks(tmp_path)
    later = PageCache(tmp_path)
    later.inputs = "in-1"
    assert later.fetch() == 4
    assert later.get("aa01") is not None  # read at once
    later.forget_fetched()
    assert later.get("bb02") is not None and later.get("yy08") is not None  # asked in turn
    later.put("dd04", _entry(), b"dd04")
    assert later.flush() == []
    now = _marks(tmp_path)
    assert now["aa01"] == marks["aa01"]  # no mark
    assert now["bb02"] == now["yy08"] == now["dd04"] == later.build
    assert later.prune() == 3  # cc03 and ee05 (read, not used), zz09 (other inputs)
    kept = [key for key in [*sorted(marks), "dd04"] if later.page(key)]
    assert kept == ["aa01", "bb02", "yy08", "dd04"]
    later.close()
    again = PageCache(tmp_path)
    again.inputs = "in-1"
    assert again.fetch() == 4  # what the next build of the same inputs reads at once


def test_a_prune_that_frees_much_of_the_file_gives_the_room_back(tmp_path: Path) -> None:
    earlier = PageCache(tmp_path)
    for n in range(40):
        earlier.put(f"{n:04x}", _entry(), os.urandom(20_000))  # 5 pages each
    earlier.flush()
    earlier.close()
    full = (tmp_path / "pages.sqlite3").stat().st_size
    later = PageCache(tmp_path)
    for n in range(20):  # half of them used again: half the file freed
        assert later.get(f"{n:04x}") is not None
    later.flush()
    assert later.prune() == 20
    later.close()
    assert (tmp_path / "pages.sqlite3").stat().st_size < full * 0.6
    again = PageCache(tmp_path)
    for n in range(19):  # one page freed of twenty: kept as it is
        assert again.get(f"{n:04x}") is not None
    again.flush()
    before = (tmp_path / "pages.sqlite3").stat().st_size
    assert again.prune() == 1
    again.close()
    assert (tmp_path / "pages.sqlite3").stat().st_size == before
    assert again.page("0000") is not None and again.page("0013") is None


def test_what_search_read_is_kept_by_its_digest_and_pruned_with_its_entry(
    tmp_path: Path,
) -> None:
    searched = "Tin vắn."
    digest = record_digest(searched)
    earlier = PageCache(tmp_path)
    earlier.put("aa01", dataclasses.replace(_entry(), searched=digest), b"<html>", searched)
    earlier.flush()
    earlier.close()
    later = PageCache(tmp_path)
    with ThreadPoolExecutor(1) as search:  # search reads it from a thread of its own
        assert search.submit(later.searched_pages, [digest]).result() == {digest: searched}
    later.put("bb02", _entry(), b"<html>")
    later.flush()
    assert later.prune() == 1
    assert later.searched_pages([digest]) == {}


@pytest.mark.parametrize("few", [True, False], ids=["by-keys", "by-a-pass"])
def test_a_rebuild_prunes_the_pages_and_search_texts_of_the_entries_it_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, few: bool
) -> None:
    """A rebuild that read the entries at once removes the few it did not use with their
    pages by their keys (more than `FEW_REMOVED`: in a pass over the tables); what search
    read of a removed entry goes, unless an entry kept has the same text."""
    if not few:
        monkeypatch.setattr(pages_module, "FEW_REMOVED", 1)
    shared, own = record_digest("Tin chung."), record_digest("Tin riêng.")
    earlier = PageCache(tmp_path)
    earlier.inputs = "in-1"
    for key, searched, text in (
        ("aa01", shared, "Tin chung."),
        ("bb02", shared, "Tin chung."),
        ("cc03", own, "Tin riêng."),
        ("dd04", None, None),
    ):
        entry = dataclasses.replace(_entry(), searched=searched)
        earlier.put(key, entry, key.encode(), text)
    earlier.flush()
    earlier.close()
    later = PageCache(tmp_path)
    later.inputs = "in-1"
    assert later.fetch() == 4
    assert later.get("aa01") is not None  # the others, read at once, are not used
    later.put("ee05", _entry(), b"ee05")
    assert later.flush() == []
    assert later.prune() == 3
    assert [key for key in ("aa01", "bb02", "cc03", "dd04", "ee05") if later.page(key)] == [
        "aa01",
        "ee05",
    ]
    assert later.searched_pages([shared, own]) == {shared: "Tin chung."}
    with contextlib.closing(sqlite3.connect(tmp_path / "pages.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone() == (2,)


def test_what_search_read_is_read_back_many_at_once(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    texts = {record_digest(f"Tin {n}."): f"Tin {n}." for n in range(PageCache.QUERIED + 7)}
    for n, (searched, text) in enumerate(texts.items()):
        cache.put(f"{n:04x}", dataclasses.replace(_entry(), searched=searched), b"<html>", text)
    cache.flush()
    asked = [*texts, record_digest("Tin không còn.")]
    assert cache.searched_pages(asked) == texts  # over two queries; the lost one left out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../b.md", "articles/b.md"),
        ("c.md#muc", "articles/x/c.md"),
        ("/images/a.png", "images/a.png"),
        ("%C4%90ang.md", "articles/x/Đang.md"),
        ("https://example.org/a.md", None),
        ("#muc-hai", None),
    ],
)
def test_a_link_points_to_the_docs_path_mkdocs_reads(url: str, expected: str | None) -> None:
    assert target_path("articles/x/a.md", url) == expected


def test_an_entry_is_stale_when_a_link_leads_elsewhere() -> None:
    urls = {"articles/b.md": "2024/05/b/", "images/a.png": "images/a.png"}
    found = dependencies("articles/a.md", ["b.md", "/images/a.png", "b.md#x", "#y"], urls.get)
    assert found == (("articles/b.md", "2024/05/b/"), ("images/a.png", "images/a.png"))
    entry = _entry()
    entry.dependencies = found
    assert still_valid(entry, urls.get)
    assert not still_valid(entry, {**urls, "articles/b.md": "2024/06/b/"}.get)
    assert not still_valid(entry, {"images/a.png": "images/a.png"}.get)


def test_the_recorder_sees_links_and_images_as_written() -> None:
    recorder = LinkRecorder()
    md = markdown.Markdown(extensions=[LinkRecorderExtension(recorder)])
    recorder.start()
    md.convert("[a](b.md#x) ![c](d.png) [e](https://example.org/)")
    assert recorder.written == ["b.md#x", "d.png", "https://example.org/"]


# End to end: a rebuild with the cache is the site a clean build makes


def _linking(n: int, body: str = "") -> str:
    return article(
        f"Tin số {n}",
        f"2024-05-0{n} 08:00",
        extra='speakers: ["Nguyễn Văn An"]\n',
        body=f"## Mục {n}\n\nÔng Nguyễn Văn An phát biểu. Xem [tin trước](tin-{max(n - 1, 1)}.md"
        f"#muc-{max(n - 1, 1)}).\n{body}",
    )


ARTICLES = {f"articles/2024/05/tin-{n}.md": _linking(n) for n in range(1, 6)}


def _write(tmp_path: Path, options: str = "      search: false\n") -> Path:
    overrides = tmp_path / "overrides"
    shutil.copytree(OVERRIDES, overrides)
    yml = site_yml(options=options).replace(str(OVERRIDES), str(overrides))
    return write_site(tmp_path, ARTICLES, yml)


def _build(config: Path, site: Path, command: str = "build") -> Rebuilt:
    return cached_build(config, site, command)


def _rebuild_and_compare(tmp_path: Path, change: Callable[[Path], None]) -> Rebuilt:
    """Build, change, build with the cache, build again without: both the same site."""
    return rebuild_and_compare(tmp_path, _write, change)


def test_an_unchanged_site_comes_whole_from_the_cache(tmp_path: Path) -> None:
    rebuilt = _rebuild_and_compare(tmp_path, lambda root: None)
    assert rebuilt.made == 0 and rebuilt.reused > 10
    ignored = (tmp_path / ".cache/bulletin/pages/.gitignore").read_text(encoding="utf-8")
    assert ignored.endswith("\n*\n")  # never committed with the articles
    assert rebuilt.before == site_tree(rebuilt.site)


def test_a_changed_body_makes_its_page_again(tmp_path: Path) -> None:
    change = edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")
    rebuilt = _rebuild_and_compare(tmp_path, change)
    assert rebuilt.made == 1 and rebuilt.reused > 10
    assert "phát biểu tại hội nghị" in (rebuilt.site / "2024/05/tin-so-3/index.html").read_text()


def test_a_removed_article_leaves_no_page_behind(tmp_path: Path) -> None:
    """The last build's pages are written first (a process of their own): the removed
    article's page, its person's and tag's lists change, and nothing stale stays."""
    rebuilt = _rebuild_and_compare(
        tmp_path, lambda root: (root / "docs/articles/2024/05/tin-5.md").unlink()
    )
    assert not (rebuilt.site / "2024/05/tin-so-5").exists()  # nor its folder
    assert (rebuilt.site / "2024/05/tin-so-4/index.html").is_file()
    assert rebuilt.reused > 0


def test_an_article_mkdocs_leaves_out_leaves_no_page_behind(tmp_path: Path) -> None:
    """`exclude_docs` in mkdocs.yml: MkDocs writes nothing for the file, so the copy of the
    last build's page goes."""

    def exclude(root: Path) -> None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text + "exclude_docs: articles/2024/05/tin-5.md\n", encoding="utf-8")

    rebuilt = _rebuild_and_compare(tmp_path, exclude)
    assert not (rebuilt.site / "2024/05/tin-so-5").exists()


def test_a_file_where_a_page_was_is_the_file(tmp_path: Path) -> None:
    """A page's path now holds a file MkDocs copies: the copying process leaves it alone."""

    def replace(root: Path) -> None:
        (root / "docs/articles/2024/05/tin-5.md").unlink()
        static = root / "docs/2024/05/tin-so-5/index.html"
        static.parent.mkdir(parents=True)
        static.write_text("<p>Trang tĩnh</p>\n", encoding="utf-8")

    rebuilt = _rebuild_and_compare(tmp_path, replace)
    page = rebuilt.site / "2024/05/tin-so-5/index.html"
    assert page.read_text(encoding="utf-8") == "<p>Trang tĩnh</p>\n"


def test_a_page_whose_output_is_blank_leaves_no_copy_behind(tmp_path: Path) -> None:
    """MkDocs writes no file for a blank page: the copy of the last build's page goes."""

    def blank_one(root: Path) -> None:
        templates = root / "overrides"
        (templates / "article.html").rename(templates / "full-article.html")
        (templates / "article.html").write_text(
            '{% if page.title == "Tin số 5" %} {% else %}{% include "full-article.html" %}'
            "{% endif %}",
            encoding="utf-8",
        )

    rebuilt = _rebuild_and_compare(tmp_path, blank_one)
    assert not (rebuilt.site / "2024/05/tin-so-5").exists()
    assert (rebuilt.site / "2024/05/tin-so-4/index.html").is_file()


def test_pages_written_twice_by_a_failed_build_are_written_again(tmp_path: Path) -> None:
    """A build that failed leaves two kept pages for one path: neither is trusted."""
    change = edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")

    def fail_then_change(root: Path) -> None:
        change(root)
        db = sqlite3.connect(root / ".cache/bulletin/pages/site/pages.sqlite3")
        with db:  # an older page kept for the same path, as a failed build leaves it
            db.execute(
                "INSERT INTO pages SELECT key || 'old', x'3c703e', target, 'old' FROM pages "
                "WHERE target = '2024/05/tin-so-2/index.html'"
            )
        db.close()

    rebuilt = _rebuild_and_compare(tmp_path, fail_then_change)
    page = (rebuilt.site / "2024/05/tin-so-2/index.html").read_text(encoding="utf-8")
    assert page.startswith("\n<!doctype html>")


def test_a_failed_copying_process_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _write(tmp_path)
    _build(config, tmp_path / "first")

    def failing(*args: object) -> list[str]:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("bulletin.cache.last_build_writer.copy_pages", failing)
    messages = failed_build(config, tmp_path / "again")
    assert len(messages) == 1, messages
    assert messages[0].startswith("bulletin: the page cache's copying process failed: Traceback")
    assert messages[0].rstrip().endswith("RuntimeError: the disk went away")


def test_a_page_of_the_last_build_that_cannot_be_removed_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _write(tmp_path)
    _build(config, tmp_path / "first")
    (tmp_path / "docs/articles/2024/05/tin-5.md").unlink()

    def refusing(site_dir: Path, target: str) -> None:
        raise PermissionError(13, "Permission denied", str(site_dir / target))

    monkeypatch.setattr("bulletin.cache.last_build_writer.remove", refusing)
    messages = failed_build(config, tmp_path / "again")
    path = tmp_path / ".again.building/2024/05/tin-so-5/index.html"  # beside the site
    assert messages == [
        "bulletin: page cache: cannot remove a page of the last build "
        f"([Errno 13] Permission denied: '{path}')"
    ]


def test_a_changed_body_makes_no_other_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing any view shows changed: no page's view is made to know it (one process)."""
    config = _write(tmp_path, "      search: false\n      workers: 1\n")
    _build(config, tmp_path / "first")
    edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu lại.")(tmp_path)
    made: list[str] = []

    def counted(state: BuildState, base_url: str, page: Page) -> object:
        made.append(page.file.src_uri)
        return page_extras(state, base_url, page)

    for module in ("plugin", "cached_pages"):  # where views are made
        monkeypatch.setattr(f"bulletin.mkdocs_plugin.{module}.page_extras", counted)
    rebuilt = _build(config, tmp_path / "second")
    assert rebuilt.made == 1
    assert [src for src in made if src.startswith("articles/")] == ["articles/2024/05/tin-3.md"]


def test_a_rebuild_reads_what_the_cache_has_before_forking_a_rendering_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One changed body: every other page comes from the cache, read at once before any
    rendering process is forked (`RenderingProcesses.early`), and what is left is too little
    to fork one for; the sitemap's process is forked first, as in a clean build: it writes
    while this one reads the cache."""
    forked = forks_named(monkeypatch)
    change = edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")
    two = "      search: false\n      workers: 2\n"
    rebuilt = rebuild_and_compare(tmp_path, lambda root: _write(root, two), change)
    assert rebuilt.made == 1 and rebuilt.reused > 10
    sitemap, renderer = "the process of the sitemap", "rendering process 2"
    assert forked == [sitemap, renderer, sitemap, sitemap, renderer]  # clean, cached, clean


def test_the_pages_the_cache_has_are_read_with_the_collector_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the early reads give the pages lives to the end of the build: the garbage
    collector waits while they are read (its full passes walked it again and again), and
    runs again after."""
    collecting: list[bool] = []
    read_unread = RenderingProcesses._read_unread

    def noting(self: RenderingProcesses, page: Page, early: bool = False) -> bool:
        if early:
            collecting.append(gc.isenabled())
        return read_unread(self, page, early)

    monkeypatch.setattr(RenderingProcesses, "_read_unread", noting)
    change = edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")
    rebuilt = _rebuild_and_compare(tmp_path, change)
    assert rebuilt.reused > 10 and len(collecting) > 10 and not any(collecting)
    assert gc.isenabled()


def test_a_rebuild_of_the_same_inputs_finds_its_pages_by_their_origin_not_their_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One changed body (the same views, menu and addresses): the other pages' entries are
    found by their docs path and file digest (`look_up_kept`): no key is made but the
    changed page's; the site is the clean build's."""
    monkeypatch.setattr("bulletin.mkdocs_plugin.cached_pages.CHECK_KEYS", False)
    keyed: list[str] = []
    make_key = CachedPages._markdown_key

    def counting(self: CachedPages, page: Page, source: str) -> str:
        keyed.append(page.file.src_uri)
        return make_key(self, page, source)

    monkeypatch.setattr(CachedPages, "_markdown_key", counting)
    config = _write(tmp_path, "      search: false\n      workers: 1\n")  # keys made here
    first = _build(config, tmp_path / "site")
    assert first.made > 10 and len(keyed) == first.made
    keyed.clear()
    edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")(tmp_path)
    rebuilt = _build(config, tmp_path / "site")
    assert rebuilt.made == 1 and rebuilt.reused == first.made - 1
    assert keyed == ["articles/2024/05/tin-3.md"]  # in its turn (early: by origin)
    phase = f"bulletin: {MENU_AND_CACHE}: "  # a phase of its own in the build's log
    assert sum(message.startswith(phase) for message in rebuilt.messages) == 1
    shutil.rmtree(tmp_path / ".cache")
    assert site_tree(rebuilt.site) == site_tree(_build(config, tmp_path / "clean").site)


def test_a_page_found_by_its_origin_whose_view_was_made_again_since_stays_the_same(
    tmp_path: Path,
) -> None:
    """A tag added: the views change (`world`), most pages' views come out the same and their
    entries are used as they are (the view they were made with recorded); a body changed
    next, the same inputs: those pages, found by their origin, have their views made again
    (their metadata set then: `_unchanged`) and come out the same. One page made."""
    config = _write(tmp_path)
    _build(config, tmp_path / "site")
    tagged = 'speakers: ["Nguyễn Văn An"]\ntags: ["Kinh tế"]'
    edit("docs/articles/2024/05/tin-1.md", 'speakers: ["Nguyễn Văn An"]', tagged)(tmp_path)
    viewed = _build(config, tmp_path / "site")
    assert viewed.reused > 5
    edit("docs/articles/2024/05/tin-3.md", "phát biểu.", "phát biểu tại hội nghị.")(tmp_path)
    rebuilt = _build(config, tmp_path / "site")
    assert rebuilt.made == 1 and rebuilt.reused == viewed.reused + viewed.made - 1
    shutil.rmtree(tmp_path / ".cache")
    assert site_tree(rebuilt.site) == site_tree(_build(config, tmp_path / "clean").site)


def test_a_page_found_by_its_origin_under_another_key_stops_the_checked_build(
    tmp_path: Path,
) -> None:
    """With `CHECK_KEYS` (every test), the key of a page found by its origin is made too: an
    entry kept for another page's origin (here two origins swapped) stops the build."""
    config = _write(tmp_path)
    _build(config, tmp_path / "site")
    database = tmp_path / ".cache/bulletin/pages/site/pages.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        query = "SELECT key, page, source FROM entries WHERE page LIKE 'articles/%'"
        (one, *one_origin), (other, *other_origin) = db.execute(query).fetchmany(2)
        swap = "UPDATE entries SET page = ?, source = ? WHERE key = ?"
        db.executemany(swap, [(*other_origin, one), (*one_origin, other)])
    messages = failed_build(config, tmp_path / "site")
    found = (
        f"{other_origin[0]}: kept under {one}, made {other}",
        f"{one_origin[0]}: kept under {other}, made {one}",
    )  # whichever comes first
    assert any(said in message for said in found for message in messages), messages


def test_a_rebuild_with_much_left_to_make_forks_its_rendering_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache lacks is dealt out as in a clean build once there is enough of it for a
    process (`PAGES_PER_PROCESS`, one page here): two changed bodies, two processes."""
    monkeypatch.setattr("bulletin.mkdocs_plugin.rendering.PAGES_PER_PROCESS", 1)
    forked = forks_named(monkeypatch)

    def change(root: Path) -> None:
        for n in (2, 4):
            edit(f"docs/articles/2024/05/tin-{n}.md", "phát biểu.", "phát biểu lại.")(root)

    two = "      search: false\n      workers: 2\n"
    rebuilt = rebuild_and_compare(tmp_path, lambda root: _write(root, two), change)
    assert rebuilt.made == 2
    sitemap, renderer = "the process of the sitemap", "rendering process 2"
    assert forked == [sitemap, renderer] * 3


@pytest.mark.parametrize("menu_seen", [True, False])
def test_a_menu_title_from_a_page_s_markdown_changes_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, menu_seen: bool
) -> None:
    """The home page's heading is its title in every page's menu. Its bytes are among what the
    cache reads entries by (`_menu_inputs`); were they not (`menu_seen` False), the pages read
    early are made again once the menu is known, not taken: the same site either way."""
    if not menu_seen:
        monkeypatch.setattr(
            "bulletin.mkdocs_plugin.cached_pages._menu_inputs", lambda world, nav: world
        )
    rebuilt = _rebuild_and_compare(tmp_path, edit("docs/index.md", "# Trang chủ", "# Trang chính"))
    assert rebuilt.made > 10
    page = (rebuilt.site / "2024/05/tin-so-1/index.html").read_text(encoding="utf-8")
    assert "Trang chính" in page


def test_a_changed_registry_changes_the_pages_that_show_it(tmp_path: Path) -> None:
    def title(root: Path) -> None:
        people = "- name: Nguyễn Văn An\n  positions:\n    - title: Giám đốc Sở Tư pháp\n"
        people += "      from: 2020-01-01\n"
        (root / "docs/_data").mkdir(exist_ok=True)
        (root / "docs/_data/people.yml").write_text(people, encoding="utf-8")

    rebuilt = _rebuild_and_compare(tmp_path, title)
    page = (rebuilt.site / "2024/05/tin-so-1/index.html").read_text(encoding="utf-8")
    assert "Giám đốc Sở Tư pháp" in page


def test_a_changed_title_changes_every_page_that_lists_it(tmp_path: Path) -> None:
    """ "Tin khác", related articles, the speaker's and the month's lists show the title."""
    change = edit("docs/articles/2024/05/tin-2.md", "title: Tin số 2", "title: Tin đã sửa")
    rebuilt = _rebuild_and_compare(tmp_path, change)
    assert rebuilt.made > 5 and rebuilt.reused > 0
    listing = [path for path in rebuilt.site.rglob("*.html") if "Tin đã sửa" in path.read_text()]
    assert len(listing) > 5


def test_a_changed_template_makes_every_page_again(tmp_path: Path) -> None:
    change = edit("overrides/article.html", "{% block content %}", "{% block content %}<!-- v2 -->")
    rebuilt = _rebuild_and_compare(tmp_path, change)
    assert rebuilt.reused == 0
    assert "<!-- v2 -->" in (rebuilt.site / "2024/05/tin-so-1/index.html").read_text()


def test_a_changed_configuration_makes_every_page_again(tmp_path: Path) -> None:
    change = edit("mkdocs.yml", "site_name: Bản tin thử", "site_name: Bản tin mới")
    rebuilt = _rebuild_and_compare(tmp_path, change)
    assert rebuilt.reused == 0


def test_a_moved_link_target_makes_the_linking_page_again(tmp_path: Path) -> None:
    """tin-2 links to tin-1: a new address for tin-1 (its slug) is a new link in tin-2."""
    change = edit(
        "docs/articles/2024/05/tin-1.md", "title: Tin số 1\n", "title: Tin số 1\nslug: tin-dau\n"
    )
    rebuilt = _rebuild_and_compare(tmp_path, change)
    page = (rebuilt.site / "2024/05/tin-so-2/index.html").read_text(encoding="utf-8")
    assert 'href="../tin-dau/#muc-1"' in page


def test_a_damaged_cache_is_made_again(tmp_path: Path) -> None:
    """Entries that are not entries."""

    def damage(root: Path) -> None:
        _damage(root / ".cache/bulletin/pages/site/pages.sqlite3")

    rebuilt = _rebuild_and_compare(tmp_path, damage)
    assert rebuilt.reused == 0


def test_entries_whose_pages_are_gone_are_made_again(tmp_path: Path) -> None:
    def lose_pages(root: Path) -> None:
        db = sqlite3.connect(root / ".cache/bulletin/pages/site/pages.sqlite3")
        with db:
            db.execute("DELETE FROM pages")
        db.close()

    rebuilt = _rebuild_and_compare(tmp_path, lose_pages)
    assert rebuilt.reused == 0


def _cached_pages(site: Path, cache: PageCache) -> CachedPages:
    """The page cache of a build writing into `site`, without the rest of the build."""
    state = cast(BuildState, SimpleNamespace(site_dir=site))
    return CachedPages(state, cache, "key", logging.getLogger("bulletin-test"))


def test_a_page_lost_while_it_is_written_stops_the_build(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    pages = _cached_pages(tmp_path, cache)
    target = tmp_path / "site/tin/index.html"
    pages.kept = [("ab12", str(target))]
    with pytest.raises(PluginError) as raised:
        pages.copy_kept()
    assert str(raised.value) == (
        f"bulletin: page cache: cannot write {target} (the page cache {cache.path} lost it: "
        "delete it and build again)"
    )


def test_a_cached_page_that_cannot_be_written_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    cache = PageCache(tmp_path / "cache")
    pages = _cached_pages(tmp_path, cache)
    cache.put("ab12", _entry(), b"<html>")
    assert cache.flush() == []
    (tmp_path / "site").write_text("a file where the folder goes")
    target = tmp_path / "site/tin/index.html"
    pages.kept = [("ab12", str(target))]
    with pytest.raises(PluginError) as raised:
        pages.copy_kept()
    assert str(raised.value).startswith(f"bulletin: page cache: cannot write {target} ([Errno")


def test_cached_pages_still_warn_of_anchors_that_are_gone(tmp_path: Path) -> None:
    """tin-3 and tin-4 (one in each process) link to headings of tin-2 and tin-3 that are
    gone: they come from the cache, and their links are checked all the same."""
    config = _write(tmp_path)
    yml = config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n"
    config.write_text(yml, encoding="utf-8")
    _build(config, tmp_path / "first")
    for n in (2, 3):
        edit(f"docs/articles/2024/05/tin-{n}.md", f"## Mục {n}", "## Mục khác")(tmp_path)
    messages = failed_build(config, tmp_path / "second")
    assert len(messages) == 2, messages
    for n in (3, 4):
        assert any(f"tin-{n}.md" in message and f"#muc-{n - 1}" in message for message in messages)


def test_a_page_that_warned_is_made_again_and_warns_again(tmp_path: Path) -> None:
    config = _write(tmp_path)
    text = config.read_text(encoding="utf-8").replace("strict: true\n", "")
    config.write_text(text, encoding="utf-8")
    broken = _linking(4, body="\nXem [tin mất](khong-co.md).\n")
    (tmp_path / "docs/articles/2024/05/tin-4.md").write_text(broken, encoding="utf-8")
    for run in ("first", "second"):
        with mkdocs_log() as messages:
            rebuilt = _build(config, tmp_path / run)
        assert any("khong-co.md" in message for message in messages), (run, messages)
    assert rebuilt.made == 1


def test_the_cache_is_off_with_other_plugins_or_when_asked(tmp_path: Path) -> None:
    config = _write(tmp_path, "      search: false\n      page_cache: ''\n")
    with mkdocs_log(logging.INFO) as messages:
        build_site(config, tmp_path / "site")
    assert not any("page cache" in message for message in messages)
    assert not (tmp_path / ".cache" / "bulletin" / "pages").exists()
    text = config.read_text(encoding="utf-8").replace("      page_cache: ''\n", "  - search\n")
    config.write_text(text, encoding="utf-8")
    with mkdocs_log(logging.INFO) as messages:
        build_site(config, tmp_path / "site")
    assert "bulletin: page cache off: plugins material/search change pages unseen by it" in messages


def test_a_cache_folder_that_cannot_be_made_is_a_warning(tmp_path: Path) -> None:
    config = _write(tmp_path, "      search: false\n      page_cache: blocker/pages\n")
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    messages = failed_build(config, tmp_path / "site")
    assert len(messages) == 1, messages
    assert messages[0].startswith(
        f"bulletin: page cache off: cannot make the folder {tmp_path}/blocker/pages/site ("
    )


def test_pages_that_cannot_be_kept_are_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("bulletin.cache.pages._connect", refuse)
    config = _write(tmp_path, "      search: false\n      workers: 1\n")
    messages = failed_build(config, tmp_path / "site")
    assert messages == [
        f"bulletin: page cache: cannot keep pages in {tmp_path}/.cache/bulletin/pages/site/"
        "pages.sqlite3 (database or disk is full); the next build makes them again"
    ]


def test_articles_that_cannot_be_kept_are_a_warning(tmp_path: Path) -> None:
    config = _write(tmp_path)
    kept = tmp_path / ".cache/bulletin/pages/articles"
    for shard in range(SHARDS):
        (kept / f"{shard:02x}").mkdir(parents=True)  # folders where the files go
    messages = failed_build(config, tmp_path / "site")
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"bulletin: page cache: cannot keep the articles in {kept} (")


def test_the_preview_keeps_its_own_pages_and_removes_none(tmp_path: Path) -> None:
    config = _write(tmp_path)
    built = _build(config, tmp_path / "built")
    preview = _build(config, tmp_path / "preview", "serve")
    assert preview.reused == 0  # it shows drafts: never the published pages
    again = _build(config, tmp_path / "again")
    assert again.made == 0 and again.reused == built.made
    preview_again = _build(config, tmp_path / "preview-again", "serve")
    assert preview_again.made == 0
