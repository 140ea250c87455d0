"""The article: its model, and how one file's front-matter becomes one, every problem reported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import partial
from typing import TypeVar

from bulletin.articles import fields as f
from bulletin.articles.body import check_body, local_path
from bulletin.articles.frontmatter import NULL, Node, read
from bulletin.articles.problems import Located, Place, Problems
from bulletin.text.codes import DocumentCode, MalformedCode, parse_code
from bulletin.text.vietnamese import is_slug, slugify

REQUIRED = {
    "title": "title: Tiêu đề bài viết",
    "date": "date: 2022-06-23 18:30",
    "category": "category: Xây dựng Đảng",
}
KNOWN_FIELDS = (
    "title", "date", "category", "lead", "source", "author", "image", "event", "speakers",
    "resolutions", "tags", "updated", "corrections", "featured", "draft", "slug", "comments",
    "aliases",
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
    """One article as the editor wrote it, validated. Its body (Markdown) is not kept: read
    from its file when its page is made (`Catalog.body`), it would be most of the memory a
    large archive's build holds."""

    src_uri: str
    title: str
    date: datetime
    category: str
    slug: str
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
    aliases: list[str] = field(default_factory=list)
    """Old addresses of the article (`2020/01/ten-cu/`), each redirected to the new one."""
    line: int = 1
    """Line of the field the URL is made from (slug, else title)."""
    images: list[str] = field(default_factory=list)
    """Docs-relative paths of the images the article shows (lead photo and body)."""
    body_line: int = 1
    """Line of the file where the body starts."""
    places: dict[str, Located] = field(default_factory=dict, compare=False, repr=False)
    """Where each text value stands in the file, by field name (`speakers[2].name`)."""

    def is_public(self, now: datetime) -> bool:
        """Published: not a draft and not under embargo (its date has come)."""
        return not self.draft and self.date <= now


FileExists = Callable[[str], bool]
T = TypeVar("T")
_FLAGS = ("featured", "draft", "comments")


def read_article(
    text: str, src_uri: str, problems: Problems, zone: tzinfo, exists: FileExists
) -> Article | None:
    """Build the Article of one file, or None when a required part is wrong."""
    source = read(text, problems)
    if source.fields is None:
        return None
    reader = _ArticleReader(f.FieldReader(problems, zone), src_uri, exists)
    shown = check_body(source.body, source.body_line, problems)
    article = reader.article(source.fields)
    if article is not None:
        places: dict[str, Located] = {  # the names are the same in every article: one copy
            sys.intern(name): Place(node.line, node.column)
            for name, node in reader.read.places.items()
        }
        article.body_line, article.places = source.body_line, places
        lead = [article.image.src] if article.image else []
        body = (local_path(src, src_uri) for src in shown)
        article.images = lead + [path for path in body if path is not None]
    return article


class _ArticleReader:
    def __init__(self, reader: f.FieldReader, src_uri: str, exists: FileExists) -> None:
        self.read = reader
        self.src_uri = src_uri
        self.exists = exists

    def get(
        self, fields: dict[str, Node], key: str, read: Callable[[Node, str], T | None]
    ) -> T | None:
        """The value of an optional field read by `read`, or None when absent or empty."""
        node = fields.get(key)
        if node is None or node.tag == NULL:
            return None
        return read(node, key)

    def article(self, root: Node) -> Article | None:
        fields = self.read.mapping(root, "", KNOWN_FIELDS) or {}
        for key, example in REQUIRED.items():
            self.read.require(fields, key, root, key, example)
        read, get = self.read, partial(self.get, fields)
        title, date = get("title", read.text), get("date", read.moment)
        category = get("category", read.text)
        slug = self.slug(fields, title)
        event, updated = get("event", self.event), get("updated", read.moment)
        if date is not None:
            self.check_order(fields, date, event, updated)
        lead, source = get("lead", read.text), get("source", read.text)
        image = get("image", self.image)
        featured, draft, comments = (get(key, read.boolean) for key in _FLAGS)
        authors, tags = get("author", read.text_or_texts), get("tags", read.texts)
        speakers, resolutions = get("speakers", self.speakers), get("resolutions", self.resolutions)
        corrections = get("corrections", self.corrections)
        aliases = get("aliases", self.aliases)
        if not (title and date and category and slug):
            return None
        return Article(
            self.src_uri, title, date, category, slug,
            lead=lead, source=source, authors=authors or [], image=image, event=event,
            speakers=speakers or [], resolutions=resolutions or [], tags=tags or [],
            updated=updated, corrections=corrections or [], featured=featured is True,
            draft=draft is True, comments=comments is not False, aliases=aliases or [],
            line=fields["slug" if "slug" in fields else "title"].line,
        )  # fmt: skip

    def aliases(self, node: Node, field: str) -> list[str]:
        """Old addresses inside the site: `/2020/01/ten-cu/` or `tin-cu.html`, made relative."""
        found = []
        for i, item in self.numbered(node, field):
            value = self.read.text(item, f"{field}[{i}]")
            if value is None:
                continue
            path = value.strip().lstrip("/")
            if "://" in value or not path or ".." in path.split("/") or not path.isascii():
                self.read.problems.error(
                    item,
                    f"{field}[{i}]",
                    f'"{value}" không phải một địa chỉ cũ của trang '
                    "(cần: đường dẫn như /2020/01/ten-cu/ hoặc /tin-cu.html)",
                )
                continue
            found.append(path)
        return found

    def slug(self, fields: dict[str, Node], title: str | None) -> str | None:
        node = fields.get("slug")
        if node is None:
            made = slugify(title) if title else None
            if title and not made:
                self.read.problems.error(fields["title"], "title", f.NO_URL)
            return made
        value = self.read.text(node, "slug")
        if value and not is_slug(value):
            self.read.problems.error(node, "slug", f.not_a_slug(value, "tin-moi"))
            return None
        return value

    def image(self, node: Node, field: str) -> Image | None:
        fields = self.read.mapping(node, "image", ("src", "caption", "alt", "credit"))
        if fields is None:
            return None
        parts = {key: self.read.text(value, f"image.{key}") for key, value in fields.items()}
        src_node = self.read.require(fields, "src", node, "image.src")
        src = parts.get("src")
        if src_node is None or src is None:
            return None
        path = self.resolve(src, src_node)
        alt = parts.get("alt") or parts.get("caption")
        if not alt:
            self.read.problems.error(node, "image.alt", "chưa có (cần: mô tả ảnh)")
        if path is None or not alt:
            return None
        return Image(path, alt, parts.get("caption"), parts.get("credit"))

    def resolve(self, src: str, where: Node) -> str | None:
        """The docs-relative path of a file named relative to the article (or to docs with /)."""
        if "://" in src or src.startswith("//"):
            self.read.problems.error(
                where,
                "image.src",
                f'"{src}" là địa chỉ web (cần: tệp ảnh trong thư mục docs)',
            )
            return None
        path = local_path(src, self.src_uri)
        if path is None or path.startswith("../") or not self.exists(path):
            self.read.problems.error(where, "image.src", f'"{src}" không có (đã tìm: docs/{path})')
            return None
        return path

    def event(self, node: Node, field: str) -> Event | None:
        fields = self.read.mapping(node, field, ("name", "date", "place"))
        if fields is None:
            return None
        get = partial(self.get, fields)
        read = self.read.prefixed(field)
        return Event(get("name", read.text), get("date", read.moment), get("place", read.text))

    def numbered(self, node: Node, field: str) -> list[tuple[int, Node]]:
        """The items of a list field, numbered from 1 as editors count them."""
        return list(enumerate(self.read.items(node, field), start=1))

    def speakers(self, node: Node, field: str) -> list[Speaker]:
        found = (self.speaker(item, f"{field}[{i}]") for i, item in self.numbered(node, field))
        return [speaker for speaker in found if speaker is not None]

    def speaker(self, node: Node, field: str) -> Speaker | None:
        if not node.is_mapping:
            name = self.read.text(node, field)
            return Speaker(name) if name else None
        fields = self.read.mapping(node, field, ("name", "title", "role")) or {}
        self.read.require(fields, "name", node, f"{field}.name")
        get, text = partial(self.get, fields), self.read.prefixed(field).text
        name, title, role = (get(key, text) for key in ("name", "title", "role"))
        return Speaker(name, title, role) if name else None

    def resolutions(self, node: Node, field: str) -> list[Resolution]:
        items = self.numbered(node, field)
        found = (self.resolution(item, f"{field}[{i}]") for i, item in items)
        return [resolution for resolution in found if resolution is not None]

    def resolution(self, node: Node, field: str) -> Resolution | None:
        if not node.is_mapping:
            code = self.read.text(node, field)
            return self.coded(code, None, node, field) if code else None
        fields = self.read.mapping(node, field, ("code", "title")) or {}
        get, text = partial(self.get, fields), self.read.prefixed(field).text
        code, title = get("code", text), get("title", text)
        if not (code or title or "code" in fields or "title" in fields):
            self.read.problems.error(node, field, "để trống (cần: code: hoặc title:)")
            return None
        place = fields.get("code", node)
        return self.coded(code, title, place, f"{field}.code") if code else Resolution(None, title)

    def coded(self, code: str, title: str | None, where: Node, field: str) -> Resolution | None:
        try:
            return Resolution(parse_code(code), title)
        except MalformedCode as error:
            self.read.problems.error(where, field, str(error))
            return None

    def corrections(self, node: Node, field: str) -> list[Correction]:
        found = []
        for i, item in self.numbered(node, field):
            where = f"{field}[{i}]"
            fields = self.read.mapping(item, where, ("date", "note"))
            if fields is None:
                continue
            for key in ("date", "note"):
                self.read.require(fields, key, item, f"{where}.{key}")
            get, read = partial(self.get, fields), self.read.prefixed(where)
            moment, note = get("date", read.moment), get("note", read.text)
            if moment and note:
                found.append(Correction(moment, note))
        return found

    def check_order(
        self,
        fields: dict[str, Node],
        date: datetime,
        event: Event | None,
        updated: datetime | None,
    ) -> None:
        """Nothing reported on happens after the article's date, nothing updated before it."""
        shown = fields["date"].raw
        if event and event.date and event.date > date:
            node = fields["event"].value["date"]
            self.read.problems.error(
                node,
                "event.date",
                f"{node.raw} sau thời gian đăng bài {shown} "
                "(cần: ngày diễn ra sự kiện, không sau date)",
            )
        if updated and updated < date:
            self.read.problems.error(
                fields["updated"],
                "updated",
                f"{fields['updated'].raw} trước thời gian đăng bài {shown} "
                "(cần: lần cập nhật gần nhất, sau date)",
            )
