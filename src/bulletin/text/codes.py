"""Party and State document codes: `21-KL/TW`, `30/2020/NĐ-CP`, `1291/QĐ-TTg`, `80/2015/QH13`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bulletin.text.vietnamese import normalize

_LETTERS = r"[^\W\d_]+"
_PARTY = re.compile(rf"(?P<number>\d+)-(?P<kind>{_LETTERS})/(?P<issuer>{_LETTERS})")
_STATE = re.compile(
    rf"(?P<number>\d+)/(?:(?P<year>\d{{4}})/)?(?P<kind>{_LETTERS})-(?P<issuer>[\w-]+)"
)
_LAW = re.compile(r"(?P<number>\d+)/(?P<year>\d{4})/(?P<kind>QH|UBTVQH)(?P<issuer>\d{1,2})")
EXAMPLES = "số hiệu văn bản của Đảng như 21-KL/TW, của Nhà nước như 30/2020/NĐ-CP, 1291/QĐ-TTg"


@dataclass(frozen=True)
class DocumentCode:
    """A well-formed code, with what it says: number, kind, issuer and, for State codes, year."""

    text: str
    number: str
    kind: str
    issuer: str
    year: int | None
    party: bool

    @property
    def kind_name(self) -> str | None:
        """The kind spelled out (`KL` → `Kết luận`), when the table knows it."""
        names: dict[str, str] = _kinds()["party" if self.party else "state"]
        return names.get(self.kind)

    @property
    def issuer_name(self) -> str | None:
        """Who signs, spelled out (`TU` → `Tỉnh ủy`, `NQ-HĐND` → `Hội đồng nhân dân`, a law's
        `QH13` → `Quốc hội`), when the table knows the abbreviation."""
        names: dict[str, str] = _kinds()["issuers"]["party" if self.party else "state"]
        if self.kind in ("QH", "UBTVQH"):  # laws: the issuer's place holds the term
            return names.get(self.kind)
        return names.get(self.issuer)


class MalformedCode(ValueError):
    """The text is not a document code; the message says what was expected. `right` is the one
    right spelling, when the rules give one (`21/KL-TW` → `21-KL/TW`): what `bulletin fix`
    writes in its place."""

    def __init__(self, message: str, right: str | None = None) -> None:
        super().__init__(message)
        self.right = right


@dataclass(frozen=True)
class _Fault:
    """What is wrong with a code as written, and the spelling that mends it, if there is one
    (that spelling may have a fault of its own: `3 - KL/BCT` → `3-KL/BCT` → `3-KL/TW`)."""

    problem: str
    """The message up to the expected form: `"3-KH/TW": số dưới 10 viết hai chữ số`."""
    mended: str | None = None
    expected: str = ""
    """What to say was expected when nothing leads to a right spelling."""


def kind_names() -> list[str]:
    """Every kind spelled out, once, in the table's order: the Party's, then the State's."""
    tables = _kinds()
    return list(dict.fromkeys([*tables["party"].values(), *tables["state"].values()]))


@cache
def _kinds() -> dict[str, Any]:
    text = resources.files("bulletin").joinpath("data/document_kinds.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def parse_code(raw: str) -> DocumentCode:
    """Check a code as editors write it and return it, or raise MalformedCode saying why."""
    found = _read(normalize(raw).strip(), raw)
    if isinstance(found, DocumentCode):
        return found
    right = _right_spelling(found)
    raise MalformedCode(f"{found.problem} (cần: {right or found.expected})", right)


def right_spelling(raw: str) -> str | None:
    """The code as it should be written: itself when well-formed, the one spelling the rules
    lead to (`21 - KL/TW`, `21/KL-TW` → `21-KL/TW`), or None when they lead to none."""
    try:
        return parse_code(raw).text
    except MalformedCode as error:
        return error.right


_MENDS = 4
"""The most faults one code is mended of: spaces, style, issuer, number."""


def _right_spelling(fault: _Fault) -> str | None:
    for _ in range(_MENDS):
        if fault.mended is None:
            return None
        found = _read(fault.mended, fault.mended)
        if isinstance(found, DocumentCode):
            return found.text
        fault = found
    return None


def _read(text: str, raw: str) -> DocumentCode | _Fault:
    compact = re.sub(r"\s+", "", text)
    if compact != text and _matches_any(compact):
        return _Fault(f'"{raw}" có dấu cách ở giữa', compact)
    if match := _PARTY.fullmatch(text):
        return _party_code(text, match)
    if match := _LAW.fullmatch(text):
        return _state_code(text, match)
    if match := _STATE.fullmatch(text):
        return _state_code(text, match)
    return _Fault(f'"{raw}" không phải số hiệu văn bản', expected=EXAMPLES)


def _matches_any(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in (_PARTY, _LAW, _STATE))


def _party_code(text: str, match: re.Match[str]) -> DocumentCode | _Fault:
    number, kind, issuer = match["number"], match["kind"], match["issuer"]
    if issuer in _kinds()["central_party_aliases"]:
        problem = f'"{text}": Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư đều ký /TW'
        return _Fault(problem, f"{number}-{kind}/TW")
    if kind not in _kinds()["party"]:
        known = ", ".join(_kinds()["party"])
        problem = f'"{text}": {kind} không phải loại văn bản của Đảng'
        return _Fault(problem, expected=f"một trong {known}")
    if len(number) < 2:
        return _Fault(f'"{text}": số dưới 10 viết hai chữ số', f"0{text}")
    return DocumentCode(text, number, kind, issuer, None, party=True)


def _state_code(text: str, match: re.Match[str]) -> DocumentCode | _Fault:
    number, kind, issuer = match["number"], match["kind"], match["issuer"]
    if _mixes_styles(kind, issuer):
        party = f"{number}-{kind}/{issuer}"
        problem = f'"{text}" viết lẫn kiểu văn bản của Đảng và của Nhà nước'
        if match["year"] or not _signs_for_the_party(issuer):
            return _Fault(problem, expected=f"{party} nếu là văn bản của Đảng")
        return _Fault(problem, party)
    year = int(match["year"]) if match["year"] else None
    return DocumentCode(text, number, kind, issuer, year, party=False)


def _mixes_styles(kind: str, issuer: str) -> bool:
    """`21/KL-TW`: a State-style code with a Party-only kind or a Party issuer."""
    kinds = _kinds()
    party_only = kind in kinds["party"] and kind not in kinds["state"]
    return party_only or _signs_for_the_party(issuer)


def _signs_for_the_party(issuer: str) -> bool:
    kinds = _kinds()
    return issuer in kinds["party_issuers"] or issuer in kinds["central_party_aliases"]


_IN_TEXT = re.compile(
    r"(?<![\w/-])(?:"
    r"\d{1,4}-[A-ZĐ][A-Za-zĐđ]{0,4}/[A-ZĐƯ]{2,8}"  # Party: 21-KL/TW
    r"|\d{1,5}/\d{4}/(?:QH|UBTVQH)\d{1,2}"  # laws: 80/2015/QH13
    r"|\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]{0,6}-[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)*"
    r")(?![\w/-])"
)


def find_codes(text: str) -> list[tuple[DocumentCode, int]]:
    """Every well-formed document code in running text, with its offset."""
    found = []
    for match in _IN_TEXT.finditer(text):
        try:
            found.append((parse_code(match.group()), match.start()))
        except MalformedCode:
            continue
    return found
