"""The real server under idle connections: clients that send half a request lock nobody out."""

from __future__ import annotations

import resource
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from bulletin.comments.server import (
    IDLE_SECONDS,
    MAX_CONNECTIONS,
    Listen,
    connection_limit,
    waitress_options,
)
from comments_helpers import http_comment, http_request, start_server, stop_server

IDLE_CLIENTS = 150
HALF_A_REQUEST = b"POST /comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n"


@contextmanager
def idle_clients(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections that each sent half a request, closed at the end."""
    with ExitStack() as stack:
        clients = []
        for _ in range(count):
            client = stack.enter_context(socket.create_connection(("127.0.0.1", port), 5))
            client.sendall(HALF_A_REQUEST)
            clients.append(client)
        yield clients


def test_half_sent_requests_do_not_lock_out_readers(tmp_path: Path) -> None:
    server, port = start_server(tmp_path)
    try:
        with idle_clients(port, IDLE_CLIENTS):
            time.sleep(0.5)  # the server has taken them all
            began = time.monotonic()
            health = http_request(port, "GET", "/comments/health")  # 10 s timeout
            assert (health.status, health.body) == (200, b"ok")
            assert time.monotonic() - began < 3
            assert http_comment(port, "127.0.5.1", "Vẫn gửi được.").status == 202
    finally:
        stop_server(server)


def test_waitress_takes_many_connections_and_drops_idle_ones() -> None:
    options = waitress_options(Listen("127.0.0.1", 8081, threads=4))
    assert options["connection_limit"] == MAX_CONNECTIONS >= 1000
    assert (options["channel_timeout"], options["asyncore_use_poll"]) == (IDLE_SECONDS, True)


def test_the_connection_limit_follows_the_files_the_process_may_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limits = {"soft": 256, "hard": 512}

    def getrlimit(kind: int) -> tuple[int, int]:
        return limits["soft"], limits["hard"]

    def setrlimit(kind: int, values: tuple[int, int]) -> None:
        limits["soft"], limits["hard"] = values

    monkeypatch.setattr(resource, "getrlimit", getrlimit)
    monkeypatch.setattr(resource, "setrlimit", setrlimit)
    assert connection_limit(2000) == 512 - 64  # raised to the hard limit, some kept spare
    assert limits == {"soft": 512, "hard": 512}
    limits.update(soft=4096, hard=8192)
    assert connection_limit(2000) == 2000
    assert limits == {"soft": 4096, "hard": 8192}  # enough already: left as it was
