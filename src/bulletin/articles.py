"""The article: its model, and how one file's front-matter becomes one, every problem reported."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from bulletin import fields as f
from bulletin.body import check_body
from bulletin.codes import DocumentCode, MalformedCode, parse_code
from bulletin.frontmatter import Node, read
from bulletin.problems import Problems
from bulletin.vietnamese import is_slug, slugify

REQUIRED = ("title", "date", "category")
KNOWN_FIELDS = (
    "title", "date", "category", "lead", "source", "author", "image", "event", "speakers",
    "resolutions", "tags", "updated", "corrections", "featured", "draft", "slug", "comments",
)  # fmt: skip


@dataclass(frozen=True)
class Speaker:
    name: str
    title: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Resolution:
    """A cited document: a code, a title, or both."""

    code: DocumentCode | None
    title: str | None


@dataclass(frozen=True)
class Image:
    src: str
    """Path of the image file inside the docs folder."""
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Event:
    name: str | None
    date: datetime | None
    place: str | None


@dataclass(frozen=True)
class Correction:
    date: datetime
    note: str


@dataclass
class Article:
    """One article as the editor wrote it, validated; `body` is its Markdown, in NFC."""

    src_uri: str
    title: str
    date: datetime
    category: str
    slug: str
    body: str
    lead: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    image: Image | None = None
    event: Event | None = None
    speakers: list[Speaker] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updated: datetime | None = None
    corrections: list[Correction] = field(default_factory=list)
    featured: bool = False
    draft: bool = False
    comments: bool = True
    line: int = 1
    """Line of the field the URL is made from (slug, else title)."""

    def is_public(self, now: datetime) -> bool:
        """Published: not a draft and not under embargo (its date has come)."""
        return not self.draft and self.date <= now


FileExists = Callable[[str], bool]


def read_article(
    text: str, src_uri: str, problems: Problems, zone: tzinfo, exists: FileExists
) -> Article | None:
    """Build the Article of one file, or None when a required part is wrong."""
    source = read(text, problems)
    if source.fields is None:
        return None
    reader = _ArticleReader(f.FieldReader(problems, zone), src_uri, exists)
    check_body(source.body, source.body_line, problems)
    return reader.article(source.fields, source.body)


class _ArticleReader:
    def __init__(self, reader: f.FieldReader, src_uri: str, exists: FileExists) -> None:
        self.read = reader
        self.src_uri = src_uri
        self.exists = exists

    def article(self, root: Node, body: str) -> Article | None:
        fields = self.read.mapping(root, "", KNOWN_FIELDS) or {}
        required = [self.read.require(fields, key, root.line, key) for key in REQUIRED]
        title_node, date_node, category_node = required
        title = title_node and self.read.text(title_node, "title")
        date = date_node and self.read.moment(date_node, "date")
        category = category_node and self.read.text(category_node, "category")
        slug = self.slug(fields, title, root.line)
        optional = self.optional(fields, date)
        if not (title_node and title and date and category and slug):
            return None
        line = fields["slug"].line if "slug" in fields else title_node.line
        return Article(self.src_uri, title, date, category, slug, body, line=line, **optional)

    def slug(self, fields: dict[str, Node], title: str | None, line: int) -> str | None:
        node = fields.get("slug")
        if node is None:
            made = slugify(title) if title else None
            if title and not made:
                self.read.problems.error(line, "title", "gives no URL (add slug: with a-z words)")
            return made
        value = self.read.text(node, "slug")
        if value and not is_slug(value):
            hint = slugify(value) or "tin-moi"
            self.read.problems.error(
                node.line, "slug", f'"{value}" is not a URL slug (expected a-z, 0-9, -: "{hint}")'
            )
            return None
        return value

    def optional(self, fields: dict[str, Node], date: datetime | None) -> dict[str, object]:
        values: dict[str, object] = {}
        for key, read_one in self._optional_readers().items():
            node = fields.get(key)
            if node is not None and node.tag != "tag:yaml.org,2002:null":
                value = read_one(node)
                if value is not None:
                    values[_ATTRIBUTE.get(key, key)] = value
        self.check_order(values, date, fields)
        return values

    def _optional_readers(self) -> dict[str, Callable[[Node], object]]:
        read = self.read
        return {
            "lead": lambda node: read.text(node, "lead"),
            "source": lambda node: read.text(node, "source"),
            "author": lambda node: read.text_or_texts(node, "author"),
            "image": self.image,
            "event": self.event,
            "speakers": self.speakers,
            "resolutions": self.resolutions,
            "tags": lambda node: read.texts(node, "tags"),
            "updated": lambda node: read.moment(node, "updated"),
            "corrections": self.corrections,
            "featured": lambda node: read.boolean(node, "featured"),
            "draft": lambda node: read.boolean(node, "draft"),
            "comments": lambda node: read.boolean(node, "comments"),
        }

    def image(self, node: Node) -> Image | None:
        fields = self.read.mapping(node, "image", ("src", "caption", "alt", "credit"))
        if fields is None:
            return None
        parts = {key: self.read.text(value, f"image.{key}") for key, value in fields.items()}
        src_node = self.read.require(fields, "src", node.line, "image.src")
        src = parts.get("src")
        if src_node is None or src is None:
            return None
        path = self.resolve(src, src_node.line)
        alt = parts.get("alt") or parts.get("caption")
        if not alt:
            self.read.problems.error(node.line, "image.alt", "is missing (describe the photo)")
        if path is None or not alt:
            return None
        return Image(path, alt, parts.get("caption"), parts.get("credit"))

    def resolve(self, src: str, line: int) -> str | None:
        """The docs-relative path of a file named relative to the article (or to docs with /)."""
        if "://" in src or src.startswith("//"):
            self.read.problems.error(
                line, "image.src", f'"{src}" is a web address (expected a file next to the article)'
            )
            return None
        base = "" if src.startswith("/") else posixpath.dirname(self.src_uri)
        path = posixpath.normpath(posixpath.join(base, src.lstrip("/")))
        if path.startswith("../") or not self.exists(path):
            self.read.problems.error(
                line, "image.src", f'"{src}" does not exist (looked for docs/{path})'
            )
            return None
        return path

    def event(self, node: Node) -> Event | None:
        fields = self.read.mapping(node, "event", ("name", "date", "place"))
        if fields is None:
            return None
        name, when, place = (fields.get(key) for key in ("name", "date", "place"))
        return Event(
            name and self.read.text(name, "event.name"),
            when and self.read.moment(when, "event.date"),
            place and self.read.text(place, "event.place"),
        )

    def numbered(self, node: Node, field: str) -> list[tuple[int, Node]]:
        """The items of a list field, numbered from 1 as editors count them."""
        return list(enumerate(self.read.items(node, field), start=1))

    def speakers(self, node: Node) -> list[Speaker]:
        found = (self.speaker(item, f"speakers[{i}]") for i, item in self.numbered(node, "speakers"))
        return [speaker for speaker in found if speaker is not None]

    def speaker(self, node: Node, field: str) -> Speaker | None:
        if not node.is_mapping:
            name = self.read.text(node, field)
            return Speaker(name) if name else None
        fields = self.read.mapping(node, field, ("name", "title", "role")) or {}
        name_node = self.read.require(fields, "name", node.line, f"{field}.name")
        name = name_node and self.read.text(name_node, f"{field}.name")
        title, role = (
            fields.get(key) and self.read.text(fields[key], f"{field}.{key}")
            for key in ("title", "role")
        )
        return Speaker(name, title, role) if name else None

    def resolutions(self, node: Node) -> list[Resolution]:
        found = (self.resolution(item, f"resolutions[{i}]") for i, item in self.numbered(node, "resolutions"))
        return [resolution for resolution in found if resolution is not None]

    def resolution(self, node: Node, field: str) -> Resolution | None:
        if not node.is_mapping:
            code = self.read.text(node, field)
            return self.coded(code, None, node.line, field) if code else None
        fields = self.read.mapping(node, field, ("code", "title")) or {}
        code, title = (
            fields.get(key) and self.read.text(fields[key], f"{field}.{key}")
            for key in ("code", "title")
        )
        if not (code or title or "code" in fields or "title" in fields):
            self.read.problems.error(node.line, field, "is empty (expected code: or title:)")
            return None
        line = fields["code"].line if "code" in fields else node.line
        return self.coded(code, title, line, f"{field}.code") if code else Resolution(None, title)

    def coded(self, code: str, title: str | None, line: int, field: str) -> Resolution | None:
        try:
            return Resolution(parse_code(code), title)
        except MalformedCode as error:
            self.read.problems.error(line, field, str(error))
            return None

    def corrections(self, node: Node) -> list[Correction]:
        found = []
        for i, item in self.numbered(node, "corrections"):
            fields = self.read.mapping(item, f"corrections[{i}]", ("date", "note")) or {}
            when, note = (
                self.read.require(fields, key, item.line, f"corrections[{i}].{key}")
                for key in ("date", "note")
            )
            moment = when and self.read.moment(when, f"corrections[{i}].date")
            text = note and self.read.text(note, f"corrections[{i}].note")
            if moment and text:
                found.append(Correction(moment, text))
        return found

    def check_order(
        self, values: dict[str, object], date: datetime | None, fields: dict[str, Node]
    ) -> None:
        """Nothing reported on happens after the article's date, nothing updated before it."""
        if date is None:
            return
        event = values.get("event")
        if isinstance(event, Event) and event.date and event.date > date:
            self.read.problems.error(
                fields["event"].value["date"].line,
                "event.date",
                f"{event.date:%Y-%m-%d %H:%M} is after the article's date {date:%Y-%m-%d %H:%M} "
                "(expected the day of the event, on or before date)",
            )
        updated = values.get("updated")
        if isinstance(updated, datetime) and updated < date:
            self.read.problems.error(
                fields["updated"].line,
                "updated",
                f"{updated:%Y-%m-%d %H:%M} is before the article's date {date:%Y-%m-%d %H:%M} "
                "(expected the time of the last update, after date)",
            )


_ATTRIBUTE = {"author": "authors"}
