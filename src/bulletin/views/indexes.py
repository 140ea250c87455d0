"""Who spoke where, which documents were cited where, and what belongs to each category,
tag and day: the indexes readers move through, built once per build from the public articles."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from functools import partial
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import TypeVar

from bulletin.articles.model import Article, Resolution, Speaker
from bulletin.registries.registry import Category, Document, Person, Registry
from bulletin.text.codes import DocumentCode
from bulletin.text.vietnamese import name_sort_key, slugify, tone_key

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class Appearance:
    """A person in one article, with the title they held then and their role."""

    article: Article
    title: str | None
    role: str | None


@dataclass
class PersonEntry:
    key: str
    name: str
    person: Person | None
    appearances: list[Appearance] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    """The article of each appearance, newest first."""
    slug: str = ""


@dataclass
class DocumentEntry:
    """A cited document: a registry entry, or what the articles say of it."""

    key: tuple[str, str]
    code: DocumentCode | None
    title: str | None
    document: Document | None
    articles: list[Article] = field(default_factory=list)
    slug: str = ""

    @property
    def kind(self) -> str | None:
        """The registry's kind, else the code's; None when neither says (the pages then say
        `document.other_kind` of the interface)."""
        if self.document and self.document.kind:
            return self.document.kind
        return self.code.kind_name if self.code else None

    @property
    def date(self) -> date | None:
        return self.document.date if self.document else None

    @property
    def name(self) -> str:
        """`Kết luận số 21-KL/TW`, or the title of a reference without a code."""
        if self.code is None:
            return self.title or ""
        kind = self.code.kind_name
        return f"{kind} số {self.code.text}" if kind else self.code.text


@dataclass
class GroupEntry:
    """A category or a tag with its articles."""

    key: str
    name: str
    slug: str = ""
    description: str | None = None
    order: int = 0
    articles: list[Article] = field(default_factory=list)


@dataclass
class Indexes:
    """Everything listed about the public articles (each list newest first)."""

    articles: list[Article]
    people: dict[str, PersonEntry]
    documents: dict[tuple[str, str], DocumentEntry]
    categories: dict[str, GroupEntry]
    tags: dict[str, GroupEntry]
    days: dict[date, list[Article]]
    zone: tzinfo
    cited: dict[int, list[DocumentEntry]] = field(default_factory=dict)
    """The entry of each of an article's resolutions, in order, by `id()` of the article."""
    spoke: dict[int, list[PersonEntry]] = field(default_factory=dict)
    """The entry of each of an article's speakers, in order, by `id()` of the article."""
    position: dict[int, int] = field(default_factory=dict)
    """Where each article stands in its category's list."""
    spellings: dict[str, dict[str, None]] = field(default_factory=dict)
    """Each name the articles give a person, by the person's key (in the order first met)."""
    cited_as: dict[str, str] = field(default_factory=dict)
    """Each code (or title, for a document without one) the articles cite: the document's
    name where first met."""
    _positions: dict[int, dict[int, int]] = field(default_factory=dict)
    """Where each article stands in a group's list, by `id()` of the list (made on demand)."""

    def categories_in_order(self) -> list[GroupEntry]:
        """Categories in the registry's order, then those it does not know by name."""
        return sorted(self.categories.values(), key=lambda entry: (entry.order, entry.name))

    def people_sorted(self) -> list[PersonEntry]:
        """People in directory order: given name, family name, middle name, the Vietnamese way."""
        return sorted(self.people.values(), key=lambda entry: name_sort_key(entry.name))

    def category_of(self, article: Article) -> GroupEntry:
        return self.categories[tone_key(article.category)]

    def other_news(self, article: Article, limit: int) -> list[Article]:
        """Articles of the same category, those published just before it first, then after."""
        siblings = self.category_of(article).articles  # newest first
        at = self.position[id(article)]
        before, after = siblings[at + 1 : at + 1 + limit], siblings[max(0, at - limit) : at][::-1]
        return (before + after)[:limit]

    def related(self, article: Article, limit: int) -> list[Article]:
        """Articles sharing speakers, documents or tags, most shared first, then newest.

        In each shared group only the articles nearest in time are weighed (`RELATED_WINDOW`
        on each side): the work per article stays bounded however large a group grows.
        """
        shared: Counter[int] = Counter()
        by_id: dict[int, Article] = {}
        for group in self._groups_of(article):
            near = _near(group, self._position_in(group, article))
            shared.update(map(id, near))  # counted in C: this runs for every article
            by_id.update(zip(map(id, near), near, strict=True))
        del shared[id(article)]  # in each of its groups
        ranked: list[Article] = []
        for _, tied in groupby(shared.most_common(), key=itemgetter(1)):  # most shared first
            newest = heapq.nlargest(limit - len(ranked), (by_id[key] for key, _ in tied), key=_DATE)
            ranked += newest
            if len(ranked) == limit:
                break
        return ranked

    def _position_in(self, group: list[Article], article: Article) -> int:
        positions = self._positions.get(id(group))
        if positions is None:
            positions = {id(member): at for at, member in enumerate(group)}
            self._positions[id(group)] = positions
        return positions[id(article)]

    def _groups_of(self, article: Article) -> Iterable[list[Article]]:
        """Each person, document and tag of `article` once, as its list of articles."""
        people = {entry.key: entry.articles for entry in self.spoke.get(id(article), [])}
        documents = {entry.key: entry.articles for entry in self.cited.get(id(article), [])}
        tags = {tone_key(tag): self.tags[tone_key(tag)].articles for tag in article.tags}
        yield from people.values()
        yield from documents.values()
        yield from tags.values()

    def titles_at_time(self, article: Article) -> list[str | None]:
        """Each speaker's title when the article was published, in the article's order."""
        day = article.date.astimezone(self.zone).date()
        return [
            _title_then(speaker, entry.person, day)
            for speaker, entry in zip(article.speakers, self.spoke[id(article)], strict=True)
        ]

    def tag(self, name: str) -> GroupEntry:
        return self.tags[tone_key(name)]


RELATED_WINDOW = 25
_DATE = attrgetter("date")


def _near(group: list[Article], at: int) -> list[Article]:
    return group[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]


def build_indexes(articles: list[Article], registry: Registry, zone: tzinfo) -> Indexes:
    """Index `articles` (public, newest first) against the registry."""
    indexes = Indexes(articles, {}, {}, _categories(registry), {}, defaultdict(list), zone)
    for article in articles:
        _index_article(indexes, article, registry)
    _assign_slugs(indexes)
    indexes.categories = {k: v for k, v in indexes.categories.items() if v.articles}
    indexes.days = dict(indexes.days)
    return indexes


def _categories(registry: Registry) -> dict[str, GroupEntry]:
    return {tone_key(category.name): _category_entry(category) for category in registry.categories}


def _category_entry(category: Category) -> GroupEntry:
    return GroupEntry(
        tone_key(category.name), category.name, category.slug, category.description, category.order
    )


def _index_article(indexes: Indexes, article: Article, registry: Registry) -> None:
    local_day = article.date.astimezone(indexes.zone).date()
    indexes.days[local_day].append(article)
    key = tone_key(article.category)
    category = _entry(
        indexes.categories, key, partial(GroupEntry, key, article.category, order=10_000)
    )
    indexes.position[id(article)] = len(category.articles)
    category.articles.append(article)
    for tag in article.tags:
        key = tone_key(tag)
        entry = _entry(indexes.tags, key, partial(GroupEntry, key, tag))
        if not entry.articles or entry.articles[-1] is not article:  # `thủy`, `thuỷ`: one tag
            entry.articles.append(article)
    indexes.spoke[id(article)] = _people_of(indexes, article, registry, local_day)
    indexes.cited[id(article)] = _documents_of(indexes, article, registry, local_day)


def _people_of(
    indexes: Indexes, article: Article, registry: Registry, day: date
) -> list[PersonEntry]:
    """The entry of each speaker, in the article's order (one appearance per person)."""
    entries = []
    for speaker in article.speakers:
        person = registry.person(speaker.name)
        name = person.name if person else speaker.name
        key = tone_key(name)
        entry = _entry(indexes.people, key, partial(PersonEntry, key, name, person))
        if not entry.articles or entry.articles[-1] is not article:
            entry.appearances.append(_appearance(article, speaker, person, day))
            entry.articles.append(article)
        indexes.spellings.setdefault(entry.key, {})[speaker.name] = None
        entries.append(entry)
    return entries


def _appearance(article: Article, speaker: Speaker, person: Person | None, day: date) -> Appearance:
    return Appearance(article, _title_then(speaker, person, day), speaker.role)


def _title_then(speaker: Speaker, person: Person | None, day: date) -> str | None:
    """The title the article gives, else the one the registry says was held that day."""
    return speaker.title or (person.position_at(day) if person else None)


def _documents_of(
    indexes: Indexes, article: Article, registry: Registry, day: date
) -> list[DocumentEntry]:
    """The entry of each document cited, in the article's order."""
    entries = []
    for resolution in article.resolutions:
        entry = _document_entry(indexes, resolution, registry, day)
        if not entry.articles or entry.articles[-1] is not article:
            entry.articles.append(article)
        value = resolution.code.text if resolution.code else resolution.title
        if value:
            indexes.cited_as.setdefault(value, entry.name or value)
        entries.append(entry)
    return entries


def _document_entry(
    indexes: Indexes, resolution: Resolution, registry: Registry, day: date
) -> DocumentEntry:
    code = resolution.code
    if code is None:
        title = resolution.title or ""
        key = ("title", tone_key(title))
        return _entry(
            indexes.documents,
            key,
            lambda: DocumentEntry(key, None, title, registry.document_by_title(title)),
        )
    document = _in_force(_same_title(registry.documents_for(code.text), resolution), day)
    key = (code.text, document.date.isoformat() if document and document.date else "")
    named = (document.title if document else None) or resolution.title
    return _entry(indexes.documents, key, partial(DocumentEntry, key, code, named, document))


def _entry(table: dict[K, V], key: K, make: Callable[[], V]) -> V:
    """The table's entry at `key`, made (`make`) only if it has none: an entry made for every
    article and dropped (`setdefault`) was a tenth of indexing (10,000 articles: 0.20 →
    0.18 s)."""
    found = table.get(key)
    if found is None:
        found = table[key] = make()
    return found


def _same_title(documents: list[Document], resolution: Resolution) -> list[Document]:
    """Of documents sharing a code, those whose title the article gives (all when none does)."""
    if not resolution.title:
        return documents
    titled = [d for d in documents if d.title and tone_key(d.title) == tone_key(resolution.title)]
    return titled or documents


def _in_force(documents: list[Document], day: date) -> Document | None:
    """Of documents sharing a code, the latest issued on or before `day` (else the earliest)."""
    dated = sorted((d for d in documents if d.date), key=lambda d: d.date or day)
    before = [d for d in dated if d.date and d.date <= day]
    if before:
        return before[-1]
    return dated[0] if dated else (documents[0] if documents else None)


def _assign_slugs(indexes: Indexes) -> None:
    _unique(indexes.people.values(), lambda entry: slugify(entry.name) or "nhan-vat")
    _unique(indexes.tags.values(), lambda entry: slugify(entry.name) or "tu-khoa")
    _unique(
        [c for c in indexes.categories.values() if not c.slug],
        lambda entry: slugify(entry.name) or "chuyen-muc",
        taken={c.slug for c in indexes.categories.values() if c.slug},
    )
    _unique(indexes.documents.values(), _document_slug)


def _document_slug(entry: DocumentEntry) -> str:
    if entry.code is None:
        return slugify(entry.title or "") or "van-ban"
    return slugify(entry.code.text, max_length=0)


def _unique(
    entries: Iterable[PersonEntry | GroupEntry | DocumentEntry],
    make: Callable[..., str],
    taken: set[str] | None = None,
) -> None:
    """Give each entry a slug; entries whose slugs clash get the year, or -2, -3…, after it."""
    used = set(taken or ())
    by_slug: dict[str, list[PersonEntry | GroupEntry | DocumentEntry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda entry: str(entry.key)):
        by_slug[make(entry)].append(entry)
    for slug, clashing in by_slug.items():
        for number, entry in enumerate(clashing, start=1):
            candidate = _disambiguated(slug, entry, number, len(clashing))
            while candidate in used:
                number += 1
                candidate = f"{slug}-{number}"
            used.add(candidate)
            entry.slug = candidate


def _disambiguated(slug: str, entry: object, number: int, count: int) -> str:
    if count == 1:
        return slug
    if isinstance(entry, DocumentEntry) and entry.date:
        return f"{slug}-{entry.date.year}"
    return slug if number == 1 else f"{slug}-{number}"
