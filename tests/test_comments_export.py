"""Exporting approved comments to JSON: shape, determinism, stale files, atomic writes."""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bulletin.comments.cli import main
from bulletin.comments.export import export
from bulletin.comments.exported import VIETNAM, ExportedComment, ExportError, load_exported
from bulletin.comments.moderation import moderate
from bulletin.comments.store import Database, insert_comment
from comments_helpers import ARTICLE, OTHER, add_approved, stored


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database(tmp_path / "comments.sqlite3")


def thread(database: Database) -> dict[str, int]:
    """Two top-level comments of ARTICLE (one with a reply), one of OTHER, one pending."""
    nfd = unicodedata.normalize("NFD", "Nguyễn Phước Lộc")
    first = add_approved(database, replace(stored(name=nfd), email="loc@example.vn"))
    later = replace(stored(), created="2024-03-06T20:00:00+00:00", text="Đồng ý & <b>ủng hộ</b>")
    second = add_approved(database, later)
    reply = add_approved(database, replace(stored(parent=first), name="Trả lời"))
    other = add_approved(database, stored(article=OTHER))
    with database.write() as connection:
        insert_comment(connection, stored(name="Chưa duyệt"))
    return {"first": first, "second": second, "reply": reply, "other": other}


def test_the_export_holds_public_fields_nested_oldest_first(
    database: Database, tmp_path: Path
) -> None:
    ids = thread(database)
    out = tmp_path / "out"
    report = export(database, out, "test")
    assert (report.written, report.removed) == ([ARTICLE, OTHER], [])
    text = (out / f"{ARTICLE}.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and unicodedata.is_normalized("NFC", text)
    assert "loc@example.vn" not in text and "hash" not in text and "Chưa duyệt" not in text
    assert "Đồng ý & <b>ủng hộ</b>" in text  # raw: the site build escapes
    reply = {"id": ids["reply"], "name": "Trả lời", "text": "Ý kiến.", "parent": ids["first"]}
    assert json.loads(text) == {
        "article": ARTICLE,
        "count": 3,
        "comments": [
            {
                "id": ids["first"],
                "name": "Nguyễn Phước Lộc",
                "text": "Ý kiến.",
                "date": "2024-03-05T08:02:03+07:00",
                "parent": None,
                "replies": [{**reply, "date": "2024-03-05T08:02:03+07:00"}],
            },
            {
                "id": ids["second"],
                "name": "Lê Thị Hoa",
                "text": "Đồng ý & <b>ủng hộ</b>",
                "date": "2024-03-07T03:00:00+07:00",
                "parent": None,
                "replies": [],
            },
        ],
    }
    assert text.index('"article"') < text.index('"comments"') < text.index('"count"')


def test_an_unchanged_export_gives_byte_identical_untouched_files(
    database: Database, tmp_path: Path
) -> None:
    thread(database)
    out = tmp_path / "out"
    export(database, out, "test")
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in out.iterdir()}
    again = export(database, out, "test")
    assert (again.written, again.unchanged) == ([], [ARTICLE, OTHER])
    after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in out.iterdir()}
    assert after == before
    fresh = tmp_path / "fresh"
    export(database, fresh, "test")
    assert {path.name: path.read_bytes() for path in fresh.iterdir()} == {
        name: data for name, (data, _) in before.items()
    }


def test_files_of_articles_without_published_comments_are_removed(
    database: Database, tmp_path: Path
) -> None:
    ids = thread(database)
    out = tmp_path / "out"
    export(database, out, "test")
    (out / "ghi-chu.txt").write_text("giữ lại", encoding="utf-8")
    moderate(database, [ids["other"], ids["first"]], "reject", "test")
    report = export(database, out, "test")
    assert (report.written, report.removed) == ([ARTICLE], [OTHER])
    assert sorted(path.name for path in out.iterdir()) == [f"{ARTICLE}.json", "ghi-chu.txt"]
    [second] = load_exported(out / f"{ARTICLE}.json")  # the reply went with its parent
    assert second.id == ids["second"]
    audit = database.connection().execute("SELECT detail FROM audit WHERE action = 'export'")
    assert [row[0] for row in audit][-1] == f"{out}: 1 written, 0 unchanged, 1 removed"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_crash_while_writing_leaves_the_old_file_whole(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    thread(database)
    out = tmp_path / "out"
    export(database, out, "test")
    published = (out / f"{ARTICLE}.json").read_bytes()
    with database.write() as connection:
        connection.execute("UPDATE comments SET text = 'Đã sửa' WHERE status = 'approved'")

    def crash(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="disk gone"):
        export(database, out, "test")
    monkeypatch.undo()
    assert (out / f"{ARTICLE}.json").read_bytes() == published
    assert sorted(path.name for path in out.iterdir()) == [f"{ARTICLE}.json", f"{OTHER}.json"]
    export(database, out, "test")
    assert "Đã sửa" in (out / f"{ARTICLE}.json").read_text(encoding="utf-8")


def test_load_exported_reads_typed_comments(database: Database, tmp_path: Path) -> None:
    ids = thread(database)
    export(database, tmp_path, "test")
    first, second = load_exported(tmp_path / f"{ARTICLE}.json")
    assert isinstance(first, ExportedComment) and first.id == ids["first"]
    assert first.date == datetime(2024, 3, 5, 8, 2, 3, tzinfo=VIETNAM)
    assert first.date.utcoffset() == timedelta(hours=7)
    assert [reply.parent for reply in first.replies] == [ids["first"]]
    assert second.replies == () and second.parent is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda doc: doc.update(count=2), "count: 2 is not 3"),
        (lambda doc: doc.update(count=True), "count: True is not 3"),
        (lambda doc: doc.update(article="khac"), "article: 'khac'"),
        (lambda doc: doc.pop("count"), "expected an object with article, comments, count"),
        (lambda doc: doc["comments"][0].update(id=True), "comments[0].id: True"),
        (lambda doc: doc["comments"][0].update(date="5/3/2024"), "comments[0].date: '5/3/2024'"),
        (lambda doc: doc["comments"][0].update(name=None), "comments[0].name: None"),
        (lambda doc: doc["comments"][0].update(parent=3), "comments[0].parent: 3"),
        (lambda doc: doc["comments"][0].update(email="a@b.vn"), "comments[0]: expected"),
        (lambda doc: doc["comments"][0]["replies"][0].update(parent=None), "replies[0].parent"),
        (lambda doc: doc["comments"][0]["replies"][0].update(replies=[]), "replies[0]: expected"),
    ],
)
def test_load_exported_refuses_a_wrong_shape_naming_the_place(
    database: Database, tmp_path: Path, change: object, message: str
) -> None:
    thread(database)
    export(database, tmp_path, "test")
    path = tmp_path / f"{ARTICLE}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ExportError, match=f"^{path}: .*") as error:
        load_exported(path)
    assert message in str(error.value)


def test_the_cli_exports_to_docs_data_comments_by_default(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread(database)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(database.path)]) == 0
    exported = sorted(os.listdir(tmp_path / "docs" / "_data" / "comments"))
    assert exported == [f"{ARTICLE}.json", f"{OTHER}.json"]
