"""Full addresses joined as text only where `urljoin` gives the same."""

from __future__ import annotations

import random
from urllib.parse import urljoin, urlsplit

import pytest

from bulletin.outputs.addresses import full_address, joins_as_text, path_of

BASES = [
    "https://example.org/", "https://example.org", "https://example.org/ban-tin",
    "https://example.org/ban-tin/", "https://example.org/a/../b/", "https://example.org/./",
    "https://example.org/?x=1", "https://example.org/#top", "https://example.org/a;p/",
    "/ban-tin/", "", "http://[::1]:8000/",
]  # fmt: skip
PATHS = [
    "", "2024/05/tin-1/", "2024/05/tin-1/index.html", "tin%20t%E1%BB%A9c/", "a/./b/", "a/../b/",
    "./a/", "../a/", "/a/", "//host/a/", "mailto:x@example.org", "a:b/", "a?x=1", "a#b",
    "a;p", "a b/", " a/", "a\tb/", "a/.b/", "a/..b/", "feed.xml", "a//b/", "a/b//",
]  # fmt: skip


@pytest.mark.parametrize("base", BASES)
def test_an_address_is_the_one_urljoin_makes(base: str) -> None:
    for path in PATHS:
        assert full_address(base, path) == urljoin(base, path), (base, path)
        if joins_as_text(base, path):
            assert path_of(base) + path == urlsplit(urljoin(base, path)).path, (base, path)


def test_a_site_s_pages_are_joined_as_text() -> None:
    for base in ("https://example.org/", "https://example.org/ban-tin/", "/ban-tin/"):
        assert joins_as_text(base, "2024/05/tin-1/")
        assert joins_as_text(base, "") and joins_as_text(base, "feeds/rss.xml")
    assert not joins_as_text("https://example.org/ban-tin", "2024/")  # urljoin drops ban-tin
    assert not joins_as_text("https://example.org/", "../2024/")


def test_random_paths_join_as_urljoin_joins_them() -> None:
    """Paths of the characters `urljoin` treats apart, and plain ones, at random (seeded)."""
    alphabet = ["a", "b", "é", "1", "/", "/", ".", "..", ":", "?", "#", ";", " ", "\t", "%2E", "@"]
    chosen = random.Random(19)
    for _ in range(20_000):
        path = "".join(chosen.choices(alphabet, k=chosen.randint(0, 8)))
        base = chosen.choice(BASES)
        assert full_address(base, path) == urljoin(base, path), (base, path)
