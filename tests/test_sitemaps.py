"""sitemap.xml lists every public page with its lastmod; the Google News sitemap the articles
of the last 48 hours."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from datetime import datetime, timedelta
from pathlib import Path

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
