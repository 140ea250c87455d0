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
from bulletin.views.interface import Interface
from bulletin.views.listings import (
    Link,
    Listing,
    document_uri,
    group_uri,
    page_uri,
    person_uri,
)
from bulletin.views.models import (
    ArticleLinks,
    ImageOf,
    LinkView,
    ListingView,
    SubjectView,
    Teaser,
    teaser,
)
from bulletin.views.pager import pager
from bulletin.views.people import career

UrlOf = Callable[[str], str]


def listing_view(
    listing: Listing,
    zone: tzinfo,
    url_of: UrlOf,
    interface: Interface,
    image_of: ImageOf | None = None,
) -> ListingView:
    """The view of one generated page, labelled in the `interface`'s words; `url_of` turns a
    docs path into a relative URL, `image_of` gives an article's lead photo."""
    number, count = listing.number, listing.count
    page_url = partial(_page_url, listing.base, url_of)
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
        subject=_subject(listing, url_of, interface),
        pages=pager(number, count, page_url, interface),
        previous=page_url(number - 1) if number > 1 else None,
        next=page_url(number + 1) if number < count else None,
        days={day: url_of(target) for day, target in listing.days.items()},
        anchors=listing.anchors,
        jump=[LinkView(heading, f"#{anchor}") for heading, anchor in listing.anchors.items()],
        jump_label=interface(jump) if (jump := _JUMP_LABELS.get(listing.kind)) else None,
    )


_JUMP_LABELS = {"people": "list.people_jump", "documents": "list.documents_jump"}
"""The interface's text that names the jump bar of a list, by the list's kind."""


def teasers(
    articles: list[Article], *, zone: tzinfo, url_of: UrlOf, image_of: ImageOf | None = None
) -> list[Teaser]:
    return [teaser(article, zone, url_of(article.src_uri), None, image_of) for article in articles]


def _page_url(base: str, url_of: UrlOf, number: int) -> str:
    return url_of(page_uri(base, number))


def _link(link: Link, url_of: UrlOf) -> LinkView:
    return LinkView(link.text, url_of(link.target), link.note, link.detail, link.meta, link.code)


def _subject(listing: Listing, url_of: UrlOf, interface: Interface) -> SubjectView | None:
    subject = listing.subject
    if listing.number > 1 or subject is None:
        return None
    if isinstance(subject, PersonEntry):
        return _person(subject, url_of, interface)
    if isinstance(subject, DocumentEntry):
        return _document(subject, url_of, interface)
    return _group(subject)


def _person(entry: PersonEntry, url_of: UrlOf, interface: Interface) -> SubjectView:
    person = entry.person
    facts = []
    if person and person.current_position:
        facts.append((interface("person.position"), person.current_position))
    photo = url_of(person.photo) if person and person.photo else None
    return SubjectView(
        "person",
        facts,
        person.bio if person else None,
        photo,
        career=career(person.positions, interface) if person else [],
        portrait=True,
        image_alt=interface("person.portrait", name=entry.name),
        entries_heading=interface("list.articles"),
    )


def _document(entry: DocumentEntry, url_of: UrlOf, interface: Interface) -> SubjectView:
    document = entry.document
    facts = [(interface("document.kind"), entry.kind or interface("document.other_kind"))]
    if entry.code:
        facts.append((interface("document.code"), entry.code.text))
    if entry.title:
        facts.append((interface("document.title"), entry.title))
    if document and document.date:
        facts.append((interface("document.date"), day_text(document.date)))
    elif entry.code and entry.code.year:
        facts.append((interface("document.year"), str(entry.code.year)))
    signed = issuer(document.issuer if document else None, entry.code)
    if signed:
        facts.append((interface("document.issuer"), signed))
    if document and document.term:
        facts.append((interface("document.term"), document.term))
    link = None
    if document and document.url:
        link = LinkView(interface("document.full_text"), document.url)
    elif document and document.pdf:
        link = LinkView(interface("document.pdf"), url_of(document.pdf))
    heading = interface("document.articles")
    return SubjectView("document", facts, link=link, entries_heading=heading)


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
