"""The terms of a part's articles and, for each, the articles that have it and where: made with
numbers in arrays (NumPy), sorted and grouped in C, and only then named.

An article's texts are numbers (`syllables.SyllableIds`: a syllable's number, 0 where a
stretch ends); its terms are every syllable (a number), every pair of adjacent ones (two
numbers in one of 64 bits) and every run of three (that and a third number), none across a
stretch's end. Each is kept with its posting, `n << 3 | fields` (`TITLE`, `PEOPLE`, `BODY`):
every `BATCH` articles their terms are sorted and an article's same term made one posting
(its fields joined); at the end the batches are sorted together (in a stable sort, each term's
articles stay in order), each term named once, and its postings written as `part_index`'s
format says (gaps in varints), all in C. A Python loop over every term of every article (a
string made, looked up and appended to, about 1,930 an article) took three fifths of a part's
program: the program now takes less than half the CPU it took, for the same bytes
(`bench/RESULTS.md`). Filters' values (facets, a few an article, each `#name:value`: never a
syllable nor a run) are kept as they come.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bulletin.search.syllables import SyllableIds

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
"""NumPy's linear algebra (OpenBLAS, unused here) starts a thread a core when NumPy is
imported, unless told otherwise: a process with a thread beside its own may not fork
(`build.workers.can_fork`), and whatever imports this module (a test, a script) may fork next."""

import numpy as np  # noqa: E402 (after the setting above)
import numpy.typing as npt  # noqa: E402

TITLE, PEOPLE, BODY = 1, 2, 4
"""Where a term is in an article: the fields of a posting."""
BATCH = 256
"""Articles whose terms are sorted together before they are kept: an article's body repeats
its syllables and runs (about 4,200 of them for 1,930 terms), which the batch's sort makes one
each; fewer articles a batch sort more often, more keep more at once (12 MB of arrays for
256 articles of the generated corpus, twice that while they are sorted)."""

Keys = npt.NDArray[np.unsignedinteger[Any]]
"""A kind's keys: a syllable's number (32 bits), two (64), a third beside those."""
Postings = npt.NDArray[np.uint32]
"""Postings as they are kept: `n << 3 | fields` (a part of fewer than 2**29 articles)."""
SYLLABLES, PAIRS, THREES = 0, 1, 2
"""The kinds of terms: a number, two numbers in one key, and that key with a third."""
_SECOND = np.uint64(32)
"""A pair's key: its first syllable's number shifted by this, its second's below."""


@dataclass
class _Kind:
    """One kind's terms as they come (`pending`: keys, postings) and as batches made them
    (`batches`: each sorted by key, an article's same term once)."""

    keys: int
    pending: list[tuple[list[Keys], Postings]] = field(default_factory=list)
    batches: list[tuple[list[Keys], Postings]] = field(default_factory=list)

    def add(self, keys: list[Keys], posting: int) -> None:
        if len(keys[0]):
            self.pending.append((keys, np.full(len(keys[0]), posting, np.uint32)))

    def close_batch(self) -> None:
        if self.pending:
            keys = [np.concatenate([one[0][at] for one in self.pending]) for at in range(self.keys)]
            values = np.concatenate([one[1] for one in self.pending])
            self.pending = []
            self.batches.append(_grouped(keys, values))

    def terms(self) -> tuple[list[Keys], Postings, npt.NDArray[np.intp]]:
        """Every term's key(s) (sorted), the postings (each term's in order) and where each
        term's postings begin."""
        self.close_batch()
        if not self.batches:
            return (
                [np.zeros(0, np.uint64)] * self.keys,
                np.zeros(0, np.uint32),
                np.zeros(0, np.intp),
            )
        keys = [np.concatenate([one[0][at] for one in self.batches]) for at in range(self.keys)]
        values = np.concatenate([one[1] for one in self.batches])
        self.batches = []
        order = np.lexsort(keys[::-1])  # stable: a term's articles stay in order
        keys, values = [key[order] for key in keys], values[order]
        starts = np.flatnonzero(_changes(keys))
        return [key[starts] for key in keys], values, starts


def _changes(keys: list[Keys]) -> npt.NDArray[np.bool_]:
    """Where a new key begins in sorted keys."""
    new = np.ones(len(keys[0]), np.bool_)
    if len(keys[0]) > 1:
        same = np.ones(len(keys[0]) - 1, np.bool_)
        for key in keys:
            same &= key[1:] == key[:-1]
        new[1:] = ~same
    return new


def _grouped(keys: list[Keys], values: Postings) -> tuple[list[Keys], Postings]:
    """The keys sorted (an article's in the order they came), each article's same key once,
    its fields joined."""
    order = np.lexsort(keys[::-1])
    keys, values = [key[order] for key in keys], values[order]
    new = _changes(keys)
    new[1:] |= (values[1:] >> 3) != (values[:-1] >> 3)
    starts = np.flatnonzero(new)
    return [key[starts] for key in keys], np.bitwise_or.reduceat(values, starts)


class PartPostings:
    """A part's terms and postings, its articles added in order (`add`), written at the end
    (`grouped`)."""

    def __init__(self) -> None:
        self.syllables = SyllableIds()
        self.kinds = (_Kind(1), _Kind(1), _Kind(2))
        self.facets: dict[str, list[int]] = {}
        self.added = 0

    def add(self, number: int, record: dict[str, object]) -> None:
        """Article `number` (each larger than the one before), from its record."""
        for bit, texts in _fields(record):
            self._add_texts(texts, number << 3 | bit)
        for facet in strings(record.get("facets")):
            if not facet.startswith("#"):  # `records.facet` makes them: a term of text is not
                raise ValueError(f"a filter's value must begin with '#', not {facet!r}")
            numbers = self.facets.setdefault(facet, [])
            if not numbers or numbers[-1] != number:
                numbers.append(number)
        self.added += 1
        if self.added % BATCH == 0:
            for kind in self.kinds:
                kind.close_batch()

    def _add_texts(self, texts: list[str], posting: int) -> None:
        numbers = np.fromiter(self.syllables.of(texts), np.uint64)
        if not len(numbers):
            return
        some = numbers != 0
        pairs = some[:-1] & some[1:]
        threes = pairs[:-1] & some[2:]
        paired = numbers[:-1] << _SECOND | numbers[1:]
        self.kinds[SYLLABLES].add([numbers[some].astype(np.uint32)], posting)
        self.kinds[PAIRS].add([paired[pairs]], posting)
        self.kinds[THREES].add(
            [paired[:-1][threes], numbers[2:][threes].astype(np.uint32)], posting
        )

    def postings(self) -> tuple[list[str], npt.NDArray[np.intp], Postings]:
        """Every term (not in order), its number of articles, and their postings, `n << 3 |
        fields`: each term's in the order of `n`, after those of the term before."""
        names = self.syllables.names
        terms: list[str] = []
        counts: list[npt.NDArray[np.intp]] = []
        postings: list[Postings] = []
        for kind, made in enumerate(self.kinds):
            keys, values, starts = made.terms()
            terms += _named(kind, keys, names)
            counts.append(np.diff(np.append(starts, len(values))))
            postings.append(values)
        for facet, numbers in self.facets.items():
            terms.append(facet)
            counts.append(np.array([len(numbers)], np.intp))
            postings.append(np.array([number << 3 for number in numbers], np.uint32))
        return terms, np.concatenate(counts), np.concatenate(postings)

    def grouped(self) -> Grouped:
        """Every term in order, with its entry."""
        terms, counts, postings = self.postings()
        gaps = _gaps(postings, np.cumsum(counts) - counts)
        del postings
        return Grouped.of(terms, counts, gaps)


def _fields(record: dict[str, object]) -> Iterator[tuple[int, list[str]]]:
    body = record.get("text")
    yield BODY, [body] if isinstance(body, str) else []
    headlines = (record.get("title"), record.get("lead"))
    yield TITLE, [text for text in headlines if isinstance(text, str)]
    yield PEOPLE, [*strings(record.get("speakers")), *strings(record.get("documents"))]


def strings(value: object) -> list[str]:
    """The strings of a list (a record's speakers, documents, facets), if it is one."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _named(kind: int, keys: list[Keys], names: list[str]) -> Iterable[str]:
    """The terms of these keys: made once per term, in C."""
    name = names.__getitem__
    if kind == SYLLABLES:
        return map(name, keys[0].tolist())
    first = map(name, (keys[0] >> _SECOND).tolist())
    second = map(name, (keys[0] & np.uint64(0xFFFFFFFF)).tolist())
    if kind == PAIRS:
        return map(" ".join, zip(first, second, strict=True))
    return map(" ".join, zip(first, second, map(name, keys[1].tolist()), strict=True))


def _gaps(values: Postings, starts: npt.NDArray[np.intp]) -> Postings:
    """Each posting as the format writes it, `(n - the previous n - 1) << 3 | fields`: the
    posting less `(the previous posting | 7) + 1` (the first of a term: less nothing)."""
    less = np.empty_like(values)
    less[1:] = values[:-1]
    less |= 7
    less += 1
    less[starts] = 0
    return np.subtract(values, less, out=less)


@dataclass(frozen=True)
class Grouped:
    """A part's terms in order (sorted), each with its number of articles and its entry as
    `part_index`'s format writes it."""

    terms: list[str]
    counts: list[int]
    _postings: bytes
    """Every term's postings in varints, the terms in the order they were made."""
    _starts: npt.NDArray[np.int64]
    _ends: npt.NDArray[np.int64]
    """Where each term's postings are in `_postings`, in the terms' order."""

    @classmethod
    def of(cls, terms: list[str], counts: npt.NDArray[np.intp], gaps: Postings) -> Grouped:
        if not terms:
            return cls([], [], b"", np.zeros(0, np.int64), np.zeros(0, np.int64))
        encoded, lengths = varints(gaps)
        sizes = np.add.reduceat(lengths, np.cumsum(counts) - counts, dtype=np.int64)
        ends = np.cumsum(sizes)
        starts = ends - sizes
        order = np.array(sorted(range(len(terms)), key=terms.__getitem__), np.intp)
        return cls(
            [terms[term] for term in order.tolist()],
            counts[order].tolist(),
            encoded,
            starts[order],
            ends[order],
        )

    def entries(self) -> Iterator[tuple[bytes, bytes]]:
        """Each term's UTF-8 and its entry: the term, a zero byte, its number of articles and
        its postings, all in varints."""
        counts, lengths = varints(np.array(self.counts, np.uint32))
        count_ends = np.cumsum(lengths, dtype=np.int64).tolist()
        postings, starts, ends = self._postings, self._starts.tolist(), self._ends.tolist()
        count_start = 0
        for term, count_end, start, end in zip(self.terms, count_ends, starts, ends, strict=True):
            encoded = term.encode("utf-8")
            count = counts[count_start:count_end]
            yield encoded, b"".join((encoded, b"\0", count, postings[start:end]))
            count_start = count_end


def entry(term: str, postings: Iterable[int]) -> bytes:
    """One term's entry, as `Grouped.entries` makes it: `postings` are `n << 3 | fields`, in
    the order of `n` (`part_update`)."""
    values = np.fromiter(postings, np.uint32)
    encoded, _ = varints(_gaps(values, np.zeros(1, np.intp)))
    count, _ = varints(np.array([len(values)], np.uint32))
    return term.encode("utf-8") + b"\0" + count + encoded


def varints(values: Postings) -> tuple[bytes, npt.NDArray[np.uint8]]:
    """The numbers in varints, one after another (little-endian groups of 7 bits, the high bit
    set on all but the last), and each one's length. Made `VARINTS` numbers at a time: a
    part's millions at once would take ten times their size in memory."""
    lengths = np.ones(len(values), np.uint8)
    for group in range(1, 5):  # 32 bits: five groups at most
        lengths += values >= 1 << (7 * group)
    made = [
        _varints(values[start : start + VARINTS], lengths[start : start + VARINTS])
        for start in range(0, len(values), VARINTS)
    ]
    return b"".join(made), lengths


VARINTS = 1 << 18


def _varints(values: Postings, lengths: npt.NDArray[np.uint8]) -> bytes:
    at = np.zeros(len(values), np.int64)
    np.cumsum(lengths[:-1], out=at[1:])
    out = np.empty(int(at[-1] + lengths[-1]), np.uint8)
    for group in range(int(lengths.max())):
        some = lengths > group
        seven = (values[some] >> (7 * group)) & 0x7F
        seven[lengths[some] > group + 1] |= 0x80
        out[at[some] + group] = seven
    return out.tobytes()


def fielded_terms(record: dict[str, object]) -> dict[str, int]:
    """Every term of one article with the fields it is in; its filters' values with none."""
    part = PartPostings()
    part.add(0, record)
    terms, _, postings = part.postings()
    return dict(zip(terms, (postings & 7).tolist(), strict=True))


def terms(text: str) -> set[str]:
    """Every syllable of `text` and every run of two and three adjacent ones, folded."""
    return set(fielded_terms({"text": text}))
