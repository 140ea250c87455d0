"""Data files (`docs/_data/*.yml`): YAML lists of entries, read with the place of every value.

Each entry is a mapping, read like an article's front-matter: every problem is collected and
named with its file, line, column and field (`people[2].positions[1].to`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from bulletin.articles.body import local_path
from bulletin.articles.fields import STR, FieldReader, not_a_slug
from bulletin.articles.frontmatter import NULL, Node, compose
from bulletin.articles.model import FileExists
from bulletin.articles.problems import Located, Problems
from bulletin.articles.reading import read_text_checked
from bulletin.text.vietnamese import is_slug, normalize

T = TypeVar("T")
INT = "tag:yaml.org,2002:int"


def parse_yaml_file(text: str, problems: Problems) -> Node | None:
    """The top value of a whole YAML file (a list here), each value with its line and column.

    None for an empty file or a syntax error.
    """
    text = normalize(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    top = compose(text, problems, 1, "")
    return None if top is None or top.tag == NULL else top


@dataclass(frozen=True)
class FileKind:
    """What a path field names: `một ảnh`, the endings it may have, an example path."""

    noun: str
    suffixes: tuple[str, ...]
    example: str


@dataclass(frozen=True)
class First:
    """Where a key was first seen, by which entry, spelled how: to name it when it comes again."""

    line: int
    owner: str
    text: str


class DataFile:
    """One data file being read: its problems, and the keys its entries have taken."""

    def __init__(self, problems: Problems, zone: tzinfo, exists: FileExists, shown_dir: str):
        self.problems = problems
        self.read = FieldReader(problems, zone)
        self.exists = exists
        """Whether a docs-relative path is a file."""
        self.shown_dir = shown_dir
        self.firsts: dict[Hashable, First] = {}

    def entries(self, path: Path, name: str, known: Collection[str]) -> Iterator[DataEntry]:
        """The entries (`name[1]`, `name[2]`...) of the list in `path`; none if it is missing."""
        text = read_text_checked(path, self.problems) if path.is_file() else None
        top = parse_yaml_file(text, self.problems) if text is not None else None
        if top is None:
            return
        for number, item in enumerate(self.read.items(top, name), start=1):
            entry = self.entry(f"{name}[{number}]", item, known, number)
            if entry is not None:
                yield entry

    def entry(
        self, where: str, node: Node, known: Collection[str], number: int = 0
    ) -> DataEntry | None:
        fields = self.read.mapping(node, where, known)
        return None if fields is None else DataEntry(self, where, node, fields, number)


class DataEntry:
    """One mapping of a data file (`people[2]`, `people[2].positions[1]`), its `number` from 1:
    reads its fields and names its problems."""

    def __init__(
        self, file: DataFile, where: str, node: Node, fields: dict[str, Node], number: int
    ) -> None:
        self.file, self.where, self.node, self.fields = file, where, node, fields
        self.number = number
        self.read = file.read.prefixed(where)

    def field(self, key: str) -> str:
        return f"{self.where}.{key}" if key else self.where

    def error(self, place: Located, key: str, message: str) -> None:
        self.file.problems.error(place, self.field(key), message)

    def given(self, key: str) -> bool:
        node = self.fields.get(key)
        return node is not None and node.tag != NULL

    def get(self, key: str, read: Callable[[Node, str], T | None]) -> T | None:
        """The value of an optional field read by `read`, or None when absent or empty."""
        return read(self.fields[key], key) if self.given(key) else None

    def text(self, key: str) -> str | None:
        return self.get(key, self.read.text)

    def day(self, key: str) -> date | None:
        """A day written as a YAML date (2021-10-28) or as text, in the site's zone."""
        moment = self.get(key, self.read.moment)
        return moment.astimezone(self.read.zone).date() if moment else None

    def require(self, key: str, example: str) -> None:
        self.file.read.require(self.fields, key, self.node, self.field(key), example)

    def earlier(self, key: Hashable, place: Node, text: str) -> First | None:
        """Where another entry had `key` (a name, a code) first; None, noting it, if none did."""
        first = self.file.firsts.setdefault(key, First(place.line, self.where, text))
        return first if first.owner != self.where else None

    def docs_file(self, kind: FileKind, node: Node, key: str) -> str | None:
        """The docs-relative path of an existing file, named from docs/ (leading / optional)."""
        value, shown_dir = self.read.text(node, key), self.file.shown_dir
        if value is None:
            return None
        path = local_path(value, "")
        if path is None:
            expected = f"cần: một tệp trong {shown_dir}/, như {kind.example}"
            self.error(node, key, f'"{value}" là địa chỉ web ({expected})')
        elif not path.lower().endswith(kind.suffixes):
            expected = ", ".join(kind.suffixes)
            self.error(node, key, f'"{value}" không phải {kind.noun} (cần: tệp đuôi {expected})')
        elif path == ".." or path.startswith("../") or not self.file.exists(path):
            self.error(node, key, f'"{value}" không có (đã tìm: {shown_dir}/{path})')
        else:
            return path
        return None

    def web_address(self, node: Node, key: str) -> str | None:
        """An http(s) address."""
        value = self.read.text(node, key)
        if value is None or _is_web_address(value):
            return value
        self.error(node, key, f'"{value}" không phải địa chỉ web (cần: http:// hoặc https://…)')
        return None

    def slug(self, node: Node, key: str) -> str | None:
        """A URL slug, checked like an article's."""
        value = self.read.text(node, key)
        if value and not is_slug(value):
            self.error(node, key, not_a_slug(value, "chuyen-muc"))
            return None
        return value

    def whole_number(self, node: Node, key: str) -> int | None:
        if node.tag == INT:
            return int(node.value)
        shown = f'"{node.raw}"' if node.tag == STR else node.raw
        what = shown if node.raw is not None else f"là {node.kind},"
        expected = f"cần: một số, không trong ngoặc kép, như {key}: 1"
        self.error(node, key, f"{what} không phải số nguyên ({expected})")
        return None


def _is_web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
