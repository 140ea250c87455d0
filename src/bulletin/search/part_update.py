"""A part of the search index made again from the one an earlier build made (`part_index`):
only what its changed records change.

A rebuild after one article changed makes that article's part again. Its other records are
those of the part before (`part_index.STATE` has their digests; the build may give them by
their digest alone, `part_index.known_digest`): their fragments, and every
shard that holds none of the terms the changed records gain or lose, are the earlier part's
files (linked, or copied where the system cannot link); the other shards are read, the changed
terms' articles changed, and written again. The bytes are those `part_index` makes from all
the records; the earlier part is used only if the same code made it (its key), if a record
changed keeps its number (edited, added or removed at the end: not inserted), if few changed,
and if the part keeps its number of shards.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import add, and_, lshift, or_, rshift
from pathlib import Path

from bulletin.search.part_index import (
    FRAGMENTS,
    MOST_CHANGED,
    SHARDS,
    STATE,
    VOCABULARY,
    fragment,
    known_digest,
    record_digest,
    shard_count,
    shard_hash,
    syllable,
    write_gzip,
    write_state,
    write_vocabulary,
)
from bulletin.search.postings import entry, fielded_terms, strings

Changes = dict[str, dict[int, int | None]]
"""For each term that changed, its articles that changed: their new fields (None: no more)."""


def update_part(lines: list[bytes], folder: Path, previous: Path, key: str) -> bool:
    """Write into `folder` (made here) the part of these records (each one's JSON), from the
    part `previous` made of older ones; False, writing nothing, if it cannot be used."""
    try:
        state = json.loads((previous / STATE).read_bytes())
        if state.get("key") != key:
            return False
        old: list[str] = state["records"]
        facets: list[list[str]] = state["facets"]
        shards = int(json.loads((previous / "part.json").read_bytes())["shards"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    new = [known_digest(line) or record_digest(line) for line in lines]
    changed = [n for n in range(max(len(old), len(new))) if n >= len(old) or n >= len(new)
               or old[n] != new[n]]  # fmt: skip
    if not lines or len(changed) > max(1, int(len(lines) * MOST_CHANGED)):
        return False
    if any(known_digest(lines[n]) is not None for n in changed if n < len(lines)):
        return False  # given by a digest the part before has not at its number
    before = {n: _earlier_terms(previous, n, facets[n]) for n in changed if n < len(old)}
    records = {n: json.loads(lines[n]) for n in changed if n < len(new)}
    after = {n: fielded_terms(record) for n, record in records.items()}
    postings = int(state["postings"]) - sum(map(len, before.values()))
    postings += sum(map(len, after.values()))
    if shard_count(postings) != shards:
        return False
    changes = _changes(changed, before, after)
    (folder / FRAGMENTS).mkdir(parents=True)
    for n in range(len(lines)):
        name = f"{n}.gz"
        if n in records:
            write_gzip(folder / FRAGMENTS / name, fragment(records[n]))
        else:
            _link(previous / FRAGMENTS / name, folder / FRAGMENTS / name)
    _write_shards(previous, folder, shards, changes)
    _write_vocabulary(previous, folder, changes, before)
    new_facets = [
        strings(records[n].get("facets")) if n in records else facets[n] for n in range(len(lines))
    ]
    write_state(folder, shards, key, postings, new, new_facets)
    return True


def _earlier_terms(previous: Path, number: int, facets: list[str]) -> dict[str, int]:
    """The terms of the earlier part's article `number`: its fragment and its facets."""
    record = json.loads(gzip.decompress((previous / FRAGMENTS / f"{number}.gz").read_bytes()))
    return fielded_terms({**record, "facets": facets})


def _changes(
    changed: list[int], before: dict[int, dict[str, int]], after: dict[int, dict[str, int]]
) -> Changes:
    changes: Changes = {}
    for n in changed:
        was, now = before.get(n, {}), after.get(n, {})
        for term in was.keys() | now.keys():
            if was.get(term) != now.get(term):
                changes.setdefault(term, {})[n] = now.get(term)
    return changes


def _write_shards(previous: Path, folder: Path, shards: int, changes: Changes) -> None:
    by_shard: dict[int, list[str]] = {}
    for term in changes:
        by_shard.setdefault(shard_hash(term) % shards, []).append(term)
    (folder / SHARDS).mkdir()
    for index in range(shards):
        name = f"{index}.gz"
        if index not in by_shard:
            _link(previous / SHARDS / name, folder / SHARDS / name)
            continue
        entries = _entries(gzip.decompress((previous / SHARDS / name).read_bytes()))
        for term in by_shard[index]:
            encoded = term.encode("utf-8")
            numbers, fields = _postings(entries.get(encoded, b""))
            _change(numbers, fields, changes[term])
            if numbers:
                postings = list(map(or_, map(lshift, numbers, repeat(3)), fields))
                entries[encoded] = entry(term, postings)
            else:
                entries.pop(encoded, None)
        write_gzip(folder / SHARDS / name, b"".join(entries[term] for term in sorted(entries)))


def _entries(shard: bytes) -> dict[bytes, bytes]:
    """A shard's entries (`part_index` says how), each by its term's UTF-8 bytes."""
    entries: dict[bytes, bytes] = {}
    at = 0
    while at < len(shard):
        start, zero = at, shard.index(0, at)
        count, at = _varint(shard, zero + 1)
        if max(shard[at : at + count], default=0) < 0x80:  # a byte each: the frequent terms
            at += count
        else:
            for _ in range(count):
                while shard[at] >= 0x80:
                    at += 1
                at += 1
        entries[shard[start:zero]] = shard[start:at]
    return entries


def _postings(encoded: bytes) -> tuple[list[int], list[int]]:
    """An entry's articles: their numbers and their fields, in order."""
    if not encoded:
        return [], []
    count, at = _varint(encoded, encoded.index(0) + 1)
    values: Sequence[int] = encoded[at:]
    if len(values) != count:  # not a byte each
        values = []
        while at < len(encoded):
            value, at = _varint(encoded, at)
            values.append(value)
    steps = map(add, map(rshift, values, repeat(3)), repeat(1))  # (value >> 3) + 1
    numbers = list(accumulate(steps, initial=-1))[1:]
    return numbers, list(map(and_, values, repeat(7)))


def _change(numbers: list[int], fields: list[int], changes: dict[int, int | None]) -> None:
    """Change a term's articles (`_postings`) as `changes` says."""
    for number, now in sorted(changes.items()):
        at = bisect_left(numbers, number)
        found = at < len(numbers) and numbers[at] == number
        if now is None:
            if found:
                del numbers[at], fields[at]
        elif found:
            fields[at] = now
        else:
            numbers.insert(at, number)
            fields.insert(at, now)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _write_vocabulary(
    previous: Path, folder: Path, changes: Changes, before: dict[int, dict[str, int]]
) -> None:
    counts: Counter[str] = Counter()
    for line in (previous / VOCABULARY).read_text(encoding="utf-8").splitlines():
        term, _, articles = line.partition("\t")
        counts[term] = int(articles)
    for term, numbers in changes.items():
        if syllable(term):
            for n, fields in numbers.items():
                counts[term] += (fields is not None) - (term in before.get(n, {}))
    write_vocabulary(folder, ((term, counts[term]) for term in sorted(counts) if counts[term]))


def _link(source: Path, target: Path) -> None:
    """The earlier part's file, the same in this one: linked (the earlier part is removed
    when this one takes its place), or copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
