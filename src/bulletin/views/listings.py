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

from bulletin.articles.model import Article
from bulletin.text.dates import day_text
from bulletin.text.vietnamese import slugify
from bulletin.views.documents import issuer, kind_order, newest_first
from bulletin.views.indexes import DocumentEntry, GroupEntry, Indexes, PersonEntry
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
    pages: list[Link] = field(default_factory=list)
    """Every page of this list, in order (empty when it has one page)."""
    days: dict[str, str] = field(default_factory=dict)
    """For the archive's date picker: `2024-03-15` → the day's page."""
    anchors: dict[str, str] = field(default_factory=dict)
    """The id of each group's heading, by the heading: the targets of the list's jump bar."""


def page_uri(base: str, number: int) -> str:
    return f"{base}/index.md" if number == 1 else f"{base}/{PAGE}/{number}/index.md"


def listings(indexes: Indexes, per_page: int) -> Iterator[Listing]:
    """Every generated page of the site."""
    for category in indexes.categories.values():
        base = f"{CATEGORIES}/{category.slug}"
        yield from _paged(
            base, category.name, "category", _plain(category.articles), per_page, category
        )
    for tag in indexes.tags.values():
        base = f"{TAGS}/{tag.slug}"
        yield from _paged(base, f"Từ khóa: {tag.name}", "tag", _plain(tag.articles), per_page, tag)
    for person in indexes.people.values():
        entries = [ListedArticle(a.article, _role(a.title, a.role)) for a in person.appearances]
        yield from _paged(
            f"{PEOPLE}/{person.slug}", person.name, "person", entries, per_page, person
        )
    for document in indexes.documents.values():
        base = f"{DOCUMENTS}/{document.slug}"
        yield from _paged(
            base, document.name, "document", _plain(document.articles), per_page, document
        )
    yield _people_index(indexes)
    yield _documents_index(indexes)
    yield from _archive(indexes, per_page)


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
    per_page: int,
    subject: Subject = None,
) -> Iterator[Listing]:
    count = max(1, math.ceil(len(entries) / per_page))
    pages = [Link(str(n), page_uri(base, n)) for n in range(1, count + 1)] if count > 1 else []
    for number in range(1, count + 1):
        chunk = entries[(number - 1) * per_page : number * per_page]
        shown = title if number == 1 else f"{title} (trang {number})"
        yield Listing(page_uri(base, number), shown, kind, chunk, [], subject, number, pages)


def person_uri(entry: PersonEntry) -> str:
    return page_uri(f"{PEOPLE}/{entry.slug}", 1)


def document_uri(entry: DocumentEntry) -> str:
    return page_uri(f"{DOCUMENTS}/{entry.slug}", 1)


def group_uri(entry: GroupEntry, kind: str) -> str:
    return page_uri(f"{CATEGORIES if kind == 'category' else TAGS}/{entry.slug}", 1)


def _people_index(indexes: Indexes) -> Listing:
    """Everyone in directory order (given name, family, middle), under their letters, each
    with the title the registry says they hold today."""
    groups = [
        (letter, [_person_link(entry) for entry in entries])
        for letter, entries in by_letter(indexes.people_sorted(), lambda entry: entry.name)
    ]
    anchors = {letter: letter_anchor(letter) for letter, _ in groups}
    return Listing(page_uri(PEOPLE, 1), "Nhân vật", "people", groups=groups, anchors=anchors)


def _person_link(entry: PersonEntry) -> Link:
    title = entry.person.current_position if entry.person else None
    return Link(entry.name, person_uri(entry), f"{len(entry.appearances)} bài", title)


def _documents_index(indexes: Indexes) -> Listing:
    """Documents grouped by kind (in the kinds table's order), newest first in each."""
    by_kind: dict[str, list[DocumentEntry]] = defaultdict(list)
    for entry in indexes.documents.values():
        by_kind[entry.kind].append(entry)
    groups = []
    for kind in sorted(by_kind, key=kind_order):
        ordered = sorted(by_kind[kind], key=_newest_first)
        groups.append((kind, [_document_link(entry) for entry in ordered]))
    anchors = {kind: f"loai-{slugify(kind) or 'khac'}" for kind, _ in groups}
    return Listing(page_uri(DOCUMENTS, 1), "Văn bản", "documents", groups=groups, anchors=anchors)


def _newest_first(entry: DocumentEntry) -> tuple[bool, int, bool, int, int, str]:
    return newest_first(entry.date, entry.code, entry.name)


def _document_link(entry: DocumentEntry) -> Link:
    """The code (or the title of a reference without one), the title under it, then the
    issuer and the date (else the year of the code)."""
    text = entry.code.text if entry.code else entry.title or ""
    detail = entry.title if entry.code else None
    facts = [issuer(entry.document.issuer if entry.document else None, entry.code)]
    if entry.date:
        facts.append(day_text(entry.date))
    elif entry.code and entry.code.year:
        facts.append(f"năm {entry.code.year}")
    meta = tuple(fact for fact in facts if fact)
    return Link(text, document_uri(entry), _count(entry), detail, meta, entry.code is not None)


def _count(entry: DocumentEntry) -> str:
    return f"{len(entry.articles)} bài"


def _archive(indexes: Indexes, per_page: int) -> Iterator[Listing]:
    """A page per day, month and year that has articles, and the archive's own page."""
    days = sorted(indexes.days)
    months: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in days:
        months[(day.year, day.month)].append(day)
    for day in days:
        yield Listing(
            day_uri(day),
            f"Tin ngày {day_text(day)}",
            "day",
            _plain(indexes.days[day]),
        )
    for (year, month), in_month in months.items():
        articles = [a for day in reversed(in_month) for a in indexes.days[day]]
        day_links = [
            Link(f"{d.day}/{d.month}", day_uri(d), f"{len(indexes.days[d])} bài") for d in in_month
        ]
        for listing in _paged(
            _month_base(year, month),
            f"Tin tháng {month}/{year}",
            "month",
            _plain(articles),
            per_page,
        ):
            listing.groups = [("Theo ngày", day_links)]
            yield listing
    years = sorted({year for year, _ in months}, reverse=True)
    for year in years:
        links = [
            Link(
                f"Tháng {m}",
                page_uri(_month_base(y, m), 1),
                f"{sum(len(indexes.days[d]) for d in ds)} bài",
            )
            for (y, m), ds in sorted(months.items(), reverse=True)
            if y == year
        ]
        yield Listing(
            page_uri(f"{ARCHIVE}/{year}", 1), f"Lưu trữ năm {year}", "year", groups=[("", links)]
        )
    groups = [
        (
            f"Năm {year}",
            [
                Link(f"Tháng {m}", page_uri(_month_base(y, m), 1))
                for (y, m) in sorted(months, reverse=True)
                if y == year
            ],
        )
        for year in years
    ]
    picker = {day.isoformat(): day_uri(day) for day in days}
    yield Listing(page_uri(ARCHIVE, 1), "Lưu trữ", "archive", groups=groups, days=picker)


def _month_base(year: int, month: int) -> str:
    return f"{ARCHIVE}/{year}/{month:02d}"


def day_uri(day: date) -> str:
    return page_uri(f"{ARCHIVE}/{day.year}/{day.month:02d}/{day.day:02d}", 1)
