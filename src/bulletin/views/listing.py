"""What the listing template shows: a listing's links made URLs, its subject made facts; and
the links of an article page to its lists and to what to read next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from functools import partial

from bulletin.articles.model import Article
from bulletin.text.dates import day_text
from bulletin.views.documents import issuer
from bulletin.views.indexes import DocumentEntry, GroupEntry, Indexes, PersonEntry
from bulletin.views.listings import (
    Link,
    Listing,
    document_uri,
    group_uri,
    person_uri,
)
from bulletin.views.models import (
    ArticleLinks,
    ImageOf,
    LinkView,
    ListingView,
    PageLink,
    SubjectView,
    Teaser,
    teaser,
)
from bulletin.views.people import career

UrlOf = Callable[[str], str]


def listing_view(
    listing: Listing, zone: tzinfo, url_of: UrlOf, image_of: ImageOf | None = None
) -> ListingView:
    """The view of one generated page; `url_of` turns a docs path into a relative URL,
    `image_of` gives an article's lead photo."""
    pages = [PageLink(p.text, url_of(p.target), p.target == listing.src_uri) for p in listing.pages]
    at = listing.number - 1
    return ListingView(
        title=listing.title,
        kind=listing.kind,
        entries=[
            teaser(entry.article, zone, url_of(entry.article.src_uri), entry.note, image_of)
            for entry in listing.entries
        ],
        groups=[
            (heading, [_link(link, url_of) for link in links]) for heading, links in listing.groups
        ],
        subject=_subject(listing, url_of),
        pages=pages,
        previous=pages[at - 1].url if pages and at > 0 else None,
        next=pages[at + 1].url if pages and at + 1 < len(pages) else None,
        days={day: url_of(target) for day, target in listing.days.items()},
        anchors=listing.anchors,
        jump=[LinkView(heading, f"#{anchor}") for heading, anchor in listing.anchors.items()],
        jump_label=_JUMP_LABELS.get(listing.kind),
    )


_JUMP_LABELS = {"people": "Tra theo chữ cái đầu của tên", "documents": "Tra theo loại văn bản"}


def teasers(
    articles: list[Article], *, zone: tzinfo, url_of: UrlOf, image_of: ImageOf | None = None
) -> list[Teaser]:
    return [teaser(article, zone, url_of(article.src_uri), None, image_of) for article in articles]


def _link(link: Link, url_of: UrlOf) -> LinkView:
    return LinkView(link.text, url_of(link.target), link.note, link.detail, link.meta, link.code)


def _subject(listing: Listing, url_of: UrlOf) -> SubjectView | None:
    subject = listing.subject
    if listing.number > 1 or subject is None:
        return None
    if isinstance(subject, PersonEntry):
        return _person(subject, url_of)
    if isinstance(subject, DocumentEntry):
        return _document(subject, url_of)
    return _group(subject)


def _person(entry: PersonEntry, url_of: UrlOf) -> SubjectView:
    person = entry.person
    facts = []
    if person and person.current_position:
        facts.append(("Chức vụ hiện nay", person.current_position))
    photo = url_of(person.photo) if person and person.photo else None
    return SubjectView(
        "person",
        facts,
        person.bio if person else None,
        photo,
        career=career(person.positions) if person else [],
        portrait=True,
        image_alt=f"Ảnh chân dung {entry.name}",
        entries_heading="Các bài viết",
    )


def _document(entry: DocumentEntry, url_of: UrlOf) -> SubjectView:
    document = entry.document
    facts = [("Loại văn bản", entry.kind)]
    if entry.code:
        facts.append(("Số hiệu", entry.code.text))
    if entry.title:
        facts.append(("Trích yếu", entry.title))
    if document and document.date:
        day = document.date
        facts.append(("Ngày ban hành", day_text(day)))
    elif entry.code and entry.code.year:
        facts.append(("Năm ban hành", str(entry.code.year)))
    signed = issuer(document.issuer if document else None, entry.code)
    if signed:
        facts.append(("Cơ quan ban hành", signed))
    if document and document.term:
        facts.append(("Khóa", document.term))
    link = None
    if document and document.url:
        link = LinkView("Xem toàn văn", document.url)
    elif document and document.pdf:
        link = LinkView("Tải toàn văn (PDF)", url_of(document.pdf))
    return SubjectView("document", facts, link=link, entries_heading="Các bài viết dẫn văn bản")


def _group(entry: GroupEntry) -> SubjectView | None:
    return SubjectView("group", [], entry.description) if entry.description else None


def article_links(
    article: Article,
    indexes: Indexes,
    url_of: UrlOf,
    other: int,
    related: int,
    image_of: ImageOf | None = None,
) -> ArticleLinks:
    """Links from an article to its category, people, documents and tags, and what to read next."""
    shown = partial(teasers, zone=indexes.zone, url_of=url_of, image_of=image_of)
    return ArticleLinks(
        category=url_of(group_uri(indexes.category_of(article), "category")),
        speakers=[url_of(person_uri(entry)) for entry in indexes.spoke[id(article)]],
        documents=[url_of(document_uri(entry)) for entry in indexes.cited[id(article)]],
        tags=[url_of(group_uri(indexes.tag(tag), "tag")) for tag in article.tags],
        other_news=shown(indexes.other_news(article, other)),
        related=shown(indexes.related(article, related)),
    )
