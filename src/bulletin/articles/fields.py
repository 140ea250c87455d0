"""Typed readers of front-matter values: each returns the value or None and names what is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from datetime import date, datetime, tzinfo

from bulletin.articles.frontmatter import NULL, Node
from bulletin.articles.problems import Problems
from bulletin.text.dates import NotAMoment, from_yaml, parse_moment
from bulletin.text.vietnamese import slugify

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class FieldReader:
    """Reads the values of one file, adding every problem to the file's Problems."""

    def __init__(
        self,
        problems: Problems,
        zone: tzinfo,
        prefix: str = "",
        places: dict[str, Node] | None = None,
    ) -> None:
        self.problems = problems
        self.zone = zone
        self.prefix = prefix
        self.places: dict[str, Node] = {} if places is None else places
        """Where each text value read stands, by its field name (`speakers[2].name`)."""

    def prefixed(self, prefix: str) -> FieldReader:
        """A reader that names fields inside `prefix`: `event.date`, `speakers[2].name`."""
        return FieldReader(self.problems, self.zone, prefix, self.places)

    def _name(self, field: str) -> str:
        return f"{self.prefix}.{field}" if self.prefix else field

    def _error(self, node: Node, field: str, message: str) -> None:
        self.problems.error(node, self._name(field), message)

    def text(self, node: Node, field: str) -> str | None:
        """Non-empty text; a number, date or yes/no where text belongs is an error."""
        if node.tag != STR:
            self._error(node, field, f"{_misread(node)} (cần: chữ{_quote(node)})")
            return None
        value = str(node.value).strip()
        if not value:
            self._error(node, field, "để trống (cần: chữ)")
            return None
        self.places[self._name(field)] = node
        return value

    def boolean(self, node: Node, field: str) -> bool | None:
        if node.tag != BOOL:
            self._error(node, field, f"{_misread(node)} (cần: true hoặc false)")
            return None
        return bool(node.value)

    def moment(self, node: Node, field: str) -> datetime | None:
        """A publication time in any accepted form, as an aware datetime."""
        if node.tag == TIMESTAMP and isinstance(node.value, date):
            return from_yaml(node.value, self.zone)
        if node.tag in (STR, TIMESTAMP):
            try:
                return parse_moment(str(node.raw), self.zone)
            except NotAMoment as error:
                self._error(node, field, str(error))
                return None
        self._error(node, field, f"{_misread(node)} (cần: một ngày như 2022-06-23)")
        return None

    def items(self, node: Node, field: str) -> list[Node]:
        """The items of a list; anything else is an error."""
        if node.is_sequence:
            return list(node.value)
        self._error(node, field, f"{_misread(node)} (cần: một danh sách, mỗi mục một dòng - …)")
        return []

    def texts(self, node: Node, field: str) -> list[str]:
        """A list of texts, e.g. tags."""
        items = enumerate(self.items(node, field), start=1)
        found = (self.text(item, f"{field}[{i}]") for i, item in items)
        return [value for value in found if value is not None]

    def text_or_texts(self, node: Node, field: str) -> list[str]:
        """One text or a list of texts, e.g. the byline."""
        if node.is_sequence:
            return self.texts(node, field)
        value = self.text(node, field)
        return [value] if value is not None else []

    def mapping(self, node: Node, field: str, known: Collection[str]) -> dict[str, Node] | None:
        """The fields of a mapping; a field not in `known` is a warning, never dropped silently."""
        if not node.is_mapping:
            expected = ", ".join(known)
            self.problems.error(node, field, f"{_misread(node)} (cần: các trường {expected})")
            return None
        fields: dict[str, Node] = node.value
        for key in fields:
            if key not in known:
                where = f"{field}.{key}" if field else key
                self.problems.warning(node.keys[key], where, unknown_field(key, known))
        return fields

    def require(
        self, fields: dict[str, Node], key: str, where: Node, field: str, example: str = ""
    ) -> Node | None:
        """The node of a required field, or an error at the line of its mapping."""
        node = fields.get(key)
        if node is None or node.tag == NULL:
            expected = f" (cần: một dòng {example})" if example else ""
            self.problems.error(where, field, f"bắt buộc mà chưa có{expected}")
            return None
        return node


NO_URL = "không tạo được địa chỉ (cần: thêm trường slug: viết bằng chữ thường không dấu)"
"""A title or name that has no letter or digit to make a slug of."""


def not_a_slug(value: str, example: str) -> str:
    """`"Tin mới" không dùng được làm địa chỉ (cần: chữ thường không dấu, số, dấu -: tin-moi)`."""
    hint = slugify(value) or example
    return f'"{value}" không dùng được làm địa chỉ (cần: chữ thường không dấu, số, dấu -: {hint})'


def unknown_field(key: str, known: Collection[str]) -> str:
    """`trường lạ, bị bỏ qua (cần: speakers?)`, or the list of known fields."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"trường lạ, bị bỏ qua (cần: {close[0]}?)"
    return f"trường lạ, bị bỏ qua (cần: một trong {', '.join(known)})"


def _misread(node: Node) -> str:
    """What YAML made of the value, naming its traps (`18:30` → 1110, `0123` → 83)."""
    if node.raw is None:
        return f"là {node.kind}"
    shown = _shown(node.value)
    if node.tag == STR:
        return f'"{node.raw}" là chữ'
    if shown != node.raw:
        return f"{node.raw} bị YAML đọc thành {node.kind}: {shown}"
    return f"{node.raw} là {node.kind}"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _quote(node: Node) -> str:
    return f'; viết "{node.raw}" trong ngoặc kép' if node.raw and node.tag != STR else ""
