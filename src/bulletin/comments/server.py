"""Serving the comment app with waitress, and forgetting old e-mail addresses every day.

Waitress reads requests in its main loop and gives a thread only a complete one, so a client
that sends half a request holds a connection, never a thread. Its defaults let 100 such
connections lock everyone out, and keep each for two minutes: here it keeps up to 2,000,
drops any that stays silent 20 seconds, and watches them with poll() (select() stops at
1,024). Facing the internet, put a proxy in front that buffers whole requests (README).
"""

from __future__ import annotations

import logging
import resource
import threading
from dataclasses import dataclass
from typing import Any

import waitress  # type: ignore[import-untyped]

from bulletin.comments.app import CommentsApp
from bulletin.comments.moderation import purge_emails
from bulletin.comments.store import Database

log = logging.getLogger(__name__)

DAY = 24 * 60 * 60
MAX_CONNECTIONS = 2000
IDLE_SECONDS = 20
"""A connection silent this long (a request half sent, or a kept-alive one) is closed."""
SPARE_FILES = 64
"""Files the process keeps for itself besides connections: the database, logs, the list."""


@dataclass(frozen=True)
class Listen:
    host: str
    port: int
    threads: int = 4


def serve(app: CommentsApp, listen: Listen, email_days: int, who: str) -> None:
    """Purge old e-mail addresses now and daily, and answer requests until interrupted."""
    purge_now_and_daily(app.database, email_days, who)
    server = waitress.create_server(app, **waitress_options(listen))
    server.print_listen("Đang nhận bình luận tại http://{}:{}")
    server.run()


def waitress_options(listen: Listen) -> dict[str, Any]:
    """How waitress serves: many idle connections cost nothing, silent ones are dropped."""
    return {
        "host": listen.host,
        "port": listen.port,
        "threads": listen.threads,
        "ident": "bulletin-comments",
        # The app reads X-Forwarded-For itself, only from --trusted-proxy peers.
        "clear_untrusted_proxy_headers": False,
        # The app refuses bodies above 64 KiB with its own message; waitress, far larger.
        "max_request_body_size": 1024 * 1024,
        "connection_limit": connection_limit(MAX_CONNECTIONS),
        "channel_timeout": IDLE_SECONDS,
        "cleanup_interval": 5,
        "asyncore_use_poll": True,
        "backlog": 1024,
    }


def connection_limit(wanted: int) -> int:
    """`wanted` connections, or as many as the files the process may open allow (their soft
    limit raised towards the hard one first)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - SPARE_FILES))


def purge_now_and_daily(database: Database, days: int, who: str) -> threading.Event:
    """Purge now, then every day in a background thread; set the event returned to stop."""
    stop = threading.Event()
    _purge(database, days, who)
    thread = threading.Thread(
        target=_purge_daily, args=(database, days, who, stop), name="purge-emails", daemon=True
    )
    thread.start()
    return stop


def _purge_daily(database: Database, days: int, who: str, stop: threading.Event) -> None:
    while not stop.wait(DAY):
        _purge(database, days, who)
    database.close()


def _purge(database: Database, days: int, who: str) -> None:
    try:
        purged = purge_emails(database, days, who)
    except Exception:
        log.exception("không quên được các địa chỉ email cũ")
        return
    log.info("đã quên địa chỉ email của %d bình luận gửi cách đây hơn %d ngày", purged, days)
