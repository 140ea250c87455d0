"""Writing the approved comments to one JSON file per article, for the site build.

Only the comments of articles on the site are written, each under the article they are bound
to (its id and publication day, read from the list the build publishes): the others are
orphans, reported and left in the database. Comments kept from before that binding are bound
first (`moderation.bind_earlier`).

Each file is replaced atomically (a temporary file in the same folder, fsync, `os.replace`),
so that a build never reads half a file and a crash leaves the previous file whole. A file
whose content would not change is not touched, and the files `export` wrote for articles
that no longer have published comments are removed; no other file is.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.comments.exported import document, encode, is_exported
from bulletin.comments.moderation import bind_earlier
from bulletin.comments.store import Comment, Database, audit, comments_with_status
from bulletin.comments.validation import ARTICLE_ID

DEFAULT_OUT = Path("docs/_data/comments")

Identity = tuple[str, str | None]
"""An article id and its publication day (None: not yet known)."""


@dataclass(frozen=True)
class Orphans:
    """Approved comments bound to an article that is not on the site."""

    article: str
    article_date: str | None
    comments: list[int]
    current_date: str | None
    """The day of the article now at that id, if there is one: another article."""

    def __str__(self) -> str:
        numbers = ", ".join(map(str, self.comments))
        day = f"đăng ngày {self.article_date}" if self.article_date else "chưa rõ ngày đăng"
        where = f"bình luận {numbers} của bài {self.article} ({day}) không được hiện"
        if self.current_date is None:
            return f"{where}: trang không còn bài viết nào ở mã này"
        if self.article_date is None:
            return f"{where}: chúng cũ hơn bài viết hiện ở mã này (đăng ngày {self.current_date})"
        rebind = f"comments.py rebind {self.article} --from {self.article_date}"
        return (
            f"{where}: bài viết hiện ở mã này đăng ngày {self.current_date}, là một bài khác "
            f"(nếu chỉ là ngày đăng được sửa: {rebind} --to {self.current_date})"
        )


@dataclass
class ExportReport:
    """Article ids whose file was written, left as it was, or removed; orphans; how many
    comments of before the binding were bound."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    orphans: list[Orphans] = field(default_factory=list)
    bound: int = 0

    def __str__(self) -> str:
        summary = (
            f"ghi {len(self.written)} tệp, {len(self.unchanged)} tệp không đổi, "
            f"xóa {len(self.removed)} tệp"
        )
        if self.bound:
            summary += f"; gắn {self.bound} bình luận cũ với bài viết hiện có ở mã của chúng"
        orphaned = sum(len(orphans.comments) for orphans in self.orphans)
        return summary + (f"; {orphaned} bình luận không có bài viết" if orphaned else "")

    def lines(self) -> list[str]:
        """The summary, then a line for each article whose comments are orphans."""
        return [str(self), *map(str, self.orphans)]


def export(database: Database, out: Path, who: str, articles: Mapping[str, str]) -> ExportReport:
    """Write `<out>/<article>.json` for every article with published comments; `articles`
    gives the publication day of every article on the site, by id."""
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport(bound=bind_earlier(database, articles, who))
    with database.read() as connection:
        approved = comments_with_status(connection, "approved")
    published = set()
    for (article_id, article_date), comments in sorted(_by_article(approved).items(), key=_key):
        if article_date is None or articles.get(article_id) != article_date:
            numbers = sorted(comment.id for comment in comments)
            orphans = Orphans(article_id, article_date, numbers, articles.get(article_id))
            report.orphans.append(orphans)
            continue
        thread = document(article_id, article_date, comments)
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
    """Remove the files `export` wrote for articles that no longer have published comments;
    any other file in `out` (`package.json`, notes) stays."""
    removed = []
    for path in sorted(out.glob("*.json")):
        if path.stem not in published and is_exported(path):
            path.unlink()
            removed.append(path.stem)
    if removed:
        _fsync_folder(out)
    return removed


def _by_article(comments: list[Comment]) -> dict[Identity, list[Comment]]:
    grouped: dict[Identity, list[Comment]] = defaultdict(list)
    for comment in comments:
        if ARTICLE_ID.fullmatch(comment.article):
            grouped[comment.article, comment.article_date].append(comment)
    return grouped


def _key(item: tuple[Identity, list[Comment]]) -> tuple[str, str]:
    (article_id, article_date), _ = item
    return article_id, article_date or ""


def _fsync_folder(folder: Path) -> None:
    """Make a rename or removal in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
