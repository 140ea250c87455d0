"""The internal links of a built site: every address a page links to, loads or offers
(`href`, `src`, `srcset`, `poster`, `data`) that leads inside the site must name a file
there. Read with the standard library's HTML parser, over the written files only (no
MkDocs), so a site can be checked after any build, by the tests and the benchmark alike."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ADDRESS_ATTRIBUTES = frozenset({"href", "src", "poster", "data", "action"})
"""Attributes that hold one address; `srcset` holds several."""


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str
    """The page's path in the site (`2024/03/ten-bai/index.html`)."""
    address: str
    """The address as the page writes it."""

    def __str__(self) -> str:
        return f"{self.page}: {self.address} leads to no file of the site"


class _Addresses(HTMLParser):
    """Collects the addresses of one page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ADDRESS_ATTRIBUTES:
                if tag == "base" and name == "href":
                    self.base = value
                else:
                    self.found.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.found += [item.split()[0] for item in value.split(",") if item.strip()]

    handle_startendtag = handle_starttag


def page_addresses(html: str) -> tuple[list[str], str | None]:
    """Every address a page names, and its `<base href>` if it has one."""
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    return parser.found, parser.base


def site_path(address: str, page: str, base_path: str) -> str | None:
    """The path in the site an address leads to from `page` (a path in the site), or None
    when it leads outside: another host, another scheme, or above the site's base path
    (`/bulletin/` for `https://example.org/bulletin/`). An address with a scheme or a host
    (`https:`, `mailto:`, `data:`, `//cdn…`) is outside."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page  # `#anchor` or `?query`: the page itself
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = path[len(base_path) :]
    else:
        joined = f"{page.rpartition('/')[0]}/{path}" if "/" in page else path
    resolved: list[str] = []
    for part in joined.split("/"):
        if part == "..":
            if not resolved:
                return ".."  # above the site's root: never a file of it
            resolved.pop()
        elif part not in ("", "."):
            resolved.append(part)
    folder = path.endswith("/") or path.endswith("/.") or path in (".", "..")
    return "/".join([*resolved, "index.html"] if folder else resolved)


def _exists(site: Path, path: str) -> bool:
    target = site / path
    return target.is_file() or (target / "index.html").is_file()


def check_page(site: Path, page: str, base_path: str) -> list[BrokenLink]:
    """The broken internal links of one page."""
    addresses, base = page_addresses((site / page).read_text(encoding="utf-8"))
    origin = page if base is None else (site_path(base, page, base_path) or page)
    broken: list[BrokenLink] = []
    for address in addresses:
        path = site_path(address, origin, base_path)
        if path is not None and (path == ".." or not _exists(site, path)):
            broken.append(BrokenLink(page, address))
    return broken


def _check_pages(job: tuple[str, list[str], str]) -> list[BrokenLink]:
    site, pages, base_path = job
    return [link for page in pages for link in check_page(Path(site), page, base_path)]


def html_pages(site: Path) -> Iterator[str]:
    """Every HTML file of the site, as a path in it, in a stable order."""
    for folder, names, files in os.walk(site):
        names.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                yield Path(folder, name).relative_to(site).as_posix()


def broken_links(
    site: Path, base_path: str = "/", pages: Iterable[str] | None = None, processes: int = 1
) -> list[BrokenLink]:
    """Every internal link, image, script or style sheet of the site's HTML pages that leads
    to no file, sorted; `base_path` is the path of `site_url` (`/bulletin/`)."""
    chosen = list(html_pages(site) if pages is None else pages)
    if processes <= 1 or len(chosen) < 200:
        return sorted(_check_pages((str(site), chosen, base_path)))
    jobs = [(str(site), chosen[start::processes], base_path) for start in range(processes)]
    spawned = multiprocessing.get_context("spawn")  # never a fork of a threaded process
    with ProcessPoolExecutor(processes, mp_context=spawned) as pool:
        return sorted(link for found in pool.map(_check_pages, jobs) for link in found)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml` with MkDocs' own tags (`!ENV`, `!relative`) as plain values."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def base_path(config_file: Path) -> str:
    """The path of the site's `site_url` (`https://example.org/bulletin/` → `/bulletin/`)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else f"{path}/"


def main(arguments: list[str] | None = None) -> int:
    """`python -m bulletin.linkcheck [SITE] [--config mkdocs.yml]`: every broken internal
    link of a built site, a line each; exit 1 if there is one."""
    parser = argparse.ArgumentParser(
        prog="python -m bulletin.build.linkcheck", description=main.__doc__
    )
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    options = parser.parse_args(arguments)
    broken = broken_links(options.site, base_path(options.config), processes=os.cpu_count() or 1)
    for link in broken:
        print(link)
    pages = sum(1 for _ in html_pages(options.site))
    print(f"{len(broken)} broken internal links in {pages:,} pages of {options.site}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
