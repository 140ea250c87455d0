"""The publishing agency in every page's footer (PORTAL.md, "Footer"): who is in charge, the
licence, the person responsible, how to reach them, and the line asking re-publishers to cite
the source. Read from `plugins: - bulletin: agency:` in `mkdocs.yml`, each value with its
place there (the data files' reader), so that a malformed e-mail or phone number is named
where it stands. Every field is optional; every problem is a warning: the footer leaves
that field out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

import yaml

from bulletin.articles.frontmatter import Node
from bulletin.articles.problems import Problem, Problems, Severity
from bulletin.registries.datafiles import DataEntry, DataFile, parse_yaml_file
from bulletin.text.dates import day_text
from bulletin.views.interface import Interface

FIELDS = ("owner", "licence", "responsible", "address", "phone", "fax", "email", "source")
LICENCE_FIELDS = ("number", "issuer", "date")
RESPONSIBLE_FIELDS = ("name", "title")

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\(?\+?[0-9 .()-]+")
PHONE_DIGITS = (8, 15)
"""A hotline has 8 digits (1900 1234); E.164 allows at most 15."""


@dataclass(frozen=True)
class Licence:
    number: str
    issuer: str | None
    day: date | None


@dataclass(frozen=True)
class Agency:
    """What the footer says of the publisher; None where the configuration says nothing."""

    owner: str | None = None
    """Cơ quan chủ quản: the agency in charge."""
    licence: Licence | None = None
    responsible: str | None = None
    responsible_title: str | None = None
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    source: str | None = None
    """The name re-publishers are asked to cite."""

    def licence_line(self, interface: Interface) -> str | None:
        """`Giấy phép số 45/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 5/3/2021`: the
        `interface`'s `footer.licence_…` text for what the licence says."""
        licence = self.licence
        if licence is None:
            return None
        day = day_text(licence.day) if licence.day else None
        key = _LICENCE_LINES[bool(licence.issuer), day is not None]
        return interface(key, number=licence.number, issuer=licence.issuer, day=day)

    def source_line(self, interface: Interface) -> str | None:
        """`Ghi rõ nguồn “…” khi phát hành lại thông tin từ website này.` (`footer.source`)."""
        if self.source is None:
            return None
        return interface("footer.source", source=self.source)

    @property
    def phone_link(self) -> str | None:
        return tel(self.phone) if self.phone else None

    @property
    def is_empty(self) -> bool:
        return self == Agency()


_LICENCE_LINES = {
    (False, False): "footer.licence_number",
    (True, False): "footer.licence_issuer",
    (False, True): "footer.licence_day",
    (True, True): "footer.licence_issuer_day",
}
"""The interface's text of the licence line, by whether the licence names its issuer, its day."""


def tel(number: str) -> str:
    """`tel:+842973812345` from `(+84) 297 3812 345`: digits and the leading +."""
    plus = "+" if number.lstrip().startswith(("+", "(+")) else ""
    return "tel:" + plus + "".join(character for character in number if character.isdigit())


def read_agency(config_file: Path, options: object, zone: tzinfo) -> tuple[Agency, list[Problem]]:
    """The agency of `options` (the plugin's `agency:`, a mapping when it is right), its
    problems placed in `config_file`. The build and `bulletin check` report them.

    Where the file does not hold the option as given (an `INHERIT`ed file), the places are
    those of the option written out alone."""
    shown = config_file.name
    problems = Problems(shown)
    if not options:
        return Agency(), []
    node = _in_config_file(config_file)
    if node is None:
        problems = Problems(f"{shown} (plugins: bulletin: agency)")
        node = parse_yaml_file(yaml.safe_dump(options, allow_unicode=True), problems)
    agency = Agency()
    if node is not None:
        agency = _read(DataFile(problems, zone, lambda _: False, ""), node)
    warnings = [dataclasses.replace(p, severity=Severity.WARNING) for p in problems.items]
    return agency, warnings


def _in_config_file(config_file: Path) -> Node | None:
    """The node of `plugins: - bulletin: agency:` in `config_file`, or None."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    top = parse_yaml_file(text, Problems(config_file.name))
    plugins = _child(top, "plugins")
    if plugins is not None and plugins.is_sequence:
        for item in plugins.value:
            bulletin = _child(item, "bulletin")
            if bulletin is not None:
                return _child(bulletin, "agency")
    return _child(_child(plugins, "bulletin"), "agency")


def _child(node: Node | None, key: str) -> Node | None:
    return node.value.get(key) if node is not None and node.is_mapping else None


def _read(file: DataFile, node: Node) -> Agency:
    entry = file.entry("agency", node, FIELDS)
    if entry is None:
        return Agency()
    name, title = _responsible(entry)
    return Agency(
        owner=entry.text("owner"),
        licence=_licence(entry),
        responsible=name,
        responsible_title=title,
        address=entry.text("address"),
        phone=_checked(entry, "phone", is_phone, PHONE_EXPECTED),
        fax=_checked(entry, "fax", is_phone, PHONE_EXPECTED),
        email=_checked(entry, "email", is_email, EMAIL_EXPECTED),
        source=entry.text("source"),
    )


PHONE_EXPECTED = (
    "không phải số điện thoại (cần: 8 đến 15 chữ số, có thể có dấu + ở đầu, dấu cách, "
    "dấu chấm, dấu gạch nối hay ngoặc đơn, như 0297 3812 345 hoặc +84 297 3812 345)"
)
EMAIL_EXPECTED = "không phải địa chỉ e-mail (cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)"


def is_phone(text: str) -> bool:
    digits = sum(character.isdigit() for character in text)
    return bool(_PHONE.fullmatch(text)) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text)) and ".." not in text


def _checked(entry: DataEntry, key: str, valid: Callable[[str], bool], what: str) -> str | None:
    value = entry.text(key)
    if value is None or valid(value):
        return value
    entry.error(entry.fields[key], key, f'"{value}" {what}')
    return None


def _licence(entry: DataEntry) -> Licence | None:
    if not entry.given("licence"):
        return None
    if entry.fields["licence"].tag == "tag:yaml.org,2002:str":
        number = entry.text("licence")  # the number alone: `licence: 45/GP-TTĐT`
        return Licence(number, None, None) if number else None
    inner = entry.file.entry("agency.licence", entry.fields["licence"], LICENCE_FIELDS)
    if inner is None:
        return None
    number = inner.text("number")
    if number is None:
        if not inner.given("number"):
            inner.require("number", "number: 45/GP-TTĐT")
        return None
    return Licence(number, inner.text("issuer"), inner.day("date"))


def _responsible(entry: DataEntry) -> tuple[str | None, str | None]:
    """`responsible: Lê Văn Tâm` or `responsible: {name: Lê Văn Tâm, title: Tổng Biên tập}`."""
    if not entry.given("responsible"):
        return None, None
    if entry.fields["responsible"].tag == "tag:yaml.org,2002:str":
        return entry.text("responsible"), None
    inner = entry.file.entry("agency.responsible", entry.fields["responsible"], RESPONSIBLE_FIELDS)
    if inner is None:
        return None, None
    name = inner.text("name")
    if name is None and not inner.given("name"):
        inner.require("name", "name: Lê Văn Tâm")
    return name, inner.text("title") if name else None
