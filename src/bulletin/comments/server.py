"""Serving the comment app with waitress, and forgetting old e-mail addresses every day."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import waitress  # type: ignore[import-untyped]

from bulletin.comments.app import CommentsApp
from bulletin.comments.moderation import purge_emails
from bulletin.comments.store import Database

log = logging.getLogger(__name__)

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Listen:
    host: str
    port: int
    threads: int = 4


def serve(app: CommentsApp, listen: Listen, email_days: int, who: str) -> None:
    """Purge old e-mail addresses now and daily, and answer requests until interrupted."""
    purge_now_and_daily(app.database, email_days, who)
    waitress.serve(
        app,
        host=listen.host,
        port=listen.port,
        threads=listen.threads,
        ident="bulletin-comments",
        # The app reads X-Forwarded-For itself, only from --trusted-proxy peers.
        clear_untrusted_proxy_headers=False,
        # The app refuses bodies above 64 KiB with its own message; waitress, far larger.
        max_request_body_size=1024 * 1024,
    )


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
        try:
            _purge(database, days, who)
        except Exception:
            log.exception("could not purge old e-mail addresses")
    database.close()


def _purge(database: Database, days: int, who: str) -> None:
    purged = purge_emails(database, days, who)
    log.info("forgot the e-mail addresses of %d comments older than %d days", purged, days)
