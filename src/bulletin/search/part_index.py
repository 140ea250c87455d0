"""One part of the search index, written from its articles' records: run as a program of its
own (`python -m bulletin.search.part_index RECORDS FOLDER [PREVIOUS KEY]`) while the build
goes on.

The records (`RECORDS`, one JSON object a line, oldest article first) become, in `FOLDER`:

- `t/<k>.gz`, the shards of the index: every term of the part (a folded syllable, a pair of
  adjacent syllables, a filter's value: see `syllables` and `records.facet`) is in the shard
  `shard_hash(term) mod shards`. A shard, once gunzipped, is entries one after another: the term in
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
bytes. `state.json`, beside them, says what the part was made from (each record's digest, its
facets, the key of the code that made it, `KEY`: `bundles.writer_key`): the next make of the
part, given this one as `PREVIOUS` with the same key, makes again only what its changed
records change (`part_update`), the same bytes. A line of `RECORDS` may then be a record's
digest alone, as a JSON string: the record `PREVIOUS` has at that number, unchanged, which
the build need not write out again. If the part cannot be made from `PREVIOUS` after all,
the program ends with `NEEDS_RECORDS`: the build then gives every record whole.
Only the standard library and `bulletin.search.syllables` are imported: it starts fast.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import chain, repeat
from operator import add, or_, sub
from pathlib import Path

from bulletin.search.syllables import terms

SHARD_POSTINGS = 3000
"""About this many postings (an article's number and fields) a shard: about 2 KB compressed.
A query downloads a shard a part for each of its terms; smaller shards hold fewer terms it does
not need, but make more files (bench/search_bench.py)."""
MOST_SHARDS = 4096
NEEDS_RECORDS = 3
"""The program's exit status when a record given by its digest alone (`known_digest`) is
needed whole: the part cannot be made from the one before."""
TITLE, PEOPLE, BODY = 1, 2, 4
"""Where a term is in an article: the fields of a posting."""
FRAGMENTS, SHARDS, PART, VOCABULARY = "f", "t", "part.json", "vocabulary.tsv"
STATE = "state.json"
"""What the part was made from (`write_state`); not for the site."""


class RecordsNeeded(Exception):
    """Records given by their digest alone are needed whole (`NEEDS_RECORDS`)."""


def known_digest(line: bytes) -> str | None:
    """The digest a line of records gives in place of its record (a JSON string), if it does:
    that of the record the part before has at its number."""
    if not line.startswith(b'"'):
        return None
    digest = json.loads(line)
    return digest if isinstance(digest, str) else None


def shard_hash(term: str) -> int:
    """The CRC-32 of the term's UTF-8 bytes, as zlib (and gzip) computes it: in C, for every
    term of a part (`bulletin-search.js` has the same)."""
    return zlib.crc32(term.encode("utf-8"))


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
    """Terms and their articles, as they come (articles come in order): each term's postings,
    `n << 3 | fields`, in an array of 32-bit numbers (appended to in C; 4 bytes a posting)."""

    def __init__(self) -> None:
        self.lists: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
        self.count = 0

    def add(self, number: int, found: dict[str, int]) -> None:
        lists, at = self.lists, number << 3
        for term, fields in found.items():
            lists[term].append(at | fields)
        self.count += len(found)

    def shards(self, in_order: list[str]) -> list[bytearray]:
        """The shards' contents, entries in the order of their terms (`in_order`: every
        term, sorted)."""
        count = shard_count(self.count)
        shards = [bytearray() for _ in range(count)]
        lists = self.lists
        for term in in_order:
            encoded = term.encode("utf-8")
            shards[zlib.crc32(encoded) % count] += _entry(encoded, lists[term])  # shard_hash
        return shards

    def vocabulary(self, in_order: list[str]) -> Iterator[tuple[str, int]]:
        """Syllables (not pairs nor filters) and the number of articles that have each."""
        for term in in_order:
            if syllable(term):
                yield term, len(self.lists[term])


def syllable(term: str) -> bool:
    """Whether a term is a syllable, not a run nor a filter's value."""
    return " " not in term and not term.startswith("#")


def shard_count(postings: int) -> int:
    """The number of shards of a part with this many postings."""
    count = 1
    while postings > count * SHARD_POSTINGS and count < MOST_SHARDS:
        count *= 2
    return count


def entry(term: str, postings: Sequence[int]) -> bytes:
    """A term's entry in its shard, as `Postings.shards` makes it: `postings` are
    `n << 3 | fields`, in the order of `n` (`part_update`)."""
    return _entry(term.encode("utf-8"), postings)


def _entry(term: bytes, postings: Sequence[int]) -> bytes:
    if len(postings) == 1:  # most terms: a run found in one article
        value = postings[0]
        return term + b"\0\x01" + (_VARINTS[value] if value < SHORT_VARINTS else _varint(value))
    # (n - the previous n - 1) << 3 | fields = posting - ((the previous posting | 7) + 1)
    after = map(add, map(or_, chain((-1,), postings), repeat(7)), repeat(1))
    values = list(map(sub, postings, after))
    largest = max(values)
    if largest < 0x80:
        body = bytes(values)
    else:
        body = b"".join(map(_VARINTS.__getitem__ if largest < SHORT_VARINTS else _varint, values))
    return term + b"\0" + _varint(len(values)) + body


def _varint(value: int) -> bytes:
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


SHORT_VARINTS = 1 << 14
"""Numbers below this are written in one or two bytes, looked up (`_VARINTS`) rather than
made: an article's number in a part of 2,048 articles or fewer, with its fields."""
_VARINTS = [_varint(value) for value in range(SHORT_VARINTS)]


def write_part(records: Iterable[dict[str, object]], folder: Path) -> int:
    """Write the part's files into `folder` (made here); the number of articles."""
    return make_part([_json(record) for record in records], folder)


def make_part(
    lines: Iterable[bytes], folder: Path, previous: Path | None = None, key: str = ""
) -> int:
    """Write the part of these records (each one's JSON) into `folder` (made here), from the
    part `previous` made of older records if it can (`part_update`: made by the same code,
    `key`); the number of articles."""
    if previous is not None and key:
        from bulletin.search.part_update import update_part  # it imports this module

        lines = list(lines)
        try:
            if update_part(lines, folder, previous, key):
                return len(lines)
        except (OSError, EOFError, ValueError, LookupError, zlib.error):  # damaged: anew
            pass
        shutil.rmtree(folder, ignore_errors=True)
    postings = Postings()
    (folder / FRAGMENTS).mkdir(parents=True)
    facets: list[list[str]] = []
    digests: list[str] = []
    for number, line in enumerate(lines):  # one at a time: a clean build's parts are large
        if known_digest(line) is not None:
            shutil.rmtree(folder, ignore_errors=True)
            raise RecordsNeeded(f"record {number} is given by its digest alone")
        digests.append(record_digest(line))
        record = json.loads(line)
        postings.add(number, fielded_terms(record))
        facets.append(_texts(record.get("facets")))
        write_gzip(folder / FRAGMENTS / f"{number}.gz", fragment(record))
    in_order = sorted(postings.lists)
    shards = postings.shards(in_order)
    (folder / SHARDS).mkdir()
    for index, shard in enumerate(shards):
        write_gzip(folder / SHARDS / f"{index}.gz", bytes(shard))
    write_vocabulary(folder, postings.vocabulary(in_order))
    write_state(folder, len(shards), key, postings.count, digests, facets)
    return len(digests)


def fragment(record: dict[str, object]) -> bytes:
    """What the search page shows of an article: its record without its facets."""
    return _json({key: value for key, value in record.items() if key != "facets"})


def write_vocabulary(folder: Path, counted: Iterable[tuple[str, int]]) -> None:
    lines = (f"{term}\t{articles}\n" for term, articles in counted)
    (folder / VOCABULARY).write_text("".join(lines), encoding="utf-8")


def record_digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:32]


def write_state(
    folder: Path, shards: int, key: str, postings: int, records: list[str], facets: list[list[str]]
) -> None:
    """`part.json`, and `STATE`: what the part was made from (the digests of its records,
    `record_digest`, and their facets), for the next make of it."""
    part = {"articles": len(records), "shards": shards}
    (folder / PART).write_text(_json(part).decode(), encoding="utf-8")
    state = {"key": key, "postings": postings, "records": records, "facets": facets}
    (folder / STATE).write_bytes(_json(state))


def read_lines(path: Path) -> Iterator[bytes]:
    """The records of a file of them, one JSON object a line, as their lines."""
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield line.rstrip(b"\n")


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


GZIP_LEVEL = 6
"""zlib's default: on a part's shards and fragments, within 0.1% of the bytes of level 9, and
a quarter less time (levels 5 and below: smaller shards' savings, larger files)."""


def main(arguments: list[str]) -> int:
    """`RECORDS FOLDER KEY [PREVIOUS]`: the part of RECORDS into FOLDER, said to be made by
    KEY (`bundles.writer_key`: a later build makes it again from this one only if its key is
    the same), from the part PREVIOUS if it can."""
    if len(arguments) not in (3, 4):
        print(
            "usage: python -m bulletin.search.part_index RECORDS FOLDER KEY [PREVIOUS]",
            file=sys.stderr,
        )
        return 2
    previous = Path(arguments[3]) if len(arguments) == 4 else None
    try:
        make_part(read_lines(Path(arguments[0])), Path(arguments[1]), previous, arguments[2])
    except RecordsNeeded as needed:
        print(f"{needed}: every record is needed whole", file=sys.stderr)
        return NEEDS_RECORDS
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
