from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

import pytest

from bulletin.articles.body import local_path
from bulletin.articles.catalog import (
    Settings,
    article_id,
    check_url_format,
    dest_uri,
    load,
    without_suffix,
)
from bulletin.text.vietnamese import slugify
from conftest import ZONE

SETTINGS = Settings(ZONE)


def write(root: Path, files: dict[str, str]) -> list[str]:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return list(files)


def article(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ncategory: A\n{extra}---\nThân bài.\n"


def test_public_articles_are_newest_first_without_drafts_or_embargo(tmp_path: Path) -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=ZONE)
    uris = write(
        tmp_path,
        {
            "articles/a.md": article("Cũ", "2024-04-01"),
            "articles/b.md": article("Mới", "2024-05-01 12:00"),  # exactly now: published
            "articles/c.md": article("Sắp đăng", "2024-05-01 12:01"),
            "articles/d.md": article("Nháp", "2024-04-02", "draft: true\n"),
        },
    )
    catalog = load(tmp_path, uris, SETTINGS, lambda path: False)
    assert catalog.problems == []
    assert [a.title for a in catalog.public(now)] == ["Mới", "Cũ"]
    assert [a.title for a in catalog.public(now + timedelta(minutes=1))] == [
        "Sắp đăng",
        "Mới",
        "Cũ",
    ]


def test_articles_written_with_one_offset_share_it(tmp_path: Path) -> None:
    """YAML makes an offset for each time it reads; the catalog's articles, read or kept,
    share one (their dates are compared in every sort)."""
    uris = write(
        tmp_path,
        {
            "articles/a.md": article("Một", "2024-04-01 08:00:00+07:00"),
            "articles/b.md": article(
                "Hai", "2024-04-02T09:00:00+07:00", "updated: 2024-04-03 10:00:00+07:00\n"
            ),
            "articles/c.md": article("Ba", "2024-04-02"),
        },
    )
    catalog = load(tmp_path, uris, SETTINGS, lambda path: False)
    one, two, three = catalog.articles
    assert one.date.tzinfo is two.date.tzinfo is (two.updated and two.updated.tzinfo)
    assert two.updated == datetime(2024, 4, 3, 10, tzinfo=ZONE)
    assert three.date.tzinfo is ZONE


def test_the_url_uses_the_date_in_the_site_zone(tmp_path: Path) -> None:
    uris = write(tmp_path, {"articles/a.md": article("Tin", "2022-06-30T20:00:00Z")})
    catalog = load(tmp_path, uris, SETTINGS, lambda path: False)
    assert catalog.dest_uris == {"articles/a.md": "2022/07/tin/index.html"}
    assert dest_uri(catalog.articles[0], Settings(ZONE, "{slug}.html")) == "tin.html"


def test_a_draft_may_share_the_url_of_a_published_article(tmp_path: Path) -> None:
    uris = write(
        tmp_path,
        {
            "articles/a.md": article("Tin", "2022-06-01"),
            "articles/b.md": article("Tin", "2022-06-02", "draft: true\n"),
        },
    )
    assert load(tmp_path, uris, SETTINGS, lambda path: False).problems == []


def test_images_shown_only_by_hidden_articles_are_withheld(tmp_path: Path) -> None:
    body = "![Ảnh](../images/chung.png)\n![Ảnh](/images/rieng.png#x)\n"
    uris = write(
        tmp_path,
        {
            "articles/a.md": article("A", "2022-06-01") + "![Ảnh](../images/chung.png)\n",
            "articles/b.md": article("B", "2022-06-02", "draft: true\n") + body,
        },
    )
    catalog = load(tmp_path, uris, SETTINGS, lambda path: True)
    published = {a.src_uri for a in catalog.public(datetime(2023, 1, 1, tzinfo=ZONE))}
    assert catalog.withheld_images(published, set()) == {"images/rieng.png"}
    assert catalog.withheld_images(published, {"images/rieng.png"}) == set()


def test_local_path() -> None:
    assert local_path("../anh.png", "articles/2022/a.md") == "articles/anh.png"
    assert local_path("/images/a.png?v=2", "articles/a.md") == "images/a.png"
    assert local_path("https://x.vn/a.png", "articles/a.md") is None


def test_check_url_format() -> None:
    assert check_url_format("{yyyy}/{mm}/{dd}/{slug}/") == "{yyyy}/{mm}/{dd}/{slug}/"


def test_a_bad_url_format_is_named() -> None:
    for url_format, message in [
        ("{yyyy}/{title}/", 'url_format: "{yyyy}/{title}/" chỉ được dùng {yyyy}, {mm}, {dd}, '
         "{slug}, {name}"),
        ("{yyyy}/{mm}/", 'url_format: "{yyyy}/{mm}/" phải là đường dẫn tương đối, có {slug} '
         "hoặc {name}"),
        ("/{slug}/", 'url_format: "/{slug}/" phải là đường dẫn tương đối, có {slug} hoặc {name}'),
    ]:  # fmt: skip
        with pytest.raises(ValueError) as error:
            check_url_format(url_format)
        assert str(error.value) == message


def test_two_files_with_one_id_are_an_error(tmp_path: Path) -> None:
    uris = write(
        tmp_path,
        {
            "articles/2024/03-a.md": article("Tin một", "2024-03-01"),
            "articles/2024/03/a.md": article("Tin hai", "2024-03-02"),
        },
    )
    catalog = load(tmp_path, uris, SETTINGS, lambda path: False)
    assert [str(problem) for problem in catalog.problems] == [
        "docs/articles/2024/03/a.md:1:1: mã 2024-03-a của bài (dùng cho bình luận) trùng với "
        "docs/articles/2024/03-a.md (cần: tên tệp khác nhau không chỉ ở dấu - và /)"
    ]


@pytest.mark.parametrize(
    "src_uri",
    ["articles/2024/03/Khởi công.md", "articles2/a.md", "articles/a.b/c.md", "articles/.md",
     "articles/b.", "articles/x.y.md", "a.md", "articles/2024/tin.markdown", "articles"],
)  # fmt: skip
@pytest.mark.parametrize("articles_dir", ["articles", "articles/", "./articles", ".", "/articles"])
def test_an_article_s_id_and_name_are_those_its_path_gives(src_uri: str, articles_dir: str) -> None:
    """`article_id` and `without_suffix` in string operations, against the path's own."""
    path = PurePosixPath(src_uri)
    inside = path.relative_to(articles_dir) if path.is_relative_to(articles_dir) else path
    if inside.name:
        expected = slugify(inside.with_suffix("").as_posix(), max_length=200) or "bai-viet"
        assert article_id(src_uri, articles_dir) == expected
    assert without_suffix(path.name) == path.stem
    assert without_suffix(src_uri) == (path.with_suffix("").as_posix() if path.name else src_uri)
