"""Search without a browser: the parts of the index, what Pagefind reads, what a build writes
and what a rebuild reuses. The site defined here is also the one the browser tests search."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from bulletin.articles.model import Article, Resolution, Speaker
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.search import bundles as search_bundle
from bulletin.search import indexer as search
from bulletin.search.bundles import (
    INDEX_CHUNK_SIZE,
    Bundles,
    SearchError,
    Stage,
    indexed_page,
    page_digest,
    remove_stale_stages,
)
from bulletin.search.indexer import IndexedArticle, Indexer, Part, headline_record, plan_parts
from bulletin.text.dates import site_zone
from sites import build_site, failed_build, mkdocs_log, site_yml, write_site

ZONE = site_zone("Asia/Ho_Chi_Minh")
SEARCH_YML = site_yml(
    nav="nav:\n  - Trang chủ: index.md\n  - Tìm kiếm: tim-kiem.md\n",
    options="      search_part_size: 2\n",
)
"""Two articles a part: the nine public articles make five parts over two years."""


def _article(front: str, body: str) -> str:
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body).strip()}\n"


ARTICLES = {
    "articles/2023/03/loc.md": _article(
        """
        title: Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú
        date: 2023-03-15 09:00
        category: Xây dựng Đảng
        lead: Sáng 15/3, đoàn công tác của Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy.
        speakers:
          - {name: Nguyễn Phước Lộc, title: Phó Bí thư Tỉnh ủy}
        resolutions: [21-KL/TW]
        """,
        """
        Đồng chí Nguyễn Phước Lộc đề nghị tiếp tục thực hiện Kết luận số 21-KL/TW về xây
        dựng, chỉnh đốn Đảng.
        """,
    ),
    "articles/2023/06/hoa-giai.md": unicodedata.normalize(
        "NFD",
        _article(
            """
            title: Hòa giải ở cơ sở góp phần giữ gìn trật tự
            date: 2023-06-20 10:00
            category: Chính trị
            speakers: [Nguyễn Minh Thủy]
            """,
            "Công tác hòa giải ở cơ sở được các tổ hòa giải thực hiện tận tình.",
        ),
    ),
    "articles/2023/09/thuy-loi.md": _article(
        """
        title: Nâng cấp hệ thống thuỷ lợi phục vụ sản xuất
        date: 2023-09-05 08:00
        category: Kinh tế
        speakers: [Nguyễn Minh Thuỷ]
        resolutions:
          - {code: 30/2020/NĐ-CP, title: Về công tác văn thư}
        """,
        "Hệ thống kênh mương thuỷ lợi được nâng cấp trước mùa mưa.",
    ),
    "articles/2024/01/suc-khoe.md": _article(
        """
        title: Chăm sóc sức khỏe người cao tuổi
        date: 2024-01-10 08:00
        category: Văn hóa - Xã hội
        """,
        "Các trạm y tế xã tổ chức khám sức khỏe định kỳ cho người cao tuổi.",
    ),
    "articles/2024/04/duong.md": _article(
        """
        title: Khánh thành tuyến đường liên xã ở Tân Phú
        date: 2024-04-02 08:00
        category: Kinh tế
        """,
        "Tuyến đường dài 12 km nối ba xã của huyện Tân Phú.",
    ),
    "articles/2024/07/xuong.md": _article(
        """
        title: Lễ hội xuồng ba lá trên sông
        date: 2024-07-19 08:00
        category: Kinh tế
        """,
        "Hơn 40 chiếc xuồng tham gia lễ hội năm nay.",
    ),
    "articles/2024/08/hop.md": _article(
        """
        title: Hội nghị giao ban công tác tuyên giáo
        date: 2024-08-01 08:00
        category: Xây dựng Đảng
        """,
        "Hội nghị đánh giá công tác tuyên giáo sáu tháng đầu năm.",
    ),
    "articles/2024/08/ban.md": _article(
        """
        title: Ban Tuyên giáo sơ kết công tác
        date: 2024-08-01 15:00
        category: Xây dựng Đảng
        """,
        "Ban Tuyên giáo sơ kết công tác sáu tháng, triển khai nhiệm vụ cuối năm.",
    ),
    "articles/2024/09/khoe.md": _article(
        """
        title: Người cao tuổi sống vui, sống khoẻ
        date: 2024-09-09 08:00
        category: Văn hóa - Xã hội
        """,
        "Câu lạc bộ dưỡng sinh giúp người cao tuổi khoẻ mạnh.",
    ),
    "articles/2024/10/nhap.md": _article(
        """
        title: Thử nghiệm khinh khí cầu
        date: 2024-10-01 08:00
        category: Kinh tế
        draft: true
        """,
        "Bản nháp về khinh khí cầu.",
    ),
    "articles/2099/01/cap-treo.md": _article(
        """
        title: Khai trương cáp treo Hòn Thơm
        date: 2099-01-01 08:00
        category: Kinh tế
        """,
        "Tuyến cáp treo dài nhất.",
    ),
    "tim-kiem.md": "---\ntitle: Tìm kiếm\ntemplate: search.html\n---\n",
}
"""Names with diacritics (also in NFD), both tone placements, đ, document codes, a draft, an
embargoed article, and a word (xuồng) that other pages show only under "Tin khác"."""

URLS = {
    "loc": "/2023/03/dong-chi-nguyen-phuoc-loc-lam-viec-voi-dang-bo-huyen-tan-phu/",
    "hoa-giai": "/2023/06/hoa-giai-o-co-so-gop-phan-giu-gin-trat-tu/",
    "thuy-loi": "/2023/09/nang-cap-he-thong-thuy-loi-phuc-vu-san-xuat/",
    "suc-khoe": "/2024/01/cham-soc-suc-khoe-nguoi-cao-tuoi/",
    "duong": "/2024/04/khanh-thanh-tuyen-duong-lien-xa-o-tan-phu/",
    "xuong": "/2024/07/le-hoi-xuong-ba-la-tren-song/",
    "hop": "/2024/08/hoi-nghi-giao-ban-cong-tac-tuyen-giao/",
    "ban": "/2024/08/ban-tuyen-giao-so-ket-cong-tac/",
    "khoe": "/2024/09/nguoi-cao-tuoi-song-vui-song-khoe/",
}


def write_search_site(root: Path) -> Path:
    """The search test site's `mkdocs.yml`, written with its pages under `root`."""
    return write_site(root, ARTICLES, SEARCH_YML)


def fragments(site: Path, index: str = "full") -> list[dict[str, object]]:
    """Every page Pagefind indexed, decoded from every part of the full-text index (`full`)
    or from the headline index (`headlines`)."""
    found = []
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        if (path.parts[-3] == "headlines") != (index == "headlines"):
            continue
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    return build_site(write_search_site(root), root / "site")


def test_only_public_articles_are_indexed_and_only_their_article(built: Path) -> None:
    pages = {str(page["url"]): page for page in fragments(built)}
    assert sorted(pages) == sorted(URLS.values())
    everything = " ".join(str(page["content"]) for page in pages.values())
    for outside in ("Tin khác", "Tin liên quan", "Trang chủ", "Từ khóa", "Thành phần tham dự"):
        assert outside not in everything
    assert "khinh khí cầu" not in everything and "cáp treo" not in everything
    xuong = [url for url, page in pages.items() if "xuồng" in str(page["content"])]
    assert xuong == [URLS["xuong"]]
    assert all(unicodedata.is_normalized("NFC", str(page["content"])) for page in pages.values())


def test_the_headline_index_has_every_article_without_body_or_offices(built: Path) -> None:
    full = {str(page["url"]): page for page in fragments(built)}
    headlines = {str(page["url"]): page for page in fragments(built, "headlines")}
    assert sorted(headlines) == sorted(full)
    loc = headlines[URLS["loc"]]
    assert loc["content"] == (
        "Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú. Sáng 15/3, đoàn công tác "
        "của Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy. Nguyễn Phước Lộc. Kết luận số 21-KL/TW."
    )
    for name, page in headlines.items():  # the same filters and meta as the full text
        assert (page["filters"], page["meta"]) == (full[name]["filters"], full[name]["meta"])
    assert "chiếc xuồng" not in str(headlines[URLS["xuong"]]["content"])
    assert "chiếc xuồng" in str(full[URLS["xuong"]]["content"])


def test_the_headline_index_keeps_its_date_order_in_a_file_of_its_own(built: Path) -> None:
    folder = built / "pagefind/headlines"
    order = json.loads((folder / "bulletin-order.json").read_text(encoding="utf-8"))
    dates = []
    for page_id in order["newest_first"]:
        data = gzip.decompress((folder / "fragment" / f"{page_id}.pf_fragment").read_bytes())
        dates.append(json.loads(data[len(b"pagefind_dcd") :])["meta"]["date"])
    assert len(dates) == len(URLS) and dates == sorted(dates, reverse=True)
    assert dates[0] == "2024-09-09T08:00:00+07:00"


def test_pages_carry_filters_meta_and_date(built: Path) -> None:
    pages = {str(page["url"]): page for page in fragments(built)}
    loc = pages[URLS["loc"]]
    assert loc["filters"] == {
        "category": ["Xây dựng Đảng"],
        "year": ["2023"],
        "speaker": ["Nguyễn Phước Lộc"],
        "resolution": ["21-KL/TW"],
    }
    meta = loc["meta"]
    assert isinstance(meta, dict)
    assert meta["title"] == "Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú"
    assert (meta["category"], meta["date"]) == ("Xây dựng Đảng", "2023-03-15T09:00:00+07:00")
    assert meta["dateline"] == "Thứ Tư, ngày 15 tháng 3 năm 2023, 09:00"
    assert str(loc["content"]).startswith(str(meta["title"]) + ". Sáng 15/3")
    assert "Phó Bí thư Tỉnh ủy" in str(loc["content"])
    assert "thực hiện Kết luận số 21-KL/TW" in str(loc["content"])


def test_the_manifest_lists_parts_newest_first_and_facets_group_spellings(built: Path) -> None:
    manifest = json.loads((built / "pagefind/bulletin-search.json").read_text(encoding="utf-8"))
    assert manifest["headlines"] == {"id": "headlines", "path": "headlines/", "articles": 9}
    assert (built / "pagefind/headlines/pagefind.js").is_file()
    assert [part["id"] for part in manifest["parts"]] == [
        "2024-09-09",
        "2024-07-19",
        "2024-01-10",
        "2023-09-05",
        "2023-03-15",
    ]
    assert all(
        (built / "pagefind" / part["path"] / "pagefind.js").is_file() for part in manifest["parts"]
    )
    assert not list((built / "pagefind").glob("*/pagefind-ui*"))
    assert manifest["year"] == [
        {"label": "2024", "values": ["2024"]},
        {"label": "2023", "values": ["2023"]},
    ]
    assert {"label": "Kinh tế", "values": ["Kinh tế"]} in manifest["category"]
    facets = json.loads((built / "pagefind/bulletin-facets.json").read_text(encoding="utf-8"))
    thuy = [o for o in facets["speaker"] if o["label"].startswith("Nguyễn Minh")]
    [option] = thuy  # one person, whatever the tone placement
    assert option["values"] == ["Nguyễn Minh Thuỷ", "Nguyễn Minh Thủy"]
    assert option["label"] in option["values"]
    assert {"label": "Kết luận số 21-KL/TW", "values": ["21-KL/TW"]} in facets["resolution"]


def test_every_page_has_the_header_box_and_only_articles_a_body_marker(built: Path) -> None:
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        box = page.select_one("header form.bulletin-search-box")
        assert box is not None, path
        address = urljoin("http://x/" + path.relative_to(built).as_posix(), str(box["action"]))
        assert box["method"] == "get" and address == "http://x/tim-kiem/", path
        input_ = box.select_one("input[name=q]")
        assert input_ is not None and input_.get("id") == "bulletin-search-box"
        assert page.select_one(".md-search") is None, path
        is_article = page.select_one(".bulletin-article") is not None
        assert ("data-pagefind-body" in html) == is_article, path
        if path.parent.name != "tim-kiem":
            assert "pagefind.js" not in html and "bulletin-search.js" not in html, path


def test_the_search_page_works_as_a_form_and_says_it_needs_javascript(built: Path) -> None:
    page = BeautifulSoup((built / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser")
    form = page.select_one(".bulletin-search form")
    assert form is not None and form.get("method") == "get"
    names = [field["name"] for field in form.select("[name]")]
    assert names == ["q", "toan-van", "chuyen-muc", "nam", "nguoi", "van-ban", "sap-xep"]
    assert page.select_one("#search-results") is not None
    noscript = page.select_one("noscript")
    assert noscript is not None and "JavaScript" in noscript.get_text()


def test_a_rebuild_indexes_again_only_the_parts_that_changed(tmp_path: Path) -> None:
    config = write_search_site(tmp_path)
    with mkdocs_log(logging.INFO) as first:
        build_site(config, tmp_path / "site")
    assert "chỉ mục tiêu đề lập lại; chỉ mục toàn văn 5 phần, 5 phần lập lại, 0 phần dùng lại" in (
        " ".join(first)
    )
    with mkdocs_log(logging.INFO) as second:
        build_site(config, tmp_path / "site")
    assert "tiêu đề dùng lại; chỉ mục toàn văn 5 phần, 0 phần lập lại, 5 phần dùng lại" in (
        " ".join(second)
    )
    # A word changed in an article of 2023, and a new article at the end of 2024.
    source = tmp_path / "docs/articles/2023/09/thuy-loi.md"
    source.write_text(source.read_text(encoding="utf-8").replace("mùa mưa", "mùa lũ"), "utf-8")
    (tmp_path / "docs/articles/2024/12/moi.md").parent.mkdir(parents=True)
    (tmp_path / "docs/articles/2024/12/moi.md").write_text(
        _article("title: Tin mới\ndate: 2024-12-01\ncategory: Kinh tế", "Tin mới."), "utf-8"
    )
    with mkdocs_log(logging.INFO) as third:
        site = build_site(config, tmp_path / "site")
    assert "tiêu đề lập lại; chỉ mục toàn văn 5 phần, 2 phần lập lại, 3 phần dùng lại" in (
        " ".join(third)
    )
    contents = " ".join(str(page["content"]) for page in fragments(site))
    assert "mùa lũ" in contents and "mùa mưa" not in contents and "Tin mới" in contents
    headlines = " ".join(str(page["content"]) for page in fragments(site, "headlines"))
    assert "Tin mới" in headlines
    assert (tmp_path / ".cache/bulletin/search/.gitignore").read_text().endswith("*\n")
    # The parts indexed again read back the pages written from the page cache: the same
    # index as a build without caches.
    shutil.rmtree(tmp_path / ".cache")
    clean = build_site(config, tmp_path / "clean")
    for index in ("full", "headlines"):
        assert _indexed(site, index) == _indexed(clean, index)


def _indexed(site: Path, index: str) -> list[tuple[str, str]]:
    return sorted((str(page["url"]), str(page["content"])) for page in fragments(site, index))


def test_the_preview_and_search_false_write_no_index(tmp_path: Path) -> None:
    config = write_search_site(tmp_path)
    preview = build_site(config, tmp_path / "preview", command="serve")
    assert not (preview / "pagefind").exists()
    config.write_text(config.read_text() + "      search: false\n", encoding="utf-8")
    site = build_site(config, tmp_path / "site")
    assert not (site / "pagefind").exists()
    assert "bulletin-search-box" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_strict_build_with_search_logs_no_warning(tmp_path: Path) -> None:
    with mkdocs_log() as messages:
        build_site(write_search_site(tmp_path), tmp_path / "site")
    assert messages == []


def test_indexed_page_keeps_the_article_without_what_is_not_it() -> None:
    html = """<html><body><nav>Menu</nav>
    <div class="bulletin-article" data-pagefind-body>
      <p class="bulletin-category" data-pagefind-ignore data-pagefind-filter="category">Kinh tế</p>
      <h1>Tiêu đề</h1><div class="bulletin-body"><div><p>Thân bài.</p></div></div>
      <section class="bulletin-more" data-pagefind-ignore><h2>Tin khác</h2>
        <section><a href="/x/">Tin X</a></section></section>
      <img src="a.png" data-pagefind-ignore alt="Ảnh">
      <p>Cuối bài.</p>
    </div><footer>Chân trang</footer></body></html>"""
    page = indexed_page(html, "vi")
    assert page is not None
    assert page.startswith('<!DOCTYPE html><html lang="vi">')
    assert "Menu" not in page and "Chân trang" not in page
    assert "Tin khác" not in page and "Tin X" not in page and "a.png" not in page
    assert 'data-pagefind-filter="category">Kinh tế</p>' in page
    assert "<p>Thân bài.</p></div></div>" in page and "<p>Cuối bài.</p>" in page
    assert page.endswith("</div></body></html>")
    assert indexed_page("<html><body><p>Trang chủ</p></body></html>", "vi") is None


def test_a_headline_record_escapes_what_editors_wrote() -> None:
    article = Article(
        src_uri="articles/x.md",
        title='Tin <b>"đặc biệt"</b> & khác',
        date=datetime(2024, 1, 2, 8, 0, tzinfo=ZONE),
        category="Kinh tế",
        slug="x",
        body="",
        lead="Sapo <i>",
        speakers=[Speaker("Lê <Văn> A")],
        resolutions=[Resolution(None, "Về <công tác> văn thư")],
    )
    record = headline_record(article, ZONE, "vi")
    page = BeautifulSoup(record, "html.parser")
    assert page.h1 is not None and page.h1.get_text() == 'Tin <b>"đặc biệt"</b> & khác'
    assert "<b>" not in record and "<i>" not in record and "<Văn>" not in record
    assert [span.get_text() for span in page.select("[data-pagefind-filter]")][2:] == [
        "Lê <Văn> A",
        "Về <công tác> văn thư",
    ]


def entries(*days: str) -> list[IndexedArticle]:
    return [
        IndexedArticle(f"{i}/index.html", date.fromisoformat(day)) for i, day in enumerate(days)
    ]


def test_a_part_is_a_year_or_a_run_of_whole_days_newest_first() -> None:
    small = plan_parts(entries("2023-05-01", "2024-01-01", "2023-01-01"), part_size=2)
    assert [(p.id, len(p.entries)) for p in small] == [("2024", 1), ("2023", 2)]
    busy = entries(
        "2024-01-01", "2024-01-02", "2024-01-02", "2024-01-02", "2024-03-01", "2024-04-01"
    )
    assert [(p.id, len(p.entries)) for p in plan_parts(busy, part_size=2)] == [
        ("2024-03-01", 2),
        ("2024-01-01", 4),
    ]


def test_adding_an_article_at_the_end_of_a_year_changes_only_its_last_part() -> None:
    start = datetime(2024, 1, 1)
    days = [(start + timedelta(days=3 * i)).date().isoformat() for i in range(100)]
    before = plan_parts(entries(*days), part_size=30)
    after = plan_parts(entries(*days, "2024-12-31"), part_size=30)
    assert [p.id for p in before] == [p.id for p in after]
    assert before[1:] == after[1:] and before[0] != after[0]


def test_a_cache_given_relative_to_the_working_folder_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build -f mkdocs.yml` gives the cache relative to where mkdocs runs."""
    monkeypatch.chdir(tmp_path)
    page = indexed_page("<body><div data-pagefind-body><p>Tin vắn.</p></div></body>", "vi")
    assert page is not None
    bundles = Bundles(Path(".cache/search"), "vi")
    assert bundles.publish("2024", {"2024/tin/index.html": page}, tmp_path / "out") is True
    assert (tmp_path / "out/pagefind-entry.json").is_file()


def test_parts_go_to_pagefind_while_the_build_still_writes_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    started: list[tuple[str, int]] = []
    page_written, start = BuildState.page_written, Indexer._start

    def count(
        self: BuildState, dest_uri: str, searched: str | None, known: str | None = None
    ) -> None:
        written.append(dest_uri)
        page_written(self, dest_uri, searched, known)

    def record(self: Indexer, part: Part) -> None:
        started.append((part.id, len(written)))
        start(self, part)

    monkeypatch.setattr(BuildState, "page_written", count)
    monkeypatch.setattr(Indexer, "_start", record)
    config = write_search_site(tmp_path)
    config.write_text(config.read_text() + "      workers: 1\n", encoding="utf-8")  # MkDocs only
    site = build_site(config, tmp_path / "site")
    assert sorted(part for part, _ in started) == sorted(
        ["2024-09-09", "2024-07-19", "2024-01-10", "2023-09-05", "2023-03-15"]
    )
    pages = [path for path in site.rglob("*.html") if path.name != "404.html"]  # a theme page
    assert len(written) == len(set(written)) == len(pages)  # every page, once
    assert max(at for _, at in started) < len(written)  # the listings were still to come


def test_a_page_known_by_its_digest_is_read_back_and_checked(tmp_path: Path) -> None:
    page = "<body><div data-pagefind-body><p>Tin vắn.</p></div></body>"
    kept = {page_digest(page): page}
    stage = Stage(tmp_path / "cache", "2024", kept.get)
    stage.add_known("2024/tin/index.html", page_digest(page))
    assert (stage.write() / "2024/tin/index.html").read_text(encoding="utf-8") == page
    stage.remove()
    for lost in ({}, {page_digest(page): page.replace("vắn", "dài")}):
        stage = Stage(tmp_path / "cache", "2024", lost.get)
        stage.add_known("2024/tin/index.html", page_digest(page))
        with pytest.raises(SearchError) as raised:
            stage.write()
        assert str(raised.value) == (
            "2024/tin/index.html: the page cache no longer has what search read of this page "
            "(build again; if it happens again, delete the folder page_cache names in mkdocs.yml)"
        )
        stage.remove()
    without = Stage(tmp_path / "cache", "2024")
    with pytest.raises(ValueError, match="a page known by its digest needs read_back"):
        without.add_known("2024/tin/index.html", page_digest(page))


@pytest.mark.parametrize("memory", [True, False])
def test_a_part_s_pages_are_written_in_memory_where_the_system_has_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory: bool
) -> None:
    shm = tmp_path / "shm"
    if memory:
        shm.mkdir()
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", shm)
    stage = Stage(tmp_path / "cache", "2024")
    stage.add("2024/tin/index.html", "<p>Tin.</p>")
    site = stage.write()
    assert (site / "2024/tin/index.html").read_text(encoding="utf-8") == "<p>Tin.</p>"
    assert site.parent == (shm if memory else stage.work)
    stage.remove()
    assert not site.exists() and stage.work is not None and not stage.work.exists()


def test_a_full_memory_folder_writes_the_pages_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shm").mkdir()
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", tmp_path / "shm")
    real: Callable[[Path, list[tuple[str, bytes]]], Path] = search_bundle._write_pages

    def full_in_memory(site: Path, pages: list[tuple[str, bytes]]) -> Path:
        if site.is_relative_to(tmp_path / "shm"):
            raise OSError(28, "No space left on device")
        return real(site, pages)

    monkeypatch.setattr("bulletin.search.bundles._write_pages", full_in_memory)
    stage = Stage(tmp_path / "cache", "2024")
    stage.add("2024/tin/index.html", "<p>Tin.</p>")
    site = stage.write()
    assert stage.work is not None and site == stage.work / "site"
    assert (site / "2024/tin/index.html").is_file() and not any((tmp_path / "shm").iterdir())


def test_a_body_edit_reuses_the_headline_index_without_making_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_search_site(tmp_path)
    build_site(config, tmp_path / "site")
    made: list[str] = []
    record = search.headline_record

    def counted(article: Article, zone: tzinfo, language: str) -> str:
        made.append(article.title)
        return record(article, zone, language)

    monkeypatch.setattr(search, "headline_record", counted)
    source = tmp_path / "docs/articles/2023/09/thuy-loi.md"
    source.write_text(source.read_text(encoding="utf-8").replace("mùa mưa", "mùa lũ"), "utf-8")
    with mkdocs_log(logging.INFO) as body_edit:
        site = build_site(config, tmp_path / "site")
    assert made == [] and "tiêu đề dùng lại" in " ".join(body_edit)
    headlines = _indexed(site, "headlines")
    source.write_text(
        source.read_text(encoding="utf-8").replace("Nâng cấp", "Sửa chữa", 1), "utf-8"
    )
    with mkdocs_log(logging.INFO) as title_edit:
        site = build_site(config, tmp_path / "site")
    assert len(made) == 9 and "tiêu đề lập lại" in " ".join(title_edit)
    assert _indexed(site, "headlines") != headlines


def test_a_bundle_is_reused_by_key_only_for_the_key_it_was_made_with(tmp_path: Path) -> None:
    bundles = Bundles(tmp_path / "cache", "vi")
    stage = bundles.stage("2024")
    page = indexed_page("<body><div data-pagefind-body><p>Tin.</p></div></body>", "vi")
    assert page is not None
    stage.add("2024/tin/index.html", page)
    assert bundles.publish_stage(stage, tmp_path / "first", key="k1") is True
    assert bundles.reuse("2024", "k1", tmp_path / "again", INDEX_CHUNK_SIZE) is True
    assert (tmp_path / "again/pagefind-entry.json").is_file()
    assert not (tmp_path / "again/.bulletin-key").exists()
    assert bundles.reuse("2024", "k2", tmp_path / "other", INDEX_CHUNK_SIZE) is False
    assert bundles.reuse("2024", "k1", tmp_path / "other", 50) is False  # made otherwise
    assert not (tmp_path / "other").exists()


def test_a_headline_index_gone_from_the_cache_during_the_build_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_search_site(tmp_path)
    build_site(config, tmp_path / "site")
    monkeypatch.setattr(Bundles, "reuse", lambda *args: False)  # gone after it was seen
    assert failed_build(config, tmp_path / "site") == [
        "bulletin: the search cache's headline index went away during the build (another "
        "build in the same folder?): build again"
    ]


def test_stage_folders_of_a_killed_build_are_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage's folder names the process that owns it: those of processes that no longer
    run go; those of a build running beside this one, and other folders, stay."""
    shm, cache = tmp_path / "shm", tmp_path / "cache"
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", shm)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    dead = int(ended.stdout)
    folders = [
        shm / f"bulletin-stage-{dead}-2020-abc",
        cache / f".new-stage-{dead}-headlines-xyz",
        shm / f"bulletin-stage-{os.getpid()}-2021-abc",
        cache / f".new-stage-{os.getpid()}-2021-xyz",
        shm / "bulletin-other-thing",
        shm / f"bulletin-{dead}-01-01-abc",  # an older build's, whose part is a date
        cache / "2021",
    ]
    for folder in folders:
        (folder / "2020/tin").mkdir(parents=True)
    assert sorted(remove_stale_stages(cache)) == sorted(folders[:2])
    assert [folder.exists() for folder in folders] == [False, False, True, True, True, True, True]


def test_a_stage_s_folders_name_their_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shm").mkdir()
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", tmp_path / "shm")
    stage = Stage(tmp_path / "cache", "2024")
    stage.add("2024/tin/index.html", "<p>Tin.</p>")
    site = stage.write()
    assert site.name.startswith(f"bulletin-stage-{os.getpid()}-2024-")
    assert stage.work is not None and stage.work.name.startswith(f".new-stage-{os.getpid()}-2024-")
    stage.remove()
