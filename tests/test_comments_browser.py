"""The whole comment loop in a real browser: a reader posts through the article's form to a
running handler, an editor approves and exports, the site is rebuilt, the comment shows."""

from __future__ import annotations

import functools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browser import launched_browser
from sites import REPO, article, build_site, write_site

SCRIPT = REPO / "scripts" / "comments.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def static_site(folder: Path, port: int) -> Iterator[None]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def handler(database: Path, articles: Path, origin: str, port: int) -> Iterator[None]:
    command = [
        sys.executable, str(SCRIPT), "serve", "--db", str(database), "--articles", str(articles),
        "--origin", origin, "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def moderate(database: Path, *args: str) -> str:
    command = [sys.executable, str(SCRIPT), *args, "--db", str(database)]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_post_approve_export_rebuild(tmp_path: Path) -> None:
    site_port, handler_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{site_port}"
    config = f"""
site_name: Bản tin thử
site_url: {origin}/
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
plugins:
  - bulletin:
      comments_url: http://127.0.0.1:{handler_port}/comments
"""
    files = {"articles/2024/03/tin.md": article("Tin có ý kiến", "2024-03-01")}
    config_file = write_site(tmp_path, files, config)
    site = build_site(config_file, tmp_path / "site")
    database = tmp_path / "var" / "comments.sqlite3"
    page_url = f"{origin}/2024/03/tin-co-y-kien/"
    with (
        static_site(site, site_port),
        handler(database, site / "comments/articles.json", origin, handler_port),
        launched_browser() as browser,
    ):
        page = browser.new_page()
        page.goto(page_url)
        assert page.locator(".bulletin-comments__total").inner_text() == "Tổng lượt bình luận: 0"
        page.fill("#binh-luan-moi-name", "Trần Văn Bình")
        page.fill("#binh-luan-moi-text", "Ý kiến rất hay & thiết thực <cảm ơn>.")
        page.click("form.bulletin-comment-form button[type=submit]")
        page.wait_for_url(page_url + "#binh-luan-da-gui")
        assert page.locator("#binh-luan-da-gui").is_visible()

        [line] = moderate(database, "pending").splitlines()
        comment_id = line.split()[0]
        moderate(database, "approve", comment_id)
        out = str(tmp_path / "docs/_data/comments")
        listed = str(site / "comments/articles.json")
        moderate(database, "export", "--out", out, "--articles", listed)
        build_site(config_file, tmp_path / "site")

        page.goto(page_url)
        assert page.locator(".bulletin-comments__total").inner_text() == "Tổng lượt bình luận: 1"
        assert page.locator(".bulletin-comment__name").inner_text() == "Trần Văn Bình"
        text = page.locator(".bulletin-comment__text").inner_text()
        assert text == "Ý kiến rất hay & thiết thực <cảm ơn>."
