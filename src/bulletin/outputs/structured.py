"""What search engines and social networks read of a page: JSON-LD (NewsArticle,
BreadcrumbList, Person) and the Open Graph and Twitter meta tags."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from bulletin.articles.model import Article
from bulletin.views.indexes import PersonEntry


@dataclass(frozen=True)
class Publisher:
    """The publisher: the site's name, address and logo (absolute URLs)."""

    name: str
    url: str
    logo: str | None


@dataclass(frozen=True)
class Head:
    """Everything a page adds to its `<head>`: meta tags (property or name, content) and JSON-LD."""

    meta: list[tuple[str, str, str]]
    """(attribute, key, content): ("property", "og:type", "article")."""
    json_ld: str
    """The `<script type="application/ld+json">` text, safe to put inside the script element."""


def article_head(
    article: Article,
    site: Publisher,
    url: str,
    image: str | None,
    category_url: str,
    titles: list[str | None],
    zone: tzinfo,
) -> Head:
    """Head data of an article; `titles` are the speakers' titles at the time, in order."""
    published = article.date.astimezone(zone).isoformat()
    modified = (article.updated or article.date).astimezone(zone).isoformat()
    news: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": "vi",
        "articleSection": article.category,
        "author": _authors(article, site),
        "publisher": _publisher(site),
    }
    if article.lead:
        news["description"] = article.lead
    if image:
        news["image"] = [image]
    if article.tags:
        news["keywords"] = ", ".join(article.tags)
    mentions = [
        _mention(speaker.name, title)
        for speaker, title in zip(article.speakers, titles, strict=True)
    ]
    if mentions:
        news["mentions"] = mentions
    crumbs = _breadcrumbs(
        [(site.name, site.url), (article.category, category_url), (article.title, url)]
    )
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:site_name", site.name),
        ("property", "og:title", article.title),
        ("property", "og:url", url),
        ("property", "article:published_time", published),
        ("property", "article:modified_time", modified),
        ("property", "article:section", article.category),
        *(("property", "article:tag", tag) for tag in article.tags),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", article.title),
    ]
    if article.lead:
        meta += [
            ("property", "og:description", article.lead),
            ("name", "twitter:description", article.lead),
        ]
    if image:
        meta += [("property", "og:image", image), ("name", "twitter:image", image)]
    return Head(meta, ld_json([news, crumbs]))


def person_head(
    entry: PersonEntry, site: Publisher, url: str, photo: str | None, people: str
) -> Head:
    """A person's page: `people` is the title of the people's list, their breadcrumbs' middle."""
    person: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": entry.name,
        "url": url,
    }
    if entry.person and entry.person.current_position:
        person["jobTitle"] = entry.person.current_position
    if entry.person and entry.person.bio:
        person["description"] = entry.person.bio
    if photo:
        person["image"] = photo
    crumbs = _breadcrumbs(
        [(site.name, site.url), (people, site.url + "nhan-vat/"), (entry.name, url)]
    )
    meta = [
        ("property", "og:type", "profile"),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:site_name", site.name),
        ("property", "og:title", entry.name),
        ("property", "og:url", url),
    ]
    return Head(meta, ld_json([person, crumbs]))


def _authors(article: Article, site: Publisher) -> list[dict[str, str]]:
    if not article.authors:
        return [{"@type": "Organization", "name": site.name, "url": site.url}]
    return [{"@type": "Person", "name": name} for name in article.authors]


def _publisher(site: Publisher) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": site.name, "url": site.url}
    if site.logo:
        publisher["logo"] = {"@type": "ImageObject", "url": site.logo}
    return publisher


def _mention(name: str, title: str | None) -> dict[str, str]:
    mention = {"@type": "Person", "name": name}
    if title:
        mention["jobTitle"] = title
    return mention


def _breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(trail, start=1)
        ],
    }


def ld_json(value: object) -> str:
    """JSON that cannot end its script element: `<` is written `\\u003c`. Compact: json's
    C encoder (an indented one is Python's own: 2 s of a 10,000-article build)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
