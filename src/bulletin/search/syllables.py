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


_MARK = "\x00"
"""Where a stretch ends, in `terms`' list of a text's syllables: neither a syllable nor
whitespace, and not printable (`str.isprintable`), as every syllable, pair and run is."""


class _FoldedWords(dict[str, str]):
    """Each word's folded syllables, joined by spaces (`_SYLLABLE` in `fold(word)`): folded
    once per distinct word, looked up in C for every word of a text (`segments`, `terms`).
    The mark of a stretch's end stands for itself."""

    def __init__(self) -> None:
        super().__init__({_MARK: _MARK})

    def __missing__(self, word: str) -> str:
        if len(self) >= FOLDED_WORDS:
            self.clear()
            self[_MARK] = _MARK
        folded = self[word] = " ".join(_SYLLABLE.findall(fold(word)))
        return folded


_folded = _FoldedWords()


def segments(text: str) -> Iterator[list[str]]:
    """The folded syllables of `text`, a list per stretch that runs may not cross."""
    folded = _folded.__getitem__
    for segment in _BREAK.split(text.replace(_MARK, " ")):  # the mark stands for itself
        syllables = " ".join(map(folded, segment.split())).split()
        if syllables:
            yield syllables


def terms(text: str) -> set[str]:
    """Every syllable of `text` and every run of two and three adjacent ones, folded.

    The text's syllables are listed whole, each stretch's end marked (`_MARK`); every two and
    three adjacent are joined, and those with a mark left out (a mark is not printable): each
    step a loop in C, for every article of the index."""
    marked = _BREAK.sub(f" {_MARK} ", text.replace(_MARK, " "))
    syllables = " ".join(map(_folded.__getitem__, marked.split())).split()
    pairs = map(" ".join, pairwise(syllables))  # adjacent ones named `dien bien`
    threes = map(" ".join, zip(syllables, syllables[1:], syllables[2:], strict=False))
    found = set(syllables)
    found.update(filter(str.isprintable, pairs))
    found.update(filter(str.isprintable, threes))
    found.discard(_MARK)
    return found
