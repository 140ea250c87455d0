"""Reading the articles' files: every check of every field, on every core when there are many.

`parse_all` reads each file with `read_article` and keeps what it found: the article, its
problems and the answers to the questions it asked about other files (what the article cache
keeps). With more than one process, one more for each `PARALLEL_FROM` files, forked processes
read their share (every n-th file) and send back what they read. A file's text is read by the
process that parses it and dropped once parsed: no process holds every text at once, and no
article holds its body (`Catalog.body` reads it again when its page is made). Nothing here
imports MkDocs.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import BinaryIO

from bulletin.articles.model import Article, FileExists, read_article
from bulletin.articles.problems import Problem, Problems
from bulletin.build.workers import Forked, Send, WorkerError, can_fork

PARALLEL_FROM = 400
"""Files for each process besides the first: below, another process costs more than it saves."""


@dataclass(frozen=True)
class ArticleFile:
    """An article's file, and where its problems go."""

    src_uri: str
    path: Path
    problems: Problems


def file_bytes(path: Path) -> bytes:
    """A file's bytes, read whole without Python's buffered layer (`Path.read_bytes` has it):
    half the time, for every article of a build."""
    with open(path, "rb", buffering=0) as stream:
        return stream.readall()


def read_text_checked(path: Path, problems: Problems) -> str | None:
    """The text of a UTF-8 file, or None and an error at the line of its first bad byte."""
    data = file_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        problems.error(
            line, "", f"không phải chữ UTF-8 (byte 0x{byte:02X}; cần: lưu tệp dạng UTF-8)"
        )
        return None


@dataclass(frozen=True)
class Read:
    article: Article | None
    problems: list[Problem]
    asked: dict[str, bool]
    """Each path whose existence the reading asked about, and the answer."""


ArticlesReader = Callable[[list[ArticleFile], tzinfo, FileExists], list[Article | None]]
"""`read_articles`' shape (or a cache's that keeps what it read)."""


def read_articles(
    sources: list[ArticleFile],
    zone: tzinfo,
    exists: FileExists,
    processes: int = 1,
    places: bool = True,
) -> list[Article | None]:
    """Each file's article (None if it cannot be read), its problems added to its source's;
    `places`: with where each of its values stands (`parse`)."""
    reads = parse_all(sources, zone, exists, processes, places)
    for source, read in zip(sources, reads, strict=True):
        source.problems.items.extend(read.problems)
    return [read.article for read in reads]


def parse_all(
    sources: list[ArticleFile],
    zone: tzinfo,
    exists: FileExists,
    processes: int = 1,
    places: bool = True,
) -> list[Read]:
    """What reading each file finds, in the order of `sources`; with `processes` above 1 and
    enough files, they are dealt out to that many processes (this one and forked ones)."""
    count = min(processes, 1 + len(sources) // PARALLEL_FROM)
    if count < 2 or not can_fork():
        return [parse(source, zone, exists, places) for source in sources]
    children: list[tuple[Forked, list[object]]] = []
    for share in range(1, count):
        received: list[object] = []
        task = _reading(sources[share::count], zone, exists, places)
        children.append((Forked(task, received.append, "a reading process"), received))
    merged: list[Read | None] = [None] * len(sources)
    merged[0::count] = [parse(source, zone, exists, places) for source in sources[0::count]]
    for share, (child, received) in enumerate(children, start=1):
        theirs = sources[share::count]
        merged[share::count] = _read_by(child, received, theirs, zone, exists, places)
    return [read for read in merged if read is not None]


def _read_by(
    child: Forked,
    received: list[object],
    theirs: list[ArticleFile],
    zone: tzinfo,
    exists: FileExists,
    places: bool,
) -> list[Read]:
    """What a reading process read of `theirs`, or, if it failed, what this one reads."""
    try:
        child.join()
        kept = received[0] if received else None
        given = pickle.loads(kept) if isinstance(kept, bytes) else None
    except WorkerError:
        given = None
    if not isinstance(given, list) or len(given) != len(theirs):  # read them here then
        return [parse(source, zone, exists, places) for source in theirs]
    return given


def _reading(
    sources: list[ArticleFile], zone: tzinfo, exists: FileExists, places: bool
) -> Callable[[Send], None]:
    """The forked process's task: read `sources`, send what it found."""

    def task(send: Send) -> None:
        stream = io.BytesIO()
        keep(stream, [parse(source, zone, exists, places) for source in sources])
        send(stream.getvalue())

    return task


def parse(source: ArticleFile, zone: tzinfo, exists: FileExists, places: bool = True) -> Read:
    """Read one file, noting the answers to the questions it asks about other files; without
    `places`, its article does not keep where each of its values stands (`Article.places`):
    only the editors' checks read it, and it is a quarter of the time a kept article takes
    to unpickle."""
    asked: dict[str, bool] = {}

    def asking(path: str) -> bool:
        asked[path] = exists(path)
        return asked[path]

    found = Problems(source.problems.path)
    text = read_text_checked(source.path, found)
    article = None if text is None else read_article(text, source.src_uri, found, zone, asking)
    if article is not None and not places:
        article.places = {}
    return Read(article, found.items, asked)


def keep(stream: BinaryIO, value: object) -> None:
    """Write `value` (articles, what reading them found) for another process or build."""
    pickle.dump(value, stream, pickle.HIGHEST_PROTOCOL)
