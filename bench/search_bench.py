"""What search costs a reader and a build, on a generated bulletin (not a test: run by hand).

    python bench/search_bench.py SITE_DIR [--query "nguyen phuoc loc"]...

SITE_DIR is a site built by `mkdocs build` (for instance from
`../shared/bench/gen_corpus.py OUT N --format bulletin`, with `url_format: "{yyyy}/{mm}/{name}/"`).
It is served on 127.0.0.1 as a web server would serve it (text gzip-compressed; the index's
files are compressed already), and headless Chromium (Debian's, as in the tests) opens the search
page, types each query and waits for the results. For each query it prints the bytes the page
downloaded for search (compressed, as sent: the manifest, the shards of the query's terms in
every part, the words the last one may become while it is typed, the shown results' records)
and the time from the last keystroke to the results on screen (which includes the 200 ms pause
the page waits for the reader to stop typing), first on a fresh page (nothing cached), then
again on the same page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import LAUNCH_ARGS, PHONE, chromium_path
from bulletin.search.bundles import BUNDLE_DIR

COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml")
QUERIES = [
    "nguyen phuoc loc",
    "dang bo",
    "chuyen doi so",
    "ban to chuc thanh uy",
    "hoa binh",
    "21-KL/TW",
]
"""The queries the search issue measures (the first: the one `site_bench` reports)."""


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves a folder, gzip-compressing text when the browser accepts it (as nginx would)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


def kinds(searched: dict[str, int]) -> list[tuple[str, int]]:
    """Bytes by kind of file: shards, records, the vocabulary, the rest by name."""
    totals: dict[str, int] = {}
    for url, size in searched.items():
        path = url.split("?")[0]
        name = path.rsplit("/", 1)[-1]
        kind = "shards" if "/t/" in path else "records" if "/f/" in path else name
        totals[kind] = totals.get(kind, 0) + size
    return sorted(totals.items(), key=lambda item: -item[1])


def measure(site: str, queries: list[str], detail: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        for query in queries:
            runs = [one_reader(browser, site, query) for _ in range(3)]
            searched = runs[0][0]
            kilobytes = sum(searched.values()) / 1024
            cold = statistics.median(run[1] for run in runs)
            warm = statistics.median(run[2] for run in runs)
            print(
                f"{query!r}: {kilobytes:.0f} KB in {len(searched)} files for search; keystroke to "
                f"results {cold:.0f} ms on a fresh page, {warm:.0f} ms again (medians of 3)"
            )
            if detail:
                sizes = (f"{kind} {n / 1024:.0f} KB" for kind, n in kinds(searched))
                print("    " + ", ".join(sizes))
        browser.close()


def one_reader(browser: Any, site: str, query: str) -> tuple[dict[str, int], float, float]:
    """A fresh page: the bytes of each file for search, then the time to results, twice."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(f"{site}tim-kiem/")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    cold = type_and_wait(page, query)
    sizes = [(r.url, r.sizes()["responseBodySize"]) for r in finished]  # the page still open
    searched = {url: n for url, n in sizes if f"/{BUNDLE_DIR}/" in url or "bulletin-search" in url}
    warm = type_and_wait(page, query + " ")
    context.close()
    return searched, cold, warm


def type_and_wait(page: Any, query: str) -> float:
    """Type `query` into the search box; milliseconds from the last keystroke to the results."""
    page.fill("#search-q", query[:-1])
    page.evaluate(
        """() => { window.__typed = null;
        document.getElementById('search-q').addEventListener('keydown',
          () => { window.__typed = performance.now(); }, {once: true}); }"""
    )
    page.focus("#search-q")
    page.keyboard.type(query[-1])
    page.wait_for_function(
        "q => { const r = document.getElementById('search-results');"
        " return r.dataset.state === 'done' && r.dataset.query === q; }",
        arg=query,
        timeout=120_000,
    )
    return float(page.evaluate("performance.now() - window.__typed"))


PEER_PAGE = "bench-first-query.html"
PEER_SEARCH = """<!DOCTYPE html><html><body><script type="module">
window.search = async (query) => {
  const pagefind = await import("./pagefind/pagefind.js");
  const { results } = await pagefind.search(query);
  await Promise.all(results.slice(0, 5).map((result) => result.data()));
  return results.length;
};
</script></body></html>
"""
"""A peer's first query as Pagefind's own interface makes it: the index, then the first five
results (the interface shows five at a time)."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1, gzip-compressed as a web server would."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def first_query_bytes(folder: Path, query: str = QUERIES[0], ours: bool = True) -> int:
    """Bytes (compressed) a fresh reader downloads for search to answer `query`: on this
    project's search page, or, for a peer, through Pagefind's JS API (PEER_SEARCH)."""
    from playwright.sync_api import sync_playwright

    if not ours:
        (folder / PEER_PAGE).write_text(PEER_SEARCH, encoding="utf-8")
    with served(folder) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        try:
            if ours:
                return sum(one_reader(browser, site, query)[0].values())
            page = browser.new_context(viewport=PHONE).new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
            page.goto(site + PEER_PAGE)
            page.wait_for_function("typeof window.search === 'function'")
            page.evaluate("query => window.search(query)", query)
            return sum(sizes[1:])  # not the page itself
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--detail", action="store_true", help="bytes by kind of file")
    args = parser.parse_args()
    with served(args.site) as address:
        measure(address, args.queries or QUERIES, args.detail)


if __name__ == "__main__":
    main()
