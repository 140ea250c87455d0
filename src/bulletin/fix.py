"""`bulletin fix`: rewrite articles into NFC and the canonical spelling of document codes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from bulletin.codes import MalformedCode, parse_code
from bulletin.vietnamese import normalize

_LOOSE_PARTY = re.compile(
    r"(?<![\w/-])(\d{1,4})[ \t]*-[ \t]*([A-ZĐ][A-Za-zĐđ]{0,4})[ \t]*/[ \t]*([A-ZĐƯ]{2,8})(?![\w/-])"
)
_LOOSE_STATE = re.compile(
    r"(?<![\w/-])(\d{1,5})[ \t]*/[ \t]*(?:(\d{4})[ \t]*/[ \t]*)?"
    r"([A-ZĐ][A-Za-zĐđ]{0,6})[ \t]*-[ \t]*([A-ZĐ][A-Za-zĐđ]*)(?![\w/-])"
)


@dataclass(frozen=True)
class Fixed:
    """One file whose text the fix changes."""

    path: Path
    before: str
    after: str

    def diff(self, shown: str) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
        return "".join(lines)


def fix_text(text: str) -> str:
    """NFC, `Đ` for its look-alikes, and codes as `21-KL/TW`, `03-KH/TW`, `30/2020/NĐ-CP`."""
    text = normalize(text)
    text = _LOOSE_PARTY.sub(_party, text)
    return _LOOSE_STATE.sub(_state, text)


def _party(match: re.Match[str]) -> str:
    number, kind, issuer = match.groups()
    return _canonical(match.group(), f"{int(number):02d}-{kind}/{issuer}")


def _state(match: re.Match[str]) -> str:
    number, year, kind, issuer = match.groups()
    middle = f"{year}/" if year else ""
    return _canonical(match.group(), f"{number}/{middle}{kind}-{issuer}")


def _canonical(written: str, candidate: str) -> str:
    """The candidate spelling when it is a well-formed code, else what was written."""
    try:
        parse_code(candidate)
    except MalformedCode:
        return written
    return candidate


def fix_file(path: Path) -> Fixed | None:
    """What fixing `path` would change, or None when it is already right."""
    before = path.read_text(encoding="utf-8")
    after = fix_text(before)
    return Fixed(path, before, after) if after != before else None


def write(fixed: Fixed) -> None:
    fixed.path.write_text(fixed.after, encoding="utf-8")
