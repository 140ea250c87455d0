"""The SQLite store: schema, one connection per thread, short transactions, audit rows.

The database runs in WAL mode with `synchronous=FULL`, so a comment is on disk when its
transaction commits: an acknowledged comment survives `kill -9` of the server. Writers take
the lock at once (`BEGIN IMMEDIATE`) and wait for each other up to the busy timeout.
Deleted content is overwritten with zeros (`secure_delete`), and after an erasure the
write-ahead log is emptied (`truncate_journal`): an erased e-mail address leaves no copy in
any file of the database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA_VERSION = 2
"""1: the first; 2: `comments.article_date`, the day of the article a comment is bound to."""
PRIVATE_MODE = 0o660
STATUSES = ("pending", "approved", "rejected")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'approved', 'rejected')),
        created TEXT NOT NULL,
        article TEXT NOT NULL,
        article_date TEXT,
        parent INTEGER REFERENCES comments (id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        email TEXT,
        ip_hash TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS comments_by_status ON comments (status, id)",
    "CREATE INDEX IF NOT EXISTS comments_by_parent ON comments (parent)",
    "CREATE INDEX IF NOT EXISTS comments_by_email ON comments (email COLLATE NOCASE)",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        comment INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE TABLE IF NOT EXISTS rate (client TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS rate_by_client ON rate (client, at)",
    "CREATE INDEX IF NOT EXISTS rate_by_time ON rate (at)",
)

COLUMNS = "id, status, created, article, article_date, parent, name, text, email, ip_hash"


@dataclass(frozen=True)
class Comment:
    """One row of the `comments` table."""

    id: int
    status: str
    created: str
    """UTC time in ISO 8601 with its offset: `2024-03-05T01:02:03+00:00`."""
    article: str
    article_date: str | None
    """The day the article was published (`2024-03-05`); None: posted before comments were
    bound to it (`export` binds them)."""
    parent: int | None
    name: str
    text: str
    email: str | None
    ip_hash: str


class Database:
    """A database file, with one connection per thread (and per process after a fork)."""

    def __init__(self, path: Path, busy_timeout: float = 10.0) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._opened: list[tuple[int, sqlite3.Connection]] = []
        """Every connection made, with its process, for `close_all`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)
        try:
            self._create_schema()
        except BaseException:
            self.close_all()
            raise

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        owner = getattr(self._local, "owner", None)
        if owner != os.getpid():
            self._local.connection = self._connect()
            self._local.owner = os.getpid()
            self._opened.append((os.getpid(), self._local.connection))
        connection: sqlite3.Connection = self._local.connection
        return connection

    def close(self) -> None:
        """Close this thread's connection, if it has one."""
        if getattr(self._local, "owner", None) == os.getpid():
            connection = self._local.connection
            self._opened.remove((os.getpid(), connection))
            connection.close()
        self._local.owner = None

    def close_all(self) -> None:
        """Close every connection this process made, once the threads that used them are done
        (a command's end): none is left to the collector, which Python 3.13 warns of."""
        _close_mine(self._opened)
        self._local = threading.local()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the lock from its start, committed on success."""
        with self._transaction("BEGIN IMMEDIATE") as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot of the database."""
        with self._transaction("BEGIN") as connection:
            yield connection

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        connection = self.connection()
        connection.execute(begin)
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _connect(self) -> sqlite3.Connection:
        # Each thread uses its own; another may close it once that thread is done (close_all).
        connection = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA secure_delete = ON")
        return connection

    def truncate_journal(self) -> None:
        """Copy the write-ahead log into the database and empty it, so that no older version
        of a page (holding an erased address) stays in the `-wal` file; it waits for readers up
        to the busy timeout, then raises sqlite3.OperationalError if some still hold it."""
        row = self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if row[0] != 0:
            raise sqlite3.OperationalError(
                f"{self.path}-wal: tệp nhật ký chưa được dọn vì còn kết nối đang đọc; "
                "chạy lại lệnh khi máy chủ bớt bận"
            )

    def _create_schema(self) -> None:
        with self.write() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"{self.path}: cơ sở dữ liệu phiên bản {version} mới hơn phiên bản chương "
                    f"trình này dùng ({SCHEMA_VERSION})"
                )
            for statement in SCHEMA:
                connection.execute(statement)
            if version == 1:
                connection.execute("ALTER TABLE comments ADD COLUMN article_date TEXT")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner and group only: it holds e-mails.

    SQLite gives its `-wal` and `-shm` files the same permissions.
    """
    with contextlib.suppress(FileExistsError):
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
        os.fchmod(descriptor, PRIVATE_MODE)  # whatever the umask
        os.close(descriptor)


def utc_iso(timestamp: float) -> str:
    """A POSIX time as UTC ISO 8601 with its offset, to the second."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def insert_comment(
    connection: sqlite3.Connection, comment: Comment, status: str = "pending"
) -> int:
    """Store `comment` (its `id` and `status` are ignored) and return its new id."""
    cursor = connection.execute(
        "INSERT INTO comments"
        " (status, created, article, article_date, parent, name, text, email, ip_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            status,
            comment.created,
            comment.article,
            comment.article_date,
            comment.parent,
            comment.name,
            comment.text,
            comment.email,
            comment.ip_hash,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def get_comment(connection: sqlite3.Connection, comment_id: int) -> Comment | None:
    row = connection.execute(f"SELECT {COLUMNS} FROM comments WHERE id = ?", (comment_id,))
    found = row.fetchone()
    return Comment(*found) if found else None


def comments_with_status(connection: sqlite3.Connection, status: str) -> list[Comment]:
    """The comments of one status, oldest first."""
    rows = connection.execute(
        f"SELECT {COLUMNS} FROM comments WHERE status = ? ORDER BY created, id", (status,)
    )
    return [Comment(*row) for row in rows]


def count_with_status(connection: sqlite3.Connection, status: str) -> int:
    row = connection.execute("SELECT count(*) FROM comments WHERE status = ?", (status,))
    count: int = row.fetchone()[0]
    return count


def next_id(connection: sqlite3.Connection) -> int:
    """The id the next stored comment will get."""
    row = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'comments'")
    found = row.fetchone()
    return int(found[0]) + 1 if found else 1


def reserve_id(connection: sqlite3.Connection) -> int:
    """Take the id the next stored comment would get, storing nothing: no comment will ever
    have it (`AUTOINCREMENT` never goes back)."""
    reserved = next_id(connection)
    taken = connection.execute(
        "UPDATE sqlite_sequence SET seq = ? WHERE name = 'comments'", (reserved,)
    )
    if taken.rowcount == 0:
        connection.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('comments', ?)", (reserved,)
        )
    return reserved


def audit(
    connection: sqlite3.Connection,
    who: str,
    action: str,
    comment_id: int | None = None,
    detail: str = "",
    at: str | None = None,
) -> None:
    """Record who did what to which comment, and when."""
    when = at or datetime.now(UTC).isoformat(timespec="seconds")
    connection.execute(
        "INSERT INTO audit (who, at, action, comment, detail) VALUES (?, ?, ?, ?, ?)",
        (who, when, action, comment_id, detail),
    )


def _close_mine(opened: list[tuple[int, sqlite3.Connection]]) -> None:
    """Close the connections this process made (a forked child leaves its parent's alone)."""
    pid = os.getpid()
    mine = [connection for owner, connection in opened if owner == pid]
    opened[:] = [(owner, connection) for owner, connection in opened if owner != pid]
    for connection in mine:
        connection.close()
