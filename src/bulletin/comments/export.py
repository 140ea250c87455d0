"""Writing the approved comments to one JSON file per article, for the site build.

Each file is replaced atomically (a temporary file in the same folder, fsync, `os.replace`),
so that a build never reads half a file and a crash leaves the previous file whole. A file
whose content would not change is not touched, and files of articles without published
comments are removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.comments.exported import document, encode
from bulletin.comments.store import Comment, Database, audit, comments_with_status
from bulletin.comments.validation import ARTICLE_ID

DEFAULT_OUT = Path("docs/_data/comments")


@dataclass
class ExportReport:
    """Article ids whose file was written, left as it was, or removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed"
        )


def export(database: Database, out: Path, who: str) -> ExportReport:
    """Write `<out>/<article>.json` for every article with published comments."""
    out.mkdir(parents=True, exist_ok=True)
    with database.read() as connection:
        approved = comments_with_status(connection, "approved")
    report = ExportReport()
    published = set()
    for article_id, comments in sorted(_by_article(approved).items()):
        thread = document(article_id, comments)
        if thread["count"] == 0:
            continue
        published.add(article_id)
        changed = write_if_changed(out / f"{article_id}.json", encode(thread))
        (report.written if changed else report.unchanged).append(article_id)
    report.removed = remove_stale(out, published)
    with database.write() as connection:
        audit(connection, who, "export", None, f"{out}: {report}")
    return report


def write_if_changed(target: Path, data: bytes) -> bool:
    """Replace `target` with `data` unless it holds exactly that; tell whether it did."""
    with contextlib.suppress(FileNotFoundError):
        if target.read_bytes() == data:
            return False
    write_atomically(target, data)
    return True


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that readers see the old file or the new, never a part."""
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)


def remove_stale(out: Path, published: set[str]) -> list[str]:
    """Remove the exported files of articles that no longer have published comments."""
    removed = []
    for path in sorted(out.glob("*.json")):
        if ARTICLE_ID.fullmatch(path.stem) and path.stem not in published:
            path.unlink()
            removed.append(path.stem)
    if removed:
        _fsync_folder(out)
    return removed


def _by_article(comments: list[Comment]) -> dict[str, list[Comment]]:
    grouped: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if ARTICLE_ID.fullmatch(comment.article):
            grouped[comment.article].append(comment)
    return grouped


def _fsync_folder(folder: Path) -> None:
    """Make a rename or removal in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
