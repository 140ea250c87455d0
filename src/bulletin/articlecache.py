"""Articles as an earlier build read them, by their text.

Reading an article (its YAML front-matter, every field checked) is most of what reading
10,000 articles costs; a rebuild reads again only the files whose text changed. An article is
kept with the problems its reading found (said again, never lost) and the answers to the
questions it asked about other files (does `images/x.jpg` exist?): a different answer reads
it again. They are kept in sixteen files, by their text's digest: a file is rewritten only
when one of its articles changed (one changed article: a sixteenth of them written). Nothing
here imports MkDocs.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from bulletin.articles import Article, FileExists, read_article
from bulletin.frontmatter import body_of
from bulletin.pagecache import digest, write_stream
from bulletin.problems import Problem, Problems


@dataclass(frozen=True)
class Read:
    article: Article | None
    problems: list[Problem]
    asked: dict[str, bool]
    """Each path whose existence the reading asked about, and the answer."""


class _Keeper(pickle.Pickler):
    """Articles without their bodies: a body is its file's text after the front-matter."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream, pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, Article):
            return object.__new__, (Article,), {**vars(obj), "body": ""}
        return NotImplemented


SHARDS = 16
"""Files the articles are kept in."""


def _shard(key: str) -> int:
    """The file an article is kept in, from its key (a hexadecimal digest)."""
    return int(key[:4], 16) % SHARDS


class ArticleCache:
    """`read` in place of `read_article`; `save` after the last article. What was read is
    kept as the articles themselves (the catalog holds them anyway), in `SHARDS` files of
    the folder `path`."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self.kept = [self._load(self._file(shard)) for shard in range(SHARDS)]
        self.used: list[dict[str, Read]] = [{} for _ in range(SHARDS)]
        self.hits = 0

    def _file(self, shard: int) -> Path:
        return self.path / f"{shard:02x}"

    def _load(self, path: Path) -> dict[str, Read]:
        try:
            with path.open("rb") as stream:
                key, kept = pickle.load(stream)
        except Exception:  # none yet, damaged, or another shape: read them again
            return {}
        return kept if key == self.key and isinstance(kept, dict) else {}

    def read(
        self, text: str, src_uri: str, problems: Problems, zone: tzinfo, exists: FileExists
    ) -> Article | None:
        key = digest(src_uri, problems.path, text)
        shard = _shard(key)
        read = self.kept[shard].get(key)
        if isinstance(read, Read) and all(
            exists(path) == found for path, found in read.asked.items()
        ):
            self.hits += 1
            self.used[shard][key] = read
            problems.items.extend(read.problems)
            if read.article is not None:  # kept without its body, which is in the text
                read.article.body = body_of(text)
            return read.article
        asked: dict[str, bool] = {}

        def asking(path: str) -> bool:
            asked[path] = exists(path)
            return asked[path]

        found = Problems(problems.path)
        article = read_article(text, src_uri, found, zone, asking)
        self.used[shard][key] = Read(article, found.items, asked)
        problems.items.extend(found.items)
        return article

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

    def _write(self, shard: int, reads: dict[str, Read]) -> None:
        def dump(stream: BinaryIO) -> None:
            _Keeper(stream).dump((self.key, reads))

        write_stream(self._file(shard), dump)
