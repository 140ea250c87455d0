"""What editors do to the queue: list, show, approve, reject, erase, purge e-mail addresses,
and bind comments to the day of their article.

Every change is written to the `audit` table in the same transaction as the change itself,
with who made it (the OS user, or `--by NAME`). After an erasure or a purge the database's
write-ahead log is emptied, so that the addresses leave no copy behind.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo

from bulletin.comments.identity import could_be_on
from bulletin.comments.store import (
    Comment,
    Database,
    audit,
    comments_with_status,
    get_comment,
)
from bulletin.comments.validation import clean_name
from bulletin.text.dates import day_text

LINE_WIDTH = 100
ACTIONS = {"approve": "approved", "reject": "rejected"}
"""Moderation actions, and the status each gives."""
STATUS_NAMES = {"pending": "chờ duyệt", "approved": "đã duyệt", "rejected": "đã từ chối"}


def current_user() -> str:
    """The OS user running the command, for the audit rows."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def pending_line(comment: Comment, width: int = LINE_WIDTH) -> str:
    """`12  article-id  Name: start of the text…` on one line of at most `width` characters."""
    line = f"{comment.id}  {comment.article}  {comment.name}: {' '.join(comment.text.split())}"
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def pending(database: Database) -> list[Comment]:
    """The comments awaiting moderation, oldest first."""
    with database.read() as connection:
        return comments_with_status(connection, "pending")


def show(database: Database, comment_id: int) -> Comment | None:
    with database.read() as connection:
        return get_comment(connection, comment_id)


def local_time(created: str, zone: tzinfo) -> str:
    """A stored UTC time as Vietnamese write it, in `zone`: `5/3/2024 08:02:03 (UTC+07:00)`."""
    local = datetime.fromisoformat(created).astimezone(zone)
    offset = local.isoformat(timespec="seconds")[-6:]
    return f"{day_text(local.date())} {local:%H:%M:%S} (UTC{offset})"


def describe(comment: Comment, zone: tzinfo) -> str:
    """Every field of a comment, e-mail included, for `show`; times in `zone`."""
    published = comment.article_date or "chưa rõ"
    fields = [
        ("Số", str(comment.id)),
        ("Trạng thái", STATUS_NAMES.get(comment.status, comment.status)),
        ("Gửi lúc", local_time(comment.created, zone)),
        ("Bài viết", f"{comment.article} (đăng ngày {published})"),
        ("Trả lời bình luận", "-" if comment.parent is None else str(comment.parent)),
        ("Họ tên", comment.name),
        ("Email", comment.email or "-"),
        ("Mã băm địa chỉ IP", comment.ip_hash),
    ]
    lines = [f"{label}: {value}" for label, value in fields]
    return "\n".join([*lines, "Nội dung:", comment.text])


def moderate(database: Database, comment_ids: list[int], action: str, who: str) -> list[int]:
    """`approve` or `reject` the comments; return the ids that do not exist (the others are
    done)."""
    status = ACTIONS[action]
    missing = []
    with database.write() as connection:
        for comment_id in comment_ids:
            comment = get_comment(connection, comment_id)
            if comment is None:
                missing.append(comment_id)
                continue
            connection.execute("UPDATE comments SET status = ? WHERE id = ?", (status, comment_id))
            audit(connection, who, action, comment_id, f"{comment.status} → {status}")
    return missing


def erase(database: Database, email: str, who: str) -> list[int]:
    """Delete every comment of `email` (case aside); replies by others stay, unlinked.

    The audit keeps the ids erased, never the address; no copy of it stays in the files.
    """
    with database.write() as connection:
        rows = connection.execute(
            "SELECT id FROM comments WHERE email = ? COLLATE NOCASE ORDER BY id",
            (clean_name(email),),
        )
        erased = [comment_id for (comment_id,) in rows]
        for comment_id in erased:
            # Replies by others stay: the foreign key sets their parent to NULL.
            connection.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
            audit(connection, who, "erase", comment_id, "erased at the author's request")
    database.truncate_journal()
    return erased


def purge_emails(database: Database, days: int, who: str, now: datetime | None = None) -> int:
    """Forget the e-mail addresses of comments older than `days`; return how many."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    limit = cutoff.astimezone(UTC).isoformat(timespec="seconds")
    with database.write() as connection:
        cursor = connection.execute(
            "UPDATE comments SET email = NULL WHERE email IS NOT NULL AND created < ?", (limit,)
        )
        audit(connection, who, "purge-emails", None, f"{cursor.rowcount} older than {days} days")
    database.truncate_journal()
    return cursor.rowcount


def bind_earlier(database: Database, articles: Mapping[str, str], who: str) -> int:
    """Bind the comments posted before comments had an article day to the article now at
    their id (`articles`: the day of each, by id), unless they are older than it; return how
    many were bound."""
    with database.write() as connection:
        rows = connection.execute(
            "SELECT id, article, created FROM comments WHERE article_date IS NULL"
        ).fetchall()
        bound = [
            (articles[article], comment_id)
            for comment_id, article, created in rows
            if article in articles
            and could_be_on(datetime.fromisoformat(created), articles[article])
        ]
        connection.executemany("UPDATE comments SET article_date = ? WHERE id = ?", bound)
        if bound:
            detail = f"{len(bound)} comments bound to the day of the article at their id"
            audit(connection, who, "bind", None, detail)
    return len(bound)


def rebind(database: Database, article: str, old: str, new: str, who: str) -> list[int]:
    """Move the comments of `article` published on `old` to the day `new` (the article's date
    was corrected); return the ids moved."""
    with database.write() as connection:
        rows = connection.execute(
            "SELECT id FROM comments WHERE article = ? AND article_date = ? ORDER BY id",
            (article, old),
        )
        moved = [comment_id for (comment_id,) in rows]
        for comment_id in moved:
            connection.execute(
                "UPDATE comments SET article_date = ? WHERE id = ?", (new, comment_id)
            )
            audit(connection, who, "rebind", comment_id, f"{article}: {old} → {new}")
    return moved
