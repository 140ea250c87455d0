"""Moderation from the command line: pending, show, approve, reject, erase, purge, audit."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bulletin.comments.cli import main
from bulletin.comments.moderation import pending_line, purge_emails
from bulletin.comments.server import purge_now_and_daily
from bulletin.comments.store import Comment, Database, get_comment, insert_comment
from comments_helpers import ARTICLE, OTHER, REPO, add_approved, stored


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "var" / "comments.sqlite3"


def add(database: Database, comment: Comment) -> int:
    with database.write() as connection:
        return insert_comment(connection, comment)


def audit_rows(database: Database) -> list[tuple[str, str, int | None, str]]:
    rows = database.connection().execute("SELECT who, action, comment, detail FROM audit")
    return [tuple(row) for row in rows]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pending_lists_one_line_per_comment_oldest_first(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    newer = replace(stored(name="Trần Thị Bình"), created="2024-03-06T00:00:00+00:00")
    long_text = "Dòng một\ncủa ý kiến  rất dài " + "và dài " * 30
    older = replace(stored(), text=long_text)
    second, first = add(database, newer), add(database, older)
    add_approved(database, stored(article=OTHER))
    code, out, err = run(capsys, "pending", "--db", str(db_path))
    lines = out.splitlines()
    assert (code, err, len(lines)) == (0, "", 2)
    assert lines[0].startswith(f"{first}  {ARTICLE}  Lê Thị Hoa: Dòng một của ý kiến rất dài và")
    assert len(lines[0]) == 100 and lines[0].endswith("…")
    assert lines[1] == f"{second}  {ARTICLE}  Trần Thị Bình: Ý kiến."


def test_pending_line_keeps_short_comments_whole() -> None:
    assert pending_line(replace(stored(), id=7)) == (f"7  {ARTICLE}  Lê Thị Hoa: Ý kiến.")


def test_approve_and_reject_change_the_status_and_are_audited(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    one, two, three = (add(database, stored()) for _ in range(3))
    code, out, _ = run(capsys, "approve", "--db", str(db_path), "--by", "biên tập", str(one))
    assert (code, out) == (0, "approve: 1 of 1 comments\n")
    assert run(capsys, "reject", "--db", str(db_path), "--by", "bt", str(two), str(three))[0] == 0
    connection = database.connection()
    statuses = [get_comment(connection, n).status for n in (one, two, three)]  # type: ignore[union-attr]
    assert statuses == ["approved", "rejected", "rejected"]
    assert audit_rows(database) == [
        ("biên tập", "approve", one, "pending → approved"),
        ("bt", "reject", two, "pending → rejected"),
        ("bt", "reject", three, "pending → rejected"),
    ]
    at = database.connection().execute("SELECT at FROM audit").fetchone()[0]
    assert datetime.fromisoformat(at).tzinfo is not None


def test_an_unknown_id_is_reported_and_the_others_are_done(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    known = add(database, stored())
    code, out, err = run(capsys, "approve", "--db", str(db_path), "404", str(known))
    assert (code, err) == (1, "comments: no comment 404\n")
    assert out == "approve: 1 of 2 comments\n"
    assert get_comment(database.connection(), known).status == "approved"  # type: ignore[union-attr]
    code, out, err = run(capsys, "show", "--db", str(db_path), "405")
    assert (code, out, err) == (1, "", "comments: no comment 405\n")


def test_show_prints_every_field(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = Database(db_path)
    comment_id = add(database, replace(stored(), email="hoa@example.vn"))
    code, out, _ = run(capsys, "show", "--db", str(db_path), str(comment_id))
    assert code == 0
    assert out.splitlines() == [
        f"id: {comment_id}",
        "status: pending",
        "created: 2024-03-05T01:02:03+00:00",
        f"article: {ARTICLE}",
        "parent: -",
        "name: Lê Thị Hoa",
        "email: hoa@example.vn",
        "ip hash: hash",
        "text:",
        "Ý kiến.",
    ]


def test_erase_removes_an_authors_comments_and_unlinks_replies_by_others(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    author = "Hoa@Example.vn"
    top = add_approved(database, replace(stored(), email=author))
    reply = add_approved(database, stored(name="Người khác", parent=top))
    own_reply = add(database, replace(stored(parent=top), email=author))
    kept = add(database, replace(stored(), email="khac@example.vn"))
    code, out, _ = run(capsys, "erase", "--db", str(db_path), "--email", "hoa@example.VN")
    assert (code, out) == (0, f"erased 2 comments: {top}, {own_reply}\n")
    connection = database.connection()
    assert get_comment(connection, top) is None and get_comment(connection, own_reply) is None
    assert get_comment(connection, reply).parent is None  # type: ignore[union-attr]
    assert get_comment(connection, kept) is not None
    erased = [row for row in audit_rows(database) if row[1] == "erase"]
    assert [row[2] for row in erased] == [top, own_reply]
    assert "hoa@example.vn" not in "\n".join(database.connection().iterdump()).lower()


def test_purge_forgets_old_email_addresses_only(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    old = add(database, replace(stored(), email="cu@example.vn"))
    now = datetime(2024, 3, 20, 1, 2, 4, tzinfo=UTC)
    recent = replace(stored(), email="moi@example.vn", created=now.isoformat())
    new = add(database, recent)
    assert purge_emails(database, 15, "test", now) == 1
    connection = database.connection()
    assert get_comment(connection, old).email is None  # type: ignore[union-attr]
    assert get_comment(connection, new).email == "moi@example.vn"  # type: ignore[union-attr]
    code, out, _ = run(capsys, "purge-emails", "--db", str(db_path), "--days", "0")
    assert (code, out) == (0, "forgot the e-mail addresses of 1 comments older than 0 days\n")
    assert [row[1:] for row in audit_rows(database)] == [
        ("purge-emails", None, "1 older than 15 days"),
        ("purge-emails", None, "1 older than 0 days"),
    ]


def test_usage_errors_exit_2_through_the_launcher(tmp_path: Path) -> None:
    launcher = [sys.executable, str(REPO / "scripts" / "comments.py")]
    for argv in (["pending"], ["approve", "--db", "x.db"], ["approve", "--db", "x", "one"]):
        result = subprocess.run(
            launcher + argv, cwd=tmp_path, capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 2, argv
        assert "usage: comments.py" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing created on a usage error


def test_serve_purges_at_start_then_daily_until_stopped(db_path: Path) -> None:
    database = Database(db_path)
    old = add(database, replace(stored(), email="cu@example.vn"))
    stop = purge_now_and_daily(database, 30, "máy chủ")
    stop.set()
    assert get_comment(database.connection(), old).email is None  # type: ignore[union-attr]
    assert audit_rows(database) == [("máy chủ", "purge-emails", None, "1 older than 30 days")]
