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
Only the standard library, NumPy and `bulletin.search.postings` are imported: it starts fast.
The build's process imports this module for its names, never `postings` (`make_part`): NumPy
stays out of it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bulletin.search.postings import Grouped

SHARD_POSTINGS = 3000
"""About this many postings (an article's number and fields) a shard: about 2 KB compressed.
A query downloads a shard a part for each of its terms; smaller shards hold fewer terms it does
not need, but make more files (bench/search_bench.py)."""
MOST_SHARDS = 4096
NEEDS_RECORDS = 3
"""The program's exit status when a record given by its digest alone (`known_digest`) is
needed whole: the part cannot be made from the one before."""
FRAGMENTS, SHARDS, PART, VOCABULARY = "f", "t", "part.json", "vocabulary.tsv"
MOST_CHANGED = 0.1
"""At most this share of a part's records changed (and at least one may): beyond it, making
the part anew costs about as much (`part_update`)."""
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


def shards(grouped: Grouped, count: int) -> list[bytearray]:
    """The shards' contents, entries in the order of their terms."""
    made = [bytearray() for _ in range(count)]
    for term, written in grouped.entries():
        made[zlib.crc32(term) % count] += written  # shard_hash
    return made


def syllable(term: str) -> bool:
    """Whether a term is a syllable, not a run nor a filter's value."""
    return " " not in term and not term.startswith("#")


def shard_count(postings: int) -> int:
    """The number of shards of a part with this many postings."""
    count = 1
    while postings > count * SHARD_POSTINGS and count < MOST_SHARDS:
        count *= 2
    return count


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
    from bulletin.search.postings import PartPostings, strings  # NumPy: not in the build's process

    postings = PartPostings()
    (folder / FRAGMENTS).mkdir(parents=True)
    facets: list[list[str]] = []
    digests: list[str] = []
    for number, line in enumerate(lines):  # one at a time: a clean build's parts are large
        if known_digest(line) is not None:
            shutil.rmtree(folder, ignore_errors=True)
            raise RecordsNeeded(f"record {number} is given by its digest alone")
        digests.append(record_digest(line))
        record = json.loads(line)
        postings.add(number, record)
        facets.append(strings(record.get("facets")))
        write_gzip(folder / FRAGMENTS / f"{number}.gz", fragment(record))
    grouped = postings.grouped()
    count = sum(grouped.counts)
    made = shards(grouped, shard_count(count))
    (folder / SHARDS).mkdir()
    for index, shard in enumerate(made):
        write_gzip(folder / SHARDS / f"{index}.gz", bytes(shard))
    counted = zip(grouped.terms, grouped.counts, strict=True)
    write_vocabulary(folder, ((term, n) for term, n in counted if syllable(term)))
    write_state(folder, len(made), key, count, digests, facets)
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
