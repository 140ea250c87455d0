"""The bytes a first visit to a page downloads (the home page unless named), by kind of file,
in headless Chromium (Debian's, as in the tests), with nothing cached: each file's own size
and what a static host sends for it (text gzip-compressed, as `search_bench.GzipHandler` and
nginx do; images and fonts as they are). The page is loaded until the network is idle, without
scrolling: lazy images below the first screen are not fetched. Not a test: `make bench` (from
`bench/lighthouse.py`).

    python bench/first_visit.py [SITE_DIR] [PAGE] [--top 8]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search_bench import served

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import LAUNCH_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ((360, 780, 1), (360, 780, 2), (1280, 900, 1))
"""Width, height (CSS pixels) and pixel ratio: a phone, a phone's usual 2x screen, a laptop."""
KINDS = ("HTML", "CSS", "JS", "images", "fonts", "other")
_BY_TYPE = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images"}


@dataclass(frozen=True)
class Fetched:
    url: str
    kind: str
    size: int
    """Bytes of the file."""
    sent: int
    """Bytes on the wire: compressed if the host compresses it."""


def kind_of(resource_type: str, url: str) -> str:
    if resource_type == "font" or url.split("?")[0].endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    return _BY_TYPE.get(resource_type, "other")


def first_visit(site: str, page: str, width: int, height: int, scale: int) -> list[Fetched]:
    """Every file a fresh browser fetches to show `page` of the served `site`."""
    from playwright.sync_api import sync_playwright

    fetched: list[Fetched] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale
            )
            tab = context.new_page()

            def finished(request: Any) -> None:
                response = request.response()
                if response is None:
                    return
                body = len(response.body())
                sent = request.sizes()["responseBodySize"]
                kind = kind_of(request.resource_type, request.url)
                fetched.append(Fetched(request.url[len(site) :], kind, body, sent))

            tab.on("requestfinished", finished)
            tab.goto(site + page, wait_until="networkidle")
            context.close()
        finally:
            browser.close()
    return fetched


def table(site_dir: Path, page: str = "", top: int = 0) -> str:
    """A Markdown table of the bytes by kind, for each of `SCREENS`; the `top` heaviest files."""
    lines = [
        "| screen | " + " | ".join(KINDS) + " | total |",
        "|---|" + "---:|" * (len(KINDS) + 1),
    ]
    heaviest: list[Fetched] = []
    with served(site_dir) as site:
        for width, height, scale in SCREENS:
            fetched = first_visit(site, page, width, height, scale)
            cells = []
            for kind in (*KINDS, None):
                files = [f for f in fetched if kind is None or f.kind == kind]
                size, sent = sum(f.size for f in files), sum(f.sent for f in files)
                cells.append(f"{len(files)}: {_kb(sent)} ({_kb(size)})" if files else "")
            lines.append(f"| {width}×{height} @{scale}x | " + " | ".join(cells) + " |")
            heaviest = heaviest or sorted(fetched, key=lambda f: -f.sent)[:top]
    lines += [
        "",
        "Each cell: files fetched: KB sent, gzip-compressed where a host compresses (KB of the "
        "files as they are).",
    ]
    if heaviest:
        lines += ["", f"Heaviest at {SCREENS[0][0]} px, as sent:"]
        lines += [f"- {f.url}: {_kb(f.sent)} ({f.kind})" for f in heaviest]
    return "\n".join(lines)


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("page", nargs="?", default="", help="a page's address (home: empty)")
    parser.add_argument("--top", type=int, default=8, help="list the heaviest files")
    args = parser.parse_args()
    print(f"First visit to /{args.page} of {args.site}:\n")
    print(table(args.site, args.page, args.top))


if __name__ == "__main__":
    main()
