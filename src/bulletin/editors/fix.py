"""`bulletin fix`: rewrite articles into NFC, `Đ` for its look-alikes and the right spelling of
document codes, naming each kind of change (two of them cannot be seen in a diff)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bulletin.text.codes import right_spelling
from bulletin.text.vietnamese import LOOKALIKE_CHARS, normalize

_LOOSE_PARTY = re.compile(
    r"(?<![\w/-])\d{1,4}[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ]{0,4}[ \t]*/[ \t]*[A-ZĐƯ]{2,8}(?![\w/-])"
)
_LOOSE_STATE = re.compile(
    r"(?<![\w/-])\d{1,5}[ \t]*/[ \t]*(?:\d{4}[ \t]*/[ \t]*)?"
    r"[A-ZĐ][A-Za-zĐđ]{0,6}[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ]*(?![\w/-])"
)
"""Codes as editors may write them, spaces and mixed styles included: `21 - KL/TW`, `21/KL-TW`."""

_SHOWN_LINES = 8
_UNSEEN = "trông như cũ, nên không có trong phần so sánh bên dưới"


@dataclass(frozen=True)
class Change:
    """One kind of change in one file, at some lines (from 1, once per change made)."""

    kind: str
    lines: tuple[int, ...]
    note: str = ""

    def __str__(self) -> str:
        places = sorted(set(self.lines))
        if len(places) > _SHOWN_LINES:
            where = f"{len(places)} dòng"
        else:
            times = f"{len(self.lines)} chỗ, " if len(self.lines) > len(places) else ""
            where = f"{times}dòng {', '.join(map(str, places))}"
        return f"{self.kind}: {where}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Fix:
    """What fixing one text changes: `seen` is the text before with the changes that cannot be
    seen made (NFC, Đ), what the diff starts from."""

    before: str
    seen: str
    after: str
    changes: list[Change]

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def report(self, shown: str) -> str:
        """`shown` (the file), each kind of change, then the diff of those that can be seen."""
        lines = [f"{shown}:", *(f"  {change}" for change in self.changes)]
        diff = difflib.unified_diff(
            self.seen.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
        return "\n".join(lines) + "\n" + "".join(diff)


def fix_text(text: str) -> Fix:
    """The text in NFC, with `Đ` for its look-alikes and codes as `21-KL/TW`, `03-KH/TW`,
    `30/2020/NĐ-CP`; and what changed."""
    composed = unicodedata.normalize("NFC", text)
    changes = []
    decomposed = _changed_lines(text, composed)
    if decomposed:
        changes.append(Change("chuẩn hoá Unicode NFD → NFC", decomposed, _UNSEEN))
    changes += _lookalikes(composed)
    seen = normalize(text)
    after, rewritten = seen, []
    for pattern in (_LOOSE_PARTY, _LOOSE_STATE):
        after, found = _mend_codes(after, pattern)
        rewritten += found
    return Fix(text, seen, after, changes + sorted(rewritten, key=lambda change: change.lines))


def _changed_lines(before: str, after: str) -> tuple[int, ...]:
    """The lines that differ, for two texts with the same lines (NFC keeps every line break)."""
    pairs = zip(before.split("\n"), after.split("\n"), strict=True)
    return tuple(number for number, (a, b) in enumerate(pairs, start=1) if a != b)


def _lookalikes(text: str) -> list[Change]:
    found: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if char in LOOKALIKE_CHARS:
                found[char].append(number)
    return [
        Change(f"{_named(char)} giả → {_named(LOOKALIKE_CHARS[char])}", tuple(lines), _UNSEEN)
        for char, lines in found.items()
    ]


def _named(char: str) -> str:
    return f"{char} (U+{ord(char):04X})"


def _mend_codes(text: str, pattern: re.Pattern[str]) -> tuple[str, list[Change]]:
    """Every code `pattern` finds that the rules mend (`codes.right_spelling`), rewritten."""
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)

    def mend(match: re.Match[str]) -> str:
        written = match.group()
        right = right_spelling(written)
        if right is None or right == written:
            return written
        lines[(written, right)].append(text.count("\n", 0, match.start()) + 1)
        return right

    mended = pattern.sub(mend, text)
    changes = [
        Change(f"mã văn bản {written} → {right}", tuple(numbers))
        for (written, right), numbers in lines.items()
    ]
    return mended, changes


def fix_file(path: Path) -> Fix:
    """What fixing `path` changes (`changed` is false when it is right already)."""
    return fix_text(path.read_text(encoding="utf-8"))


def write(path: Path, fix: Fix) -> None:
    path.write_text(fix.after, encoding="utf-8")
