"""Articles as an earlier build read them, by their file's bytes.

Reading an article (its YAML front-matter, every field checked) is most of what reading
10,000 articles costs; a rebuild reads again only the files whose text changed. An article is
kept with the problems its reading found (said again, never lost) and the answers to the
questions it asked about other files (does `images/x.jpg` exist?): a different answer reads
it again. They are kept in sixteen files, by their path: a file is rewritten only when one of
its articles changed (one changed article: a sixteenth of them written).

A file's bytes are read for its key only if its state (`os.stat`: size, times, inode) is not
the one it had when an earlier build read it: at 100,000 articles, reading every file again
took a fifth of a rebuild (most of them no longer in memory). A checkout gives every file a
new state: the build after it reads them all once, as it would without this (from
`KEYS_FORKED_FROM` files, in a forked process while this one loads the kept articles). Nothing
here imports MkDocs.
"""

from __future__ import annotations

import os
import pickle
import time
import zlib
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from bulletin.articles.model import Article, FileExists
from bulletin.articles.reading import ArticleFile, Read, file_bytes, keep, parse_all
from bulletin.build.workers import Forked, Send, WorkerError, can_fork
from bulletin.cache.pages import digest, view_bytes, write_stream

SHARDS = 16
"""Files the articles are kept in."""

Kept = tuple[Read, str]
"""An article as read, and the digest of what views show of it (`_head`)."""
STATES = "states"
"""The file of the articles' files' states when they were read, with their keys then."""
SETTLED_NS = 2_000_000_000
"""A file's state stands for its bytes only if it changed this long before the build that
read it began: a file written again within the file system's clock tick after it was read, at
the same size, would otherwise keep the key of what was read (git's "racy" files)."""
KEYS_FORKED_FROM = 2000
"""Files from which their keys are made in a forked process while this one loads the kept
articles (`ArticleCache.read_all`): at 100,000 articles checked out anew, 2.8 s of keys (every
file's bytes read) and 1.9 s of loading, which would otherwise follow each other; with few
files, a fork costs more than it saves."""


def _head(article: Article | None) -> str:
    """What views show of an article, as a digest (`view_bytes`: not its body)."""
    return digest(view_bytes(article)) if article is not None else ""


def _shard(src_uri: str) -> int:
    """The file an article is kept in, by its path: the same whatever its file's bytes, so
    that an article changed replaces itself in the file it was in (one file written)."""
    return zlib.crc32(src_uri.encode("utf-8", "surrogatepass")) % SHARDS


def _key(source: ArticleFile) -> str:
    """What an article is kept by: its path, where its problems go, its file's bytes."""
    return digest(source.src_uri, source.problems.path, file_bytes(source.path))


def _state(source: ArticleFile) -> tuple[str, int] | None:
    """What a change of the file's bytes changes, as text: its path, where its problems go,
    its size, modification and change times, inode; and when it last changed (None: it cannot
    be read)."""
    try:
        found = os.stat(source.path)
    except OSError:
        return None
    numbers = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    text = f"{source.src_uri}\0{source.problems.path}\0" + " ".join(map(str, numbers))
    return text, max(found.st_mtime_ns, found.st_ctime_ns)


class ArticleCache:
    """`read_all` in place of `reading.read_articles`; `save` after it. What was read is
    kept as the articles themselves (the catalog holds them anyway), in `SHARDS` files of
    the folder `path`. `processes`: how many may read the files it has not kept (above one,
    another makes the keys of many files: `KEYS_FORKED_FROM`); `settled`: how long before a
    build a file must have changed for its state to stand for its bytes (`SETTLED_NS`)."""

    def __init__(self, path: Path, key: str, processes: int = 1, settled: int = SETTLED_NS) -> None:
        self.path, self.key, self.processes, self.settled = path, key, processes, settled
        self._shards: list[dict[str, Any]] | None = None
        self.known: dict[str, str] = self._load(path / STATES)
        """Each file's key (`_key`), by its state when it was read (`_state`)."""
        self.known_now: dict[str, str] = {}
        self.states_changed = False
        self.read = 0
        """The files whose bytes were read for their key: not known by their state."""
        self.used: list[dict[str, Kept]] = [{} for _ in range(SHARDS)]
        self.hits = 0
        self.sources: dict[str, str] = {}
        """What each article was read from: its path and file's digest (`_key`), by path; a
        page of it is kept by that (`CachedPages.look_up`), never reading the file again."""
        self.heads: dict[str, str] = {}
        """The digest of what views show of each article (`view_bytes`: not its body), by
        path: made once, when it is read (`CachedPages.know_site`)."""

    @property
    def kept(self) -> list[dict[str, Any]]:
        """The articles kept, by their key, in their `SHARDS` files: loaded when first asked
        for (`read_all` loads them while another process makes the files' keys)."""
        return self._load_kept()

    def _load_kept(self) -> list[dict[str, Any]]:
        if self._shards is None:
            self._shards = [self._load(self._file(shard)) for shard in range(SHARDS)]
        return self._shards

    def _file(self, shard: int) -> Path:
        return self.path / f"{shard:02x}"

    def _load(self, path: Path) -> dict[str, Any]:
        try:
            with path.open("rb") as stream:
                key, kept = pickle.load(stream)
        except Exception:  # none yet, damaged, or another shape: read them again
            return {}
        return kept if key == self.key and isinstance(kept, dict) else {}

    def read_all(
        self, sources: list[ArticleFile], zone: tzinfo, exists: FileExists
    ) -> list[Article | None]:
        """Each file's article, from what was kept if its bytes and the answers to its
        questions are the same, else read; its problems added to its source's."""
        started = time.time_ns()
        keys = self._keys(sources, started)
        self.states_changed |= self.known_now != self.known
        self.known = {}  # each state was looked up once
        reads = [self._kept(source, key, exists) for source, key in zip(sources, keys, strict=True)]
        missed = [at for at, read in enumerate(reads) if read is None]
        self.hits = len(sources) - len(missed)
        fresh = parse_all(
            [sources[at] for at in missed], zone, exists, self.processes, places=False
        )
        for at, read in zip(missed, fresh, strict=True):
            reads[at] = read, _head(read.article)
        articles = []
        for source, key, found in zip(sources, keys, reads, strict=True):
            assert found is not None
            read, self.heads[source.src_uri] = found
            self.sources[source.src_uri] = key
            self.used[_shard(source.src_uri)][key] = found
            source.problems.items.extend(read.problems)
            articles.append(read.article)
        return articles

    def _keys(self, sources: list[ArticleFile], started: int) -> list[str]:
        """Each file's key (`_known_key`), made in a forked process while this one loads the
        kept articles (`kept`) if there are `KEYS_FORKED_FROM` files and it may fork; else, or
        if that process fails, here."""
        received: list[object] = []
        keying = None
        if self.processes > 1 and len(sources) >= KEYS_FORKED_FROM and can_fork():
            task = partial(self._send_keys, sources, started)
            keying = Forked(task, received.append, "the process of the articles' keys")
        self._load_kept()  # meanwhile
        made = _keys_made(keying, received, len(sources)) if keying is not None else None
        if made is None:
            return self._keys_here(sources, started)
        keys, self.known_now, self.read = made
        return keys

    def _send_keys(self, sources: list[ArticleFile], started: int, send: Send) -> None:
        """In the forked process: the keys, the states to keep, how many files were read."""
        send((self._keys_here(sources, started), self.known_now, self.read))

    def _keys_here(self, sources: list[ArticleFile], started: int) -> list[str]:
        """The keys made in this process."""
        return [self._known_key(source, started) for source in sources]

    def _known_key(self, source: ArticleFile, started: int) -> str:
        """The file's key (`_key`): the one it had when it was read, if its state is the same
        (the state taken before its bytes: a change while they are read changes it); the state
        and key kept for the next build if it changed `settled` before this build `started`."""
        state = _state(source)
        key = self.known.get(state[0]) if state is not None else None
        if not isinstance(key, str):
            key = _key(source)
            self.read += 1
        if state is not None and state[1] < started - self.settled:
            self.known_now[state[0]] = key
        return key

    def _kept(self, source: ArticleFile, key: str, exists: FileExists) -> Kept | None:
        kept = self.kept[_shard(source.src_uri)].get(key)
        if not isinstance(kept, tuple) or not isinstance(kept[0], Read):
            return None
        if all(exists(path) == found for path, found in kept[0].asked.items()):
            return kept
        return None

    def save(self) -> None:
        """Keep what this build read (only that): the files whose articles differ from what
        they kept."""
        if self.path.is_file():  # an older layout: one file
            self.path.unlink()
        self.path.mkdir(parents=True, exist_ok=True)
        for shard, (used, kept) in enumerate(zip(self.used, self.kept, strict=True)):
            if used.keys() != kept.keys():
                self._write(self._file(shard), used)
        if self.states_changed:
            self._write(self.path / STATES, self.known_now)
        self._shards, self.used, self.known, self.known_now = [], [], {}, {}

    def _write(self, path: Path, value: dict[str, Any]) -> None:
        def dump(stream: BinaryIO) -> None:
            keep(stream, (self.key, value))

        write_stream(path, dump)


def _keys_made(
    keying: Forked, received: list[object], count: int
) -> tuple[list[str], dict[str, str], int] | None:
    """What the process of the keys sent (`ArticleCache._send_keys`), if it is whole: the
    keys of `count` files, the states to keep, how many files it read. None if it failed."""
    try:
        keying.join()
    except WorkerError:
        return None
    made = received[0] if len(received) == 1 else None
    if not isinstance(made, tuple) or len(made) != 3:
        return None
    keys, known_now, read = made
    if not isinstance(keys, list) or len(keys) != count or not isinstance(known_now, dict):
        return None
    return keys, known_now, int(read)
