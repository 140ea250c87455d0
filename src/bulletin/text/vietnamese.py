"""Vietnamese text: normalisation at the door, folding for keys, ASCII slugs and anchors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from slugify import slugify as _ascii_slugify

# Characters that older sites and some keyboards use in place of Đ/đ (`bulletin fix` names them).
LOOKALIKE_CHARS = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"}
_LOOKALIKES = str.maketrans(LOOKALIKE_CHARS)
_D_FOLD = str.maketrans({"đ": "d", "Đ": "D"})

SLUG_MAX_LENGTH = 80
"""Longest slug made from a title; longer titles are cut at a word boundary."""

ANCHOR_FALLBACK = "muc"
"""Anchor used for a heading whose text has no letter or digit at all."""


def normalize(text: str) -> str:
    """Return `text` in NFC with the Đ look-alikes replaced: the form every input is kept in."""
    if any(char in text for char in LOOKALIKE_CHARS):  # str.translate is slow on long texts
        text = text.translate(_LOOKALIKES)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return a key that ignores case, NFC/NFD, diacritics and tone placement.

    `đ` does not decompose under NFD, so it is mapped to `d` by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.translate(_D_FOLD).casefold().split())


# The five tone marks (grave, acute, tilde, hook above, dot below): written on different vowels
# in the old style (hòa, thủy) and the new one (hoà, thuỷ).
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}


@lru_cache(maxsize=65536)
def tone_key(text: str) -> str:
    """Return a key that ignores case, NFC/NFD and tone placement, but keeps every letter.

    `Nguyễn Minh Thủy` and `Nguyễn Minh Thuỷ` share it; `Nguyễn` and `Nguyên` do not.
    """
    words = []
    for word in unicodedata.normalize("NFD", text.translate(_LOOKALIKES)).casefold().split():
        tones = [_TONES[char] for char in word if char in _TONES]
        bare = "".join(char for char in word if char not in _TONES)
        words.append(unicodedata.normalize("NFC", bare) + "".join(tones))
    return " ".join(words)


_PLAIN = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
"""Words of lowercase ASCII letters and digits between single hyphens or slashes: a text
whose slug is itself, its slashes hyphens (a file's path, as editors name them)."""


@lru_cache(maxsize=1 << 14)
def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Return the lowercase ASCII slug of `text`: `Đảng bộ Thành phố` → `dang-bo-thanh-pho`."""
    if (max_length == 0 or len(text) <= max_length) and _PLAIN.fullmatch(text):
        return text.replace("/", "-")  # what python-slugify makes of it, 20 times sooner
    ascii_ready = normalize(text).translate(_D_FOLD)
    return str(
        _ascii_slugify(ascii_ready, max_length=max_length, word_boundary=True, save_order=True)
    )


@lru_cache(maxsize=1 << 14)
def heading_anchor(value: str, separator: str = "-") -> str:
    """Slugify function for Python-Markdown's `toc` extension (`Đảng bộ` → `dang-bo`)."""
    ascii_ready = normalize(value).translate(_D_FOLD)
    anchor = str(_ascii_slugify(ascii_ready, separator=separator))
    return anchor or ANCHOR_FALLBACK


def is_slug(text: str) -> bool:
    """Tell whether `text` is already a lowercase ASCII slug (letters, digits, single hyphens)."""
    return bool(text) and slugify(text, max_length=0) == text


# Vietnamese letter order; other letters (f, j, w, z...) come after these, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANKS = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_DIGITS = "".join(_TONES.values())

WordSortKey = tuple[tuple[int, ...], str]


def name_sort_key(name: str) -> tuple[WordSortKey, ...]:
    """Return the directory key of a name: given name (last word), then family, then middle.

    Each word compares by its letters in Vietnamese order (`d` < `đ` < `e`), then by its tone
    (ngang < huyền < hỏi < ngã < sắc < nặng); case, NFC/NFD and tone placement do not count.
    """
    words = tone_key(name).split()
    ordered = words[-1:] + words[:1] + words[1:-1] if len(words) > 1 else words
    return tuple(_word_sort_key(word) for word in ordered)


def _word_sort_key(keyed_word: str) -> WordSortKey:
    """Letter ranks and tone digits of one word of a `tone_key` (`thuy3`)."""
    letters = keyed_word.rstrip(_TONE_DIGITS)
    ranks = (_LETTER_RANKS.get(char, len(_ALPHABET) + ord(char)) for char in letters)
    return tuple(ranks), keyed_word[len(letters) :]
