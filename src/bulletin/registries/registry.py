"""Registries in `docs/_data/`: the people, documents and categories that articles name.

`people.yml`, `resolutions.yml` and `categories.yml` are lists of entries, validated like
articles (see `datafiles`). A missing file is an empty registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from functools import partial
from pathlib import Path
from typing import TypeVar

from bulletin.articles.fields import NO_URL
from bulletin.articles.frontmatter import Node
from bulletin.articles.model import FileExists
from bulletin.articles.problems import Problem, Problems
from bulletin.registries.datafiles import DataEntry, DataFile, FileKind
from bulletin.text.codes import DocumentCode, MalformedCode, parse_code
from bulletin.text.vietnamese import normalize, slugify, tone_key

PERSON_FIELDS = ("name", "aliases", "positions", "bio", "photo")
POSITION_FIELDS = ("title", "from", "to")
DOCUMENT_FIELDS = ("code", "kind", "title", "date", "issuer", "term", "url", "pdf")
CATEGORY_FIELDS = ("name", "slug", "order", "description")
DATA_DIR = "_data"
REGISTRIES = ("people", "resolutions", "categories")
"""The files `load_registry` reads in the data folder, without their `.yml`."""
PHOTO = FileKind("ảnh", (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"), "/images/anh.png")
PDF = FileKind("tệp PDF", (".pdf",), "/files/van-ban.pdf, hoặc url: cho một trang web")
T = TypeVar("T")


@dataclass(frozen=True)
class Position:
    """A title held from `start` to `end`, both days included; no `end`: still in office."""

    title: str
    start: date | None
    end: date | None

    def held_on(self, when: date) -> bool:
        started = self.start is None or self.start <= when
        return started and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Person:
    """A person as `people.yml` describes them; `name` is the canonical spelling, in NFC."""

    name: str
    aliases: tuple[str, ...]
    positions: tuple[Position, ...]
    bio: str | None
    photo: str | None
    """Docs-relative path of an existing image."""
    line: int

    def position_at(self, when: date) -> str | None:
        """The title held on `when`; several are joined by ", ", the latest taken first."""
        return _joined(position for position in self.positions if position.held_on(when))

    @property
    def current_position(self) -> str | None:
        """The titles with no end day, the latest taken first, joined by ", "."""
        return _joined(position for position in self.positions if position.end is None)

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


def _joined(positions: Iterable[Position]) -> str | None:
    held = sorted(positions, key=_latest_first)
    return ", ".join(position.title for position in held) or None


def _latest_first(position: Position) -> tuple[bool, int]:
    """Sort key: the latest start first, positions without a start last (stable otherwise)."""
    if position.start is None:
        return True, 0
    return False, -position.start.toordinal()


@dataclass(frozen=True)
class Document:
    """A document that articles cite, by code (`21-KL/TW`) or, without a code, by title."""

    code: DocumentCode | None
    kind: str | None
    """Spelled out: the `kind` field, else what the code's abbreviation stands for."""
    title: str | None
    date: date | None
    issuer: str | None
    term: str | None
    url: str | None
    pdf: str | None
    """Docs-relative path of an existing PDF."""
    line: int


@dataclass(frozen=True)
class Category:
    """A category of articles, with its URL slug and its place in menus."""

    name: str
    slug: str
    order: int
    """The `order` field, else the entry's position in the file (from 1)."""
    description: str | None
    line: int


@dataclass
class Registry:
    """What the registry files say, and their problems; lookups ignore case and tone placement."""

    people: list[Person] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def files(self) -> list[str]:
        """The docs paths of the files the registries name: photos and PDFs."""
        photos = [person.photo for person in self.people if person.photo]
        return photos + [document.pdf for document in self.documents if document.pdf]

    def __post_init__(self) -> None:
        self.categories = sorted(self.categories, key=lambda category: category.order)
        self._people = _first_by_key((n, p) for p in self.people for n in p.spellings)
        self._coded: defaultdict[str, list[Document]] = defaultdict(list)
        for document in self.documents:
            if document.code is not None:
                self._coded[document.code.text].append(document)
        self._titled = _first_by_key(
            (d.title, d) for d in self.documents if d.code is None and d.title
        )
        self._categories = _first_by_key((c.name, c) for c in self.categories)

    def person(self, name: str) -> Person | None:
        """The person whose name or one of whose aliases is `name`."""
        return self._people.get(tone_key(name))

    def documents_for(self, code: str) -> list[Document]:
        """Every document with that code (numbering restarts each term), in file order."""
        return list(self._coded.get(normalize(code).strip(), []))

    def document_by_title(self, title: str) -> Document | None:
        """The reference without a code that has this title."""
        return self._titled.get(tone_key(title))

    def category(self, name: str) -> Category | None:
        return self._categories.get(tone_key(name))


def _first_by_key(pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    """Each value by the `tone_key` of its text; the first one wins."""
    found: dict[str, T] = {}
    for text, value in pairs:
        found.setdefault(tone_key(text), value)
    return found


def load_registry(
    docs_dir: Path,
    zone: tzinfo,
    exists: FileExists,
    shown_dir: str = "docs",
    data_dir: str = DATA_DIR,
) -> Registry:
    """Read the registries in `docs_dir/data_dir`; `exists` tells whether a docs-relative path
    is a file (photos, PDFs)."""
    problems: list[Problem] = []

    def read(
        name: str, known: Collection[str], read_entry: Callable[[DataEntry], T | None]
    ) -> list[T]:
        file = DataFile(Problems(f"{shown_dir}/{data_dir}/{name}.yml"), zone, exists, shown_dir)
        entries = file.entries(docs_dir / data_dir / f"{name}.yml", name, known)
        found = [value for value in map(read_entry, entries) if value is not None]
        problems.extend(file.problems.items)
        return found

    people = read("people", PERSON_FIELDS, _person)
    documents = read("resolutions", DOCUMENT_FIELDS, _document)
    categories = read("categories", CATEGORY_FIELDS, _category)
    return Registry(people, documents, categories, problems)


def _person(entry: DataEntry) -> Person | None:
    entry.require("name", "name: Nguyễn Văn An")
    name, bio = entry.text("name"), entry.text("bio")
    aliases = entry.get("aliases", entry.read.text_or_texts) or []
    positions = entry.get("positions", partial(_positions, entry)) or []
    photo = entry.get("photo", partial(entry.docs_file, PHOTO))
    _check_spellings(entry)
    if name is None:
        return None
    return Person(name, tuple(aliases), tuple(positions), bio, photo, entry.fields["name"].line)


def _check_spellings(entry: DataEntry) -> None:
    """A name or alias of one person is no other person's."""
    aliases = entry.fields.get("aliases")
    count = len(aliases.value) if aliases is not None and aliases.is_sequence else 0
    for key in ("name", "aliases", *(f"aliases[{number}]" for number in range(1, count + 1))):
        node = entry.read.places.get(entry.field(key))
        if node is None:
            continue
        spelling = str(node.value).strip()
        first = entry.earlier(("person", tone_key(spelling)), node, spelling)
        if first:
            entry.error(
                node, key,
                f'"{spelling}" trùng tên với "{first.text}" ở dòng {first.line} '
                "(cần: mỗi người một mục, các cách viết khác ghi trong aliases)",
            )  # fmt: skip


def _positions(entry: DataEntry, node: Node, key: str) -> list[Position]:
    items = enumerate(entry.read.items(node, key), start=1)
    found = (_position(entry, item, entry.field(f"{key}[{number}]")) for number, item in items)
    return [position for position in found if position is not None]


def _position(person: DataEntry, node: Node, where: str) -> Position | None:
    """A position: `{title: …, from: …, to: …}`, or only its title."""
    if not node.is_mapping:
        title = person.file.read.text(node, where)
        return Position(title, None, None) if title else None
    entry = person.file.entry(where, node, POSITION_FIELDS)
    if entry is None:
        return None
    entry.require("title", "title: Bí thư Tỉnh ủy")
    title, start, end = entry.text("title"), entry.day("from"), entry.day("to")
    if start and end and end < start:
        to, since = entry.fields["to"].raw, entry.fields["from"].raw
        expected = "cần: ngày cuối giữ chức vụ, không trước from"
        entry.error(entry.fields["to"], "to", f"{to} trước from: {since} ({expected})")
        return None
    return Position(title, start, end) if title else None


def _document(entry: DataEntry) -> Document | None:
    code, title = entry.get("code", partial(_code, entry)), entry.text("title")
    if not (entry.given("code") or entry.given("title")):
        expected = "cần: code: 21-KL/TW, title: …, hoặc cả hai"
        entry.error(entry.node, "", f"không có code cũng không có title ({expected})")
    kind = entry.text("kind") or (code.kind_name if code else None)
    url = entry.get("url", entry.web_address)
    pdf = entry.get("pdf", partial(entry.docs_file, PDF))
    if entry.given("url") and entry.given("pdf"):
        expected = "cần: một trong hai, địa chỉ web hoặc tệp PDF"
        entry.error(entry.node.keys["pdf"], "", f"có cả url và pdf ({expected})")
    day, issuer, term = entry.day("date"), entry.text("issuer"), entry.text("term")
    if (code is None and entry.given("code")) or not (code or title):
        return None
    _check_document(entry, code, title, day)
    return Document(code, kind, title, day, issuer, term, url, pdf, entry.node.line)


def _code(entry: DataEntry, node: Node, key: str) -> DocumentCode | None:
    text = entry.read.text(node, key)
    if text is None:
        return None
    try:
        return parse_code(text)
    except MalformedCode as error:
        entry.error(node, key, str(error))
        return None


def _check_document(
    entry: DataEntry, code: DocumentCode | None, title: str | None, day: date | None
) -> None:
    """A code comes once per date (numbering restarts each term); a title without code once."""
    if code is not None:
        dated = f"{code.text} ngày {day}" if day else f"{code.text} không ghi ngày"
        fix = "giữ một, hoặc sửa ngày" if day else "giữ một, hoặc ghi ngày của mỗi văn bản"
        _once(entry, ("code", code.text, day), "code", dated, fix)
    elif title is not None:
        _once(entry, ("title", tone_key(title)), "title", f'"{title}"')


def _once(
    entry: DataEntry, key: Hashable, field_key: str, shown: str, fix: str = "giữ một"
) -> None:
    """Report a second entry with `key`: `"Kinh tế" đã có ở dòng 4 (cần: giữ một)`."""
    node = entry.fields[field_key]
    first = entry.earlier(key, node, shown)
    if first:
        entry.error(node, field_key, f"{shown} đã có ở dòng {first.line} (cần: {fix})")


def _category(entry: DataEntry) -> Category | None:
    """A category; its `order` defaults to its position in the file."""
    entry.require("name", "name: Xây dựng Đảng")
    name, description = entry.text("name"), entry.text("description")
    order = entry.get("order", entry.whole_number)
    slug = entry.get("slug", entry.slug) if entry.given("slug") else _name_slug(entry, name)
    if not (name and slug):
        return None
    _once(entry, ("category", tone_key(name)), "name", f'"{name}"')
    node = entry.fields.get("slug", entry.fields["name"])
    first = entry.earlier(("slug", slug), node, name)
    if first and tone_key(first.text) != tone_key(name):
        message = f'"{slug}" cũng là slug của "{first.text}" ở dòng {first.line}'
        entry.error(node, "slug", f"{message} (cần: một slug riêng)")
    number = entry.number if order is None else order
    return Category(name, slug, number, description, entry.node.line)


def _name_slug(entry: DataEntry, name: str | None) -> str | None:
    made = slugify(name) if name else None
    if name and not made:
        entry.error(entry.fields["name"], "name", NO_URL)
    return made
