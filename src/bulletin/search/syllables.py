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
the same way (a test compares them with `segments`). The index numbers a part's syllables
(`SyllableIds`) and makes its runs from the numbers (`postings`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

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
"""Where a stretch ends, in a text as `SyllableIds.of` reads it: neither a syllable nor
whitespace (a text's own is read as a space)."""


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


class SyllableIds:
    """The syllables of a part's texts as numbers (`postings`): each syllable numbered as it
    first comes (1, 2, …; `names` gives it back), a stretch's end 0. Each word's numbers are
    found once per distinct word and looked up in C for every word of a text, as `segments`
    finds its folded syllables."""

    def __init__(self) -> None:
        self.names: list[str] = [_MARK]
        """Each number's syllable (0: the mark of a stretch's end)."""
        self._numbers: dict[str, int] = {_MARK: 0}
        self._words = _WordNumbers(self._number)

    def _number(self, syllable: str) -> int:
        number = self._numbers.setdefault(syllable, len(self.names))
        if number == len(self.names):
            self.names.append(syllable)
        return number

    def of(self, texts: Iterable[str]) -> Iterator[int]:
        """The numbers of the texts' syllables, in order, 0 where a stretch ends (between two
        texts too: a run never joins them)."""
        marked = f" {_MARK} ".join(
            _BREAK.sub(f" {_MARK} ", text.replace(_MARK, " ")) for text in texts
        )
        return chain.from_iterable(map(self._words.__getitem__, marked.split()))


class _WordNumbers(dict[str, tuple[int, ...]]):
    """Each word's syllables' numbers (its folded syllables: `_folded`), the mark 0; past
    `FOLDED_WORDS` words, those kept are forgotten (the syllables' numbers are not)."""

    def __init__(self, number: Callable[[str], int]) -> None:
        super().__init__()
        self._number = number

    def __missing__(self, word: str) -> tuple[int, ...]:
        if len(self) >= FOLDED_WORDS:
            self.clear()
        folded = (0,) if word == _MARK else tuple(map(self._number, _folded[word].split()))
        self[word] = folded
        return folded
