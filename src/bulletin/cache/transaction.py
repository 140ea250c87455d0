"""A transaction of a cache's SQLite database, taken whole or not at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` (the write lock at once), then `COMMIT`; on any error `ROLLBACK`,
    unless SQLite undid the transaction itself: it does when the disk is full, and a ROLLBACK
    then fails with "no transaction is active", hiding why."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
