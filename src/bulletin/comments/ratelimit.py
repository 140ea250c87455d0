"""Per-client rate limits, kept in SQLite so that several server processes share them.

A client is the keyed hash of its address (an IPv4 address, or the /64 network of an IPv6
one: see `clients.py`). Only accepted comments count. Check and record inside the same
write transaction as the comment itself, so that two processes cannot both let a fourth
comment through.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """At most `count` comments per client within any `window` seconds."""

    window: int
    count: int


DEFAULT_LIMITS = (Limit(window=10 * 60, count=3), Limit(window=24 * 60 * 60, count=20))


def retry_after(
    connection: sqlite3.Connection, client: str, now: float, limits: tuple[Limit, ...]
) -> int | None:
    """Seconds the client must wait before its next comment, or None if it may post now."""
    waits = [_wait(connection, client, now, limit) for limit in limits]
    return max((wait for wait in waits if wait is not None), default=None)


def record(
    connection: sqlite3.Connection, client: str, now: float, limits: tuple[Limit, ...]
) -> None:
    """Count one comment for the client, and forget events older than the longest window."""
    connection.execute("INSERT INTO rate (client, at) VALUES (?, ?)", (client, now))
    horizon = max((limit.window for limit in limits), default=0)
    connection.execute("DELETE FROM rate WHERE at <= ?", (now - horizon,))


def _wait(connection: sqlite3.Connection, client: str, now: float, limit: Limit) -> int | None:
    """Seconds until the oldest event that fills `limit` leaves its window, if it is full."""
    if limit.count <= 0:
        return limit.window
    rows = connection.execute(
        "SELECT at FROM rate WHERE client = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
        (client, now - limit.window, limit.count - 1),
    )
    found = rows.fetchone()
    if found is None:
        return None
    oldest: float = found[0]
    return max(1, math.ceil(oldest + limit.window - now))
