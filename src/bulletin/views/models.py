"""What the article template shows, computed once per page from the Article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from bulletin.articles.model import Article, Resolution
from bulletin.comments.published import CommentsView
from bulletin.images.view import ImageView, Picture
from bulletin.text.dates import date_line, date_time_line, short_date
from bulletin.text.excerpt import excerpt
from bulletin.views.interface import Interface

__all__ = ["ImageView", "Picture"]  # the templates' contract names them here too

ImageOf = Callable[[Article], ImageView | None]
"""An article's lead photo as the page shows it (None: the neutral frame)."""


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
    """With the time: `Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30`."""
    published: Moment
    image_url: str | None
    image_credit: str | None
    documents: list[CitedDocument]
    updated: Moment | None
    corrections: list[tuple[Moment, str]]
    notice: str | None
    """Why the preview shows what the site does not publish: a draft, an embargo."""
    links: ArticleLinks | None = None
    """Links to the index pages, absent for articles the indexes do not list (drafts)."""
    comments: CommentsView | None = None
    """Readers' comments and the form; None when there is nothing to show."""
    speaker_titles: list[str | None] = field(default_factory=list)
    """Each speaker's title at the time: the article's, else the registry's for that day."""
    image: ImageView | None = None
    """The lead photo's renditions; None without one, or when it is too small or unreadable
    (then the page shows the original as it is, at `image_url`)."""


def article_view(
    article: Article,
    zone: tzinfo,
    url_of: Callable[[str], str],
    now: datetime,
    interface: Interface,
    links: ArticleLinks | None = None,
    image: ImageView | None = None,
) -> ArticleView:
    """The view of `article`, labelled in the `interface`'s words; `url_of` turns a docs path
    into a URL relative to the page."""

    def moment(value: datetime) -> Moment:
        return Moment(short_date(value, zone), value.astimezone(zone).isoformat())

    return ArticleView(
        article=article,
        date_line=date_time_line(article.date, zone),
        published=moment(article.date),
        image_url=url_of(article.image.src) if article.image else None,
        image_credit=_credit(article.image.credit, interface) if article.image else None,
        documents=[cited(resolution) for resolution in article.resolutions],
        updated=moment(article.updated) if article.updated else None,
        corrections=[(moment(item.date), item.note) for item in article.corrections],
        notice=_notice(article, zone, now),
        links=links,
        image=image,
    )


def _notice(article: Article, zone: tzinfo, now: datetime) -> str | None:
    if article.draft:
        return "Bản nháp: bài này không được đăng."
    if article.date > now:
        return f"Chưa đến giờ đăng: bài sẽ được đăng lúc {short_date(article.date, zone)}."
    return None


def _credit(credit: str | None, interface: Interface) -> str | None:
    """`Ảnh: Việt Dũng` (`article.photo_credit`), or as the editor wrote it with its `Ảnh:`."""
    if not credit or credit.casefold().startswith("ảnh"):
        return credit
    return interface("article.photo_credit", credit=credit)


def cited(resolution: Resolution) -> CitedDocument:
    """A document as an article names it: its code and kind from the code, its title."""
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
    note: str | None = None
    """What this list says of the article: a title at the time, a role."""
    summary: str | None = None
    """The lead cut to a sentence or two (`text.excerpt`), as lists show it."""
    image: ImageView | None = None
    """The lead photo (None: the neutral frame)."""

    @property
    def day(self) -> str:
        """`10/04/2025`: the day in the site's zone, as short lists (notices) print it."""
        return datetime.fromisoformat(self.iso).strftime("%d/%m/%Y")


def teaser(
    article: Article,
    zone: tzinfo,
    url: str,
    note: str | None = None,
    image_of: ImageOf | None = None,
) -> Teaser:
    local = article.date.astimezone(zone)
    summary = excerpt(article.lead) if article.lead else None
    image = image_of(article) if image_of is not None else None
    return Teaser(
        article.title, url, date_line(article.date, zone), local.isoformat(),
        article.category, article.lead, note, summary, image,
    )  # fmt: skip


@dataclass(frozen=True)
class LinkView:
    text: str
    url: str
    note: str | None = None
    detail: str | None = None
    """A line under the link: a person's title today, a document's title."""
    meta: tuple[str, ...] = ()
    """Short facts after it: a document's issuer and date."""
    code: bool = False
    """The text is a document code, never to be broken at its hyphen or slash."""


@dataclass(frozen=True)
class PageLink:
    """An entry of a list's pager (`bulletin.views.pager`): a page, or a gap between pages."""

    text: str
    url: str
    current: bool
    label: str = ""
    """What a screen reader says of the link: `Trang 7`, `Trang 1, trang đầu`."""
    gap: bool = False
    """Pages left out here: an ellipsis, not a link."""


@dataclass(frozen=True)
class SubjectView:
    """What a person's or a document's page says before its list of articles."""

    kind: str
    """person, document or group."""
    facts: list[tuple[str, str]]
    """Labelled facts in order: ("Chức vụ", "Bí thư Tỉnh ủy"), ("Ngày ban hành", "28/10/2021")."""
    text: str | None = None
    image_url: str | None = None
    link: LinkView | None = None
    career: list[tuple[str, str | None]] = field(default_factory=list)
    """A person's positions, newest first: ("Bí thư Tỉnh ủy", "từ 01/2021")."""
    portrait: bool = False
    """Show a portrait: the photo, or the neutral frame when there is none."""
    image_alt: str = ""
    image_size: tuple[int, int] = (160, 200)
    """Width and height of the photo's frame, in CSS pixels (the photo covers it)."""
    entries_heading: str | None = None
    """The heading over the list of articles that follows."""


@dataclass(frozen=True)
class ListingView:
    title: str
    kind: str
    entries: list[Teaser]
    groups: list[tuple[str, list[LinkView]]]
    subject: SubjectView | None
    pages: list[PageLink]
    """The pager of this page: the first and last pages, this one and its neighbours, gaps."""
    previous: str | None
    next: str | None
    days: dict[str, str]
    anchors: dict[str, str] = field(default_factory=dict)
    """The id of each group's heading, by the heading."""
    jump: list[LinkView] = field(default_factory=list)
    """Links to the groups' headings, in order: the letters of the people index."""
    jump_label: str | None = None
    """What the jump bar is, for screen readers: "Chữ cái", "Loại văn bản"."""


@dataclass(frozen=True)
class ArticleLinks:
    """Where an article's parts lead, and what to read next."""

    category: str
    speakers: list[str]
    """The person page of each speaker, in the article's order."""
    documents: list[str]
    """The page of each document cited, in the article's order."""
    tags: list[str]
    other_news: list[Teaser]
    related: list[Teaser]


@dataclass(frozen=True)
class CategoryBlock:
    link: LinkView
    teasers: list[Teaser]


@dataclass(frozen=True)
class HomeView:
    """The home page as a portal's front: the lead story and the other top stories
    (`featured`, the first is the lead), the newest others, a block per category with what
    is not shown above; beside them notices, the newest documents cited, the archive."""

    featured: list[Teaser]
    latest: list[Teaser]
    categories: list[CategoryBlock]
    announcements: CategoryBlock | None
    archive: list[LinkView]
    documents: list[LinkView] = field(default_factory=list)
    """The documents the newest articles cite, newest citation first ("Văn bản mới")."""
