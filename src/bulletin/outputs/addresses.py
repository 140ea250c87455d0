"""Full addresses: the site's address and a path in it, joined.

`urllib.parse.urljoin` parses both and puts them together again (10-20 µs): for every page
of a build (its canonical address) and every article of the comment list and feeds, seconds
at 100,000 articles. Where the site's address ends in `/` and the path is a plain relative
one (no scheme, query, fragment, parameters, dot or empty segments), the join is the two texts one
after the other: the same address, tested against `urljoin`.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urljoin, urlsplit


def full_address(base: str, path: str) -> str:
    """`urljoin(base, path)`: the address of `path` in the site whose address is `base`."""
    return base + path if joins_as_text(base, path) else urljoin(base, path)


def joins_as_text(base: str, path: str) -> bool:
    """Whether `urljoin(base, path)` is `base + path`."""
    return _plain_base(base) and _plain_path(path)


@cache
def path_of(base: str) -> str:
    """The path of an address (`urlsplit`): with a plain path after it (`joins_as_text`),
    the path of the two joined."""
    return urlsplit(base).path


@cache
def _plain_base(base: str) -> bool:
    """An address ending in `/` with no query, fragment or dot segments: `urljoin` adds a
    relative path to it as it is."""
    return base.endswith("/") and urljoin(base, "a/b/") == base + "a/b/"


def _plain_path(path: str) -> bool:
    """A relative path `urljoin` keeps as it is: no leading `/`, no scheme, query, fragment
    or parameters, no `.`, `..` or empty segment but the last (`a//b` is `a/b` to it),
    nothing it strips (spaces, control characters)."""
    segments = path.split("/")
    return (
        not path.startswith("/")
        and path.isprintable()
        and " " not in path
        and not any(mark in path for mark in ":?#;")
        and not {".", ".."} & set(segments)
        and "" not in segments[:-1]
    )
