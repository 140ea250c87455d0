"""Reading the articles' texts: every check of every field, on every core when there are many.

`parse_all` reads each text with `read_article` and keeps what it found: the article, its
problems and the answers to the questions it asked about other files (what the article cache
keeps). With more than one process, one more for each `PARALLEL_FROM` texts, forked processes
read their share (every n-th text) and send back what they read (the articles without their
bodies: a body is its text after the front-matter). Nothing here imports MkDocs.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, BinaryIO

from bulletin.articles.frontmatter import body_of
from bulletin.articles.model import Article, FileExists, read_article
from bulletin.articles.problems import Problem, Problems
from bulletin.build.workers import Forked, Send, WorkerError, can_fork

PARALLEL_FROM = 400
"""Texts for each process besides the first: below, another process costs more than it saves."""


@dataclass(frozen=True)
class ArticleText:
    """An article file's text, and where its problems go."""

    src_uri: str
    text: str
    problems: Problems


@dataclass(frozen=True)
class Read:
    article: Article | None
    problems: list[Problem]
    asked: dict[str, bool]
    """Each path whose existence the reading asked about, and the answer."""


ArticlesReader = Callable[[list[ArticleText], tzinfo, FileExists], list[Article | None]]
"""`read_articles`' shape (or a cache's that keeps what it read)."""


def read_articles(
    sources: list[ArticleText], zone: tzinfo, exists: FileExists, processes: int = 1
) -> list[Article | None]:
    """Each text's article (None if it cannot be read), its problems added to its source's."""
    reads = parse_all(sources, zone, exists, processes)
    for source, read in zip(sources, reads, strict=True):
        source.problems.items.extend(read.problems)
    return [read.article for read in reads]


def parse_all(
    sources: list[ArticleText], zone: tzinfo, exists: FileExists, processes: int = 1
) -> list[Read]:
    """What reading each text finds, in the order of `sources`; with `processes` above 1 and
    enough texts, the texts are dealt out to that many processes (this one and forked ones)."""
    count = min(processes, 1 + len(sources) // PARALLEL_FROM)
    if count < 2 or not can_fork():
        return [parse(source, zone, exists) for source in sources]
    children: list[tuple[Forked, list[object]]] = []
    for share in range(1, count):
        received: list[object] = []
        task = _reading(sources[share::count], zone, exists)
        children.append((Forked(task, received.append, "a reading process"), received))
    merged: list[Read | None] = [None] * len(sources)
    merged[0::count] = [parse(source, zone, exists) for source in sources[0::count]]
    for share, (child, received) in enumerate(children, start=1):
        merged[share::count] = _read_by(child, received, sources[share::count], zone, exists)
    return [read for read in merged if read is not None]


def _read_by(
    child: Forked,
    received: list[object],
    theirs: list[ArticleText],
    zone: tzinfo,
    exists: FileExists,
) -> list[Read]:
    """What a reading process read of `theirs`, or, if it failed, what this one reads."""
    try:
        child.join()
        kept = received[0] if received else None
        given = pickle.loads(kept) if isinstance(kept, bytes) else None
    except WorkerError:
        given = None
    if not isinstance(given, list) or len(given) != len(theirs):  # read them here then
        return [parse(source, zone, exists) for source in theirs]
    for source, read in zip(theirs, given, strict=True):
        if read.article is not None:
            read.article.body = body_of(source.text)
    return given


def _reading(
    sources: list[ArticleText], zone: tzinfo, exists: FileExists
) -> Callable[[Send], None]:
    """The forked process's task: read `sources`, send what it found."""

    def task(send: Send) -> None:
        stream = io.BytesIO()
        keep(stream, [parse(source, zone, exists) for source in sources])
        send(stream.getvalue())

    return task


def parse(source: ArticleText, zone: tzinfo, exists: FileExists) -> Read:
    """Read one text, noting the answers to the questions it asks about other files."""
    asked: dict[str, bool] = {}

    def asking(path: str) -> bool:
        asked[path] = exists(path)
        return asked[path]

    found = Problems(source.problems.path)
    article = read_article(source.text, source.src_uri, found, zone, asking)
    return Read(article, found.items, asked)


class _Keeper(pickle.Pickler):
    """Articles without their bodies: a body is its file's text after the front-matter."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream, pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, Article):
            return object.__new__, (Article,), {**vars(obj), "body": ""}
        return NotImplemented


def keep(stream: BinaryIO, value: object) -> None:
    """Write `value` with its articles' bodies left out (`body_of` gives them back)."""
    _Keeper(stream).dump(value)
