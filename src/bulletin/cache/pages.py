"""Rendered pages kept between builds, by what they are made of (a content-addressed cache).

A page is made in two steps, and the cache keeps both:
- its Markdown turned into HTML: the key is everything that step reads (the site's key, the
  page's address, its Markdown, metadata and automatic links), and the entry records what the
  links and images of the page led to (`Dependency`): a link to a page whose address changed
  makes the entry stale even though the Markdown did not change;
- the page written with the theme: its key (`CachedPage.template_key`) is everything the template
  is given (the HTML of the first step, the page's view: "Tin khác", related articles,
  comments..., the menu), and the bytes written are kept with the entry. While nothing any
  view shows has changed (`CachedPage.world`), the view need not even be made to know it is the
  same.

The site's key (`site_key`) covers what every page depends on: the installed software (every
distribution's version and this package's own source), the theme's folders by their files'
content, and the configuration (`bulletin.mkdocs_plugin.cache_inputs`). Everything is in one
SQLite database per folder (`PageCache`): one file to keep between CI runs, and no file per
page for the file system to make. An entry that cannot be read is a miss, never an error: the
page is made again. Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import importlib.metadata
import io
import logging
import os
import pickle
import posixpath
import sqlite3
import sys
import sysconfig
import tempfile
import threading
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from datetime import time as day_time
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from bulletin.articles.model import Article
from bulletin.build.last_site import identity_of, text_of
from bulletin.cache.transaction import immediate

SCHEMA = "7"
"""Changes whenever an entry changes shape: every page is made again."""

Dependency = tuple[str, str | None]
"""A link or image of a page: the docs path it points to, and what it became (None: no such
file)."""


def fingerprint(value: object) -> str:
    """A text that is equal for equal values, from one process to the next (sets in order, no
    memory addresses): dataclasses (their compared fields), mappings, sequences, sets, dates,
    strings, numbers, enums, functions (by name). TypeError for anything else, so that a value
    the cache cannot see never passes for an unchanged one."""
    out: list[str] = []
    _fingerprint(value, out)
    return "".join(out)


def _fingerprint(value: object, out: list[str]) -> None:
    if isinstance(value, str):  # Markup too: its text is what a template prints
        out.append(repr(str(value)))
    elif value is None or isinstance(value, bool | int | float | bytes):
        out.append(repr(value))
    elif isinstance(value, list | tuple):
        out.append("[")
        for item in value:
            _fingerprint(item, out)
            out.append(",")
        out.append("]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__qualname__ + "(")
        for field in _compared_fields(type(value)):
            out.append(field + "=")
            _fingerprint(getattr(value, field), out)
            out.append(",")
        out.append(")")
    elif isinstance(value, Mapping):
        items = sorted(f"{fingerprint(key)}:{fingerprint(item)}" for key, item in value.items())
        out.append("{" + ",".join(items) + "}")
    elif isinstance(value, set | frozenset):
        out.append("{" + ",".join(sorted(fingerprint(item) for item in value)) + "}")
    elif isinstance(value, enum.Enum):
        out.append(f"{type(value).__qualname__}.{value.name}")
    elif isinstance(value, datetime | date | day_time):
        tz = value.tzinfo if isinstance(value, datetime | day_time) else None
        out.append(f"{type(value).__name__}({value.isoformat()},{_zone(tz)})")
    elif isinstance(value, tzinfo):
        out.append(_zone(value))
    elif callable(value) and hasattr(value, "__qualname__"):
        out.append(f"<{getattr(value, '__module__', '')}.{value.__qualname__}>")
    else:
        raise TypeError(f"no fingerprint for {type(value).__qualname__}")


@cache
def _compared_fields(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind) if field.compare)


def plain(value: object, depth: int = 4) -> object:
    """Configuration as values `fingerprint` reads: a string, number, mapping or sequence as
    itself; a function or class by its name, with what a closure or a bound method holds and,
    for a `functools.partial`, its function and arguments; another object by its text or (when
    that names a memory address) by its type and attributes. `depth` counts the objects gone
    into, not the mappings and sequences: nested configuration is never cut. TypeError for
    what the key cannot see: code outside the installed packages, Python's own library and
    Bulletin (its version or source is not in the key), an object with no attributes to read,
    or one more than `depth` objects down."""
    if value is None or isinstance(value, str | bytes | bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(key): plain(item, depth) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item, depth) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(fingerprint(plain(item, depth)) for item in value)
    if isinstance(value, partial):
        return ["<functools.partial>", plain([value.func, value.args, value.keywords], depth)]
    if callable(value) and hasattr(value, "__qualname__"):
        return _code(value, depth)
    text = repr(value)
    if " at 0x" not in text:
        return text
    kind = f"<{type(value).__module__}.{type(value).__qualname__}>"
    if depth and hasattr(value, "__dict__"):
        return [kind, plain(vars(value), depth - 1)]
    raise TypeError(f"{kind}, an object the key cannot read")


def _code(value: Any, depth: int) -> object:
    """A function or class by its name, with the values it holds: a bound method's object, a
    closure's variables (`plain`)."""
    owner = getattr(value, "__self__", None)
    holder = getattr(value, "__objclass__", None) or owner  # a method of a built-in type
    kind = holder if isinstance(holder, type) else type(holder)
    module = str(getattr(value, "__module__", None) or kind.__module__)
    name = f"<{module}.{value.__qualname__}>"
    if not seen_code(module):
        raise TypeError(f"{name[1:-1]}, code of no installed package")
    held = [] if owner is None or isinstance(owner, types.ModuleType) else [owner]
    cells = getattr(value, "__closure__", None) or ()
    held += [cell.cell_contents for cell in cells if _filled(cell)]
    if not held:
        return name
    if not depth:
        raise TypeError(f"{name[1:-1]}, holding values too deep for the key")
    return [name, plain(held, depth - 1)]


def _filled(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:  # a closure's variable not yet assigned
        return False
    return True


_PACKAGE = Path(__file__).resolve().parent.parent
_PYTHON = Path(sysconfig.get_paths()["stdlib"]).resolve()


def seen_code(module_name: str) -> bool:
    """Whether the key sees a module's code: Python's own (its version), an installed
    package's (its version) or Bulletin's (its source: `software_digest`)."""
    module = sys.modules.get(module_name)
    if module is None:
        return False
    file = getattr(module, "__file__", None)
    if file is None:  # built into Python, or made by some code (not seen)
        origin = getattr(module.__spec__, "origin", None)
        return module_name in sys.builtin_module_names or origin in {"built-in", "frozen"}
    path = Path(file).resolve()
    return installed(path) or path.is_relative_to(_PYTHON) or path.is_relative_to(_PACKAGE)


def _zone(zone: tzinfo | None) -> str:
    return str(getattr(zone, "key", None) or zone)


def view_bytes(value: object) -> bytes:
    """A page's view as bytes for its key: equal for equal views built the same way (views
    hold no sets, whose order changes from one process to the next, and no cycles)."""
    buffer = io.BytesIO()
    pickler = _ViewPickler(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values, equal bytes, whichever objects are shared
    pickler.dump(value)
    return buffer.getvalue()


class _ViewPickler(pickle.Pickler):
    """An article in a view as what a view may show of it: not the lines its fields and
    body start at (the page's Markdown key has the body)."""

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, Article):
            return Article, tuple(getattr(obj, name) for name in _SHOWN)
        return NotImplemented


_SHOWN = [
    field.name
    for field in dataclasses.fields(Article)
    if field.compare and field.name not in {"body_line", "line"}
]
"""What of an article a view may show."""


def digest(*parts: str | bytes) -> str:
    """SHA-256, its first 20 bytes: twice as fast as BLAKE2b where the processor computes it
    (SHA-NI; most of what is hashed is a page's view or Markdown)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()[:40]


@lru_cache(maxsize=1)
def software_digest() -> str:
    """Python's version, every installed distribution's version, and this package's source
    (installed in editable mode, its version does not change when its code does)."""
    versions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    package = Path(__file__).parent.parent  # the whole of bulletin, not this subpackage
    sources = [
        part
        for path in sorted(package.rglob("*"))
        if path.is_file() and path.suffix not in {".pyc"} and "__pycache__" not in path.parts
        for part in (path.relative_to(package).as_posix(), path.read_bytes())
    ]
    return digest(sys.version, *versions, *sources)


def folder_digest(folders: Iterable[Path]) -> str:
    """Every file in the folders: its path and its content (a path that is a file: its
    content)."""
    parts: list[str | bytes] = []
    for folder in folders:
        parts.append(str(folder))
        if folder.is_file():
            parts.append(folder.read_bytes())
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


class UnseenInput(Exception):
    """Something pages are made of that the key cannot see into: the cache is off, and the
    message says what and why."""


def site_key(settings: object, theme: str, preview: bool) -> str:
    """What every page depends on: the software, the theme (the digest of its folders'
    files), the configuration (`settings`, see `fingerprint`) and whether this is the
    preview."""
    return digest(SCHEMA, software_digest(), theme, fingerprint(settings), str(preview))


def installed(path: Path) -> bool:
    """Whether a file or folder belongs to an installed package (in site-packages)."""
    return any(part in {"site-packages", "dist-packages"} for part in path.resolve().parts)


@dataclass
class CachedPage:
    """A page as the previous build made it."""

    dependencies: tuple[Dependency, ...]
    title: str | None
    """The title its Markdown gave (its first heading), if any."""
    anchors: frozenset[str]
    links: dict[str, dict[str, str]]
    """The anchors it links to: target's docs path → anchor → link as written."""
    template_key: str
    """The key of what was written (kept with the entry: `PageCache.page`)."""
    world: str
    """The digest of everything views are made of when it was written (see the plugin's
    `_world`): while it is the same, so is the page's view, which need not be made to know."""
    searched: str | None
    """The digest of what the search index read of it (`search_bundle.page_digest`; None:
    not an indexed article)."""


@dataclass
class Made:
    """A page the cache may keep, as this process makes it."""

    key: str
    """Its Markdown's key."""
    entry: CachedPage | None
    """What the cache had for that key (None: the Markdown is rendered)."""
    warnings: int = 0
    """Warnings logged before its Markdown, then before its template."""
    clean: bool = True
    """No warning while its Markdown was rendered (a cached page would not repeat them)."""
    dependencies: tuple[tuple[str, str | None], ...] = ()
    template_key: str = ""
    written: bool = False
    """Written from the cache."""
    has_page: bool = False
    """The cache has the page `entry` was written as."""
    source: str = ""
    """What its Markdown was read from: its article's file digest (`ArticleCache.sources`),
    "" for a list page."""

    def keeps(self, warnings: int) -> bool:
        """Whether the page goes to the cache: made without a warning."""
        made = bool(self.template_key) and not self.written
        return made and self.clean and warnings == self.warnings


class WarningCount(logging.Handler):
    """Counts the warnings MkDocs' loggers log in the thread that builds the pages (a page
    that logged one is not cached); not those of the second process, logged again by the
    thread that reads its pipe."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.count += 1


class _Kept(NamedTuple):
    """A page to keep (`PageCache.put`)."""

    key: str
    entry: bytes
    html: bytes
    digest: str | None
    searched: str | None
    target: str | None
    identity: str
    origin: Origin


Origin = tuple[str, str]
"""A page's docs path and what its Markdown was read from (`Made.source`): with the inputs of
the build that kept it, what finds its entry before its key is made (`PageCache.kept_key`)."""


SITE_KEY = "site-key"
"""Beside the database: the site's key its entries were made under (`PageCache.open`)."""


FEW_PATHS = 1000
"""More paths than this are looked up in one read of every page's (`identities`)."""

FEW_REMOVED = 500
"""At most this many unused entries are removed with their pages by their keys (one query
for their search digests: SQLite before 3.32 takes at most 999 parameters); more, by a
pass over the tables."""


class PageCache:
    """Kept pages in one SQLite database per folder: each page by its Markdown's key, its
    entry in one table and what was written in another (marking an entry used rewrites a
    small row, not a page). Each process of a build opens its own connection (never across
    a fork); `flush` commits what the process kept and marks what it used (not what it took
    from the entries read at once, which bear the build's inputs already); `prune` then
    removes what the build did not use."""

    BATCH = 200
    """Pages kept per transaction."""
    QUERIED = 500
    """Keys asked per query (SQLite before 3.32 takes at most 999 parameters)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "pages.sqlite3"
        self.build = os.urandom(8).hex()
        """This build, in every process: the mark of what it used."""
        self._local = threading.local()
        self._opened: list[tuple[int, sqlite3.Connection]] = []
        """Every connection made, with the process that made it."""
        self._unsaved: list[_Kept] = []
        self._used: list[str] = []
        self.inputs = ""
        """The digest of what this build's views are made of, known before any Markdown is
        read (the plugin's `CachedPages.know_site`): every entry this build keeps or uses is
        marked with it, for the next build to read at once (`fetch`)."""
        self._fetched: dict[str, tuple[bytes, bool]] = {}
        """Entries read at once (`fetch`), each with whether its page is kept."""
        self._fetched_keys: dict[Origin, str] = {}
        """The keys of the entries read at once, by their pages' origins (`kept_key`)."""
        self._left: list[str] | None = None
        """The entries read at once that this process did not take from there (`fetch`,
        `forget_fetched`): to be removed unless used after all; None if none was read."""
        self.failures: list[Exception] = []
        self.hits = 0
        self.misses = 0

    def open(self, site_key: str = "") -> None:
        """Make the database now, in the first process (before a second one is forked). Its
        entries' keys hold the site's key (`site_key`, if given): under another one none can
        be used, and the database is made anew first, not after a build that made every page
        again beside them (at 100,000 articles, 16 GB and a write-ahead log of 7 GB)."""
        said = self.folder / SITE_KEY
        try:
            if site_key and text_of(said) not in (None, site_key):
                _remove(self.path)
            self._connection()
            if site_key:
                said.write_text(site_key, encoding="utf-8")
        except (OSError, sqlite3.Error) as error:
            self.failures.append(error)

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection: the threads that write cached pages and search read
        at once (WAL: a reader never waits)."""
        here: tuple[int, sqlite3.Connection] | None = getattr(self._local, "db", None)
        if here is None or here[0] != os.getpid():
            if here is not None:  # the parent's, copied by the fork: left alone
                _FORKED.append(here[1])
            here = os.getpid(), _open(self.path)
            self._local.db = here
            self._opened.append(here)
        return here[1]

    def _read(self, query: str, key: str) -> bytes | None:
        row = self._row(query, key)
        return bytes(row[0]) if row else None

    def _row(self, query: str, key: str) -> tuple[Any, ...] | None:
        try:
            row: tuple[Any, ...] | None = self._connection().execute(query, (key,)).fetchone()
            return row
        except sqlite3.Error:
            return None

    def get(self, key: str) -> CachedPage | None:
        """The entry of `key`, if kept (its page is read only when it is written)."""
        return self.get_with_page(key)[0]

    def fetch(self) -> int:
        """Read at once every entry a build of the same `inputs` kept or used, for
        `get_with_page` (one query instead of one a page); how many."""
        inputs = self.inputs
        try:
            query = (
                "SELECT key, entry, EXISTS (SELECT 1 FROM pages WHERE pages.key = entries.key), "
                "page, source FROM entries WHERE inputs = ?"
            )
            rows = self._connection().execute(query, (inputs,)).fetchall()
            self._fetched = {key: (entry, bool(has_page)) for key, entry, has_page, _, _ in rows}
            self._fetched_keys = {(page, source): key for key, _, _, page, source in rows}
            self._left = [] if inputs else None  # a build that knew no inputs marks all
        except sqlite3.Error:
            self._fetched, self._fetched_keys = {}, {}
        return len(self._fetched)

    def kept_key(self, origin: Origin) -> str | None:
        """The key of the entry `fetch` read for a page of this `origin`, if any: what a
        build of the same inputs made of the same page read from the same file."""
        return self._fetched_keys.get(origin)

    def forget_fetched(self) -> None:
        if self._left is not None:
            self._left.extend(self._fetched)
        self._fetched, self._fetched_keys = {}, {}

    def forked(self) -> None:
        """In a process just forked: what the first one used is its to mark (`flush`)."""
        self._used = []

    def get_with_page(self, key: str) -> tuple[CachedPage | None, bool]:
        """The entry of `key` (`get`), and whether its page is there too (`has_page`), in one
        query (or none: `fetch`)."""
        fetched = self._fetched.pop(key, None)
        row = fetched or self._row(
            "SELECT entry, EXISTS (SELECT 1 FROM pages WHERE pages.key = entries.key) "
            "FROM entries WHERE key = ?",
            key,
        )
        try:
            entry = pickle.loads(row[0]) if row is not None else None
        except Exception:  # damaged or foreign: made again
            return None, False
        if not isinstance(entry, CachedPage):
            return None, False
        if fetched is None:  # read at once: marked with this build's inputs already
            self._used.append(key)
        return entry, bool(row and row[1])

    def last_pages(self) -> list[tuple[str, str]]:
        """The pages the last build wrote: their keys and paths in the site."""
        return [(key, target) for key, target, _ in self.written_pages()]

    def written_pages(self) -> list[tuple[str, str, str]]:
        """The pages the last build wrote: their keys, paths in the site and identities
        (`last_site.identity_of`)."""
        try:
            query = "SELECT key, target, identity FROM pages WHERE target IS NOT NULL"
            rows = self._connection().execute(query)
            return [(str(key), str(target), str(identity)) for key, target, identity in rows]
        except sqlite3.Error:
            return []

    def identities(self, paths: list[str]) -> dict[str, str]:
        """The identity of the page kept at each of `paths` in the site, if any
        (`last_site.identity_of`)."""
        if len(paths) > FEW_PATHS:  # a site written whole: every page, read at once
            pages = {target: identity for _, target, identity in self.written_pages()}
            return {path: pages[path] for path in paths if path in pages}
        query = "SELECT identity FROM pages WHERE target = ?"
        found = {}
        try:
            db = self._connection()
            for path in paths:
                row = db.execute(query, (path,)).fetchone()
                if row is not None:
                    found[path] = str(row[0])
        except sqlite3.Error:
            return {}
        return found

    def has_page(self, key: str) -> bool:
        """Whether the page kept with the entry of `key` is there (without reading it)."""
        return self._row("SELECT 1 FROM pages WHERE key = ?", key) is not None

    def page(self, key: str) -> bytes | None:
        """The page kept with the entry of `key`, as it was written."""
        return self._read("SELECT html FROM pages WHERE key = ?", key)

    def searched_pages(self, digests: list[str]) -> dict[str, str]:
        """What search read of kept pages, by their digests (`CachedPage.searched`), those
        kept; from any thread. A few queries for them all."""
        found: dict[str, str] = {}
        try:
            db = self._connection()
            for start in range(0, len(digests), self.QUERIED):
                asked = digests[start : start + self.QUERIED]
                marks = ",".join("?" * len(asked))
                query = f"SELECT digest, page FROM searched WHERE digest IN ({marks})"
                rows = db.execute(query, asked)
                found.update((str(digest), bytes(page).decode("utf-8")) for digest, page in rows)
        except sqlite3.Error:
            return {}
        return found

    def put(
        self,
        key: str,
        entry: CachedPage,
        html: bytes,
        searched: str | None = None,
        target: str = "",
        origin: Origin = ("", ""),
    ) -> None:
        """Keep a page: its entry, what was written (`html`) at `target` (its path in the
        site), what search read of it (`searched`, whose digest the entry has) and where it
        came from (`origin`)."""
        entry_bytes, identity = pickle.dumps(entry, 5), identity_of(html)
        kept = _Kept(
            key, entry_bytes, html, entry.searched, searched, target or None, identity, origin
        )
        self._unsaved.append(kept)
        if len(self._unsaved) >= self.BATCH:
            self._save()

    def _save(self) -> None:
        """Write the pages kept since the last time, in one short transaction (the other
        process of the build waits for it, not for a page to be made)."""
        rows, self._unsaved = self._unsaved, []
        build, inputs = self.build, self.inputs
        marks, self._used = [(build, inputs, key) for key in self._used], []
        entries = [(row.key, row.entry, build, row.digest, inputs, *row.origin) for row in rows]
        pages = [(row.key, row.html, row.target, row.identity) for row in rows]
        searched = [(row.digest, row.searched.encode()) for row in rows if row.searched]
        try:
            with immediate(self._connection()) as db:
                db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", entries
                )
                db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", pages)
                db.executemany("INSERT OR IGNORE INTO searched VALUES (?, ?)", searched)
                db.executemany("UPDATE entries SET build = ?, inputs = ? WHERE key = ?", marks)
        except sqlite3.Error as error:
            self.failures.append(error)

    def flush(self) -> list[Exception]:
        """Write what this process kept and mark what it used; what could not be written."""
        self._save()
        return self.failures

    def prune(self) -> int:
        """Remove the pages this build did not use (once every process has flushed); how
        many."""
        try:
            with immediate(self._connection()) as db:
                removed = self._delete_unused(db)
                if isinstance(removed, int):  # many: what no entry holds, in a pass each
                    db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM entries)")
                    db.execute(
                        "DELETE FROM searched WHERE digest NOT IN "
                        "(SELECT searched FROM entries WHERE searched IS NOT NULL)"
                    )
                else:
                    _delete_with(db, removed)
            _shrink(db)
            return removed if isinstance(removed, int) else len(removed)
        except sqlite3.Error as error:
            self.failures.append(error)
            return 0

    def _delete_unused(self, db: sqlite3.Connection) -> int | list[tuple[str, str | None]]:
        """Remove the entries this build did not use: those it did not mark, but the ones it
        read at once (`fetch`: they bear its inputs) and used, which need no mark (an UPDATE
        each, a second at 100,000 pages). The keys and search digests of those removed, if
        few (a rebuild's), else how many."""
        build = self.build
        if self._left is None:
            return int(db.execute("DELETE FROM entries WHERE build != ?", (build,)).rowcount)
        self.forget_fetched()
        unmarked = "FROM entries WHERE build != ? AND inputs IS NOT ?"
        removed = db.execute(f"SELECT key, searched {unmarked}", (build, self.inputs)).fetchall()
        if len(removed) + len(self._left) > FEW_REMOVED:
            deleted = db.execute(f"DELETE {unmarked}", (build, self.inputs)).rowcount
            left = [(key, build) for key in self._left]
            left_out = "DELETE FROM entries WHERE key = ? AND build != ?"
            return int(deleted + db.executemany(left_out, left).rowcount)
        for key in self._left:
            query = "SELECT key, searched FROM entries WHERE key = ? AND build != ?"
            removed += db.execute(query, (key, build)).fetchall()
        db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key, _ in removed])
        return [(str(key), searched) for key, searched in removed]

    def close(self) -> None:
        """Close this process's connections (the writing threads have ended), folding the
        write-ahead log into the database: one file to keep (as CI does)."""
        pid = os.getpid()
        mine = [db for owner, db in self._opened if owner == pid]
        self._opened = [(owner, db) for owner, db in self._opened if owner != pid]
        self._local = threading.local()
        for db in mine[1:]:
            db.close()
        if mine:
            with contextlib.suppress(sqlite3.Error):
                mine[0].execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mine[0].close()


def _delete_with(db: sqlite3.Connection, removed: list[tuple[str, str | None]]) -> None:
    """Remove the pages of the entries `removed` (keys, search digests), and what search
    read of them unless another entry has the same: by their keys, not by a pass over the
    tables (a second at 100,000 pages)."""
    db.executemany("DELETE FROM pages WHERE key = ?", [(key,) for key, _ in removed])
    digests = sorted({searched for _, searched in removed if searched})
    marks = ",".join("?" * len(digests))
    query = f"SELECT DISTINCT searched FROM entries WHERE searched IN ({marks})"
    held = {row[0] for row in db.execute(query, digests)} if digests else set()
    gone = [(digest,) for digest in digests if digest not in held]
    db.executemany("DELETE FROM searched WHERE digest = ?", gone)


FREE_SHARE = 4
"""The file is rewritten without its free pages when more than one in `FREE_SHARE` is free."""


def _shrink(db: sqlite3.Connection) -> None:
    """Rewrite the file without its free pages, if many: a build that made most pages again
    (new software, a new template) removes the old ones, and SQLite keeps their room, as
    much as the pages kept (twice the file CI stores). A rebuild that changed a few pages
    frees little and rewrites nothing."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if free * FREE_SHARE > pages:
        db.execute("VACUUM")


DATABASE_VERSION = 9
"""The shape of the database's tables."""

_FORKED: list[sqlite3.Connection] = []
"""Connections of a parent process, never used nor closed by its forked child."""


def _open(path: Path) -> sqlite3.Connection:
    """The database, made if need be; a file that is no database is made anew (not one that
    is busy: that is an OperationalError, and the connection waits for it)."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            raise
        _remove(path)
        return _connect(path)


def _remove(path: Path) -> None:
    """The database at `path`, its write-ahead log and shared memory removed."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        path.with_name(name).unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=120, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        # A cache: no waiting for the disk at each checkpoint (1 s of a 10,000-article
        # build). A database a crash damages is made anew (`_open`).
        db.execute("PRAGMA synchronous = OFF")
        if db.execute("PRAGMA user_version").fetchone()[0] != DATABASE_VERSION:
            for table in ("entries", "pages", "searched"):  # another shape: made anew
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(f"PRAGMA user_version = {DATABASE_VERSION}")
        db.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry BLOB, build TEXT, "
            "searched TEXT, inputs TEXT, page TEXT, source TEXT)"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS pages "
            "(key TEXT PRIMARY KEY, html BLOB, target TEXT, identity TEXT)"
        )
        db.execute("CREATE TABLE IF NOT EXISTS searched (digest TEXT PRIMARY KEY, page BLOB)")
        # What `written_pages` reads, without reading the rows, whose pages come first.
        db.execute("CREATE INDEX IF NOT EXISTS written ON pages (target, key, identity)")
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def write_stream(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file whole or not at all (another process may be reading it): `write` writes
    to a stream, which becomes the file once it is done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def dependencies(
    src_uri: str, written: Iterable[str], resolve: Callable[[str], str | None]
) -> tuple[Dependency, ...]:
    """What each relative link or image of a page leads to: `resolve` gives a docs path's
    address from the page, or None when there is no such file."""
    found: dict[str, str | None] = {}
    for url in written:
        target = target_path(src_uri, url)
        if target is not None and target not in found:
            found[target] = resolve(target)
    return tuple(sorted(found.items(), key=lambda item: item[0]))


def target_path(src_uri: str, url: str) -> str | None:
    """The docs path a link of a page points to, as MkDocs reads it (None for an address
    elsewhere, or an anchor of the page itself)."""
    scheme, netloc, path, _query, _anchor = urlsplit(url)
    if scheme or netloc or not path:
        return None
    joined = posixpath.join(posixpath.dirname(src_uri), unquote(path))
    return posixpath.normpath(joined.lstrip("/"))


def still_valid(entry: CachedPage, resolve: Callable[[str], str | None]) -> bool:
    return all(resolve(target) == url for target, url in entry.dependencies)


class LinkRecorder:
    """The links and images of the page being rendered, as written (before MkDocs turns them
    into addresses): the page's dependencies."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def start(self) -> None:
        self.written = []


class _RecordLinks(Treeprocessor):
    def __init__(self, md: Markdown, recorder: LinkRecorder) -> None:
        super().__init__(md)
        self.recorder = recorder

    def run(self, root: Element) -> None:
        for element in root.iter():
            url = element.get("href") if element.tag == "a" else None
            if element.tag == "img":
                url = element.get("src")
            if url is not None:
                self.recorder.written.append(url)


class LinkRecorderExtension(Extension):
    """After every link is made (automatic ones too), before MkDocs rewrites them (priority 0)."""

    def __init__(self, recorder: LinkRecorder) -> None:
        super().__init__()
        self.recorder = recorder

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_RecordLinks(md, self.recorder), "bulletin_record_links", 0.5)
