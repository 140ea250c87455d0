"""The sitemaps: `sitemap.xml`, every page of the site and when it last changed; the Google
News sitemap, the articles of the last two days, written with ElementTree."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, tzinfo
from itertools import takewhile
from xml.sax.saxutils import escape

from bulletin.articles.model import Article

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_FILE = "sitemap.xml"
SITEMAP_GZIP = SITEMAP_FILE + ".gz"
"""The same, gzipped (as MkDocs writes it beside its own), with no time in its header: the
same pages give the same bytes."""
GZIP_LEVEL = 6
"""zlib's default: on the sitemap of 10,000 articles, a third of level 9's time (0.022 s
against 0.063 s) for 5% more bytes (188 KB against 179 KB)."""
NEWS_FILE = "news-sitemap.xml"
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
etree.register_namespace("", SITEMAP)
etree.register_namespace("news", NEWS)


def news_sitemap(
    articles: list[Article],
    url_of: Callable[[Article], str],
    name: str,
    now: datetime,
    zone: tzinfo,
) -> bytes:
    """Articles published in the 48 hours before `now` (at most 1,000), from `articles` newest
    first: read up to the first older one, not through the archive."""
    root = etree.Element(f"{{{SITEMAP}}}urlset")
    since = now - NEWS_WINDOW
    recent = [a for a in takewhile(lambda a: a.date >= since, articles) if a.date <= now]
    for article in recent[:NEWS_LIMIT]:
        url = etree.SubElement(root, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = url_of(article)
        news = etree.SubElement(url, f"{{{NEWS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS}}}publication")
        etree.SubElement(publication, f"{{{NEWS}}}name").text = name
        etree.SubElement(publication, f"{{{NEWS}}}language").text = "vi"
        published = article.date.astimezone(zone).isoformat()
        etree.SubElement(news, f"{{{NEWS}}}publication_date").text = published
        etree.SubElement(news, f"{{{NEWS}}}title").text = article.title
    etree.indent(root, space=" ")
    data: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def sitemap(pages: Iterable[tuple[str, str | None]]) -> dict[str, bytes]:
    """`sitemap.xml` and its gzipped copy, by their paths in the site: each page's full address
    and when it last changed (none: left out), in the order given. Written as text, a line a
    page, not built as a tree: 150,000 pages at 100,000 articles."""
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP}">\n']
    for address, lastmod in pages:
        changed = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(address)}</loc>{changed}</url>\n")
    lines.append("</urlset>\n")
    data = "".join(lines).encode("utf-8")
    return {SITEMAP_FILE: data, SITEMAP_GZIP: gzip.compress(data, GZIP_LEVEL, mtime=0)}
