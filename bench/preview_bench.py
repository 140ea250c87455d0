"""How long a saved edit takes to show in the live preview (`mkdocs serve`, as `make serve`).

Starts `mkdocs serve` as `make serve` does (its site written in /dev/shm where there is one)
on a corpus (`bench/work/<N>/bulletin`, written by `site_bench.py`), waits for the first
build, then, several times: appends a sentence to an article's body, and polls the article's
page on the preview server until the sentence is there. The time from the save to the page
served with the edit is what an editor waits (the browser's reload, started by MkDocs'
livereload when the build ends, adds its own fetch of that page). The article is restored
at the end.

    python bench/preview_bench.py --size 1000 --edits 5
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` holds `text`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - started
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r} in {timeout} s")


def article_url(folder: Path, article: Path) -> str:
    """The preview address of a corpus article (`url_format: {yyyy}/{mm}/{name}/`)."""
    year, month = article.parent.parent.name, article.parent.name
    return f"{year}/{month}/{article.stem}/"


def preview_folder() -> str:
    """Where `make serve` has the preview write its site: in memory where it can."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return str(shm)
    return os.environ.get("TMPDIR", "/tmp")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    folder = BENCH / "work" / str(args.size) / "bulletin"
    if not (folder / "mkdocs.yml").is_file():
        sys.exit(f"no corpus in {folder}: run bench/site_bench.py --sizes {args.size} first")
    articles = sorted((folder / "docs" / "articles").rglob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_text(encoding="utf-8")
    port = free_port()
    command = [str(BIN / "mkdocs"), "serve", "--no-strict", "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": preview_folder()}
    log = open(BENCH / "work" / "preview.log", "w")  # noqa: SIM115 (open while it runs)
    server = subprocess.Popen(command, cwd=folder, stdout=log, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}/{article_url(folder, article)}"
    try:
        first = wait_for(url, "<html", timeout=600)
        print(f"N={args.size}: first build served after {first:.1f} s", flush=True)
        times = []
        for edit in range(args.edits):
            time.sleep(1.0)  # the watcher settles
            marker = f"Câu sửa số {edit + 1} lúc {time.time():.0f}."
            article.write_text(original + f"\n{marker}\n", encoding="utf-8")
            times.append(wait_for(url, marker, timeout=120))
            print(f"edit {edit + 1}: shown after {times[-1]:.2f} s", flush=True)
        print(
            f"N={args.size}: a saved edit shows after {statistics.median(times):.2f} s "
            f"(median of {len(times)}; {min(times):.2f}-{max(times):.2f} s)"
        )
    finally:
        article.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
