"""The generated pages: categories, tags, people, documents and archives, as plain data.

Each listing is one page of the site, named by the Markdown path MkDocs gives it
(`chuyen-muc/kinh-te/trang/2/index.md`); links point at other pages by that path too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from bulletin.articles.model import Article
from bulletin.text.dates import day_text
from bulletin.text.vietnamese import slugify
from bulletin.views.documents import OTHER_KIND, issuer, kind_order, newest_first
from bulletin.views.indexes import DocumentEntry, GroupEntry, Indexes, PersonEntry
from bulletin.views.interface import Interface
from bulletin.views.people import by_letter, letter_anchor

CATEGORIES = "chuyen-muc"
TAGS = "tu-khoa"
PEOPLE = "nhan-vat"
DOCUMENTS = "van-ban"
ARCHIVE = "luu-tru"
PAGE = "trang"

Subject = PersonEntry | DocumentEntry | GroupEntry | None


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    """The Markdown path of the page linked to."""
    note: str | None = None
    detail: str | None = None
    """A line under the link: a person's title today, a document's title."""
    meta: tuple[str, ...] = ()
    """Short facts after it: a document's issuer and date."""
    code: bool = False
    """The text is a document code, never to be broken at its hyphen or slash."""


@dataclass(frozen=True)
class ListedArticle:
    """An article in a list, with what this list says of it (a title at the time, a role)."""

    article: Article
    note: str | None = None


@dataclass
class Listing:
    src_uri: str
    title: str
    kind: str
    """category, tag, person, document, day, month, year, people, documents, archive."""
    entries: list[ListedArticle] = field(default_factory=list)
    groups: list[tuple[str, list[Link]]] = field(default_factory=list)
    subject: Subject = None
    number: int = 1
    count: int = 1
    """How many pages this list has."""
    base: str = ""
    """The docs path of the list's pages: page n is `page_uri(base, n)`."""
    days: dict[str, str] = field(default_factory=dict)
    """For the archive's date picker: `2024-03-15` → the day's page."""
    anchors: dict[str, str] = field(default_factory=dict)
    """The id of each group's heading, by the heading: the targets of the list's jump bar."""


def page_uri(base: str, number: int) -> str:
    return f"{base}/index.md" if number == 1 else f"{base}/{PAGE}/{number}/index.md"


def listings(indexes: Indexes, per_page: int, interface: Interface) -> Iterator[Listing]:
    """Every generated page of the site, titled in the `interface`'s words."""
    paged = partial(_paged, per_page=per_page, interface=interface)
    for category in indexes.categories.values():
        base = f"{CATEGORIES}/{category.slug}"
        yield from paged(base, category.name, "category", _plain(category.articles), category)
    for tag in indexes.tags.values():
        title = interface("list.tag", tag=tag.name)
        yield from paged(f"{TAGS}/{tag.slug}", title, "tag", _plain(tag.articles), tag)
    for person in indexes.people.values():
        entries = [ListedArticle(a.article, _role(a.title, a.role)) for a in person.appearances]
        yield from paged(f"{PEOPLE}/{person.slug}", person.name, "person", entries, person)
    for document in indexes.documents.values():
        base = f"{DOCUMENTS}/{document.slug}"
        yield from paged(base, document.name, "document", _plain(document.articles), document)
    yield _people_index(indexes, interface)
    yield _documents_index(indexes, interface)
    yield from _archive(indexes, per_page, interface)


def _plain(articles: list[Article]) -> list[ListedArticle]:
    return [ListedArticle(article) for article in articles]


def _role(title: str | None, role: str | None) -> str | None:
    parts = [part for part in (title, role) if part]
    return " – ".join(parts) or None


def _paged(
    base: str,
    title: str,
    kind: str,
    entries: list[ListedArticle],
    subject: Subject = None,
    *,
    per_page: int,
    interface: Interface,
) -> Iterator[Listing]:
    count = max(1, math.ceil(len(entries) / per_page))
    for number in range(1, count + 1):
        chunk = entries[(number - 1) * per_page : number * per_page]
        shown = title if number == 1 else interface("list.page", title=title, number=number)
        uri = page_uri(base, number)
        yield Listing(uri, shown, kind, chunk, [], subject, number, count, base)


def person_uri(entry: PersonEntry) -> str:
    return page_uri(f"{PEOPLE}/{entry.slug}", 1)


def document_uri(entry: DocumentEntry) -> str:
    return page_uri(f"{DOCUMENTS}/{entry.slug}", 1)


def group_uri(entry: GroupEntry, kind: str) -> str:
    return page_uri(f"{CATEGORIES if kind == 'category' else TAGS}/{entry.slug}", 1)


def _people_index(indexes: Indexes, interface: Interface) -> Listing:
    """Everyone in directory order (given name, family, middle), under their letters, each
    with the title the registry says they hold today."""
    groups = [
        (letter, [_person_link(entry, interface) for entry in entries])
        for letter, entries in by_letter(indexes.people_sorted(), lambda entry: entry.name)
    ]
    anchors = {letter: letter_anchor(letter) for letter, _ in groups}
    title = interface("list.people")
    return Listing(page_uri(PEOPLE, 1), title, "people", groups=groups, anchors=anchors)


def _person_link(entry: PersonEntry, interface: Interface) -> Link:
    title = entry.person.current_position if entry.person else None
    count = interface("list.count", count=len(entry.appearances))
    return Link(entry.name, person_uri(entry), count, title)


def _documents_index(indexes: Indexes, interface: Interface) -> Listing:
    """Documents grouped by kind (in the kinds table's order; those of no known kind last,
    under `document.other_kind`), newest first in each."""
    other = interface("document.other_kind")
    by_kind: dict[str, list[DocumentEntry]] = defaultdict(list)
    for entry in indexes.documents.values():
        by_kind[entry.kind or other].append(entry)
    groups = []
    for kind in sorted(by_kind, key=lambda kind: kind_order(OTHER_KIND if kind == other else kind)):
        ordered = sorted(by_kind[kind], key=_newest_first)
        groups.append((kind, [_document_link(entry, interface) for entry in ordered]))
    anchors = {kind: f"loai-{slugify(kind) or 'khac'}" for kind, _ in groups}
    title = interface("list.documents")
    return Listing(page_uri(DOCUMENTS, 1), title, "documents", groups=groups, anchors=anchors)


def _newest_first(entry: DocumentEntry) -> tuple[bool, int, bool, int, int, str]:
    return newest_first(entry.date, entry.code, entry.name)


def _document_link(entry: DocumentEntry, interface: Interface) -> Link:
    """The code (or the title of a reference without one), the title under it, then the
    issuer and the date (else the year of the code)."""
    text = entry.code.text if entry.code else entry.title or ""
    detail = entry.title if entry.code else None
    facts = [issuer(entry.document.issuer if entry.document else None, entry.code)]
    if entry.date:
        facts.append(day_text(entry.date))
    elif entry.code and entry.code.year:
        facts.append(interface("document.of_year", year=entry.code.year))
    meta = tuple(fact for fact in facts if fact)
    count = interface("list.count", count=len(entry.articles))
    return Link(text, document_uri(entry), count, detail, meta, entry.code is not None)


def _archive(indexes: Indexes, per_page: int, interface: Interface) -> Iterator[Listing]:
    """A page per day, month and year that has articles, and the archive's own page."""
    days = sorted(indexes.days)
    months: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in days:
        months[(day.year, day.month)].append(day)
    for day in days:
        title = interface("archive.day", day=day_text(day))
        yield Listing(day_uri(day), title, "day", _plain(indexes.days[day]))
    for (year, month), in_month in months.items():
        articles = [a for day in reversed(in_month) for a in indexes.days[day]]
        day_links = [
            Link(f"{d.day}/{d.month}", day_uri(d), _count(indexes, [d], interface))
            for d in in_month
        ]
        title = interface("archive.month", month=month, year=year)
        base = _month_base(year, month)
        for listing in _paged(
            base, title, "month", _plain(articles), per_page=per_page, interface=interface
        ):
            listing.groups = [(interface("archive.by_day"), day_links)]
            yield listing
    latest_first = sorted(months.items(), reverse=True)
    years = sorted({year for year, _ in months}, reverse=True)
    for year in years:
        links = [
            _month_link(y, m, interface, _count(indexes, ds, interface))
            for (y, m), ds in latest_first
            if y == year
        ]
        title = interface("archive.year", year=year)
        yield Listing(page_uri(f"{ARCHIVE}/{year}", 1), title, "year", groups=[("", links)])
    groups = [
        (
            interface("archive.year_link", year=year),
            [_month_link(y, m, interface) for (y, m), _ in latest_first if y == year],
        )
        for year in years
    ]
    picker = {day.isoformat(): day_uri(day) for day in days}
    title = interface("list.archive")
    yield Listing(page_uri(ARCHIVE, 1), title, "archive", groups=groups, days=picker)


def _count(indexes: Indexes, days: list[date], interface: Interface) -> str:
    """`12 bài`: the articles of these days."""
    return interface("list.count", count=sum(len(indexes.days[day]) for day in days))


def _month_link(year: int, month: int, interface: Interface, note: str | None = None) -> Link:
    """`Tháng 3`, to the month's first page."""
    text = interface("archive.month_link", month=month)
    return Link(text, page_uri(_month_base(year, month), 1), note)


def _month_base(year: int, month: int) -> str:
    return f"{ARCHIVE}/{year}/{month:02d}"


def day_uri(day: date) -> str:
    return page_uri(f"{ARCHIVE}/{day.year}/{day.month:02d}/{day.day:02d}", 1)
