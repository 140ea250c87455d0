"""Front-matter: split it from the body and read its YAML with the line of every value.

MkDocs drops front-matter it cannot parse without a word; here every value keeps its
line and its source text, so that a wrong value can be named where it stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from bulletin.articles.problems import Problems
from bulletin.text.vietnamese import normalize

FENCE = "---"
_CLOSING_FENCES = ("---", "...")


@dataclass(frozen=True)
class Key:
    """The place of a key in a mapping."""

    line: int
    column: int


@dataclass
class Node:
    """A YAML value with its line (1-based, in the whole file) and, for scalars, its source."""

    line: int
    tag: str
    value: Any
    raw: str | None = None
    quoted: bool = False
    column: int = 1
    keys: dict[str, Key] = field(default_factory=dict)
    """Where each key of a mapping stands."""

    @property
    def is_mapping(self) -> bool:
        return self.tag == "tag:yaml.org,2002:map"

    @property
    def is_sequence(self) -> bool:
        return self.tag == "tag:yaml.org,2002:seq"

    @property
    def kind(self) -> str:
        """The YAML type as an editor would name it: chữ, một số, một ngày, một danh sách..."""
        return _KIND_NAMES.get(self.tag, "một giá trị")


MAP = "tag:yaml.org,2002:map"
NULL = "tag:yaml.org,2002:null"

_KIND_NAMES = {
    "tag:yaml.org,2002:str": "chữ",
    "tag:yaml.org,2002:int": "một số",
    "tag:yaml.org,2002:float": "một số",
    "tag:yaml.org,2002:bool": "giá trị đúng/sai",
    "tag:yaml.org,2002:null": "trống",
    "tag:yaml.org,2002:timestamp": "một ngày",
    "tag:yaml.org,2002:map": "một nhóm trường",
    "tag:yaml.org,2002:seq": "một danh sách",
}


@dataclass
class Source:
    """An article file cut in two: its front-matter fields and its Markdown body."""

    fields: Node | None
    body: str
    body_line: int


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front-matter text or None, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, text, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _CLOSING_FENCES:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise UnclosedFrontMatter


class UnclosedFrontMatter(Exception):
    """The opening `---` has no closing `---`."""


def body_of(text: str) -> str:
    """The body of an article's text whose front-matter was read without error, as `read`
    gives it."""
    return split(_cleaned(text))[1]


def _cleaned(text: str) -> str:
    return normalize(text.removeprefix("\ufeff").replace("\r\n", "\n"))


def read(text: str, problems: Problems) -> Source:
    """Read an article's text into a Source, adding to `problems` what is wrong with it."""
    text = _cleaned(text)
    try:
        header, body, body_line = split(text)
    except UnclosedFrontMatter:
        problems.error(1, "front-matter", "chưa được đóng (cần: một dòng --- sau các trường)")
        return Source(None, "", 1)
    if header is None:
        problems.error(1, "front-matter", "chưa có (cần: tệp bắt đầu bằng một dòng ---)")
        return Source(None, text, 1)
    return Source(parse_yaml(header, problems), body, body_line)


def parse_yaml(header: str, problems: Problems, first_line: int = 2) -> Node | None:
    """Parse front-matter that starts at `first_line` of its file: a mapping of fields."""
    node = compose(header, problems, first_line, "front-matter")
    if node is None:
        return None
    if node.tag == NULL:
        return Node(first_line, MAP, {})
    if not node.is_mapping:
        problems.error(first_line, "front-matter", "không phải các trường (cần: tên: giá trị)")
        return None
    return node


def compose(text: str, problems: Problems, first_line: int, field: str) -> Node | None:
    """Any YAML value read from `text`, which starts at `first_line` of its file.

    None after a syntax error (reported under `field`); a NULL node for an empty text.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = Key(first_line + mark.line, mark.column + 1) if mark else Key(first_line, 1)
        problems.error(place, field, f"lỗi cú pháp YAML: {yaml_problem(error)} ({_HINT})")
        return None
    if root is None:
        return Node(first_line, NULL, None)
    return _convert(root, first_line, problems)


# libyaml's parser when PyYAML has it (about ten times faster), with the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HINT = "cần: thụt lề đều nhau; chữ có ': ' hay bắt đầu bằng dấu nháy thì đặt trong ngoặc kép"
_YAML_PROBLEMS = {
    "mapping values are not allowed": "có dấu ': ' ở chỗ không được có",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "did not find expected key": "dòng không đọc được thành một trường",
    "did not find expected '-' indicator": "dòng không đọc được thành một mục - của danh sách",
    "did not find expected ',' or ']'": "thiếu dấu ',' hoặc ']'",
    "did not find expected ',' or '}'": "thiếu dấu ',' hoặc '}'",
    "found character that cannot start any token": "có ký tự không được đứng đầu giá trị",
    "found a tab character": "thụt lề bằng phím tab",
    "found undefined alias": "có dấu * ở đầu giá trị",
    "did not find expected alphabetic or numeric character": "có dấu & ở đầu giá trị",
    "found unknown escape character": "có dấu \\ lạ trong ngoặc kép",
    "found unexpected end of stream": "hết phần thông tin mà ngoặc kép chưa đóng",
    "did not find expected node content": "có dấu ở chỗ cần một giá trị",
    # PyYAML's own parser (mkdocs.yml) says some of these its way:
    "expected <block end>": "dòng không đọc được thành một trường",
    "expected ',' or ']'": "thiếu dấu ',' hoặc ']'",
    "expected ',' or '}'": "thiếu dấu ',' hoặc '}'",
}
"""PyYAML's problems as an editor would understand them; others are quoted as PyYAML says."""


def yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """What PyYAML found wrong, in Vietnamese when it is one of the usual problems."""
    problem = str(error.problem or "")
    for english, vietnamese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return vietnamese
    return f'"{problem}"'


def _convert(node: yaml.Node, first_line: int, problems: Problems) -> Node:
    line, column = first_line + node.start_mark.line, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, line, first_line, problems)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, first_line, problems) for item in node.value]
        return Node(line, node.tag, items, column=column)
    assert isinstance(node, yaml.ScalarNode)
    quoted = node.style in ("'", '"')
    return Node(line, node.tag, _scalar_value(node), node.value, quoted, column)


def _convert_mapping(
    node: yaml.MappingNode, line: int, first_line: int, problems: Problems
) -> Node:
    result = Node(line, node.tag, {}, column=node.start_mark.column + 1)
    for key_node, value_node in node.value:
        place = Key(first_line + key_node.start_mark.line, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(place, "front-matter", "tên trường phải là chữ")
            continue
        key = key_node.value
        if key in result.value:
            first = result.keys[key].line
            problems.error(place, key, f"đã có ở dòng {first} (cần: giữ một)")
            continue
        value = _convert(value_node, first_line, problems)
        if value.is_mapping or value.is_sequence:
            # A block starts on the next line: name the field's own place.
            value.line, value.column = place.line, place.column
        result.value[key] = value
        result.keys[key] = place
    return result


_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """The Python value YAML gives; a date that does not exist stays its source text."""
    construct = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if construct is None:
        return node.value
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):
        return node.value
