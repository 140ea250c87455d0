"""A lead cut for a list: its first sentence or two within a length, else cut at a word with
"…"; never inside a word. Vietnamese text, in NFC."""

from __future__ import annotations

import re
from functools import lru_cache

from bulletin.text.vietnamese import normalize

LIMIT = 200
"""Characters a list shows of a lead."""
SHORTEST = 60
"""A cut at a sentence's end shorter than this cuts at a word instead (more of the lead)."""

_SENTENCE_END = re.compile(r"""[.!?…]+["”’»)]*(?=\s+["“‘«(]?(\w))""")
"""The end of a sentence: its marks (and a closing quote), then a space and a capital
(the capital is checked after: a word character may be any letter)."""
_ABBREVIATIONS = frozenset(
    (
        "TP", "Tp", "TT", "Th", "ThS", "TS", "PGS", "GS", "BS", "CN", "KS", "Q", "P", "Ô",
        "Bà", "Ông", "St", "Mr", "Mrs", "Dr", "Nxb", "NXB", "tr", "TW",
    )
)  # fmt: skip
"""Words whose period ends no sentence: `TP. Hồ Chí Minh`, `PGS. TS. Nguyễn…`."""
_TRAILING = ' ,;:–-—(“"‘'


@lru_cache(maxsize=1 << 16)  # a lead is shown in many lists
def excerpt(text: str, limit: int = LIMIT) -> str:
    """`text` in NFC whole if it fits in `limit` characters; else the sentences that fit (one
    at least `SHORTEST` long); else the words that fit, then "…"."""
    text = " ".join(normalize(text).split())
    if len(text) <= limit:
        return text
    ends = [
        m.end()
        for m in _SENTENCE_END.finditer(text)
        if m.group(1).isupper() and _ends(text, m.start())
    ]
    fitting = [end for end in ends if SHORTEST <= end <= limit]
    if fitting:
        return text[: fitting[-1]]
    cut = text.rfind(" ", 0, limit)  # the space before the word that does not fit
    if cut <= 0:
        return text[: limit - 1] + "…"  # one word longer than the limit
    return text[:cut].rstrip(_TRAILING) + "…"


def _ends(text: str, at: int) -> bool:
    """Whether the mark at `at` ends a sentence: not the period of an abbreviation."""
    if text[at] != ".":
        return True
    word = text[:at].rsplit(None, 1)[-1] if text[:at].strip() else ""
    return word not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper())
