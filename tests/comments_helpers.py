"""Helpers for the comment tests: an app on a temporary database, requests, a real server."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from bulletin.comments.app import CommentsApp, HandlerSettings
from bulletin.comments.articles import ArticleList
from bulletin.comments.body import FORM, JSON
from bulletin.comments.moderation import moderate
from bulletin.comments.store import Comment, Database, insert_comment

REPO = Path(__file__).resolve().parent.parent
ORIGIN = "https://example.org"
ARTICLE = "2024-03-khoi-cong-kcn"
ARTICLE_URL = "https://example.org/2024/03/khoi-cong-kcn/"
OTHER = "2024-05-don-tet"
CLOSED = "2024-04-hop-bao"
SECRET = b"s" * 32
DATES = {ARTICLE: "2024-03-01", OTHER: "2024-05-01", CLOSED: "2024-04-01"}
"""The publication day of each article: with its id, what its comments are bound to."""


def listed(article_id: str, url: str, title: str, comments: bool = True) -> dict[str, Any]:
    """An entry of the article list the build publishes."""
    day = DATES[article_id]
    return {"id": article_id, "url": url, "title": title, "date": day, "comments": comments}


ARTICLES = {
    "articles": [
        listed(ARTICLE, ARTICLE_URL, "Khởi công KCN"),
        listed(OTHER, f"{ORIGIN}/2024/05/don-tet/", "Đón Tết"),
        listed(CLOSED, f"{ORIGIN}/2024/04/hop-bao/", "Họp báo", comments=False),
    ]
}


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: float = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Site:
    """An app over a database in a temporary folder."""

    app: CommentsApp
    database: Database
    clock: Clock = field(default_factory=Clock)


def write_articles(path: Path, articles: dict[str, Any] = ARTICLES) -> Path:
    path.write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
    return path


def make_site(tmp_path: Path, **settings: Any) -> Site:
    database = Database(tmp_path / "var" / "comments.sqlite3")
    articles = ArticleList(write_articles(tmp_path / "articles.json"))
    clock = Clock()
    options = HandlerSettings(origins=frozenset({ORIGIN}), **settings)
    return Site(CommentsApp(database, articles, options, SECRET, clock), database, clock)


def call(
    app: CommentsApp,
    body: bytes = b"",
    *,
    method: str = "POST",
    path: str = "/comments",
    content_type: str = FORM,
    length: str | None = None,
    remote: str = "127.0.0.1",
    headers: dict[str, str | None] | None = None,
    stream: IO[bytes] | None = None,
) -> Answer:
    """Call the app in-process; `headers` are environ keys (`HTTP_ORIGIN`), None removes one."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)) if length is None else length,
        "REMOTE_ADDR": remote,
        "HTTP_ORIGIN": ORIGIN,
        "wsgi.input": stream or io.BytesIO(body),
    }
    environ.update(headers or {})
    environ = {key: value for key, value in environ.items() if value is not None}
    setup_testing_defaults(environ)
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_: object) -> Any:
        started.append((status, headers))

    chunks = app(environ, start_response)
    status, header_list = started[0]
    return Answer(int(status.split()[0]), dict(header_list), b"".join(chunks))


def fields(**values: str) -> dict[str, str]:
    """A valid comment, with `values` replaced (an empty value removes the field)."""
    comment = {"article": ARTICLE, "name": "Nguyễn Văn An", "text": "Rất vui mừng & phấn khởi."}
    comment.update(values)
    return {key: value for key, value in comment.items() if value != ""}


def post_form(app: CommentsApp, remote: str = "127.0.0.1", **values: str) -> Answer:
    return call(app, urlencode(fields(**values)).encode(), remote=remote)


def post_json(app: CommentsApp, value: object, **options: Any) -> Answer:
    return call(app, json.dumps(value).encode(), content_type=JSON, **options)


def stored(article: str = ARTICLE, name: str = "Lê Thị Hoa", parent: int | None = None) -> Comment:
    """A pending comment of `article`, bound to its day (OTHER's comment is posted later)."""
    created = "2024-05-05T01:02:03+00:00" if article == OTHER else "2024-03-05T01:02:03+00:00"
    day = DATES.get(article)
    return Comment(0, "pending", created, article, day, parent, name, "Ý kiến.", None, "hash")


def add_approved(database: Database, comment: Comment) -> int:
    with database.write() as connection:
        comment_id = insert_comment(connection, comment)
    moderate(database, [comment_id], "approve", "test")
    return comment_id


def write_comments(db_path: str, worker: int, count: int) -> list[int]:
    """Store `count` comments through the store, each in its own transaction (a subprocess)."""
    database = Database(Path(db_path), busy_timeout=30)
    ids = []
    for index in range(count):
        comment = stored(name=f"Người viết {worker}-{index}")
        with database.write() as connection:
            ids.append(insert_comment(connection, comment))
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    """Run `comments.py serve` on a free loopback port and wait until it answers.

    Its log goes to `server.log` (a pipe nobody reads would fill and block the server).
    """
    port = free_port()
    command = [sys.executable, str(REPO / "scripts" / "comments.py"), "serve"]
    command += ["--db", str(tmp_path / "var" / "comments.sqlite3"), "--port", str(port)]
    command += ["--articles", str(write_articles(tmp_path / "articles.json"))]
    command += ["--origin", ORIGIN, "--trusted-proxy", "127.0.0.1", *extra]
    log = tmp_path / "server.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if http_request(port, "GET", "/comments/health").status == 200:
                return server, port
        except OSError:
            time.sleep(0.05)
    stop_server(server)
    raise RuntimeError(f"the server did not start: {log.read_text(encoding='utf-8')}")


def stop_server(server: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if server.poll() is None:
        os.kill(server.pid, sig)
    server.wait(timeout=10)


def http_request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def http_comment(port: int, client: str, text: str) -> Answer:
    """POST one JSON comment, as if from `client` behind the trusted proxy 127.0.0.1."""
    body = json.dumps(fields(text=text)).encode()
    headers = {"Content-Type": JSON, "Origin": ORIGIN, "X-Forwarded-For": client}
    return http_request(port, "POST", "/comments", body, headers)


def http_flood(
    port: int, worker: int, count: int, network: int = 1, words: str = "Bình luận số"
) -> list[tuple[int, str]]:
    """Send `count` comments from distinct loopback clients (127.`network`.`worker`.n) until
    the server is gone; return (id, text) of each comment acknowledged with 202."""
    acknowledged = []
    for index in range(count):
        text = f"{words} {worker}-{index}"
        try:
            answer = http_comment(port, f"127.{network}.{worker}.{index + 1}", text)
        except (OSError, http.client.HTTPException):
            break  # the server is gone
        if answer.status == 202:
            acknowledged.append((answer.json()["id"], text))
    return acknowledged
