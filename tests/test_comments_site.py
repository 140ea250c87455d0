"""Approved comments are built into the article page, escaped exactly once, and only under the
article they were posted on; the form posts to the handler, or says comments are closed; the
build publishes the list the handler reads; orphaned comment files are found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from bulletin.comments.articles import CommentableArticle
from bulletin.comments.published import Orphan, encode_articles, orphans
from bulletin.editors.check import check
from bulletin.editors.site_config import read_site
from sites import REPO, article, build_site, failed_build, write_site

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    "{{ config.site_name }} {% if true %}x{% endif %}",
    "</textarea><script>alert(1)</script>",
    "<style>*{display:none}</style>",
    "&lt;script&gt; đã được mã hóa sẵn",
    "<body onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- chú thích mở không đóng",
    "Q&A: Đảng bộ & nhân dân, hoà thuận; khoẻ mạnh",
]


def config(comments_url: str | None) -> str:
    option = f"\n      comments_url: {comments_url}" if comments_url else ""
    return f"""
site_name: Bản tin thử
site_url: https://example.org/ban-tin/
strict: true
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
plugins:
  - bulletin:
      articles_dir: articles{option}
"""


def exported(article_id: str, texts: list[str], article_date: str | None = "2024-03-01") -> str:
    """An exported file of `texts` (the first with a reply); of before article days if
    `article_date` is None."""
    comments = [
        {
            "id": number,
            "name": text[:80],
            "text": text,
            "date": "2024-03-05T08:02:03+07:00",
            "parent": None,
            "replies": [],
        }
        for number, text in enumerate(texts, start=1)
    ]
    comments[0]["replies"] = [
        {"id": 99, "name": "Ban biên tập", "text": "Xin cảm ơn <b>bạn</b>.",
         "date": "2024-03-05T09:00:00+07:00", "parent": 1}
    ]  # fmt: skip
    document = {"article": article_id, "count": len(texts) + 1, "comments": comments}
    if article_date is not None:
        document.update(format="bulletin-comments 2", article_date=article_date)
    return json.dumps(document, ensure_ascii=False)


def build(tmp_path: Path, comments_url: str | None, extra: str = "") -> BeautifulSoup:
    files = {
        "articles/2024/03/tin.md": article("Tin có bình luận", "2024-03-01", extra),
        "_data/comments/2024-03-tin.json": exported("2024-03-tin", PAYLOADS),
    }
    site = build_site(write_site(tmp_path, files, config(comments_url)), tmp_path / "site")
    page = site / "2024/03/tin-co-binh-luan/index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def box(page: BeautifulSoup) -> Tag:
    found = page.select_one(".bulletin-comments")
    assert isinstance(found, Tag)
    return found


def test_reader_text_is_inert_and_intact(tmp_path: Path) -> None:
    comments = box(build(tmp_path, "https://binh-luan.example.org/comments"))
    shown = [p.get_text() for p in comments.select(".bulletin-comment__text")]
    assert shown[0] == PAYLOADS[0] and shown[1] == "Xin cảm ơn <b>bạn</b>."
    assert shown[2:] == PAYLOADS[1:]
    names = [n.get_text() for n in comments.select(".bulletin-comment__name")]
    assert names[0] == PAYLOADS[0] and names[2:] == [text[:80] for text in PAYLOADS[1:]]
    # Nothing a reader wrote became markup: the only elements are the template's own.
    assert comments.select("script, img, svg, iframe, style, math, body, b") == []
    assert not [
        (element.name, attribute)
        for element in comments.find_all(True)
        for attribute in element.attrs
        if attribute.startswith("on")
    ]
    assert all(a["href"] != "javascript:alert(1)" for a in comments.select("a"))


def test_the_count_and_the_form(tmp_path: Path) -> None:
    comments = box(build(tmp_path, "https://binh-luan.example.org/comments"))
    total = comments.select_one(".bulletin-comments__total")
    assert total is not None and total.get_text(" ", strip=True) == (
        f"Tổng lượt bình luận: {len(PAYLOADS) + 1}"
    )
    form = comments.select_one("#binh-luan-moi-name")
    assert form is not None
    main_form = comments.select("form.bulletin-comment-form")[-1]
    assert main_form["action"] == "https://binh-luan.example.org/comments"
    assert main_form["method"] == "post"
    fields = {field["name"]: field.get("value") for field in main_form.select("[name]")}
    assert fields == {
        "article": "2024-03-tin",
        "name": None,
        "email": None,
        "text": None,
        "website": None,
    }
    reply = comments.select_one("#binh-luan-1 form input[name=parent]")
    assert reply is not None and reply["value"] == "1"
    assert comments.select_one("#binh-luan-99 form") is None  # one level of replies
    assert comments.select_one("#binh-luan-da-gui") is not None


def test_without_a_handler_comments_are_closed(tmp_path: Path) -> None:
    comments = box(build(tmp_path, None))
    assert comments.select("form") == []
    closed = comments.select_one(".bulletin-comments__closed")
    assert closed is not None and closed.get_text(strip=True) == (
        "Bài viết này hiện không nhận bình luận mới."
    )
    assert len(comments.select(".bulletin-comment__text")) == len(PAYLOADS) + 1


def test_an_article_with_comments_off_takes_none(tmp_path: Path) -> None:
    comments = box(build(tmp_path, "https://binh-luan.example.org/comments", "comments: false\n"))
    assert comments.select("form") == []


def test_the_build_publishes_the_list_for_the_handler(tmp_path: Path) -> None:
    files = {
        "articles/2024/03/tin.md": article("Tin", "2024-03-01"),
        "articles/2024/03/dong.md": article("Tin đóng", "2024-03-02", "comments: false\n"),
        "articles/2024/03/nhap.md": article("Nháp", "2024-03-02", "draft: true\n"),
    }
    site = build_site(
        write_site(tmp_path, files, config("http://127.0.0.1:8081/comments")), tmp_path / "site"
    )
    listed = json.loads((site / "comments/articles.json").read_text(encoding="utf-8"))
    assert listed == {
        "articles": [
            {"comments": False, "id": "2024-03-dong", "title": "Tin đóng",
             "date": "2024-03-02", "url": "https://example.org/ban-tin/2024/03/tin-dong/"},
            {"comments": True, "id": "2024-03-tin", "title": "Tin", "date": "2024-03-01",
             "url": "https://example.org/ban-tin/2024/03/tin/"},
        ]
    }  # fmt: skip


def test_the_list_holds_an_article_a_line_in_the_order_of_their_ids() -> None:
    listed = [
        CommentableArticle("b2", "https://example.org/b/", 'Tin "hai"', True, "2024-03-02"),
        CommentableArticle("a1", "https://example.org/a/", "Đảng bộ", False, "2024-03-01"),
    ]
    text = encode_articles(listed)
    assert text.splitlines() == [
        '{"articles": [',
        '{"comments": false, "date": "2024-03-01", "id": "a1", "title": "Đảng bộ", '
        '"url": "https://example.org/a/"},',
        '{"comments": true, "date": "2024-03-02", "id": "b2", "title": "Tin \\"hai\\"", '
        '"url": "https://example.org/b/"}',
        "]}",
    ]
    assert json.loads(text)["articles"][1]["title"] == 'Tin "hai"'
    assert json.loads(encode_articles([])) == {"articles": []}


def test_a_malformed_export_stops_the_build(tmp_path: Path) -> None:
    files = {
        "articles/2024/03/tin.md": article("Tin", "2024-03-01"),
        "_data/comments/2024-03-tin.json": '{"article": "2024-03-tin", "count": 1}',
    }
    [error] = failed_build(write_site(tmp_path, files, config(None)), tmp_path / "site")
    line = error.splitlines()[1]
    assert line.startswith("docs/_data/comments/2024-03-tin.json:1:")
    assert line.endswith(
        ": sai dạng (cần: một đối tượng gồm article, article_date, comments, count, format)"
    )


def test_comments_url_needs_site_url(tmp_path: Path) -> None:
    yml = config("http://127.0.0.1:8081/comments").replace(
        "site_url: https://example.org/ban-tin/\n", ""
    )
    [error] = failed_build(write_site(tmp_path, {}, yml), tmp_path / "site")
    assert error.startswith("bulletin: comments_url needs site_url")


@pytest.mark.parametrize("name", ["index.md", "gioi-thieu.md"])
def test_pages_that_are_not_articles_have_no_comment_box(tmp_path: Path, name: str) -> None:
    site = build_site(
        write_site(tmp_path, {name: "# Trang\n"}, config("http://x/comments")), tmp_path / "site"
    )
    page = site / ("index.html" if name == "index.md" else "gioi-thieu/index.html")
    assert "bulletin-comments" not in page.read_text(encoding="utf-8")


def build_with(tmp_path: Path, date: str, comments_file: str) -> Tag:
    """The comments box of `articles/2024/03/tin.md` dated `date`, with this export."""
    files = {
        "articles/2024/03/tin.md": article("Tin có bình luận", date),
        "_data/comments/2024-03-tin.json": comments_file,
    }
    config_file = write_site(tmp_path, files, config("https://binh-luan.example.org/comments"))
    site = build_site(config_file, tmp_path / "site")
    page = site / "2024/03/tin-co-binh-luan/index.html"
    return box(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))


def total(comments: Tag) -> str:
    found = comments.select_one(".bulletin-comments__total")
    assert found is not None
    return found.get_text(" ", strip=True)


def test_a_new_article_at_a_deleted_ones_path_does_not_show_its_comments(tmp_path: Path) -> None:
    comments = build_with(tmp_path, "2024-03-20", exported("2024-03-tin", ["Ý kiến về bài cũ."]))
    assert total(comments) == "Tổng lượt bình luận: 0"
    assert comments.select(".bulletin-comment") == []
    later = build_with(tmp_path, "2024-03-01 18:30", exported("2024-03-tin", ["Cùng một bài."]))
    assert total(later) == "Tổng lượt bình luận: 2"  # another time, the same day: the same


def test_a_file_exported_before_article_days_shows_under_the_article_at_its_id(
    tmp_path: Path,
) -> None:
    earlier = exported("2024-03-tin", ["Ý kiến."], article_date=None)  # posted 2024-03-05
    assert total(build_with(tmp_path / "a", "2024-03-05 09:00", earlier)) == (
        "Tổng lượt bình luận: 2"
    )
    assert total(build_with(tmp_path / "b", "2024-03-06", earlier)) == "Tổng lượt bình luận: 0"


def test_orphans_lists_the_files_no_article_shows(tmp_path: Path) -> None:
    folder = tmp_path / "_data" / "comments"
    folder.mkdir(parents=True)
    files = {
        "2024-03-tin": exported("2024-03-tin", ["Đúng bài."]),
        "2024-03-moi": exported("2024-03-moi", ["Bài cũ đã xóa."]),
        "2024-03-xoa": exported("2024-03-xoa", ["Không còn bài."]),
        "2024-03-cu": exported("2024-03-cu", ["Trước đây."], article_date=None),
        "2024-03-cu-dung": exported("2024-03-cu-dung", ["Trước đây."], article_date=None),
    }
    for name, text in files.items():
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    days = {
        "2024-03-tin": "2024-03-01",
        "2024-03-moi": "2024-03-20",
        "2024-03-cu": "2024-03-20",
        "2024-03-cu-dung": "2024-03-05",
    }
    found = orphans(folder, days, "docs/_data/comments")
    shown = "docs/_data/comments"
    assert [(problem.path, problem.message) for problem in map(Orphan.problem, found)] == [
        (
            f"{shown}/2024-03-cu.json",
            "2 bình luận xuất cho bài 2024-03-cu từ trước khi có ngày đăng không được hiện: "
            "chúng cũ hơn bài viết hiện có mã này, đăng ngày 2024-03-20 (cần: xuất lại bình "
            "luận)",
        ),
        (
            f"{shown}/2024-03-moi.json",
            "2 bình luận xuất cho bài 2024-03-moi đăng ngày 2024-03-01 không được hiện: bài viết "
            "hiện có mã này đăng ngày 2024-03-20, là một bài khác (cần: xuất lại bình luận, "
            "hoặc `comments.py rebind 2024-03-moi --from 2024-03-01 --to 2024-03-20` nếu chỉ "
            "ngày đăng được sửa)",
        ),
        (
            f"{shown}/2024-03-xoa.json",
            "2 bình luận xuất cho bài 2024-03-xoa không được hiện: không còn bài viết nào có mã "
            "này (cần: xuất lại bình luận)",
        ),
    ]
    assert all(not orphan.problem().is_error for orphan in found)


def test_bulletin_check_warns_of_orphaned_comments(tmp_path: Path) -> None:
    files = {
        "articles/2024/03/tin.md": article("Tin mới", "2024-03-20"),
        "_data/comments/2024-03-tin.json": exported("2024-03-tin", ["Bài cũ."]),
    }
    write_site(tmp_path, files, config(None))
    problems = check(read_site(tmp_path / "mkdocs.yml")).problems
    assert [(problem.path, problem.is_error) for problem in problems] == [
        ("docs/_data/comments/2024-03-tin.json", False)
    ]
    assert "bài viết hiện có mã này đăng ngày 2024-03-20" in problems[0].message
