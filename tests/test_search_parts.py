"""A part of the search index made again from the one before (`part_update`): the same bytes
as a part made anew from all its records, and the earlier part used only when it may be."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.search import bundles as search_bundle
from bulletin.search import part_index
from bulletin.search.bundles import Bundles
from bulletin.search.part_index import (
    NEEDS_RECORDS,
    STATE,
    RecordsNeeded,
    known_digest,
    make_part,
    record_digest,
    shard_hash,
    write_part,
)

WORDS = (
    "Đảng bộ tỉnh ủy Nguyễn Phước Lộc hòa hoà bình thủy thuỷ lợi kinh tế xã hội chuyển đổi số "
    "nhân dân Hà Nội Đà Nẵng công tác cán bộ đồng chí phát triển 21-KL/TW 2024 1.000 khóa XIII"
)
SYLLABLES = WORDS.split()
KEY = "the code's key"
Record = dict[str, object]


def corpus(count: int, seed: int = 7) -> list[Record]:
    """Records as a build makes them: words, clauses, speakers, documents and facets."""
    pick = random.Random(seed)

    def text(words: int) -> str:
        said = [pick.choice(SYLLABLES) for _ in range(words)]
        for at in range(5, len(said), 7):
            said[at] += pick.choice([",", ".", ";", ""])
        return " ".join(said)

    return [
        {
            "url": f"2024/{number}/",
            "title": text(6),
            "lead": text(12),
            "speakers": [text(3)] if number % 3 == 0 else [],
            "documents": ["Kết luận số 21-KL/TW"] if number % 4 == 0 else [],
            "text": text(pick.randint(20, 120)),
            "facets": [f"#year:{2020 + number % 3}", f"#category:{text(2)}"],
        }
        for number in range(count)
    ]


def lines(records: list[Record]) -> list[bytes]:
    return [json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() for r in records]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def linked(folder: Path, previous: Path) -> set[str]:
    """The files of `folder` that are those of `previous` (the same file, linked)."""
    return {
        name
        for name in files(folder)
        if (previous / name).exists() and (folder / name).samefile(previous / name)
    }


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of 750 postings: the part of `corpus(60)` (11,061 postings) has 16."""
    monkeypatch.setattr(part_index, "SHARD_POSTINGS", 750)


def test_a_part_s_bytes_are_those_of_the_code_before_this_one(tmp_path: Path) -> None:
    """The digest of every file of a part of `corpus(60)`, as the version of `part_index`
    before `part_update` wrote it (each entry's postings encoded as they came), but for the
    shard hash (CRC-32, once FNV-1a) and gzip's level (6, once 9): with those two as they
    were, the postings kept in arrays gave the digest of then, dc225540…"""
    write_part(corpus(60), tmp_path / "part")
    made = files(tmp_path / "part")
    del made[STATE]
    hashed = hashlib.sha256()
    for name in sorted(made):
        hashed.update(name.encode() + b"\0" + hashlib.sha256(made[name]).digest())
    assert len(made) == 60 + 4 + 2
    assert hashed.hexdigest() == "306ce191b42295508e8ddc9c64f77a7d60b2c8d46070f87cafd208d3f9e7e41d"


def _edited(records: list[Record], number: int, change: Callable[[Record], object]) -> list[Record]:
    edited = [dict(record) for record in records]
    change(edited[number])
    return edited


EDITS: dict[str, Callable[[list[Record]], list[Record]]] = {
    "a sentence added": lambda r: _edited(r, 3, lambda a: a.update(text=f"{a['text']}\nCâu thêm.")),
    "title and facets": lambda r: _edited(
        r, 30, lambda a: a.update(title="Hoà bình mới", facets=["#speaker:Lê Văn Mới"])
    ),
    "the body gone": lambda r: _edited(r, 0, lambda a: a.pop("text")),
    "one at the end": lambda r: [*r, corpus(1, seed=9)[0]],
    "the last gone": lambda r: r[:-1],
}


def by_digest(changed: list[bytes], before: list[bytes]) -> list[bytes]:
    """The lines a build gives when it knows which records are those of the part before: those
    as their digest alone (a JSON string)."""
    return [
        json.dumps(record_digest(line)).encode()
        if at < len(before) and line == before[at]
        else line
        for at, line in enumerate(changed)
    ]


@pytest.mark.usefixtures("small_shards")
@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("given", ["whole", "by digest"])
def test_a_part_made_again_from_the_one_before_is_the_part_made_anew(
    tmp_path: Path, edit: str, given: str
) -> None:
    """Its unchanged records given whole, or by their digest alone (as a rebuild does)."""
    records = corpus(60)
    make_part(lines(records), tmp_path / "before", None, KEY)
    changed = lines(EDITS[edit](records))
    again = by_digest(changed, lines(records)) if given == "by digest" else changed
    whole = [line for line in again if known_digest(line) is None]
    assert len(whole) == len(changed) if given == "whole" else len(whole) <= 2
    make_part(again, tmp_path / "again", tmp_path / "before", KEY)
    make_part(changed, tmp_path / "anew", None, KEY)
    assert json.loads((tmp_path / "anew/part.json").read_text())["shards"] == 16
    assert files(tmp_path / "again") == files(tmp_path / "anew")
    reused = linked(tmp_path / "again", tmp_path / "before")
    assert len([name for name in reused if name.startswith("f/")]) >= 58  # the cache's hit


@pytest.mark.usefixtures("small_shards")
@pytest.mark.parametrize("why", ["no part before", "a file lost", "another number", "shards"])
def test_records_given_by_their_digest_are_asked_whole_when_the_part_is_made_anew(
    tmp_path: Path, why: str
) -> None:
    records = corpus(60)
    make_part(lines(records), tmp_path / "before", None, KEY)
    changed = lines(EDITS["a sentence added"](records))
    given = by_digest(changed, lines(records))
    previous: Path | None = tmp_path / "before"
    if why == "no part before":
        previous = None
    elif why == "a file lost":  # the changed record's, read for the terms it had
        (tmp_path / "before/f/3.gz").unlink()
    elif why == "another number":  # a digest the part before has, not at that number
        given[7], given[8] = given[8], given[7]
    else:
        more = [*lines(records), *lines(corpus(12, seed=11))[:6]]  # twice the shards
        given = by_digest(more, lines(records))
    with pytest.raises(RecordsNeeded):
        make_part(given, tmp_path / "again", previous, KEY)
    assert not (tmp_path / "again").exists()
    records_file = tmp_path / "records.jsonl"
    records_file.write_bytes(b"\n".join(given) + b"\n")
    arguments = [str(records_file), str(tmp_path / "again"), KEY]
    assert part_index.main([*arguments, *([str(previous)] if previous else [])]) == NEEDS_RECORDS


@pytest.mark.usefixtures("small_shards")
def test_a_changed_record_is_made_again_and_the_others_are_reused(tmp_path: Path) -> None:
    records = corpus(60)
    make_part(lines(records), tmp_path / "before", None, KEY)
    changed = EDITS["a sentence added"](records)
    make_part(lines(changed), tmp_path / "again", tmp_path / "before", KEY)
    reused = linked(tmp_path / "again", tmp_path / "before")
    assert "f/3.gz" not in reused and {"f/2.gz", "f/4.gz"} <= reused
    # three new terms (cau, them, cau them): the other shards are those of the part before
    assert len([name for name in reused if name.startswith("t/")]) >= 16 - 3
    shown = json.loads(gzip.decompress((tmp_path / "again/f/3.gz").read_bytes()))
    assert shown["text"].endswith("\nCâu thêm.")
    vocabulary = (tmp_path / "again/vocabulary.tsv").read_text(encoding="utf-8")
    assert "cau\t1\n" in vocabulary and "them\t1\n" in vocabulary
    assert "cau\t" not in (tmp_path / "before/vocabulary.tsv").read_text(encoding="utf-8")


@pytest.mark.usefixtures("small_shards")
@pytest.mark.parametrize(
    "why", ["another key", "no key", "inserted", "many changed", "a file lost", "damaged"]
)
def test_the_part_before_is_not_used_when_it_may_not_be(tmp_path: Path, why: str) -> None:
    records = corpus(60)
    make_part(lines(records), tmp_path / "before", None, KEY)
    changed, key = EDITS["a sentence added"](records), KEY
    if why == "another key":
        key = "another version of the code"
    elif why == "no key":
        key = ""
    elif why == "inserted":
        changed = [*records[:10], corpus(1, seed=9)[0], *records[10:]]
    elif why == "many changed":
        changed = corpus(60, seed=8)[:20] + records[20:]
    elif why == "a file lost":
        (tmp_path / "before/f/59.gz").unlink()
    else:  # the shard the new syllable `cau` goes to (the others are not read: trusted)
        (tmp_path / f"before/t/{shard_hash('cau') % 16}.gz").write_bytes(b"\x1f\x8b not gzip")
    make_part(lines(changed), tmp_path / "again", tmp_path / "before", key)
    make_part(lines(changed), tmp_path / "anew", None, key)
    assert not linked(tmp_path / "again", tmp_path / "before")
    assert files(tmp_path / "again") == files(tmp_path / "anew")


@pytest.mark.usefixtures("small_shards")
def test_a_part_that_changes_its_number_of_shards_is_made_anew(tmp_path: Path) -> None:
    records = corpus(60)
    make_part(lines(records), tmp_path / "before", None, KEY)
    shards = json.loads((tmp_path / "before/part.json").read_text())["shards"]
    more = [*records, *corpus(12, seed=11)][:66]
    make_part(lines(more), tmp_path / "again", tmp_path / "before", KEY)
    assert json.loads((tmp_path / "again/part.json").read_text())["shards"] == 2 * shards
    assert linked(tmp_path / "again", tmp_path / "before") == set()


def test_a_rebuild_gives_the_part_before_and_the_code_s_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[list[object]] = []
    real = Bundles._run

    def run(part_id: str, records: Path, bundle: Path, previous: Path | None = None) -> None:
        runs.append([part_id, previous, search_bundle.writer_key()])
        real(part_id, records, bundle, previous)

    monkeypatch.setattr(Bundles, "_run", staticmethod(run))
    bundles = Bundles(tmp_path / "cache")
    for turn, version in enumerate(["one", "one", "two"]):
        monkeypatch.setattr(search_bundle, "_writer_digest", lambda v=version: v)
        stage = bundles.stage("2024", ["a", "b"])
        for path in ("a", "b"):
            head = {"url": f"{path}/", "title": f"Tin {path} {turn}"}
            stage.describe(path, lambda head=head: head)
            stage.add(path, "Đảng bộ tỉnh.")
        assert bundles.publish_stage(stage, tmp_path / f"site{turn}")
        made = json.loads((tmp_path / "cache/2024" / STATE).read_text())
        assert made["key"] == f"5:{version}"  # a part made anew too: the next starts from it
    cached = tmp_path / "cache/2024"
    assert runs == [
        ["2024", None, "5:one"],
        ["2024", cached, "5:one"],
        ["2024", cached, "5:two"],
    ]
    assert json.loads((cached / STATE).read_text())["key"] == "5:two"
    assert not (tmp_path / "site2" / STATE).exists()
