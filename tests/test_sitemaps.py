"""sitemap.xml lists every public page with its lastmod; the Google News sitemap the articles
of the last 48 hours."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from datetime import datetime, timedelta
from pathlib import Path

from bulletin.articles.model import Article
from bulletin.outputs.sitemaps import NEWS_LIMIT, news_sitemap
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


def test_sitemaps(tmp_path: Path) -> None:
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
