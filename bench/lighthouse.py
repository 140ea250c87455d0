"""Lighthouse scores of a page (the article page unless named) on mobile, the site served as
a web server would (gzip, see search_bench.GzipHandler), in Debian's Chromium; then the bytes a
first visit to the home page downloads at 360 and 1280 px, by kind (`first_visit.py`). Not a
test: `make bench`.

Needs npm's `lighthouse` (installed into bench/work/lighthouse on first use).

    python bench/lighthouse.py [SITE_DIR] [PAGE]
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from first_visit import table
from search_bench import GzipHandler

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "bench" / "work" / "lighthouse"
PAGE = "2024/08/cong-an-tinh-binh-giang-triet-pha-duong-day-danh-bac-qua-mang-quy-mo-hon-500-ty/"
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking "
FLAGS += "--disable-component-update --disable-sync --no-first-run"


def install() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        command = [
            "npm",
            "install",
            "--prefix",
            str(TOOL),
            "lighthouse@12",
            "--no-audit",
            "--no-fund",
        ]
        subprocess.run(command, check=True, capture_output=True)
    return binary


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    page = sys.argv[2] if len(sys.argv) > 2 else PAGE
    binary = install()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report = TOOL / "report.json"
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    categories = "performance,accessibility,best-practices,seo"
    command = [
        str(binary), url, "--quiet", f"--chrome-flags={FLAGS}",
        f"--only-categories={categories}", "--output=json", f"--output-path={report}",
    ]  # fmt: skip
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    server.shutdown()
    scores = json.loads(report.read_text())["categories"]
    print("| page (mobile) | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    values = [round(scores[key]["score"] * 100) for key in categories.split(",")]
    print(f"| {page or 'home'} | {' | '.join(map(str, values))} |")
    print("\nFirst visit to the home page:\n")
    print(table(site, "", top=8))


if __name__ == "__main__":
    main()
