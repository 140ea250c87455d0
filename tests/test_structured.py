"""What search engines and social networks read: JSON-LD, Open Graph, Twitter card, canonical."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sites import REPO, build_site

ARTICLE = "2023/03/dang-bo-tinh-binh-giang-so-ket-giua-nhiem-ky-thuc-hien-nghi-quyet-dai-hoi-lan"
BASE = "https://example.org/bulletin/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("ld") / "site")


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def json_ld(html: BeautifulSoup) -> list[dict[str, Any]]:
    [script] = html.select('script[type="application/ld+json"]')
    found: list[dict[str, Any]] = json.loads(script.get_text())
    return found


def meta(html: BeautifulSoup, key: str) -> list[str]:
    return [str(m["content"]) for m in html.select(f'meta[property="{key}"], meta[name="{key}"]')]


def test_news_article(site: Path) -> None:
    html = page(site, ARTICLE)
    news, crumbs = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert html.h1 is not None and news["headline"] == html.h1.get_text()
    assert news["url"] == BASE + ARTICLE + "/"
    assert news["datePublished"] == "2023-03-15T17:30:00+07:00"
    assert news["dateModified"] == "2023-03-15T17:30:00+07:00"
    assert news["image"] == [BASE + "images/hoi-nghi.png"]
    assert news["author"] == [{"@type": "Person", "name": "Thanh Hương"}]
    assert news["publisher"] == {
        "@type": "Organization",
        "name": "Bản tin Tỉnh ủy Bình Giang",
        "url": BASE,
        "logo": {"@type": "ImageObject", "url": BASE + "images/logo.png"},
    }
    assert (news["inLanguage"], news["articleSection"]) == ("vi", "Xây dựng Đảng")
    assert news["keywords"] == "sơ kết giữa nhiệm kỳ, Ban Chấp hành Đảng bộ tỉnh, Đại hội XVIII"
    assert news["mentions"][0] == {
        "@type": "Person",
        "name": "Trần Quốc Khải",
        "jobTitle": "Bí thư Tỉnh ủy",
    }
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Bản tin Tỉnh ủy Bình Giang",
        "Xây dựng Đảng",
        news["headline"],
    ]


def test_the_title_at_the_time_comes_from_the_registry_when_the_article_gives_none(
    site: Path,
) -> None:
    pages = [p.parent for p in site.glob("20*/*/*/index.html")]
    mentions = {
        (mention["name"], mention.get("jobTitle"))
        for folder in pages
        for mention in json_ld(page(site, str(folder.relative_to(site))))[0].get("mentions", [])
    }
    assert all(title for name, title in mentions if name == "Nguyễn Minh Thủy")


def test_meta_tags(site: Path) -> None:
    html = page(site, ARTICLE)
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:locale") == ["vi_VN"]
    assert meta(html, "article:published_time") == ["2023-03-15T17:30:00+07:00"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    lead = html.select_one(".bulletin-lead")
    assert lead is not None
    description = meta(html, "description")
    assert description and lead.get_text(strip=True).endswith(description[0])
    assert not description[0].startswith("(Binhgiang.gov.vn)")  # the lead without its source
    canonical = html.select_one('link[rel="canonical"]')
    assert canonical is not None and canonical["href"] == BASE + ARTICLE + "/"
    feeds = [link["href"] for link in html.select('link[rel="alternate"]')]
    assert any(str(href).endswith("rss.xml") for href in feeds)


def test_person_page(site: Path) -> None:
    person, crumbs = json_ld(page(site, "nhan-vat/nguyen-minh-thuy"))
    assert person["@type"] == "Person"
    assert (person["name"], person["jobTitle"]) == (
        "Nguyễn Minh Thủy",
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
    )
    assert crumbs["@type"] == "BreadcrumbList"


def test_json_ld_cannot_close_its_script(tmp_path: Path) -> None:
    from bulletin.outputs.structured import ld_json

    assert "</script>" not in ld_json({"headline": "</script><script>alert(1)</script>"})
