"""Index pages end to end: categories, tags, people, documents, archives, home, Tin khác."""

from __future__ import annotations

import posixpath
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from bulletin.mkdocs_plugin.plugin import BulletinPlugin
from bulletin.publication import relative_path
from sites import REPO, build_site, site_tree, write_site

CONFIG = f"""
site_name: Bản tin thử
site_url: https://example.org/
strict: true
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
nav:
  - Trang chủ: index.md
plugins:
  - bulletin:
      per_page: 2
      announcements: Kinh tế
"""

REGISTRY = {
    "_data/categories.yml": """
    - {name: Xây dựng Đảng, order: 1}
    - {name: Kinh tế, order: 2}
    - {name: Thể thao, order: 3}
    """,
    "_data/people.yml": """
    - name: Nguyễn Minh Thủy
      aliases: [Nguyễn Minh Thuỷ]
      positions:
        - {title: Phó Chủ tịch UBND tỉnh, from: 2020-01-01, to: 2024-06-30}
        - {title: Chủ tịch UBND tỉnh, from: 2024-07-01}
      bio: Sinh năm 1970.
    """,
    "_data/resolutions.yml": """
    - {code: 01-NQ/TU, date: 2021-01-15, title: Về nhiệm kỳ XVIII, issuer: Tỉnh ủy}
    - {code: 01-NQ/TU, date: 2026-01-20, title: Về nhiệm kỳ XIX, issuer: Tỉnh ủy}
    """,
}


def article(
    title: str, date: str, category: str = "Xây dựng Đảng", extra: str = "", body: str = ""
) -> str:
    head = f"---\ntitle: {title}\ndate: {date}\ncategory: {category}\n{extra}---\n"
    return head + (body or "Thân bài.") + "\n"


THUY_NFD = unicodedata.normalize("NFD", "Nguyễn Minh Thủy")
ARTICLES = {
    "index.md": "---\ntitle: Trang chủ\ntemplate: home.html\n---\n",
    "articles/a1.md": article(
        "Tin một",
        "2022-03-01 09:00",
        extra="speakers: [{name: Nguyễn Minh Thủy, role: chủ trì}]\nresolutions: [01-NQ/TU]\n"
        "tags: [cán bộ]\nfeatured: true\n",
        body="Đồng chí Nguyễn Minh Thủy nói về Nghị quyết số 01-NQ/TU.\n\n"
        "## Nguyễn Minh Thủy và 01-NQ/TU\n\n`01-NQ/TU` và [01-NQ/TU](https://example.org/x).",
    ),
    "articles/a2.md": article(
        "Tin hai",
        "2024-08-01 10:00",
        extra="speakers: [{name: Nguyễn Minh Thuỷ, title: Chủ tịch UBND tỉnh}]\n"
        "resolutions: [01-NQ/TU]\ntags: [cán bộ]\n",
    ),
    "articles/a3.md": article(
        "Tin ba",
        "2026-02-01 09:00",
        "Kinh tế",
        extra=f"speakers: [{THUY_NFD}]\nresolutions: [01-NQ/TU]\ntags: [Cán Bộ]\n",
    ),
    "articles/a4.md": article("Tin bốn", "2024-08-01 08:00"),
    "articles/a5.md": article("Tin năm", "2023-05-05"),
    "articles/a6.md": article("Tin nháp", "2024-01-01", extra="draft: true\ntags: [cán bộ]\n"),
    "articles/a7.md": article("Tin bảy", "2021-01-01"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("index")
    config = write_site(root, {**REGISTRY, **ARTICLES}, CONFIG)
    return build_site(config, root / "site")


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def titles(html: BeautifulSoup, selector: str = ".bulletin-teaser__title") -> list[str]:
    return [element.get_text(strip=True) for element in html.select(selector)]


def notes(html: BeautifulSoup) -> list[str]:
    return [element.get_text(strip=True) for element in html.select(".bulletin-teaser__note")]


def test_category_pages_are_paginated(site: Path) -> None:
    first = page(site, "chuyen-muc/xay-dung-dang")
    assert first.h1 is not None and first.h1.get_text() == "Xây dựng Đảng"
    assert titles(first) == ["Tin hai", "Tin bốn"]
    assert titles(page(site, "chuyen-muc/xay-dung-dang/trang/2")) == ["Tin năm", "Tin một"]
    last = page(site, "chuyen-muc/xay-dung-dang/trang/3")
    assert titles(last) == ["Tin bảy"]
    assert not (site / "chuyen-muc/xay-dung-dang/trang/4").exists()
    current = last.select_one(".bulletin-pagination [aria-current=page]")
    assert current is not None and current.get_text() == "3"
    assert last.select_one(".bulletin-pagination a[rel=next]") is None
    previous = last.select_one(".bulletin-pagination a[rel=prev]")
    assert previous is not None and previous["href"] == "../2/"
    assert titles(page(site, "chuyen-muc/kinh-te")) == ["Tin ba"]
    assert page(site, "chuyen-muc/kinh-te").select_one(".bulletin-pagination") is None


def test_an_empty_category_has_no_page(site: Path) -> None:
    assert not (site / "chuyen-muc/the-thao").exists()


def test_tags_are_one_page_whatever_the_case_and_without_drafts(site: Path) -> None:
    assert titles(page(site, "tu-khoa/can-bo")) == ["Tin ba", "Tin hai"]
    assert titles(page(site, "tu-khoa/can-bo/trang/2")) == ["Tin một"]


def test_the_person_page_lists_titles_at_the_time(site: Path) -> None:
    person = page(site, "nhan-vat/nguyen-minh-thuy")
    assert person.h1 is not None and person.h1.get_text() == "Nguyễn Minh Thủy"
    facts = [dd.get_text() for dd in person.select(".bulletin-facts dd")]
    assert facts == ["Chủ tịch UBND tỉnh"]
    assert "Sinh năm 1970." in person.get_text()
    assert titles(person) == ["Tin ba", "Tin hai"]
    assert notes(person) == ["Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh"]
    second = page(site, "nhan-vat/nguyen-minh-thuy/trang/2")
    assert titles(second) == ["Tin một"]
    assert notes(second) == ["Phó Chủ tịch UBND tỉnh – chủ trì"]
    assert not list((site / "nhan-vat").glob("nguyen-minh-thuy-*"))  # one person, one page


def test_the_same_code_with_two_dates_is_two_pages(site: Path) -> None:
    older = page(site, "van-ban/01-nq-tu-2021")
    newer = page(site, "van-ban/01-nq-tu-2026")
    assert titles(older) == ["Tin hai", "Tin một"]
    assert titles(newer) == ["Tin ba"]
    facts = dict(
        zip(
            [dt.get_text() for dt in older.select(".bulletin-facts dt")],
            [dd.get_text() for dd in older.select(".bulletin-facts dd")],
            strict=True,
        )
    )
    assert facts == {
        "Loại văn bản": "Nghị quyết",
        "Số hiệu": "01-NQ/TU",
        "Trích yếu": "Về nhiệm kỳ XVIII",
        "Ngày ban hành": "15/1/2021",
        "Cơ quan ban hành": "Tỉnh ủy",
    }
    index = page(site, "van-ban")
    [group] = index.select(".bulletin-group")
    assert group.h2 is not None and group.h2.get_text() == "Nghị quyết"
    items = [(li.a.get_text(), li.select_one(".bulletin-links__detail")) for li in group("li")]
    assert [(code, detail and detail.get_text()) for code, detail in items] == [
        ("01-NQ/TU", "Về nhiệm kỳ XIX"),
        ("01-NQ/TU", "Về nhiệm kỳ XVIII"),
    ]


def test_archives_by_year_month_and_day(site: Path) -> None:
    assert titles(page(site, "luu-tru/2024/08/01")) == ["Tin hai", "Tin bốn"]
    month = page(site, "luu-tru/2024/08")
    assert titles(month) == ["Tin hai", "Tin bốn"]
    assert [a.get_text() for a in month.select(".bulletin-links a")] == ["1/8"]
    year = page(site, "luu-tru/2024")
    assert [a.get_text() for a in year.select(".bulletin-links a")] == ["Tháng 8"]
    archive = page(site, "luu-tru")
    picker = archive.select_one(".bulletin-datepicker input[type=date]")
    assert picker is not None and (picker["min"], picker["max"]) == ("2021-01-01", "2026-02-01")
    years = [h2.get_text() for h2 in archive.select(".bulletin-group h2")]
    assert years == ["Năm 2026", "Năm 2024", "Năm 2023", "Năm 2022", "Năm 2021"]
    assert not (site / "luu-tru/2024/01").exists()  # only the draft was published then


def test_other_news_and_related(site: Path) -> None:
    five = page(site, "2023/05/tin-nam")
    assert [a.get_text() for a in five.select(".bulletin-other-news h3 a")] == [
        "Tin một",
        "Tin bảy",
        "Tin bốn",
        "Tin hai",
    ]
    one = page(site, "2022/03/tin-mot")
    assert [a.get_text() for a in one.select(".bulletin-related h3 a")] == ["Tin hai", "Tin ba"]
    assert "Tin nháp" not in one.get_text()


def test_article_parts_link_to_their_pages(site: Path) -> None:
    one = page(site, "2022/03/tin-mot")
    category = one.select_one(".bulletin-category a")
    assert category is not None and category["href"] == "../../../chuyen-muc/xay-dung-dang/"
    speaker = one.select_one(".bulletin-speaker__name a")
    assert speaker is not None and speaker["href"] == "../../../nhan-vat/nguyen-minh-thuy/"
    document = one.select_one(".bulletin-document__code a")
    assert document is not None and document["href"] == "../../../van-ban/01-nq-tu-2021/"
    tag = one.select_one(".bulletin-tag a")
    assert tag is not None and tag["href"] == "../../../tu-khoa/can-bo/"


def test_body_mentions_are_linked_outside_headings_code_and_links(site: Path) -> None:
    body = page(site, "2022/03/tin-mot").select_one(".bulletin-body")
    assert isinstance(body, Tag)
    links = [(a.get_text(), a["href"]) for a in body.select("a.bulletin-autolink")]
    assert links == [
        ("Nguyễn Minh Thủy", "../../../nhan-vat/nguyen-minh-thuy/"),
        ("01-NQ/TU", "../../../van-ban/01-nq-tu-2021/"),
    ]
    heading = body.find("h2")
    assert heading is not None and heading.find("a", class_="bulletin-autolink") is None
    assert body.select("a a") == []


STORY_TITLES = ".bulletin-lead-story__title, .bulletin-card__title, .bulletin-row__title, "
STORY_TITLES += ".bulletin-block__title, .bulletin-block .bulletin-headlines a"


def test_the_home_page(site: Path) -> None:
    home = page(site, "")
    assert [h1.get_text() for h1 in home.select("h1")] == ["Bản tin thử"]
    top = home.select_one(".bulletin-top")
    assert top is not None and titles(top, STORY_TITLES) == ["Tin một"]  # the lead story
    latest = home.select_one(".bulletin-latest")
    assert latest is not None  # the newest but the top stories
    assert titles(latest, STORY_TITLES) == ["Tin ba", "Tin hai", "Tin bốn", "Tin năm", "Tin bảy"]
    assert home.select(".bulletin-block") == []  # nothing left for them: all are above
    notices = home.select_one(".bulletin-announcements")
    assert notices is not None and "Tin ba" in notices.get_text()
    documents = [a.get_text() for a in home.select(".bulletin-new-documents a")]
    assert documents and documents[0].startswith("Nghị quyết số 01-NQ/TU")
    archive = [a.get_text() for a in home.select(".bulletin-archive-links a")]
    assert archive == ["Năm 2026", "Năm 2024", "Năm 2023", "Năm 2022", "Năm 2021"]


def test_the_home_page_shows_no_headline_twice(tmp_path: Path) -> None:
    """The category blocks show what the top stories and "Tin mới" leave out."""
    config = write_site(tmp_path, {**REGISTRY, **ARTICLES}, CONFIG + "      latest: 2\n")
    home = page(build_site(config, tmp_path / "site"), "")
    main = home.select_one(".bulletin-front__main")
    assert main is not None
    shown = titles(main, STORY_TITLES)
    assert len(shown) == len(set(shown)) and len(shown) > 3, shown
    blocks = {
        block.select_one("h2").get_text(strip=True): titles(block, STORY_TITLES)  # type: ignore[union-attr]
        for block in main.select(".bulletin-block")
    }
    assert blocks == {"Xây dựng Đảng": ["Tin bốn", "Tin năm", "Tin bảy"]}, blocks


def test_the_navigation(site: Path) -> None:
    home = page(site, "")
    items = [
        a.get_text(strip=True) for a in home.select(".md-nav--primary > .md-nav__list > li > a")
    ]
    assert items == ["Trang chủ", "Xây dựng Đảng", "Kinh tế", "Nhân vật", "Văn bản", "Lưu trữ"]


def test_registries_are_not_published(site: Path) -> None:
    assert not (site / "_data").exists()


def test_people_index_in_vietnamese_order(tmp_path: Path) -> None:
    names = [
        "Mai Văn Chính",
        "Nguyễn Hồ Hải",
        "Nguyễn Phước Lộc",
        "Trương Thị Mai",
        "Nguyễn Thiện Nhơn",
        "Nguyễn Minh Thủy",
    ]
    shuffled = random.Random(7).sample(names, len(names))
    speakers = "speakers: [" + ", ".join(shuffled) + "]\n"
    config = write_site(tmp_path, {"articles/a.md": article("Tin", "2022-06-23", extra=speakers)})
    people = page(build_site(config, tmp_path / "site"), "nhan-vat")
    assert [a.get_text() for a in people.select(".bulletin-links a")] == names


def test_the_article_shows_the_registry_title_of_the_day(site: Path) -> None:
    one = page(site, "2022/03/tin-mot")
    speaker = one.select_one(".bulletin-speaker")
    assert speaker is not None
    assert " ".join(speaker.get_text().split()) == (
        "Nguyễn Minh Thủy, Phó Chủ tịch UBND tỉnh (chủ trì)"
    )


@pytest.mark.parametrize(
    ("target", "start"),
    [
        ("nhan-vat/a/index.md", "articles/2024/05"),
        ("articles/2024/05/b.md", "articles/2024/05"),
        ("articles/2024/06/b.md", "articles/2024/05"),
        ("van-ban/index.md", ""),
        ("a.md", "articles"),
    ],
)
def test_relative_paths_are_those_of_posixpath(target: str, start: str) -> None:
    assert relative_path(target, start) == posixpath.relpath(target, start or ".")


ONE_PROCESS = CONFIG + "      workers: 1\n      page_cache: ''\n"  # MkDocs renders all


def _listing_renders(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The list pages MkDocs' own `Page.render` renders (a Markdown converter each), and the
    HTML it made of their Markdown."""
    rendered: dict[str, str] = {}
    render = Page.render

    def counted(self: Page, config: MkDocsConfig, files: Files) -> None:
        render(self, config, files)
        if self.file.generated_by:
            rendered[self.file.src_uri] = self.content or ""

    monkeypatch.setattr(Page, "render", counted)
    return rendered


def test_list_pages_need_no_markdown_converter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_site(tmp_path, {**REGISTRY, **ARTICLES}, ONE_PROCESS)
    rendered = _listing_renders(monkeypatch)
    blank = build_site(config, tmp_path / "blank")
    assert rendered == {}
    monkeypatch.setattr("bulletin.mkdocs_plugin.plugin._render_blank", _mkdocs_render)
    own = build_site(config, tmp_path / "own")
    assert len(rendered) > 10 and site_tree(blank) == site_tree(own)


def _mkdocs_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    del page.render
    page.render(config, files)


def test_what_another_plugin_writes_on_a_list_page_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_page_markdown = BulletinPlugin.on_page_markdown

    def writing(self: BulletinPlugin, markdown: str, **kwargs: Any) -> str:
        written = on_page_markdown(self, markdown, **kwargs)
        return written + "Đoạn thêm." if kwargs["page"].file.generated_by else written

    monkeypatch.setattr(BulletinPlugin, "on_page_markdown", writing)
    config = write_site(tmp_path, {**REGISTRY, **ARTICLES}, ONE_PROCESS)
    rendered = _listing_renders(monkeypatch)
    build_site(config, tmp_path / "site")
    assert len(rendered) > 10
    assert set(rendered.values()) == {"<p>Đoạn thêm.</p>"}
