"""Feeds: RSS 2.0, Atom and JSON Feed 1.1, written with a real XML writer (ElementTree) and
json. No build time goes in: two builds of the same content give the same bytes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import format_datetime

from bulletin.articles.model import Article

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
JSON_FEED = "https://jsonfeed.org/version/1.1"
etree.register_namespace("atom", ATOM)
etree.register_namespace("dc", DC)


@dataclass(frozen=True)
class Channel:
    """One feed: the whole site, or one category."""

    title: str
    description: str
    home: str
    """Absolute URL of the page the feed follows (the site, or the category page)."""
    base: str
    """Absolute URL of the folder the feed files are written to."""
    articles: list[Article]
    """Newest first, at most the feed's length."""


UrlOf = Callable[[Article], str]
"""The absolute, canonical URL of an article."""

RSS_FILE, ATOM_FILE, JSON_FILE = "rss.xml", "atom.xml", "feed.json"


def rss(channel: Channel, url_of: UrlOf, zone: tzinfo) -> bytes:
    root = etree.Element("rss", {"version": "2.0"})
    head = etree.SubElement(root, "channel")
    _text(head, "title", channel.title)
    _text(head, "link", channel.home)
    _text(head, "description", channel.description)
    _text(head, "language", "vi")
    if channel.articles:
        _text(head, "lastBuildDate", _rfc822(_latest(channel), zone))
    etree.SubElement(
        head,
        f"{{{ATOM}}}link",
        {"href": channel.base + RSS_FILE, "rel": "self", "type": "application/rss+xml"},
    )
    for article in channel.articles:
        item = etree.SubElement(head, "item")
        _text(item, "title", article.title)
        _text(item, "link", url_of(article))
        etree.SubElement(item, "guid", {"isPermaLink": "true"}).text = url_of(article)
        _text(item, "pubDate", _rfc822(article.date, zone))
        if article.lead:
            _text(item, "description", article.lead)
        _text(item, "category", article.category)
        for author in article.authors:
            _text(item, f"{{{DC}}}creator", author)
    return _xml(root)


def atom(channel: Channel, url_of: UrlOf, zone: tzinfo) -> bytes:
    root = etree.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _text(root, f"{{{ATOM}}}id", channel.home)
    _text(root, f"{{{ATOM}}}title", channel.title)
    _text(root, f"{{{ATOM}}}subtitle", channel.description)
    updated = _latest(channel) if channel.articles else None
    if updated:
        _text(root, f"{{{ATOM}}}updated", _rfc3339(updated, zone))
    _link(root, channel.home, "alternate", "text/html")
    _link(root, channel.base + ATOM_FILE, "self", "application/atom+xml")
    for article in channel.articles:
        entry = etree.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, f"{{{ATOM}}}id", url_of(article))
        _text(entry, f"{{{ATOM}}}title", article.title)
        _text(entry, f"{{{ATOM}}}published", _rfc3339(article.date, zone))
        _text(entry, f"{{{ATOM}}}updated", _rfc3339(article.updated or article.date, zone))
        _link(entry, url_of(article), "alternate", "text/html")
        for name in article.authors or [channel.title]:
            author = etree.SubElement(entry, f"{{{ATOM}}}author")
            _text(author, f"{{{ATOM}}}name", name)
        etree.SubElement(entry, f"{{{ATOM}}}category", {"term": article.category})
        if article.lead:
            _text(entry, f"{{{ATOM}}}summary", article.lead)
    return _xml(root)


def json_feed(channel: Channel, url_of: UrlOf, zone: tzinfo) -> bytes:
    feed = {
        "version": JSON_FEED,
        "title": channel.title,
        "description": channel.description,
        "home_page_url": channel.home,
        "feed_url": channel.base + JSON_FILE,
        "language": "vi",
        "items": [_json_item(article, url_of, zone) for article in channel.articles],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_item(article: Article, url_of: UrlOf, zone: tzinfo) -> dict[str, object]:
    item: dict[str, object] = {
        "id": url_of(article),
        "url": url_of(article),
        "title": article.title,
        "date_published": _rfc3339(article.date, zone),
        "date_modified": _rfc3339(article.updated or article.date, zone),
        "tags": [article.category, *article.tags],
    }
    if article.lead:
        item["summary"] = article.lead
        item["content_text"] = article.lead
    else:
        item["content_text"] = article.title
    if article.authors:
        item["authors"] = [{"name": name} for name in article.authors]
    return item


def _latest(channel: Channel) -> datetime:
    return max(article.updated or article.date for article in channel.articles)


def _rfc822(moment: datetime, zone: tzinfo) -> str:
    return format_datetime(moment.astimezone(zone))


def _rfc3339(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).isoformat()


def _text(parent: etree.Element, tag: str, text: str) -> None:
    etree.SubElement(parent, tag).text = text


def _link(parent: etree.Element, href: str, rel: str, kind: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": kind})


def _xml(root: etree.Element) -> bytes:
    etree.indent(root, space=" ")
    data: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
