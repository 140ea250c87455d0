"""sitemap.xml lists every public page with its lastmod (gzipped too, with no time in it); the
Google News sitemap the articles of the last 48 hours."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as etree
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bulletin.articles.model import Article
from bulletin.outputs.sitemaps import NEWS_LIMIT, news_sitemap, sitemap
from bulletin.text.dates import site_zone
from sites import REPO, article, build_site, write_site

ZONE = site_zone("Asia/Ho_Chi_Minh")
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}
CONFIG = f"""
site_name: Bản tin thử
site_url: https://example.org/
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
plugins: [bulletin]
"""


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def test_sitemaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # MkDocs' date: 2023-11-14
    now = datetime.now(ZONE)
    files = {
        "articles/a.md": article("Tin mới", stamp(now - timedelta(hours=1))),
        "articles/b.md": article("Tin cũ", "2022-06-23 08:00", "updated: 2022-06-24 09:30\n"),
        "articles/c.md": article("Tin hôm kia", stamp(now - timedelta(hours=50))),
        "articles/d.md": article("Tin nháp", stamp(now - timedelta(hours=2)), "draft: true\n"),
    }
    site = build_site(write_site(tmp_path, files, CONFIG), tmp_path / "site")
    urls = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in etree.parse(site / "sitemap.xml").getroot()
    }
    assert urls["https://example.org/2022/06/tin-cu/"] == "2022-06-24T09:30:00+07:00"
    assert urls["https://example.org/chuyen-muc/thoi-su/"]
    assert not [url for url in urls if "tin-nhap" in url]
    assert all(urls.values())
    assert urls["https://example.org/"] == "2023-11-14"  # not an article nor a list
    sitemap_gz = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(sitemap_gz) == (site / "sitemap.xml").read_bytes()

    news = etree.parse(site / "news-sitemap.xml").getroot()
    [item] = list(news)
    assert item.findtext("s:loc", namespaces=NS).endswith("/tin-moi/")  # type: ignore[union-attr]
    assert item.findtext("n:news/n:publication/n:name", namespaces=NS) == "Bản tin thử"
    assert item.findtext("n:news/n:publication/n:language", namespaces=NS) == "vi"
    assert item.findtext("n:news/n:title", namespaces=NS) == "Tin mới"
    published = item.findtext("n:news/n:publication_date", namespaces=NS)
    assert published is not None and published.endswith("+07:00")


def test_the_news_sitemap_holds_the_last_48_hours_of_articles_newest_first() -> None:
    now = datetime(2024, 5, 3, 12, 0, tzinfo=ZONE)
    hours = [-1, 0, 1, 24, 48, 49, 24 * 365]  # the archive, newest first; -1: after `now`
    articles = [
        Article(f"{n}.md", f"Tin {n}", now - timedelta(hours=h), "Thời sự", f"tin-{n}")
        for n, h in enumerate(hours)
    ]
    articles.append(object())  # type: ignore[arg-type]  # the archive is not read so far
    data = news_sitemap(articles, lambda a: f"https://example.org/{a.slug}/", "Bản tin", now, ZONE)
    locs = [loc.text for loc in etree.fromstring(data).iterfind("s:url/s:loc", NS)]
    assert locs == [f"https://example.org/tin-{n}/" for n in (1, 2, 3, 4)]


def test_the_news_sitemap_stops_at_1000_articles() -> None:
    now = datetime(2024, 5, 3, 12, 0, tzinfo=ZONE)
    articles = [
        Article(f"{n}.md", "Tin", now - timedelta(seconds=n), "Thời sự", f"tin-{n}")
        for n in range(NEWS_LIMIT + 5)
    ]
    data = news_sitemap(articles, lambda a: a.slug, "Bản tin", now, ZONE)
    locs = [loc.text for loc in etree.fromstring(data).iterfind("s:url/s:loc", NS)]
    assert locs == [f"tin-{n}" for n in range(NEWS_LIMIT)]


def test_the_sitemap_is_each_address_and_last_change_in_order_escaped_and_gzipped() -> None:
    files = sitemap(
        [
            ("https://example.org/tim-kiem/?q=a&b=<c>", "2024-05-02T08:00:00+07:00"),
            ("https://example.org/", None),
        ]
    )
    assert set(files) == {"sitemap.xml", "sitemap.xml.gz"}
    text = files["sitemap.xml"].decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns=')
    assert "<loc>https://example.org/tim-kiem/?q=a&amp;b=&lt;c&gt;</loc>" in text
    root = etree.fromstring(files["sitemap.xml"])
    found = [
        (url.findtext("s:loc", namespaces=NS), url.findtext("s:lastmod", namespaces=NS))
        for url in root
    ]
    assert found == [
        ("https://example.org/tim-kiem/?q=a&b=<c>", "2024-05-02T08:00:00+07:00"),
        ("https://example.org/", None),
    ]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert files["sitemap.xml.gz"][4:8] == bytes(4)  # no time in the header: the same bytes


def test_a_sitemap_of_no_page_is_an_empty_urlset() -> None:
    root = etree.fromstring(sitemap([])["sitemap.xml"])
    assert root.tag == f"{{{NS['s']}}}urlset" and len(root) == 0
