"""Field checks, text cleaning, origins, the article list and the serve command's refusals."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
import unicodedata
from pathlib import Path

import pytest

from bulletin.comments.articles import ArticlesError, read_articles
from bulletin.comments.body import parse_form
from bulletin.comments.cli import main
from bulletin.comments.origins import origin_of, parse_origin
from bulletin.comments.store import Database
from bulletin.comments.validation import (
    Submission,
    clean_name,
    clean_text,
    email_message,
    verify,
)
from comments_helpers import ARTICLE, fields


def test_verify_gives_a_clean_submission() -> None:
    pairs: list[tuple[str, object]] = list(
        fields(name=" Lê  Văn\nBa ", email="ba@example.vn", parent="12", website="").items()
    )
    assert verify(pairs) == Submission(
        article=ARTICLE,
        name="Lê  Văn Ba",
        text="Rất vui mừng & phấn khởi.",
        email="ba@example.vn",
        parent=12,
        honeypot=False,
    )


def test_verify_reports_every_problem() -> None:
    assert verify([("article", "Bad Id"), ("name", "A"), ("text", "  ab  ")]) == [
        "Mã bài viết không hợp lệ.",
        "Họ tên phải có từ 2 đến 80 ký tự.",
        "Nội dung bình luận phải có từ 3 đến 4.000 ký tự.",
    ]
    assert verify([]) == [
        "Thiếu trường “article” (bài viết).",
        "Thiếu trường “name” (họ tên).",
        "Thiếu trường “text” (nội dung bình luận).",
    ]


def test_lengths_are_counted_in_nfc_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "ệ" * 4000)
    assert len(decomposed) == 12000
    submission = verify(list(fields(text=decomposed).items()))
    assert isinstance(submission, Submission) and submission.text == "ệ" * 4000
    assert isinstance(verify(list(fields(text="ệ" * 4001).items())), list)
    assert isinstance(verify(list(fields(name="Ý" * 80).items())), Submission)
    assert isinstance(verify(list(fields(name="Ý" * 81).items())), list)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("\u202aab\u202c\u202dc\u202e\u2067d\u2069", "abcd"),
        ("x\u200by\u200cz\u200d\u2060w\ufeff", "xyzw"),
        ("\x1b[31mđỏ\x7f\x85hết", "[31mđỏ\nhết"),
        ("\tthụt lề\t\n", "thụt lề"),
        ("\u00d0ảng", "Đảng"),
    ],
)
def test_clean_text(raw: str, text: str) -> None:
    assert clean_text(raw) == text


def test_clean_name_keeps_one_line() -> None:
    assert clean_name("\u202eLê\nThị\tHoa\u2028 \x00") == "Lê Thị Hoa"


@pytest.mark.parametrize(
    ("email", "accepted"),
    [
        ("an@example.vn", True),
        ("an.nguyen+bt@so.tinh.gov.vn", True),
        ("an@localhost", False),
        ("an@@example.vn", False),
        ("an example@example.vn", False),
        ("@example.vn", False),
        ("a" * 65 + "@example.vn", False),
        ("a@" + "b" * 250 + ".vn", False),
    ],
)
def test_email_shape(email: str, accepted: bool) -> None:
    assert (email_message(email) is None) is accepted


def test_form_values_keep_ampersands_plus_and_vietnamese() -> None:
    body = "text=%C4%90%E1%BA%A3ng+%26+D%C3%A2n%3D1&name=a%2Bb"
    assert parse_form(body) == [("text", "Đảng & Dân=1"), ("name", "a+b")]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Example.org/a/b?c", "https://example.org"),
        ("https://example.org:443", "https://example.org"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/x", "http://[::1]:8000"),
        ("null", None),
        ("ftp://example.org", None),
        ("https://example.org:99999", None),
        ("/relative", None),
    ],
)
def test_origin_of(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin


def test_parse_origin_refuses_paths() -> None:
    assert parse_origin("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    for value in ("http://127.0.0.1:8000/tin/", "example.org", "https://a.vn?x=1"):
        with pytest.raises(ValueError, match="không phải một nguồn"):
            parse_origin(value)


def test_the_article_list_reports_every_problem_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    entry = {"id": ARTICLE, "url": "https://a.vn/x/", "title": "T", "date": "2024-03-01"}
    entry["comments"] = True
    bad = [
        entry,
        {**entry, "id": "Không-hợp-lệ"},
        {**entry, "id": "b", "url": "/relative/"},
        {**entry, "id": "c", "comments": "yes"},
        entry,
        "text",
        {**entry, "id": "d", "date": "2024-02-30"},
        {key: value for key, value in entry.items() if key != "date"} | {"id": "e"},
    ]
    path.write_text(json.dumps({"articles": bad}), encoding="utf-8")
    with pytest.raises(ArticlesError) as error:
        read_articles(path)
    assert str(error.value).splitlines() == [
        f"{path}: articles[1].id: 'Không-hợp-lệ' không phải mã bài viết "
        "([a-z0-9][a-z0-9-]{0,199})",
        f"{path}: articles[2].url: '/relative/' không phải địa chỉ http(s) đầy đủ",
        f"{path}: articles[3].comments: 'yes' không phải true hoặc false",
        f"{path}: articles[4].id: '{ARTICLE}' có hai lần trong danh sách",
        f"{path}: articles[5]: cần một đối tượng gồm id, url, title, date, comments",
        f"{path}: articles[6].date: '2024-02-30' không phải ngày đăng (YYYY-MM-DD)",
        f"{path}: articles[7].date: None không phải ngày đăng (YYYY-MM-DD)",
    ]
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ArticlesError, match=re.escape('cần một đối tượng {"articles"')):
        read_articles(path)


def test_serve_refuses_a_missing_article_list_and_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "var" / "c.sqlite3")
    origin = ["--origin", "http://127.0.0.1:8000"]
    missing = ["serve", "--db", db, "--articles", str(tmp_path / "none.json"), *origin]
    assert main(missing) == 1
    assert "không đọc được danh sách bài viết" in capsys.readouterr().err
    assert (tmp_path / "var" / "c.sqlite3").exists()  # the folder was created
    for wrong in (["--origin", "http://a.vn/tin/"], ["--trusted-proxy", "proxy.lan"]):
        with pytest.raises(SystemExit) as error:
            main(["serve", "--db", db, "--articles", "a.json", *origin, *wrong])
        assert error.value.code == 2


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    Database(path).connection().execute("PRAGMA user_version = 99")
    with pytest.raises(sqlite3.DatabaseError, match="phiên bản 99 mới hơn phiên bản chương"):
        Database(path)


def test_the_database_is_durable_and_waits_for_other_writers(tmp_path: Path) -> None:
    connection = Database(tmp_path / "c.sqlite3", busy_timeout=7).connection()
    for name in ("c.sqlite3", "c.sqlite3-wal"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o660, name
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert connection.execute("PRAGMA busy_timeout").fetchone() == (7000,)
    assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)  # whatever the build
