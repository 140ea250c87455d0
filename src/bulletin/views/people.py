"""The people's rules: under which letter a name is listed, the letters' anchors, and a career
as its lines, newest first."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from itertools import groupby
from typing import TypeVar

from bulletin.registries.registry import Position
from bulletin.text.vietnamese import normalize
from bulletin.views.interface import Interface

T = TypeVar("T")

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
"""Grave, acute, tilde, hook above, dot below: tones, not letters."""
OTHER = "#"
"""The heading of names whose given name does not start with a letter."""
_TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}


def initial(name: str) -> str:
    """The letter a name is listed under: the first of its given name (its last word), in
    capitals, without its tone but with its marks, since Ă, Â, Đ, Ê, Ô, Ơ and Ư are letters of
    the alphabet the order follows (`Lê Ánh` → `A`, `Trần Ấn` → `Â`, `La Văn Đạt` → `Đ`)."""
    words = normalize(name).split()
    if not words:
        return OTHER
    decomposed = unicodedata.normalize("NFD", words[-1][0])
    letter = "".join(char for char in decomposed if char not in _TONE_MARKS)
    letter = unicodedata.normalize("NFC", letter).upper()
    return letter if letter.isalpha() else OTHER


def letter_anchor(letter: str) -> str:
    """The ASCII id of a letter's heading, its letters spelled the Telex way so that no two
    clash (`D` → `chu-d`, `Đ` → `chu-dd`, `Â` → `chu-aa`)."""
    if letter == OTHER:
        return "chu-khac"
    spelled = _TELEX.get(letter, letter.lower())
    return f"chu-{spelled}" if spelled.isascii() else f"chu-u{ord(letter):04x}"


def by_letter(ordered: Iterable[T], name_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Entries already in directory order, in runs under their letters (the order keeps each
    letter's names together: the letter is the first of the sort's first word)."""
    return [
        (letter, list(run)) for letter, run in groupby(ordered, key=lambda e: initial(name_of(e)))
    ]


def career(positions: Iterable[Position], interface: Interface) -> list[tuple[str, str | None]]:
    """Each title with its period, newest first: by the day it began (else ended), the posts
    still held first among those of one day, the undated last."""
    ordered = sorted(positions, key=_newest_first)
    return [
        (position.title, period(position.start, position.end, interface)) for position in ordered
    ]


def _newest_first(position: Position) -> tuple[bool, int, bool, int]:
    when = position.start or position.end
    ended = position.end.toordinal() if position.end else 0
    return (when is None, -(when.toordinal() if when else 0), position.end is not None, -ended)


def period(start: date | None, end: date | None, interface: Interface) -> str | None:
    """`từ 01/2021`, `06/2015 – 12/2020`, `đến 12/2020`: months as official biographies
    write them, in the `interface`'s words; None when neither is known."""
    if start and end:
        first, last = _month(start), _month(end)
        return first if first == last else interface("person.from_to", start=first, end=last)
    if start:
        return interface("person.since", start=_month(start))
    if end:
        return interface("person.until", end=_month(end))
    return None


def _month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"
