"""What editors do to the queue: list, show, approve, reject, erase, purge e-mail addresses.

Every change is written to the `audit` table in the same transaction as the change itself,
with who made it (the OS user, or `--by NAME`).
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime, timedelta

from bulletin.comments.store import (
    Comment,
    Database,
    audit,
    comments_with_status,
    get_comment,
)
from bulletin.comments.validation import clean_name

LINE_WIDTH = 100
ACTIONS = {"approve": "approved", "reject": "rejected"}
"""Moderation actions, and the status each gives."""


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


def describe(comment: Comment) -> str:
    """Every field of a comment, e-mail included, for `show`."""
    fields = [
        ("id", str(comment.id)),
        ("status", comment.status),
        ("created", comment.created),
        ("article", comment.article),
        ("parent", "-" if comment.parent is None else str(comment.parent)),
        ("name", comment.name),
        ("email", comment.email or "-"),
        ("ip hash", comment.ip_hash),
    ]
    return "\n".join(f"{label}: {value}" for label, value in fields) + f"\ntext:\n{comment.text}"


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

    The audit keeps the ids erased, never the address.
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
    return cursor.rowcount
