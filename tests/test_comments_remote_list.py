"""The handler may read the article list from the site itself (the preview, or production)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bulletin.comments.articles import ArticlesError, RemoteArticleList, article_list


def entry(article_id: str) -> dict[str, object]:
    url = f"http://127.0.0.1/{article_id}/"
    return {"id": article_id, "url": url, "title": "A", "date": "2024-03-01", "comments": True}


class _Site:
    def __init__(self) -> None:
        self.articles = [entry("a")]
        self.requests = 0


@pytest.fixture
def site() -> Iterator[tuple[_Site, str]]:
    state = _Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            body = json.dumps({"articles": state.articles}).encode()
            self.send_response(200 if self.path == "/comments/articles.json" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_port}/comments/articles.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_list_is_fetched_again_when_stale_or_for_an_unknown_id(
    site: tuple[_Site, str],
) -> None:
    state, url = site
    now = [0.0]
    articles = RemoteArticleList(url, max_age=60, retry_unknown=5, clock=lambda: now[0])
    assert articles.find("a") is not None and state.requests == 1
    state.articles.append(entry("b"))
    assert articles.find("b") is None and state.requests == 1  # asked too soon
    now[0] = 6
    assert articles.find("b") is not None and state.requests == 2
    now[0] = 30
    assert articles.find("a") is not None and state.requests == 2  # fresh enough
    now[0] = 70
    articles.find("a")
    assert state.requests == 3


def test_an_unreachable_list_is_an_error_at_start() -> None:
    with pytest.raises(ArticlesError, match="không tải được danh sách bài viết"):
        article_list("http://127.0.0.1:9/comments/articles.json")


def test_a_failed_refresh_keeps_the_last_good_list(site: tuple[_Site, str]) -> None:
    state, url = site
    now = [0.0]
    articles = RemoteArticleList(url, clock=lambda: now[0])
    state.articles = "broken"  # type: ignore[assignment]
    now[0] = 100
    assert articles.find("a") is not None
