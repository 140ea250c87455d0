"""What the article template shows, computed once per page from the Article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bulletin.articles import Article, Resolution
from bulletin.dates import date_line, short_date


@dataclass(frozen=True)
class Moment:
    """A time as the page shows it (`23/6/2022 18:30`) and as machines read it (ISO 8601)."""

    text: str
    iso: str


@dataclass(frozen=True)
class CitedDocument:
    code: str | None
    kind: str | None
    title: str | None


@dataclass(frozen=True)
class ArticleView:
    article: Article
    date_line: str
    published: Moment
    image_url: str | None
    image_credit: str | None
    documents: list[CitedDocument]
    updated: Moment | None
    corrections: list[tuple[Moment, str]]
    notice: str | None
    """Why the preview shows what the site does not publish: a draft, an embargo."""


def article_view(
    article: Article, zone: tzinfo, url_of: Callable[[str], str], now: datetime
) -> ArticleView:
    """The view of `article`; `url_of` turns a docs path into a URL relative to the page."""

    def moment(value: datetime) -> Moment:
        return Moment(short_date(value, zone), value.astimezone(zone).isoformat())

    return ArticleView(
        article=article,
        date_line=date_line(article.date, zone),
        published=moment(article.date),
        image_url=url_of(article.image.src) if article.image else None,
        image_credit=_credit(article.image.credit) if article.image else None,
        documents=[_cited(resolution) for resolution in article.resolutions],
        updated=moment(article.updated) if article.updated else None,
        corrections=[(moment(item.date), item.note) for item in article.corrections],
        notice=_notice(article, zone, now),
    )


def _notice(article: Article, zone: tzinfo, now: datetime) -> str | None:
    if article.draft:
        return "Bản nháp: bài này không được đăng."
    if article.date > now:
        return f"Chưa đến giờ đăng: bài sẽ được đăng lúc {short_date(article.date, zone)}."
    return None


def _credit(credit: str | None) -> str | None:
    """`Ảnh: Việt Dũng`, whether the editor wrote the `Ảnh:` or not."""
    if not credit or credit.casefold().startswith("ảnh"):
        return credit
    return f"Ảnh: {credit}"


def _cited(resolution: Resolution) -> CitedDocument:
    code = resolution.code
    if code is None:
        return CitedDocument(None, None, resolution.title)
    return CitedDocument(code.text, code.kind_name, resolution.title)


@dataclass(frozen=True)
class Teaser:
    """An article in a list: headline, link, date line and category."""

    title: str
    url: str
    date_line: str
    iso: str
    category: str
    lead: str | None


def teaser(article: Article, zone: tzinfo, url: str) -> Teaser:
    local = article.date.astimezone(zone)
    return Teaser(
        article.title, url, date_line(article.date, zone), local.isoformat(),
        article.category, article.lead,
    )  # fmt: skip
