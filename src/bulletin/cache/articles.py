"""Articles as an earlier build read them, by their file's bytes.

Reading an article (its YAML front-matter, every field checked) is most of what reading
10,000 articles costs; a rebuild reads again only the files whose text changed. An article is
kept with the problems its reading found (said again, never lost) and the answers to the
questions it asked about other files (does `images/x.jpg` exist?): a different answer reads
it again. They are kept in sixteen files, by their path: a file is rewritten only when one of
its articles changed (one changed article: a sixteenth of them written). Nothing
here imports MkDocs.
"""

from __future__ import annotations

import pickle
import zlib
from datetime import tzinfo
from pathlib import Path
from typing import BinaryIO

from bulletin.articles.model import Article, FileExists
from bulletin.articles.reading import ArticleFile, Read, file_bytes, keep, parse_all
from bulletin.cache.pages import digest, view_bytes, write_stream

SHARDS = 16
"""Files the articles are kept in."""

Kept = tuple[Read, str]
"""An article as read, and the digest of what views show of it (`_head`)."""


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


class ArticleCache:
    """`read_all` in place of `reading.read_articles`; `save` after it. What was read is
    kept as the articles themselves (the catalog holds them anyway), in `SHARDS` files of
    the folder `path`. `processes`: how many may read the files it has not kept."""

    def __init__(self, path: Path, key: str, processes: int = 1) -> None:
        self.path, self.key, self.processes = path, key, processes
        self.kept = [self._load(self._file(shard)) for shard in range(SHARDS)]
        self.used: list[dict[str, Kept]] = [{} for _ in range(SHARDS)]
        self.hits = 0
        self.sources: dict[str, str] = {}
        """What each article was read from: its path and file's digest (`_key`), by path; a
        page of it is kept by that (`CachedPages.look_up`), never reading the file again."""
        self.heads: dict[str, str] = {}
        """The digest of what views show of each article (`view_bytes`: not its body), by
        path: made once, when it is read (`CachedPages.know_site`)."""

    def _file(self, shard: int) -> Path:
        return self.path / f"{shard:02x}"

    def _load(self, path: Path) -> dict[str, Kept]:
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
        keys = [_key(source) for source in sources]
        reads = [self._kept(source, key, exists) for source, key in zip(sources, keys, strict=True)]
        missed = [at for at, read in enumerate(reads) if read is None]
        self.hits = len(sources) - len(missed)
        fresh = parse_all([sources[at] for at in missed], zone, exists, self.processes)
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
                self._write(shard, used)
        self.kept, self.used = [], []

    def _write(self, shard: int, reads: dict[str, Kept]) -> None:
        def dump(stream: BinaryIO) -> None:
            keep(stream, (self.key, reads))

        write_stream(self._file(shard), dump)
