"""Exporting approved comments to JSON: shape, determinism, stale files (ours only), atomic
writes, comments bound to their article's id and day, orphans, comments of before the day."""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bulletin.comments.cli import main
from bulletin.comments.export import ExportReport, Orphans, export
from bulletin.comments.exported import (
    VIETNAM,
    ExportedComment,
    ExportError,
    is_exported,
    load_exported,
)
from bulletin.comments.moderation import moderate
from bulletin.comments.store import Comment, Database, get_comment, insert_comment
from comments_helpers import (
    ARTICLE,
    ARTICLES,
    DATES,
    OTHER,
    add_approved,
    stored,
    write_articles,
)


def export_all(database: Database, out: Path, days: dict[str, str] = DATES) -> ExportReport:
    """Export with the site's articles: by default those of `comments_helpers.ARTICLES`."""
    return export(database, out, "test", days)


TOP_KEYS = "article, article_date, comments, count, format"
EARLIER_COMMENT = {
    "id": 1,
    "name": "Lê Thị Hoa",
    "text": "Ý kiến.",
    "date": "2024-05-02T08:00:00+07:00",
    "parent": None,
    "replies": [],
}
"""A comment as exported before articles had a day in the files."""


def add_comment(database: Database, comment: Comment) -> int:
    with database.write() as connection:
        return insert_comment(connection, comment)


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
    pending = add_comment(database, stored(name="Chưa duyệt"))
    return {"first": first, "second": second, "reply": reply, "other": other, "pending": pending}


def test_the_export_holds_public_fields_nested_oldest_first(
    database: Database, tmp_path: Path
) -> None:
    ids = thread(database)
    out = tmp_path / "out"
    report = export_all(database, out)
    assert (report.written, report.removed) == ([ARTICLE, OTHER], [])
    text = (out / f"{ARTICLE}.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and unicodedata.is_normalized("NFC", text)
    assert "loc@example.vn" not in text and "hash" not in text and "Chưa duyệt" not in text
    assert "Đồng ý & <b>ủng hộ</b>" in text  # raw: the site build escapes
    reply = {"id": ids["reply"], "name": "Trả lời", "text": "Ý kiến.", "parent": ids["first"]}
    assert json.loads(text) == {
        "format": "bulletin-comments 2",
        "article": ARTICLE,
        "article_date": "2024-03-01",
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
    export_all(database, out)
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in out.iterdir()}
    again = export_all(database, out)
    assert (again.written, again.unchanged) == ([], [ARTICLE, OTHER])
    after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in out.iterdir()}
    assert after == before
    fresh = tmp_path / "fresh"
    export_all(database, fresh)
    assert {path.name: path.read_bytes() for path in fresh.iterdir()} == {
        name: data for name, (data, _) in before.items()
    }


FOREIGN = {
    "ghi-chu.txt": "giữ lại",
    "package.json": '{"name": "ban-tin", "private": true}\n',
    "tsconfig.json": '{"compilerOptions": {"strict": true}}\n',
    "2024-01-ghi-chu.json": '{"article": "2024-01-ghi-chu", "note": "của người khác"}\n',
    "comments.json": '{"article": "comments", "count": 0}\n',
}
"""Files in the export folder that `export` did not write, some named like its own."""


def test_only_the_files_export_wrote_are_removed(database: Database, tmp_path: Path) -> None:
    ids = thread(database)
    out = tmp_path / "out"
    for name, text in FOREIGN.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    export_all(database, out)
    moderate(database, [ids["other"], ids["first"]], "reject", "test")
    report = export_all(database, out)
    assert (report.written, report.removed) == ([ARTICLE], [OTHER])
    assert sorted(path.name for path in out.iterdir()) == sorted([f"{ARTICLE}.json", *FOREIGN])
    assert all((out / name).read_text(encoding="utf-8") == text for name, text in FOREIGN.items())
    [second] = load_exported(out / f"{ARTICLE}.json").comments  # the reply went with its parent
    assert second.id == ids["second"]
    audit = database.connection().execute("SELECT detail FROM audit WHERE action = 'export'")
    assert [row[0] for row in audit][-1] == f"{out}: ghi 1 tệp, 0 tệp không đổi, xóa 1 tệp"


def test_a_file_exported_before_article_days_is_removed_as_one_of_its_own(
    database: Database, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = {"article": OTHER, "count": 1, "comments": [EARLIER_COMMENT]}
    (out / f"{OTHER}.json").write_text(json.dumps(earlier), encoding="utf-8")
    assert is_exported(out / f"{OTHER}.json")
    assert not is_exported(out / "package.json")  # missing
    assert export_all(database, out).removed == [OTHER]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_crash_while_writing_leaves_the_old_file_whole(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    thread(database)
    out = tmp_path / "out"
    export_all(database, out)
    published = (out / f"{ARTICLE}.json").read_bytes()
    with database.write() as connection:
        connection.execute("UPDATE comments SET text = 'Đã sửa' WHERE status = 'approved'")

    def crash(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="disk gone"):
        export_all(database, out)
    monkeypatch.undo()
    assert (out / f"{ARTICLE}.json").read_bytes() == published
    assert sorted(path.name for path in out.iterdir()) == [f"{ARTICLE}.json", f"{OTHER}.json"]
    export_all(database, out)
    assert "Đã sửa" in (out / f"{ARTICLE}.json").read_text(encoding="utf-8")


def test_load_exported_reads_typed_comments(database: Database, tmp_path: Path) -> None:
    ids = thread(database)
    export_all(database, tmp_path)
    exported = load_exported(tmp_path / f"{ARTICLE}.json")
    assert (exported.article, exported.article_date) == (ARTICLE, "2024-03-01")
    first, second = exported.comments
    assert isinstance(first, ExportedComment) and first.id == ids["first"]
    assert first.date == datetime(2024, 3, 5, 8, 2, 3, tzinfo=VIETNAM)
    assert first.date.utcoffset() == timedelta(hours=7)
    assert [reply.parent for reply in first.replies] == [ids["first"]]
    assert second.replies == () and second.parent is None


REPLY = "comments[0].replies[0]"
COMMENT_KEYS = "date, id, name, parent, replies, text"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda doc: doc.update(count=2), "count: 2 sai (cần: 3)"),
        (lambda doc: doc.update(count=True), "count: True sai (cần: 3)"),
        (lambda doc: doc.update(article="khac"), f"article: 'khac' sai (cần: '{ARTICLE}')"),
        (lambda doc: doc.update(format="khác"), "format: 'khác' sai (cần: 'bulletin-comments 2')"),
        (
            lambda doc: doc.update(article_date="1/3/2024"),
            "article_date: '1/3/2024' sai (cần: ngày YYYY-MM-DD)",
        ),
        (
            lambda doc: doc.update(article_date="2024-02-30"),
            "article_date: '2024-02-30' sai (cần: ngày YYYY-MM-DD)",
        ),
        (lambda doc: doc.pop("article_date"), f"sai dạng (cần: một đối tượng gồm {TOP_KEYS})"),
        (lambda doc: doc.pop("count"), f"sai dạng (cần: một đối tượng gồm {TOP_KEYS})"),
        (lambda doc: doc.update(comments={}), "comments: sai dạng (cần: một danh sách)"),
        (
            lambda doc: doc["comments"][0].update(id=True),
            "comments[0].id: True sai (cần: số của bình luận)",
        ),
        (
            lambda doc: doc["comments"][0].update(date="5/3/2024"),
            "comments[0].date: '5/3/2024' sai (cần: thời điểm có múi giờ, như "
            "2024-03-05T08:02:03+07:00)",
        ),
        (
            lambda doc: doc["comments"][0].update(name=None),
            "comments[0].name: None sai (cần: văn bản)",
        ),
        (lambda doc: doc["comments"][0].update(parent=3), "comments[0].parent: 3 sai (cần: None)"),
        (
            lambda doc: doc["comments"][0].update(email="a@b.vn"),
            f"comments[0]: sai dạng (cần: một đối tượng gồm {COMMENT_KEYS})",
        ),
        (
            lambda doc: doc["comments"][0].update(replies={}),
            "comments[0].replies: sai dạng (cần: một danh sách)",
        ),
        (
            lambda doc: doc["comments"][0]["replies"][0].update(parent=None),
            f"{REPLY}.parent: None sai (cần: 1)",
        ),
        (
            lambda doc: doc["comments"][0]["replies"][0].update(replies=[]),
            f"{REPLY}: sai dạng (cần: một đối tượng gồm date, id, name, parent, text)",
        ),
    ],
)
def test_load_exported_refuses_a_wrong_shape_naming_the_place(
    database: Database, tmp_path: Path, change: object, message: str
) -> None:
    thread(database)
    export_all(database, tmp_path)
    path = tmp_path / f"{ARTICLE}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ExportError) as error:
        load_exported(path)
    assert str(error.value) == f"{path}: {message}"
    assert not is_exported(path)  # export would leave it alone


def test_the_cli_exports_the_built_sites_articles_to_docs_data_comments_by_default(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    thread(database)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(database.path)]) == 1
    assert capsys.readouterr().err == (
        "comments: site/comments/articles.json: không đọc được danh sách bài viết: "
        "[Errno 2] No such file or directory: 'site/comments/articles.json'\n"
    )
    (tmp_path / "site" / "comments").mkdir(parents=True)
    write_articles(tmp_path / "site" / "comments" / "articles.json")
    assert main(["export", "--db", str(database.path)]) == 0
    assert capsys.readouterr().out == (
        "docs/_data/comments: ghi 2 tệp, 0 tệp không đổi, xóa 0 tệp\n"
    )
    exported = sorted(os.listdir(tmp_path / "docs" / "_data" / "comments"))
    assert exported == [f"{ARTICLE}.json", f"{OTHER}.json"]


def test_comments_stay_with_the_article_they_were_posted_on(
    database: Database, tmp_path: Path
) -> None:
    ids = thread(database)
    out = tmp_path / "out"
    export_all(database, out)
    # The article is deleted; a new one is written at its path, so at its id, later.
    replaced = {**DATES, ARTICLE: "2024-06-10"}
    report = export_all(database, out, replaced)
    assert (report.written, report.unchanged, report.removed) == ([], [OTHER], [ARTICLE])
    mine = sorted([ids["first"], ids["second"], ids["reply"]])
    assert report.orphans == [Orphans(ARTICLE, "2024-03-01", mine, "2024-06-10")]
    new = add_approved(database, replace(stored(), article_date="2024-06-10", text="Bài mới."))
    report = export_all(database, out, replaced)
    assert report.written == [ARTICLE]
    [only] = load_exported(out / f"{ARTICLE}.json").comments
    assert (only.id, only.text) == (new, "Bài mới.")


def test_export_reports_orphans_in_vietnamese(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = thread(database)
    listed = tmp_path / "articles.json"
    articles = json.loads(json.dumps(ARTICLES))
    articles["articles"] = [entry for entry in articles["articles"] if entry["id"] != OTHER]
    articles["articles"][0]["date"] = "2024-03-02"  # ARTICLE's date was corrected
    write_articles(listed, articles)
    out = tmp_path / "out"
    command = ["export", "--db", str(database.path), "--out", str(out), "--articles", str(listed)]
    assert main(command) == 0
    first, second, reply, other = ids["first"], ids["second"], ids["reply"], ids["other"]
    assert capsys.readouterr().out.splitlines() == [
        f"{out}: ghi 0 tệp, 0 tệp không đổi, xóa 0 tệp; 4 bình luận không có bài viết",
        f"  bình luận {first}, {second}, {reply} của bài {ARTICLE} (đăng ngày 2024-03-01) "
        "không được hiện: bài viết hiện ở mã này đăng ngày 2024-03-02, là một bài khác (nếu chỉ "
        f"là ngày đăng được sửa: comments.py rebind {ARTICLE} --from 2024-03-01 --to 2024-03-02)",
        f"  bình luận {other} của bài {OTHER} (đăng ngày 2024-05-01) không được hiện: trang "
        "không còn bài viết nào ở mã này",
    ]
    rebind = ["rebind", ARTICLE, "--from", "2024-03-01", "--to", "2024-03-02"]
    assert main([*rebind, "--db", str(database.path)]) == 0
    pending = ids["pending"]
    assert capsys.readouterr().out == (
        f"Đã chuyển 4 bình luận sang ngày đăng 2024-03-02: {first}, {second}, {reply}, {pending}.\n"
    )
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{out}: ghi 1 tệp, 0 tệp không đổi, xóa 0 tệp; 1 bình luận không có bài viết"
    )
    assert load_exported(out / f"{ARTICLE}.json").article_date == "2024-03-02"
    assert main([*rebind, "--db", str(database.path)]) == 1
    assert capsys.readouterr().err == (
        f"comments: không có bình luận nào của bài {ARTICLE} đăng ngày 2024-03-01\n"
    )


def test_comments_of_before_article_days_are_bound_to_the_article_at_their_id_if_newer(
    database: Database, tmp_path: Path
) -> None:
    earlier = replace(stored(), article_date=None)
    # 2024-03-01 began at 2024-02-29T10:00Z in Kiribati (UTC+14), first on Earth.
    older = replace(earlier, created="2024-02-29T09:59:59+00:00", text="Bài cũ đã xóa.")
    same_day = replace(earlier, created="2024-02-29T10:00:00+00:00", text="Đã có ngày đó.")
    ids = [add_approved(database, comment) for comment in (older, same_day, earlier)]
    waiting = add_comment(database, earlier)
    gone = add_approved(database, replace(earlier, article="2023-01-da-xoa"))
    report = export_all(database, tmp_path)
    assert report.bound == 3
    connection = database.connection()
    days = [get_comment(connection, n).article_date for n in [*ids, waiting, gone]]  # type: ignore[union-attr]
    assert days == [None, "2024-03-01", "2024-03-01", "2024-03-01", None]
    shown = [comment.id for comment in load_exported(tmp_path / f"{ARTICLE}.json").comments]
    assert shown == ids[1:]
    assert [str(orphans) for orphans in report.orphans] == [
        f"bình luận {gone} của bài 2023-01-da-xoa (chưa rõ ngày đăng) không được hiện: trang "
        "không còn bài viết nào ở mã này",
        f"bình luận {ids[0]} của bài {ARTICLE} (chưa rõ ngày đăng) không được hiện: chúng cũ "
        "hơn bài viết hiện ở mã này (đăng ngày 2024-03-01)",
    ]
    assert str(report) == (
        "ghi 1 tệp, 0 tệp không đổi, xóa 0 tệp; gắn 3 bình luận cũ với bài viết hiện có ở mã "
        "của chúng; 2 bình luận không có bài viết"
    )
    assert export_all(database, tmp_path).bound == 0  # bound once, for good


V1_COMMENTS = """CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected')),
    created TEXT NOT NULL,
    article TEXT NOT NULL,
    parent INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    email TEXT,
    ip_hash TEXT NOT NULL
)"""


def test_a_database_of_version_1_gets_the_article_day_column(tmp_path: Path) -> None:
    path = tmp_path / "comments.sqlite3"
    old = sqlite3.connect(path)
    old.execute(V1_COMMENTS)
    old.execute(
        "INSERT INTO comments (status, created, article, name, text, ip_hash) VALUES"
        " ('approved', '2024-03-05T01:02:03+00:00', ?, 'Lê Thị Hoa', 'Ý kiến.', 'h')",
        (ARTICLE,),
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    database = Database(path)
    assert database.connection().execute("PRAGMA user_version").fetchone() == (2,)
    assert get_comment(database.connection(), 1) == replace(
        stored(), id=1, status="approved", article_date=None, ip_hash="h"
    )
    assert export_all(database, tmp_path / "out").written == [ARTICLE]
