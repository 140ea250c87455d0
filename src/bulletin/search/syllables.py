"""Vietnamese text as search sees it: folded syllables, and the runs of two and three adjacent
ones.

Vietnamese is written in syllables, and most words have two or more: a syllable alone
(`bình`, `hoà`, `đảng`) is everywhere, a pair of adjacent syllables (`hoà bình`, `đảng bộ`) is
what a reader means. The index keeps, for every article, the set of its syllables and of its
runs of two and three; a query looks its syllables up (an article must have every one, whole)
and its runs (an article that has them all holds the phrase: it ranks first). Runs of three
tell `Nguyễn Phước Lộc` from `Nguyễn Phước Lực … xã Phước Lộc`, which has both pairs.

Folding is the text package's `fold` (case, NFC/NFD, tones, marks, both tone placements, `đ`
as `d`), done once per distinct word. A syllable is a run of letters and digits: `21-KL/TW`
is `21`, `kl`, `tw`, and its pairs hold them together. A run never crosses the end of a
sentence or a clause (`.`, `,`, `;`, `:`, `!`, `?`, `…` before a space, brackets, quotes,
a line break): `Hà Nội, Đà Nẵng` has no pair `noi da`. `bulletin-search.js` splits a query
the same way (a test compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from bulletin.text.vietnamese import fold

_BREAK = re.compile(
    r"(?=[.,;:!?…()\[\]{}\"“”«»‘’'\s])"  # what every break begins with: most letters fail here
    r"(?:[.,;:!?…]+(?=\s|$)|[()\[\]{}\"“”«»‘’'\n]+|\s[-–—]+\s)"
)
"""Where runs end: punctuation that ends a sentence or a clause (before a space or the end:
`1.000` and `21-KL/TW` hold together), brackets and quotes, line breaks, a dash between spaces."""
_SYLLABLE = re.compile(r"[^\W_]+")


FOLDED_WORDS = 1 << 16
"""Words whose folded syllables are kept (`_FoldedWords`): a part's articles have fewer
distinct words; past this many, the kept ones are forgotten."""


class _FoldedWords(dict[str, str]):
    """Each word's folded syllables, joined by spaces (`_SYLLABLE` in `fold(word)`): folded
    once per distinct word, looked up in C for every word of a text (`segments`)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= FOLDED_WORDS:
            self.clear()
        folded = self[word] = " ".join(_SYLLABLE.findall(fold(word)))
        return folded


_folded = _FoldedWords()


def segments(text: str) -> Iterator[list[str]]:
    """The folded syllables of `text`, a list per stretch that runs may not cross."""
    folded = _folded.__getitem__
    for segment in _BREAK.split(text):
        syllables = " ".join(map(folded, segment.split())).split()
        if syllables:
            yield syllables


def run(*syllables: str) -> str:
    """How the index names adjacent syllables (`dien bien phu`)."""
    return " ".join(syllables)


def terms(text: str) -> set[str]:
    """Every syllable of `text` and every run of two and three adjacent ones, folded."""
    found: set[str] = set()
    for syllables in segments(text):
        found.update(syllables)
        pairs = [f"{a} {b}" for a, b in pairwise(syllables)]  # run(a, b), faster
        found.update(pairs)
        found.update([f"{pair} {c}" for pair, c in zip(pairs, syllables[2:], strict=False)])
    return found
