"""Real headless Chromium for the tests: Debian's `chromium`, driven by Python's `playwright`.

Playwright's own browser download does not work here, so the browser is the system's
(`BULLETIN_CHROMIUM`, else `chromium` on the PATH, else /usr/bin/chromium); `.ci/run` installs
it. A test that needs a browser skips, saying why, only when the browser or playwright is
missing. Built sites are served on 127.0.0.1, on a free port, by a thread of the test process.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
"""The narrowest screen the site is made for."""


def chromium_path() -> str | None:
    """The system's Chromium, or None."""
    candidates = [
        os.environ.get("BULLETIN_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


@contextmanager
def launched_browser() -> Iterator[Browser]:
    """Headless Chromium for the duration of the block; skips the test if there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("no playwright (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: apt-get install chromium (or set BULLETIN_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder; counts the bytes of each response it sends."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # The search bundle changes between builds of the same test site: never cached.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port); yield the base address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
