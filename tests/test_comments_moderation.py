"""Moderation from the command line: pending, show, approve, reject, erase, purge, audit."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bulletin.comments.arguments import translate
from bulletin.comments.cli import main
from bulletin.comments.moderation import erase, moderate, pending_line, purge_emails
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
    assert (code, out) == (0, "Đã duyệt 1/1 bình luận.\n")
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
    assert (code, err) == (1, "comments: không có bình luận số 404\n")
    assert out == "Đã duyệt 1/2 bình luận.\n"
    assert get_comment(database.connection(), known).status == "approved"  # type: ignore[union-attr]
    code, out, err = run(capsys, "show", "--db", str(db_path), "405")
    assert (code, out, err) == (1, "", "comments: không có bình luận số 405\n")
    code, out, err = run(capsys, "reject", "--db", str(db_path), "406")
    assert (code, out, err) == (
        1,
        "Đã từ chối 0/1 bình luận.\n",
        "comments: không có bình luận số 406\n",
    )


def test_show_prints_every_field_in_vietnamese_times_in_the_sites_zone(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    late = replace(stored(), email="hoa@example.vn", created="2024-03-05T19:02:03+00:00")
    comment_id = add(database, late)
    code, out, _ = run(capsys, "show", "--db", str(db_path), str(comment_id))
    assert code == 0
    assert out.splitlines() == [
        f"Số: {comment_id}",
        "Trạng thái: chờ duyệt",
        "Gửi lúc: 6/3/2024 02:02:03 (UTC+07:00)",
        f"Bài viết: {ARTICLE} (đăng ngày 2024-03-01)",
        "Trả lời bình luận: -",
        "Họ tên: Lê Thị Hoa",
        "Email: hoa@example.vn",
        "Mã băm địa chỉ IP: hash",
        "Nội dung:",
        "Ý kiến.",
    ]
    moderate(database, [comment_id], "approve", "test")
    code, out, _ = run(capsys, "show", "--db", str(db_path), str(comment_id), "--timezone", "UTC")
    assert out.splitlines()[1:3] == [
        "Trạng thái: đã duyệt",
        "Gửi lúc: 5/3/2024 19:02:03 (UTC+00:00)",
    ]
    with pytest.raises(SystemExit) as exit:
        main(["show", "--db", str(db_path), "1", "--timezone", "Asia/Hà_Nội"])
    assert exit.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "comments.py show: lỗi: đối số --timezone: 'Asia/Hà_Nội' không phải một múi giờ "
        "(như Asia/Ho_Chi_Minh)"
    )


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
    assert (code, out) == (0, f"Đã xóa 2 bình luận: {top}, {own_reply}.\n")
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
    assert (code, out) == (
        0,
        "Đã quên địa chỉ email của 1 bình luận gửi cách đây hơn 0 ngày.\n",
    )
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
        assert result.stderr.startswith("cách dùng: comments.py")
    assert list(tmp_path.iterdir()) == []  # nothing created on a usage error


def test_serve_purges_at_start_then_daily_until_stopped(db_path: Path) -> None:
    database = Database(db_path)
    old = add(database, replace(stored(), email="cu@example.vn"))
    stop = purge_now_and_daily(database, 30, "máy chủ")
    stop.set()
    assert get_comment(database.connection(), old).email is None  # type: ignore[union-attr]
    assert audit_rows(database) == [("máy chủ", "purge-emails", None, "1 older than 30 days")]


def copies(db_path: Path, address: str) -> dict[str, int]:
    """How many times `address` (case aside) is in the database file, its -wal and its -shm."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        data = path.read_bytes().lower() if path.exists() else b""
        found[suffix] = data.count(address.lower().encode())
    return found


NONE_LEFT = {"": 0, "-wal": 0, "-shm": 0}


def test_an_erased_address_leaves_no_copy_in_any_file_of_the_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    address = "Hoa.Nguyen@Example.vn"
    for number in range(30):  # a transaction each: as many versions of the pages in the log
        add(database, replace(stored(), email=address, text=f"Ý kiến số {number}."))
        add(database, replace(stored(), email="khac@example.vn"))
    assert sum(copies(db_path, address).values()) >= 30
    code, out, _ = run(capsys, "erase", "--db", str(db_path), "--email", "hoa.nguyen@example.VN")
    assert (code, out.split(":")[0]) == (0, "Đã xóa 30 bình luận")
    assert copies(db_path, address) == NONE_LEFT
    assert copies(db_path, "khac@example.vn")[""] == 2 * 30  # the rows and their index
    code, out, _ = run(capsys, "erase", "--db", str(db_path), "--email", address)
    assert (code, out) == (0, "Không có bình luận nào của địa chỉ email này.\n")


def test_a_purged_address_leaves_no_copy_in_any_file_of_the_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(db_path)
    for number in range(30):
        add(database, replace(stored(), email="cu@example.vn", text=f"Ý kiến số {number}."))
    assert sum(copies(db_path, "cu@example.vn").values()) >= 30
    assert run(capsys, "purge-emails", "--db", str(db_path), "--days", "30")[0] == 0
    assert copies(db_path, "cu@example.vn") == NONE_LEFT
    add(database, replace(stored(), email="may-chu@example.vn"))
    purge_now_and_daily(database, 30, "máy chủ").set()  # the server's daily purge
    assert copies(db_path, "may-chu@example.vn") == NONE_LEFT


def test_the_log_cannot_be_emptied_while_a_reader_holds_it(db_path: Path) -> None:
    database = Database(db_path, busy_timeout=0.1)
    add(database, replace(stored(), email="hoa@example.vn"))
    reader = Database(db_path)
    with reader.read() as connection:
        connection.execute("SELECT count(*) FROM comments").fetchone()
        add(database, stored())  # the reader's snapshot keeps the log from being emptied
        with pytest.raises(sqlite3.OperationalError, match="-wal: tệp nhật ký chưa được dọn"):
            erase(database, "hoa@example.vn", "test")
    erase(database, "hoa@example.vn", "test")  # again, once the reader is done
    assert copies(db_path, "hoa@example.vn") == NONE_LEFT


ENGLISH = re.compile(
    r"\b(usage|options|positional|arguments|show|help|message|exit|default|the|of|and|or|to|"
    r"for|from|with|comments?|number|days|older|than|every|file|address|write|read|accept)\b",
    re.IGNORECASE,
)
"""English words; in the help, after commands, options and paths are taken out."""
COMMANDS = ("serve", "pending", "show", "approve", "reject", "erase", "purge-emails", "export")


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit:
        main([*argv, "--help"])
    assert exit.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS, "rebind"])
def test_the_help_is_in_vietnamese(capsys: pytest.CaptureFixture[str], command: str | None) -> None:
    text = help_text(capsys, *([command] if command else []))
    assert text.startswith(f"cách dùng: comments.py{f' {command}' if command else ''}")
    assert "tùy chọn:" in text and "-h, --help" in text and "in hướng dẫn này rồi thoát" in text
    words = [
        word
        for word in text.split()
        if not re.search(r"[-/._:=\[\]{}]", word) and word.strip(",()") not in COMMANDS
    ]
    assert ENGLISH.findall(" ".join(words)) == []


def test_the_help_lists_the_commands_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys)
    assert "Nhận, duyệt và xuất bình luận của bạn đọc." in text
    # argparse aligns the commands' help by the longest name from Python 3.13 on, not before
    assert re.search(r"^    export +ghi bình luận đã duyệt ra JSON cho trang$", text, re.MULTILINE)
    assert text.endswith("Mã thoát: 0 xong, 1 có việc không làm được, 2 gọi lệnh sai.\n")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        ([], "comments.py: lỗi: thiếu đối số bắt buộc: LỆNH"),
        (
            ["sua"],
            "comments.py: lỗi: đối số LỆNH: không có lựa chọn 'sua' (chọn: 'serve', 'pending', "
            "'show', 'approve', 'reject', 'erase', 'purge-emails', 'export', 'rebind')",
        ),
        (["pending"], "comments.py pending: lỗi: thiếu đối số bắt buộc: --db"),
        (["pending", "--db", "x", "--them"], "comments.py: lỗi: đối số không nhận ra: --them"),
        (
            ["approve", "--db", "x", "mot"],
            "comments.py approve: lỗi: đối số SỐ: 'mot' không phải số của một bình luận",
        ),
        (["approve", "--db", "x"], "comments.py approve: lỗi: thiếu đối số bắt buộc: SỐ"),
        (
            ["purge-emails", "--db", "x", "--days"],
            "comments.py purge-emails: lỗi: đối số --days: cần một giá trị",
        ),
        (
            ["rebind", "a", "--from", "2024-02-30", "--to", "2024-03-01", "--db", "x"],
            "comments.py rebind: lỗi: đối số --from: '2024-02-30' không phải một ngày YYYY-MM-DD",
        ),
        (
            ["serve", "--db", "x", "--articles", "a.json", "--origin", "http://a.vn/tin/"],
            "comments.py serve: lỗi: đối số --origin: 'http://a.vn/tin/' không phải một nguồn "
            "như https://example.org",
        ),
    ],
)
def test_usage_errors_are_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], error: str
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("cách dùng: comments.py") and err.splitlines()[-1] == error


def test_an_unknown_argparse_message_is_left_as_it_is() -> None:
    assert translate("argument --x: something new") == "đối số --x: something new"
    assert translate("expected 2 arguments") == "cần 2 giá trị"


def test_pending_says_when_nothing_waits(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "pending", "--db", str(db_path)) == (
        0,
        "",
        "Không có bình luận nào chờ duyệt.\n",
    )
