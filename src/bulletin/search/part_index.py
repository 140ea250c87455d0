"""One part of the search index, written from its articles' records: run as a program of its
own (`python -m bulletin.search.part_index RECORDS FOLDER`) while the build goes on.

The records (`RECORDS`, one JSON object a line, oldest article first) become, in `FOLDER`:

- `t/<k>.gz`, the shards of the index: every term of the part (a folded syllable, a pair of
  adjacent syllables, a filter's value: see `syllables` and `records.facet`) is in the shard
  `fnv1a(term) mod shards`. A shard, once gunzipped, is entries one after another: the term in
  UTF-8, a zero byte, the number n of its articles as a varint, then n varints
  `gap << 3 | fields`: `gap` is the article's number in the part less the previous one's, less
  one (the first: its number), `fields` says where the term is (1 title or lead, 2 speakers or
  documents, 4 body; facets 0). Varints are little-endian groups of 7 bits, the high bit set
  on all but the last.
- `f/<n>.gz`, what the search page shows of article n: the record without its facets, as
  gzipped JSON.
- `part.json`: the number of articles and of shards.
- `vocabulary.tsv`: each syllable and the number of articles that have it (for the words a
  reader has begun to type); the site's vocabulary is made from those of its parts.

Everything is written in one order with gzip's time zeroed: the same records make the same
bytes. Only the standard library and `bulletin.search.syllables` are imported: it starts fast.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from bulletin.search.syllables import terms

SHARD_POSTINGS = 3000
"""About this many postings (an article's number and fields) a shard: about 2 KB compressed.
A query downloads a shard a part for each of its terms; smaller shards hold fewer terms it does
not need, but make more files (bench/search_bench.py)."""
MOST_SHARDS = 4096
TITLE, PEOPLE, BODY = 1, 2, 4
"""Where a term is in an article: the fields of a posting."""
FRAGMENTS, SHARDS, PART, VOCABULARY = "f", "t", "part.json", "vocabulary.tsv"


def fnv1a(term: str) -> int:
    """The 32-bit FNV-1a hash of the term's UTF-8 bytes (`bulletin-search.js` has the same)."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def fielded_terms(record: dict[str, object]) -> dict[str, int]:
    """Every term of an article with the fields it is in; its filters' values with none."""
    body = record.get("text")
    found = dict.fromkeys(terms(body) if isinstance(body, str) else (), BODY)  # the most terms
    headlines = (
        (TITLE, [record.get("title"), record.get("lead")]),
        (PEOPLE, [*_texts(record.get("speakers")), *_texts(record.get("documents"))]),
    )
    for bit, texts in headlines:
        for text in texts:
            if isinstance(text, str):
                for term in terms(text):
                    found[term] = found.get(term, 0) | bit
    for facet in _texts(record.get("facets")):
        found.setdefault(facet, 0)
    return found


def _texts(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


class Postings:
    """Terms and their articles, encoded as they come (articles come in order)."""

    def __init__(self) -> None:
        self.lists: dict[str, _Postings] = {}
        self.count = 0

    def add(self, number: int, found: dict[str, int]) -> None:
        lists = self.lists
        for term, fields in found.items():
            postings = lists.get(term)
            if postings is None:
                postings = lists[term] = _Postings()
            value = (number - postings.last - 1) << 3 | fields
            if value < 0x80:  # most: the next article, or one soon after
                postings.encoded.append(value)
            else:
                _varint(value, postings.encoded)
            postings.last = number
            postings.articles += 1
        self.count += len(found)

    def shards(self) -> list[bytearray]:
        """The shards' contents, entries in the order of their terms."""
        count = 1
        while self.count > count * SHARD_POSTINGS and count < MOST_SHARDS:
            count *= 2
        shards = [bytearray() for _ in range(count)]
        for term in sorted(self.lists):
            postings = self.lists[term]
            shard = shards[fnv1a(term) % count]
            shard += term.encode("utf-8") + b"\0"
            _varint(postings.articles, shard)
            shard += postings.encoded
        return shards

    def vocabulary(self) -> Iterator[tuple[str, int]]:
        """Syllables (not pairs nor filters) and the number of articles that have each."""
        for term in sorted(self.lists):
            if " " not in term and not term.startswith("#"):
                yield term, self.lists[term].articles


class _Postings:
    """A term's articles so far: the last one's number, how many, encoded."""

    __slots__ = ("articles", "encoded", "last")

    def __init__(self) -> None:
        self.last = -1
        self.articles = 0
        self.encoded = bytearray()


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)


def write_part(records: Iterable[dict[str, object]], folder: Path) -> int:
    """Write the part's files into `folder` (made here); the number of articles."""
    postings = Postings()
    (folder / FRAGMENTS).mkdir(parents=True)
    number = -1
    for number, record in enumerate(records):
        postings.add(number, fielded_terms(record))
        shown = {key: value for key, value in record.items() if key != "facets"}
        _write_gzip(folder / FRAGMENTS / f"{number}.gz", _json(shown))
    shards = postings.shards()
    (folder / SHARDS).mkdir()
    for index, shard in enumerate(shards):
        _write_gzip(folder / SHARDS / f"{index}.gz", bytes(shard))
    (folder / PART).write_text(
        _json({"articles": number + 1, "shards": len(shards)}).decode(), encoding="utf-8"
    )
    lines = (f"{term}\t{articles}\n" for term, articles in postings.vocabulary())
    (folder / VOCABULARY).write_text("".join(lines), encoding="utf-8")
    return number + 1


def read_records(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def main(arguments: list[str]) -> int:
    if len(arguments) != 2:
        print("usage: python -m bulletin.search.part_index RECORDS FOLDER", file=sys.stderr)
        return 2
    write_part(read_records(Path(arguments[0])), Path(arguments[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
