"""Feeds of the sample site: valid RSS 2.0, Atom and JSON Feed 1.1, the same bytes twice."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import feedparser
import pytest

from sites import REPO, build_site

FEEDS = ("rss.xml", "atom.xml", "feed.json")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("feeds")
    first = build_site(REPO / "mkdocs.yml", root / "one")
    second = build_site(REPO / "mkdocs.yml", root / "two")
    return first, second


def parse(path: Path) -> feedparser.FeedParserDict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # feedparser's own
        return feedparser.parse(path.read_bytes())


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_xml_feeds_parse_without_errors(sites: tuple[Path, Path], name: str) -> None:
    feed = parse(sites[0] / name)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.language == "vi" or feed.feed.get("language") == "vi"
    entries = feed.entries
    assert len(entries) == 17  # every public article of the sample, no draft, no embargo
    published = [entry.published_parsed for entry in entries]
    assert published == sorted(published, reverse=True)
    first = entries[0]
    assert first.link.startswith("https://example.org/bulletin/2025/06/")
    assert first.id == first.link
    assert first.published.endswith(("+0700", "+07:00"))


def test_rss_items_carry_the_pen_name_and_category(sites: tuple[Path, Path]) -> None:
    feed = parse(sites[0] / "rss.xml")
    entry = feed.entries[0]
    assert entry.author == "Quốc Bảo"
    assert [tag.term for tag in entry.tags] == ["Kinh tế"]


def test_json_feed(sites: tuple[Path, Path]) -> None:
    feed = json.loads((sites[0] / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.org/bulletin/feed.json"
    assert feed["language"] == "vi"
    items = feed["items"]
    assert len(items) == 17
    assert all(
        item["id"] == item["url"] and item["date_published"].endswith("+07:00") for item in items
    )
    assert all("content_text" in item for item in items)


def test_each_category_has_its_feeds(sites: tuple[Path, Path]) -> None:
    feed = parse(sites[0] / "chuyen-muc/kinh-te/atom.xml")
    assert feed.bozo == 0
    assert {tag.term for entry in feed.entries for tag in entry.tags} == {"Kinh tế"}


def test_two_builds_give_the_same_bytes(sites: tuple[Path, Path]) -> None:
    first, second = sites
    for path in [*(first / name for name in FEEDS), *(first / "chuyen-muc").rglob("*.xml")]:
        relative = path.relative_to(first)
        assert path.read_bytes() == (second / relative).read_bytes(), relative
