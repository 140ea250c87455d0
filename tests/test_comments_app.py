"""The WSGI app in-process: routes, bodies, fields, origins, articles, parents, honeypot."""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import unicodedata
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bulletin.comments.app import CommentsApp
from bulletin.comments.body import FORM, JSON
from bulletin.comments.store import Comment, Database, comments_with_status, get_comment
from comments_helpers import (
    ARTICLE,
    ARTICLE_URL,
    ARTICLES,
    CLOSED,
    OTHER,
    SECRET,
    Site,
    add_approved,
    call,
    fields,
    make_site,
    post_form,
    post_json,
    stored,
    write_articles,
)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def pending(site: Site) -> list[Comment]:
    with site.database.read() as connection:
        return comments_with_status(connection, "pending")


def test_a_form_comment_is_queued_and_the_reader_sent_back_to_the_article(site: Site) -> None:
    answer = post_form(site.app)
    assert answer.status == 303
    assert answer.headers["Location"] == f"{ARTICLE_URL}#binh-luan-da-gui"
    [comment] = pending(site)
    assert (comment.article, comment.name, comment.parent, comment.email) == (
        ARTICLE,
        "Nguyễn Văn An",
        None,
        None,
    )
    assert comment.text == "Rất vui mừng & phấn khởi."
    assert comment.created == "2023-11-14T22:13:20+00:00"
    assert comment.article_date == "2024-03-01"  # bound to the article of that day


def test_a_json_comment_is_answered_202_with_its_id(site: Site) -> None:
    first = post_json(site.app, fields())
    second = call(site.app, json.dumps(fields()).encode(), content_type=JSON, path="/comments/")
    assert (first.status, first.json()) == (202, {"status": "pending", "id": 1})
    assert (second.status, second.json()) == (202, {"status": "pending", "id": 2})
    assert first.headers["Content-Type"] == "application/json; charset=utf-8"


def test_health_wrong_methods_and_unknown_paths(site: Site) -> None:
    health = call(site.app, method="GET", path="/comments/health")
    assert (health.status, health.text) == (200, "ok")
    for method in ("GET", "PUT", "DELETE", "OPTIONS"):
        answer = call(site.app, method=method)
        assert (answer.status, answer.headers["Allow"]) == (405, "POST"), method
    assert call(site.app, method="POST", path="/comments/health").headers["Allow"] == "GET"
    assert call(site.app, path="/comment").status == 404
    assert call(site.app, method="GET", path="/").status == 404
    assert pending(site) == []


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.given = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.given += len(chunk)
        return chunk


def test_an_oversized_body_is_refused_413_without_being_read(site: Site) -> None:
    stream = CountingStream(b"x" * (65 * 1024))
    answer = call(site.app, length=str(65 * 1024), stream=stream)
    assert answer.status == 413 and stream.given == 0
    assert "64 KiB" in answer.text and '<html lang="vi">' in answer.text
    big = post_json(site.app, fields(text="a" * (64 * 1024)))
    assert big.status == 413 and "64 KiB" in big.json()["error"]
    exactly = urlencode(fields(text="a" * 4000, name="b" * (64 * 1024 - 4000))).encode()
    exactly = exactly[: 64 * 1024]
    assert len(exactly) == 64 * 1024
    assert call(site.app, exactly).status == 400  # read whole: too long a name


VALID_FORM = urlencode(fields()).encode()  # each case below spoils it in one way only
VALID_JSON = json.dumps(fields()).encode()


@pytest.mark.parametrize(
    ("body", "length", "content_type"),
    [
        (VALID_FORM, str(len(VALID_FORM) + 1), FORM),  # truncated
        (VALID_FORM, None, f"{FORM}; charset=utf-8"),  # no Content-Length
        (VALID_FORM, "", FORM),
        (VALID_FORM, "nine", FORM),
        (VALID_FORM, "-9", FORM),
        (VALID_FORM + b"\xff", "auto", FORM),
        (VALID_FORM + b"%FF", "auto", FORM),
        (VALID_FORM + b"%zz", "auto", FORM),
        (VALID_FORM + b"&website", "auto", FORM),
        (VALID_FORM + b"&&website=", "auto", FORM),
        (VALID_FORM + b"&=abc", "auto", FORM),
        (VALID_JSON[:-1], "auto", JSON),
        (VALID_JSON + b"x", "auto", JSON),
        (VALID_JSON.replace(b"&", b"\xff"), "auto", JSON),
        (b"[%s]" % VALID_JSON, "auto", JSON),
        (b'"text"', "auto", JSON),
        (b"[" * 60_000, "auto", JSON),
    ],
)
def test_a_malformed_body_is_refused_400(
    site: Site, body: bytes, length: str | None, content_type: str
) -> None:
    headers = {} if length == "auto" else {"CONTENT_LENGTH": length}
    answer = call(site.app, body, content_type=content_type, headers=headers)
    assert answer.status == 400, answer.text
    assert pending(site) == []


def test_other_media_types_and_charsets_are_refused_415(site: Site) -> None:
    body = urlencode(fields()).encode()
    assert call(site.app, body, content_type="text/plain").status == 415
    assert call(site.app, body, content_type="multipart/form-data").status == 415
    latin = "application/x-www-form-urlencoded; charset=iso-8859-1"
    assert call(site.app, body, content_type=latin).status == 415
    assert call(site.app, body, content_type="Application/X-WWW-Form-URLencoded").status == 303


def test_unknown_duplicate_missing_and_non_string_fields_are_named(site: Site) -> None:
    form = urlencode([*fields().items(), ("homepage", "x"), ("name", "Lê Văn B")]).encode()
    answer = call(site.app, form)
    assert answer.status == 400
    assert "“homepage”" in answer.text and "“name” (họ tên) được gửi nhiều lần" in answer.text
    missing = post_json(site.app, {"article": ARTICLE, "name": "Lê Văn B"})
    assert missing.json() == {"error": "Thiếu trường “text” (nội dung bình luận)."}
    typed = post_json(site.app, {**fields(), "parent": 3, "email": None})
    assert "“parent”" in typed.json()["error"] and "“email”" in typed.json()["error"]
    raw = b'{"article": "%s", "name": "A B", "name": "C D", "text": "abcd"}' % ARTICLE.encode()
    repeated = call(site.app, raw, content_type=JSON)
    assert "“name” (họ tên) được gửi nhiều lần" in repeated.json()["error"]
    assert pending(site) == []


def test_field_messages_are_escaped_and_link_back_to_the_article(site: Site) -> None:
    answer = call(site.app, urlencode({**fields(), "<script>x</script>": "1"}).encode())
    assert "&lt;script&gt;" in answer.text and "<script>" not in answer.text
    assert f'<a href="{ARTICLE_URL}">Quay lại bài viết</a>' in answer.text
    short = post_form(site.app, text="ab")
    assert "Nội dung bình luận phải có từ 3 đến 4.000 ký tự." in short.text


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_ORIGIN": "http://example.org"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        ({"HTTP_ORIGIN": None}, 403),
        ({"HTTP_ORIGIN": None, "HTTP_REFERER": "https://evil.example/example.org/"}, 403),
        ({"HTTP_ORIGIN": "https://evil.example", "HTTP_REFERER": "https://example.org/"}, 403),
        ({"HTTP_ORIGIN": None, "HTTP_REFERER": f"{ARTICLE_URL}?a=1"}, 303),
        ({"HTTP_ORIGIN": "https://EXAMPLE.org:443"}, 303),
    ],
)
def test_only_the_sites_own_pages_may_post(
    site: Site, headers: dict[str, str | None], status: int
) -> None:
    answer = call(site.app, urlencode(fields()).encode(), headers=headers)
    assert answer.status == status
    assert len(pending(site)) == (1 if status == 303 else 0)


def test_unknown_articles_closed_articles_and_bad_ids(site: Site) -> None:
    assert post_form(site.app, article="2099-01-khong-co").status == 404
    closed = post_form(site.app, article=CLOSED)
    assert closed.status == 403 and "không nhận bình luận" in closed.text
    assert post_json(site.app, fields(article="../../etc/passwd")).json() == {
        "error": "Mã bài viết không hợp lệ."
    }
    assert pending(site) == []


def test_the_article_list_is_read_again_when_it_changes(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    closing = json.loads(json.dumps(ARTICLES))
    closing["articles"][0]["comments"] = False
    write_articles(path, closing)
    os.utime(path, ns=(10**18, 10**18))
    assert post_form(site.app).status == 403
    path.write_text("{half written", encoding="utf-8")
    os.utime(path, ns=(2 * 10**18, 2 * 10**18))
    assert post_form(site.app).status == 403  # the last good list stays in use
    assert post_form(site.app, article=OTHER).status == 303


def test_a_reply_answers_an_approved_top_level_comment_of_the_same_article(site: Site) -> None:
    top = add_approved(site.database, stored())
    other = add_approved(site.database, stored(article=OTHER))
    reply = add_approved(site.database, stored(parent=top))
    deleted = add_approved(site.database, replace(stored(), article_date="2023-12-01"))
    with site.database.write() as connection:
        waiting = connection.execute(
            "INSERT INTO comments (created, article, name, text, ip_hash)"
            " VALUES ('2024-01-01T00:00:00+00:00', ?, 'Chờ', 'Chờ duyệt', 'h')",
            (ARTICLE,),
        ).lastrowid
    refused = {
        str(waiting): "chưa được duyệt",
        "999": "không tồn tại",
        str(other): "bài viết khác",
        str(deleted): "bài viết khác",  # the article deleted where this one is now
        str(reply): "không trả lời một câu trả lời",
        "1x": "Số bình luận không hợp lệ",
    }
    for parent, message in refused.items():
        answer = post_json(site.app, fields(parent=parent))
        assert answer.status == 400 and message in answer.json()["error"], parent
    accepted = post_json(site.app, fields(parent=str(top)))
    assert accepted.status == 202
    with site.database.read() as connection:
        comment = get_comment(connection, accepted.json()["id"])
    assert comment is not None and comment.parent == top


def test_a_honeypot_post_is_answered_exactly_as_a_real_one_and_not_stored(site: Site) -> None:
    real = post_form(site.app, remote="127.0.0.2")
    trapped = post_form(site.app, remote="127.0.0.3", website="http://spam.example")
    assert (trapped.status, trapped.headers, trapped.body) == (real.status, real.headers, real.body)
    robot = [post_json(site.app, fields(website="x"), remote="127.0.0.4") for _ in range(2)]
    reader = post_json(site.app, fields(), remote="127.0.0.5")
    answers = [*robot, reader]
    assert [(answer.status, answer.json()) for answer in answers] == [
        (202, {"status": "pending", "id": 3}),
        (202, {"status": "pending", "id": 4}),
        (202, {"status": "pending", "id": 5}),
    ]  # the ids advance as they would for readers: 1 and 5 are stored, 2 to 4 never will be
    assert {tuple(answer.headers.items()) for answer in answers} == {tuple(reader.headers.items())}
    assert [comment.id for comment in pending(site)] == [1, 5]


def test_a_honeypot_post_counts_against_its_client_like_a_real_one(site: Site) -> None:
    assert [post_form(site.app).status for _ in range(3)] == [303, 303, 303]
    real = post_form(site.app)
    trapped = post_form(site.app, website="http://spam.example")
    assert (real.status, trapped.status) == (429, 429)
    assert (trapped.headers, trapped.body) == (real.headers, real.body)
    robot = [post_json(site.app, fields(website="x"), remote="127.0.0.7") for _ in range(4)]
    assert [answer.status for answer in robot] == [202, 202, 202, 429]
    assert post_json(site.app, fields(), remote="127.0.0.7").status == 429
    assert len(pending(site)) == 3


def test_a_honeypot_post_is_refused_where_a_real_one_would_be(tmp_path: Path) -> None:
    site = make_site(tmp_path, queue_cap=1)
    real, trapped = (post_json(site.app, fields(parent="99", website=trap)) for trap in ("", "x"))
    assert (real.status, trapped.status) == (400, 400) and real.body == trapped.body
    assert post_json(site.app, fields(), remote="127.0.0.2").status == 202
    real = post_json(site.app, fields(), remote="127.0.0.3")
    trapped = post_json(site.app, fields(website="x"), remote="127.0.0.4")
    assert (real.status, trapped.status) == (503, 503) and real.body == trapped.body


def test_the_queue_refuses_comments_when_full(tmp_path: Path) -> None:
    site = make_site(tmp_path, queue_cap=2)
    assert [post_form(site.app, remote=f"127.0.0.{n}").status for n in (1, 2)] == [303, 303]
    full = post_form(site.app, remote="127.0.0.3")
    assert full.status == 503 and full.headers["Retry-After"] == "3600"
    assert "quá nhiều bình luận chờ duyệt" in full.text
    assert len(pending(site)) == 2


def test_text_is_stored_in_nfc_without_controls_bidi_or_zero_width(site: Site) -> None:
    name = unicodedata.normalize("NFD", " \u202eNguyễn\u200b Phước\u2066 Lộc\ufeff\t")
    text = unicodedata.normalize(
        "NFD", "Đảng ủy\u200d & <b>nhân dân</b>\r\n\x00dòng\u2069 hai\x07 "
    )
    assert post_form(site.app, name=name, text=text).status == 303
    [comment] = pending(site)
    assert comment.name == "Nguyễn Phước Lộc"
    assert comment.text == "Đảng ủy & <b>nhân dân</b>\ndòng hai"
    assert unicodedata.is_normalized("NFC", comment.name + comment.text)


def test_invisible_characters_do_not_count_towards_the_length(site: Site) -> None:
    answer = post_json(site.app, fields(name="A\u200b\u200b\u202e", text="ab\u2060\ufeff"))
    assert answer.json()["error"] == (
        "Họ tên phải có từ 2 đến 80 ký tự. Nội dung bình luận phải có từ 3 đến 4.000 ký tự."
    )


def test_email_is_checked_and_kept_private(site: Site) -> None:
    assert post_json(site.app, fields(email="khong-phai-email")).status == 400
    long = "a" * 250 + "@x.vn"
    assert "254" in post_json(site.app, fields(email=long)).json()["error"]
    assert post_json(site.app, fields(email=" an@example.vn ")).status == 202
    [comment] = pending(site)
    assert comment.email == "an@example.vn"


def test_a_locked_database_is_answered_503(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    impatient = Database(site.database.path, busy_timeout=0.05)
    app = CommentsApp(impatient, site.app.articles, site.app.settings, SECRET)
    blocker = sqlite3.connect(site.database.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        answer = post_json(app, fields())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert (answer.status, answer.headers["Retry-After"]) == (503, "60")
    assert answer.json() == {"error": "Hệ thống đang bận, vui lòng gửi lại sau ít phút."}
    assert post_json(app, fields()).status == 202


SURROGATE_MESSAGE = (
    "có ký tự không hợp lệ (nửa cặp surrogate UTF-16, hoặc byte không phải UTF-8): cần văn bản "
    "Unicode hợp lệ."
)
LABEL = {"name": "họ tên", "text": "nội dung bình luận", "email": "email"}


@pytest.mark.parametrize("field", ["name", "text", "email"])
def test_a_lone_surrogate_in_json_is_refused_400_naming_its_field(
    site: Site, field: str, caplog: pytest.LogCaptureFixture
) -> None:
    value = {"name": "Lê \ud800Hoa", "text": "Ý kiến \udfff.", "email": "\udbff@example.vn"}
    answer = post_json(site.app, fields(**{field: value[field]}))  # sent as "\ud800"
    assert b"\\ud" in json.dumps(fields(**{field: value[field]})).encode()
    assert (answer.status, answer.json()) == (
        400,
        {"error": f"Trường “{field}” ({LABEL[field]}) {SURROGATE_MESSAGE}"},
    )
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert pending(site) == []


@pytest.mark.parametrize("field", ["name", "text", "email"])
@pytest.mark.parametrize("escaped", ["%ED%A0%80", "%ED%BF%BF", "%FF", "%C3"])
def test_form_bytes_that_are_not_utf8_are_refused_400_naming_their_field(
    site: Site, field: str, escaped: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = urlencode({**fields(), field: "GIỮ-CHỖ"}).replace("GI%E1%BB%AE-CH%E1%BB%96", escaped)
    answer = call(site.app, f"{body}".encode())
    assert answer.status == 400
    assert f"<li>Trường “{field}” ({LABEL[field]}) {SURROGATE_MESSAGE}</li>" in answer.text
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert pending(site) == []


def test_a_lone_surrogate_in_a_field_name_is_shown_escaped(site: Site) -> None:
    answer = call(
        site.app, b'{"\\ud800": "x", "article": "%s"}' % ARTICLE.encode(), content_type=JSON
    )
    assert answer.status == 400
    assert answer.json()["error"].startswith("Trường “\\ud800” không được chấp nhận.")
    form = call(site.app, urlencode(fields()).encode() + b"&%FF=1")
    assert form.status == 400 and "Trường “\\udcff” không được chấp nhận." in form.text


INVISIBLE = [
    "\u2800\u2800\u2800",  # blank Braille patterns (So)
    "\u3164\u3164\u3164",  # Hangul filler (Lo)
    "\u115f\u1160\uffa0",  # Hangul choseong and jungseong fillers, halfwidth filler (Lo)
    "\u0301\u0301\u0301\u0301",  # combining acute accents alone (Mn)
    "\u20dd\u20dd\u20dd",  # combining enclosing circles (Me)
    "\u034f\u034f\u034f",  # combining grapheme joiners (Mn)
    "\ufe0f\ufe0f\ufe0f",  # variation selectors (Mn)
    "\u00ad\u00ad\u00ad",  # soft hyphens (Cf)
    "\U000e0041\U000e0042\U000e0043",  # tag characters (Cf)
    "\u200b\u3164\u2060\u3164\u200d\u3164",  # zero-width characters around fillers
    "\u3000\u2800\u00a0\u2800\u2002\u2800",  # spaces (Zs) and blank Braille patterns
    "\u180e\u2061\u2062",  # Mongolian vowel separator, invisible operators (Cf)
    "\ue000\ue001\ue002",  # private use (Co)
]


@pytest.mark.parametrize("value", INVISIBLE)
def test_a_name_or_text_that_shows_nothing_is_refused_400(site: Site, value: str) -> None:
    answer = post_json(site.app, fields(name=value, text=value))
    assert (answer.status, answer.json()) == (
        400,
        {
            "error": "Họ tên không có ký tự nào nhìn thấy được (chỉ có khoảng trắng, ký tự ẩn "
            "hoặc dấu đứng riêng): cần ít nhất một chữ, số hoặc dấu câu. Nội dung bình luận "
            "không có ký tự nào nhìn thấy được (chỉ có khoảng trắng, ký tự ẩn hoặc dấu đứng "
            "riêng): cần ít nhất một chữ, số hoặc dấu câu."
        },
    )
    form = post_form(site.app, text=value)
    assert form.status == 400 and "<li>Nội dung bình luận không có ký tự nào" in form.text
    assert pending(site) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), unicodedata.normalize("NFD", "Ủng hộ!")),
        ("Kim\u3164Ji-woo", "한국어 댓글\u3164입니다"),  # a filler among letters
        ("Ab\u0301", "👍👍👍"),  # a mark that does not compose, after its letter
        ("Lê ⠃", "⠓⠑⠇⠇⠕"),  # Braille that shows dots
        ("An", "..."),
    ],
)
def test_text_with_something_visible_is_accepted(site: Site, name: str, text: str) -> None:
    answer = post_json(site.app, fields(name=name, text=text))
    assert answer.status == 202, answer.json()
    [comment] = pending(site)
    assert (comment.name, comment.text) == (
        unicodedata.normalize("NFC", name),
        unicodedata.normalize("NFC", text),
    )
