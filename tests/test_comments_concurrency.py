"""Concurrent writers lose nothing; an acknowledged comment survives `kill -9` of the server."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bulletin.comments.store import Database
from comments_helpers import (
    ARTICLE_URL,
    ORIGIN,
    fields,
    http_flood,
    http_request,
    make_site,
    post_json,
    start_server,
    stop_server,
    write_comments,
)

WORKERS = 4
EACH = 25


def stored_texts(db_path: Path) -> dict[int, str]:
    database = Database(db_path)
    rows = database.connection().execute("SELECT id, text FROM comments")
    texts = {comment_id: text for comment_id, text in rows}
    database.close()
    return texts


def test_four_processes_writing_through_the_store_lose_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "comments.sqlite3"
    Database(db_path).close()
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        results = pool.starmap(write_comments, [(str(db_path), n, EACH) for n in range(WORKERS)])
    ids = [comment_id for result in results for comment_id in result]
    assert len(set(ids)) == WORKERS * EACH
    assert sorted(stored_texts(db_path)) == sorted(ids)


def test_four_threads_posting_to_one_app_lose_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path)

    def post(worker: int) -> list[int]:
        answers = [
            post_json(site.app, fields(text=f"Luồng {worker}-{n}"), remote=f"127.0.{worker}.{n}")
            for n in range(EACH)
        ]
        site.database.close()
        return [answer.json()["id"] for answer in answers]

    with ThreadPoolExecutor(WORKERS) as pool:
        ids = [comment_id for result in pool.map(post, range(WORKERS)) for comment_id in result]
    assert len(set(ids)) == WORKERS * EACH
    assert len(stored_texts(site.database.path)) == WORKERS * EACH


def test_four_client_processes_over_http_lose_nothing(tmp_path: Path) -> None:
    server, port = start_server(tmp_path)
    try:
        form = urlencode(fields()).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN}
        sent = http_request(port, "POST", "/comments", form, headers)
        assert (sent.status, sent.headers["Location"]) == (303, f"{ARTICLE_URL}#binh-luan-da-gui")
        context = multiprocessing.get_context("spawn")
        with context.Pool(WORKERS) as pool:
            results = pool.starmap(http_flood, [(port, n, EACH) for n in range(WORKERS)])
    finally:
        stop_server(server)
    acknowledged = dict(pair for result in results for pair in result)
    assert len(acknowledged) == WORKERS * EACH
    stored = stored_texts(tmp_path / "var" / "comments.sqlite3")
    assert len(stored) == WORKERS * EACH + 1
    assert all(stored[comment_id] == text for comment_id, text in acknowledged.items())


def test_comments_acknowledged_before_kill_9_are_all_kept(tmp_path: Path) -> None:
    server, port = start_server(tmp_path, "--threads", "8")
    acknowledged: list[tuple[int, str]] = []

    def flood(worker: int) -> None:
        acknowledged.extend(http_flood(port, worker, 200, network=2, words="Trước khi tắt"))

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(acknowledged) < 40:
        time.sleep(0.01)
    stop_server(server, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=30)
    assert 40 <= len(acknowledged) < WORKERS * 200  # killed in the middle of the flood
    stored = stored_texts(tmp_path / "var" / "comments.sqlite3")
    assert all(stored.get(comment_id) == text for comment_id, text in acknowledged)
