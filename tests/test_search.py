"""Search without a browser: the parts of the index, what they hold of each article, what a
build writes and what a rebuild reuses. The site defined here is also the one the browser
tests search."""

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
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from bulletin.articles.model import Article, Resolution, Speaker
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.search import bundles as search_bundle
from bulletin.search import part_index, part_update, syllables
from bulletin.search import postings as part_postings
from bulletin.search import records as search_records
from bulletin.search.bundles import (
    BUNDLE_DIR,
    Bundles,
    ReadBack,
    SearchError,
    Stage,
    record_digest,
    remove_stale_stages,
)
from bulletin.search.indexer import (
    FACETS,
    MANIFEST,
    VOCABULARY,
    IndexedArticle,
    Indexer,
    Part,
    plan_parts,
)
from bulletin.search.part_index import shard_hash, write_part
from bulletin.search.postings import BODY, PEOPLE, TITLE, terms
from bulletin.search.records import body_text, record_head
from bulletin.search.syllables import segments
from bulletin.text import vietnamese
from bulletin.text.dates import site_zone
from sites import build_site, mkdocs_log, site_yml, write_site

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


def records(site: Path) -> dict[str, dict[str, object]]:
    """What the index shows of every article, by address, from every part."""
    found = {}
    for path in sorted((site / BUNDLE_DIR).glob("*/f/*.gz")):
        record = json.loads(gzip.decompress(path.read_bytes()))
        found["/" + str(record["url"])] = record
    return found


def postings(site: Path) -> dict[str, dict[str, int]]:
    """Every term of the index → the addresses of its articles → where (fields)."""
    manifest = json.loads((site / BUNDLE_DIR / MANIFEST).read_text(encoding="utf-8"))
    found: dict[str, dict[str, int]] = {}
    for part in manifest["parts"]:
        folder = site / BUNDLE_DIR / part["path"]
        urls = [
            "/" + str(json.loads(gzip.decompress((folder / f"f/{n}.gz").read_bytes()))["url"])
            for n in range(part["articles"])
        ]
        for shard in range(part["shards"]):
            for term, articles in read_shard(
                gzip.decompress((folder / f"t/{shard}.gz").read_bytes())
            ):
                assert shard_hash(term) % part["shards"] == shard
                for number, fields in articles:
                    found.setdefault(term, {})[urls[number]] = fields
    return found


def read_shard(data: bytes) -> list[tuple[str, list[tuple[int, int]]]]:
    """A shard's entries, decoded as the search page does (part_index says how)."""
    entries, at = [], 0

    def varint() -> int:
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    while at < len(data):
        zero = data.index(0, at)
        term = data[at:zero].decode("utf-8")
        at = zero + 1
        number, articles = -1, []
        for _ in range(varint()):
            value = varint()
            number += (value >> 3) + 1
            articles.append((number, value & 7))
        entries.append((term, articles))
    return entries


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    return build_site(write_search_site(root), root / "site")


def test_only_public_articles_are_indexed_and_only_their_article(built: Path) -> None:
    pages = records(built)
    assert sorted(pages) == sorted(URLS.values())
    everything = " ".join(json.dumps(page, ensure_ascii=False) for page in pages.values())
    for outside in ("Tin khác", "Tin liên quan", "Trang chủ", "Từ khóa", "Thành phần tham dự"):
        assert outside not in everything
    assert "¶" not in everything
    assert "khinh khí cầu" not in everything and "cáp treo" not in everything
    xuong = [url for url, page in pages.items() if "xuồng" in str(page.get("text"))]
    assert xuong == [URLS["xuong"]]
    assert unicodedata.is_normalized("NFC", everything)


def test_a_record_holds_what_the_search_page_shows_and_no_filter(built: Path) -> None:
    loc = records(built)[URLS["loc"]]
    assert loc == {
        "url": URLS["loc"][1:],
        "title": "Đồng chí Nguyễn Phước Lộc làm việc với Đảng bộ huyện Tân Phú",
        "date": "2023-03-15T09:00:00+07:00",
        "dateline": "Thứ Tư, ngày 15 tháng 3 năm 2023, 09:00",
        "category": "Xây dựng Đảng",
        "lead": "Sáng 15/3, đoàn công tác của Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy.",
        "speakers": ["Nguyễn Phước Lộc, Phó Bí thư Tỉnh ủy"],
        "documents": ["Kết luận số 21-KL/TW"],
        "text": "Đồng chí Nguyễn Phước Lộc đề nghị tiếp tục thực hiện Kết luận số 21-KL/TW về "
        "xây dựng, chỉnh đốn Đảng.",
    }


def test_terms_are_whole_folded_syllables_and_pairs_with_where_they_are(built: Path) -> None:
    terms = postings(built)
    loc, hoa, thuy = URLS["loc"], URLS["hoa-giai"], URLS["thuy-loi"]
    assert terms["loc"] == {loc: TITLE | PEOPLE | BODY}
    assert terms["nguyen phuoc"] == terms["phuoc loc"] == {loc: TITLE | PEOPLE | BODY}
    assert terms["nguyen phuoc loc"] == {loc: TITLE | PEOPLE | BODY}
    assert terms["dang bo"] == {loc: TITLE}
    assert terms["21 kl"] == terms["kl tw"] == {loc: PEOPLE | BODY}
    assert terms["bi thu"] == {loc: PEOPLE} and "loc pho" not in terms  # the office, apart
    assert terms["hoa giai"] == {hoa: TITLE | BODY}  # written in NFD, old tone placement
    assert terms["thuy"] == {hoa: PEOPLE, thuy: TITLE | PEOPLE | BODY}  # thủy and thuỷ
    assert terms["xuong"] == {URLS["xuong"]: TITLE | BODY}
    assert "lo" not in terms and "nguy" not in terms  # whole syllables only
    assert terms["#speaker:Nguyễn Phước Lộc"] == {loc: 0}
    assert terms["#category:Xây dựng Đảng"] == {loc: 0, URLS["hop"]: 0, URLS["ban"]: 0}
    assert terms["#year:2023"] == {loc: 0, hoa: 0, thuy: 0}
    assert terms["#resolution:21-KL/TW"] == {loc: 0}
    assert terms["#resolution:30/2020/NĐ-CP"] == {thuy: 0}


def test_syllables_and_runs_never_cross_a_sentence_or_a_clause() -> None:
    assert terms("Hà Nội, Đà Nẵng và Huế.") == {
        "ha", "noi", "da", "nang", "va", "hue", "ha noi", "da nang", "nang va", "va hue",
        "da nang va", "nang va hue",
    }  # fmt: skip
    assert {"21 kl", "kl tw", "so 21", "21 kl tw", "so 21 kl"} <= terms("Kết luận số 21-KL/TW")
    assert {"1 000", "000 nguoi"} <= terms("1.000 người")
    assert "nam hoi" not in terms("Năm 2024 (hội nghị)") and "2024 hoi" not in terms("2024 (hội")
    assert "bo lanh" not in terms("Đảng bộ – lãnh đạo")
    nfd = unicodedata.normalize("NFD", "Hòa bình, thuỷ lợi")
    assert (
        terms(nfd)
        == terms("Hoà bình, thủy lợi")
        == {"hoa", "binh", "thuy", "loi", "hoa binh", "thuy loi"}
    )
    assert [list(s) for s in segments("Ông Đỗ Văn A: “Đảng bộ”")] == [
        ["ong", "do", "van", "a"], ["dang", "bo"]
    ]  # fmt: skip


def test_the_manifest_lists_the_parts_oldest_first_and_facets_group_spellings(
    built: Path,
) -> None:
    manifest = json.loads((built / BUNDLE_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["version"] == 3 and manifest["articles"] == 9
    parts = [(part["id"], part["first"], part["articles"]) for part in manifest["parts"]]
    assert parts == [
        ("2023-03-15", 0, 2),
        ("2023-09-05", 2, 1),
        ("2024-01-10", 3, 2),
        ("2024-07-19", 5, 3),
        ("2024-09-09", 8, 1),
    ]
    for part in manifest["parts"]:
        folder = built / BUNDLE_DIR / part["path"]
        assert len(list((folder / "t").iterdir())) == part["shards"]
        assert sorted(p.name for p in folder.iterdir()) == ["f", "part.json", "t"]
    dates = [str(record["date"]) for record in records(built).values()]
    assert sorted(dates) == [
        str(
            json.loads(
                gzip.decompress((built / BUNDLE_DIR / part["path"] / f"f/{n}.gz").read_bytes())
            )["date"]
        )
        for part in manifest["parts"]
        for n in range(part["articles"])
    ]  # numbers in date order: the newest has the largest
    assert manifest["year"] == [
        {"label": "2024", "values": ["2024"]},
        {"label": "2023", "values": ["2023"]},
    ]
    assert {"label": "Kinh tế", "values": ["Kinh tế"]} in manifest["category"]
    facets = json.loads((built / BUNDLE_DIR / FACETS).read_text(encoding="utf-8"))
    thuy = [o for o in facets["speaker"] if o["label"].startswith("Nguyễn Minh")]
    [option] = thuy  # one person, whatever the tone placement
    assert option["values"] == ["Nguyễn Minh Thuỷ", "Nguyễn Minh Thủy"]
    assert option["label"] in option["values"]
    assert {"label": "Kết luận số 21-KL/TW", "values": ["21-KL/TW"]} in facets["resolution"]


def test_the_vocabulary_counts_the_articles_of_each_syllable(built: Path) -> None:
    lines = gzip.decompress((built / BUNDLE_DIR / VOCABULARY).read_bytes()).decode().splitlines()
    counts = dict(line.split("\t") for line in lines)
    assert counts["nguyen"] == "3" and counts["loc"] == "1" and counts["xuong"] == "1"
    assert list(counts) == sorted(counts)
    assert not [term for term in counts if " " in term or term.startswith("#")]


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
        assert ("data-search-text" in html) == is_article, path
        assert "pagefind" not in html, path
        if path.parent.name != "tim-kiem":
            assert "bulletin-search.js" not in html, path


def test_the_search_page_works_as_a_form_and_says_it_needs_javascript(built: Path) -> None:
    page = BeautifulSoup((built / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser")
    form = page.select_one(".bulletin-search form")
    assert form is not None and form.get("method") == "get"
    names = [field["name"] for field in form.select("[name]")]
    assert names == ["q", "tieu-de", "chuyen-muc", "nam", "nguoi", "van-ban", "sap-xep"]
    assert page.select_one("#search-results") is not None
    noscript = page.select_one("noscript")
    assert noscript is not None and "JavaScript" in noscript.get_text()


def test_a_rebuild_makes_again_only_the_parts_that_changed(tmp_path: Path) -> None:
    config = write_search_site(tmp_path)
    with mkdocs_log(logging.INFO) as first:
        build_site(config, tmp_path / "site")
    assert "Tìm kiếm: 9 bài, chỉ mục 5 phần, 5 phần lập lại, 0 phần dùng lại" in " ".join(first)
    with mkdocs_log(logging.INFO) as second:
        build_site(config, tmp_path / "site")
    assert "chỉ mục 5 phần, 0 phần lập lại, 5 phần dùng lại" in " ".join(second)
    # A word changed in an article of 2023, and a new article at the end of 2024.
    source = tmp_path / "docs/articles/2023/09/thuy-loi.md"
    source.write_text(source.read_text(encoding="utf-8").replace("mùa mưa", "mùa lũ"), "utf-8")
    (tmp_path / "docs/articles/2024/12/moi.md").parent.mkdir(parents=True)
    (tmp_path / "docs/articles/2024/12/moi.md").write_text(
        _article("title: Tin mới\ndate: 2024-12-01\ncategory: Kinh tế", "Tin mới."), "utf-8"
    )
    with mkdocs_log(logging.INFO) as third:
        site = build_site(config, tmp_path / "site")
    assert "Tìm kiếm: 10 bài, chỉ mục 5 phần, 2 phần lập lại, 3 phần dùng lại" in " ".join(third)
    texts = " ".join(str(record.get("text")) for record in records(site).values())
    assert "mùa lũ" in texts and "mùa mưa" not in texts and "Tin mới" in texts
    assert (tmp_path / ".cache/bulletin/search/.gitignore").read_text().endswith("*\n")
    # The parts made again read back the words of the pages written from the page cache:
    # the same index as a build without caches, byte for byte.
    shutil.rmtree(tmp_path / ".cache")
    clean = build_site(config, tmp_path / "clean")
    assert _files(site / BUNDLE_DIR) == _files(clean / BUNDLE_DIR)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_change_of_photo_or_title_makes_its_part_again(tmp_path: Path) -> None:
    config = write_search_site(tmp_path)
    build_site(config, tmp_path / "site")
    source = tmp_path / "docs/articles/2023/09/thuy-loi.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Nâng cấp", "Sửa chữa", 1), "utf-8"
    )
    with mkdocs_log(logging.INFO) as edited:
        site = build_site(config, tmp_path / "site")
    assert "5 phần, 1 phần lập lại, 4 phần dùng lại" in " ".join(edited)
    assert "sua chua" in postings(site)


def test_parts_made_by_another_version_of_the_code_are_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_search_site(tmp_path)
    build_site(config, tmp_path / "site")
    writer = (part_index, part_update, part_postings, syllables, vietnamese)
    assert tuple(module.__name__ for module in writer) == search_bundle.WRITER
    monkeypatch.setattr(search_bundle, "_writer_digest", lambda: "another version")
    with mkdocs_log(logging.INFO) as rebuilt:
        build_site(config, tmp_path / "site")
    assert "chỉ mục 5 phần, 5 phần lập lại, 0 phần dùng lại" in " ".join(rebuilt)


def test_the_preview_and_search_false_write_no_index(tmp_path: Path) -> None:
    config = write_search_site(tmp_path)
    preview = build_site(config, tmp_path / "preview", command="serve")
    assert not (preview / BUNDLE_DIR).exists()
    config.write_text(config.read_text() + "      search: false\n", encoding="utf-8")
    site = build_site(config, tmp_path / "site")
    assert not (site / BUNDLE_DIR).exists()
    assert "bulletin-search-box" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_strict_build_with_search_logs_no_warning(tmp_path: Path) -> None:
    with mkdocs_log() as messages:
        build_site(write_search_site(tmp_path), tmp_path / "site")
    assert messages == []


def test_body_text_keeps_the_article_s_words_without_permalinks_or_scripts() -> None:
    html = """<html><body><nav>Menu</nav><div class="bulletin-article">
      <h1>Tiêu đề</h1>
      <div class="bulletin-body" data-search-text>
        <h2 id="a">Phần một<a class="headerlink" href="#a" title="Đường dẫn">¶</a></h2>
        <p>Thân   bài &amp; <em>nhấn</em>
        mạnh.</p><script>var x = "mã";</script>
        <ul><li>Ý một</li><li>Ý <b>hai</b></li></ul><div><div><p>Cuối.</p></div></div>
      </div>
      <section class="bulletin-more"><h2>Tin khác</h2></section>
    </div><footer>Chân trang</footer></body></html>"""
    assert body_text(html) == "Phần một\nThân bài & nhấn mạnh.\nÝ một\nÝ hai\nCuối."
    assert body_text("<html><body><p>Trang chủ</p></body></html>") is None


def _read_by_parser(element: str) -> str:
    reader = search_records._TextReader()
    reader.feed(element)
    reader.close()
    return reader.text()


USUAL_BODIES = [
    "<p>Một   câu.</p>\n<p>Hai\ncâu &amp; ba &lt;b&gt; &#7843;</p>",
    '<h2 id="a">Phần<a class="headerlink" href="#a" title="Đường dẫn">¶</a></h2><p>x</p>',
    '<P CLASS="x">Hoa</P><br/>thường<br>tiếp<hr/><pre>mã\n  dòng</pre>',
    '<ul><li>Ý <b>một</b></li><li><a href="/a?b=1&amp;c=2" title="a > b">hai</a></li></ul>',
    '<table><tr><th>Cột</th><td>1</td></tr></table><figure><img alt="ảnh" src="a.png">'
    "<figcaption>Chú thích</figcaption></figure>",
    "<p-x>khối lạ</p-x><pre-y>không</pre-y> <div/>xong",
    "<blockquote><p>Trích <em>dẫn</em></p></blockquote>a &nbsp;b &copy c <p>a <b>đậm</p>",
]
UNUSUAL_BODIES = [
    '<p>a</p><script>var x = "<p>không</p>";</script><p>b</p>',
    "<p>a<!-- ghi chú --></p><style>p {}</style><button>Nút</button>",
    '<h2>T<a class="headerlink other" href="#t">¶</a></h2><span class="headerlink">x</span>',
    '<span data-class="headerlink">giữ</span>',
    "<p>a</br>b</p></ p><template><p>mẫu</p></template>",
    '<p>a <a title="x>y</a> b</p>',
]


@pytest.mark.parametrize("inner", USUAL_BODIES + UNUSUAL_BODIES)
def test_body_text_reads_what_the_html_parser_reads(inner: str) -> None:
    """The regular expressions (`_plain_text`) read the usual body as the HTML parser does;
    they leave anything else to it (None): either way, the parser's words."""
    element = f'<div class="bulletin-body" data-search-text>{inner}</div>'
    page = f"<html><body><nav>Menu</nav>{element}<footer>Chân</footer></body></html>"
    expected = _read_by_parser(element)
    assert body_text(page) == expected
    fast = search_records._plain_text(element)
    assert (fast is None) == (inner in UNUSUAL_BODIES)
    assert fast in (None, expected)


def test_a_record_head_keeps_what_editors_wrote_as_text() -> None:
    article = Article(
        src_uri="articles/x.md",
        title='Tin <b>"đặc biệt"</b> & khác',
        date=datetime(2024, 1, 2, 8, 0, tzinfo=ZONE),
        category="Kinh tế",
        slug="x",
        lead="Sapo <i>",
        speakers=[Speaker("Lê <Văn> A")],
        resolutions=[Resolution(None, "Về <công tác> văn thư")],
    )
    head = record_head(article, ZONE, "x/")
    assert head["title"] == 'Tin <b>"đặc biệt"</b> & khác' and head["lead"] == "Sapo <i>"
    assert head["speakers"] == ["Lê <Văn> A"]
    assert head["documents"] == ["Về <công tác> văn thư"]
    assert head["facets"] == [
        "#category:Kinh tế",
        "#year:2024",
        "#speaker:Lê <Văn> A",
        "#resolution:Về <công tác> văn thư",
    ]


def test_a_part_is_written_the_same_from_the_same_records(tmp_path: Path) -> None:
    given = [
        {"url": "a/", "title": "Đảng bộ tỉnh", "speakers": ["Lê Văn Lộc"], "text": "Lộc. Đảng",
         "facets": ["#year:2024"]},
        {"url": "b/", "title": "Tin", "lead": "Hòa bình", "text": "lộc lộc"},
    ]  # fmt: skip
    assert write_part(given, tmp_path / "one") == 2
    write_part(given, tmp_path / "two")
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    part = json.loads((tmp_path / "one/part.json").read_text())
    assert part == {"articles": 2, "shards": 1}
    [(_, shard)] = _files(tmp_path / "one/t").items()
    decoded = dict(read_shard(gzip.decompress(shard)))
    assert decoded["loc"] == [(0, PEOPLE | BODY), (1, BODY)]
    assert decoded["dang bo"] == [(0, TITLE)] and decoded["dang"] == [(0, TITLE | BODY)]
    assert decoded["hoa binh"] == [(1, TITLE)] and decoded["#year:2024"] == [(0, 0)]
    assert "loc dang" not in decoded  # a sentence ends between them
    first = json.loads(gzip.decompress((tmp_path / "one/f/0.gz").read_bytes()))
    assert first == {
        "url": "a/",
        "title": "Đảng bộ tỉnh",
        "speakers": ["Lê Văn Lộc"],
        "text": "Lộc. Đảng",
    }
    vocabulary = (tmp_path / "one/vocabulary.tsv").read_text()
    assert "loc\t2\n" in vocabulary and "dang\t1\n" in vocabulary and "#" not in vocabulary


def test_the_shard_hash_is_the_crc32_of_the_utf8_bytes() -> None:
    assert shard_hash("") == 0
    assert shard_hash("123456789") == 0xCBF43926  # the check value of CRC-32 (ISO-HDLC)
    assert shard_hash("a") == 0xE8B7BE43
    assert shard_hash("đ") == shard_hash("\u0111") == 0x6947A367


def _plain_varint(value: int) -> bytes:
    """A varint as the format says: groups of 7 bits, little-endian, the high bit set on all
    but the last."""
    out = bytearray()
    while True:
        out.append(value & 0x7F | (0x80 if value >= 0x80 else 0))
        value >>= 7
        if not out[-1] & 0x80:
            return bytes(out)


@pytest.mark.parametrize(
    "numbers",
    [[0], [15], [16], [2047], [2048], [40_000], [0, 1, 2], [5, 2053, 2054, 30_000, 30_001]],
)
def test_an_entry_holds_its_articles_as_gaps_in_varints_however_large(numbers: list[int]) -> None:
    """Numbers of one byte and of several (a part of more than 16 articles has numbers past
    seven bits with their fields), as the format says, and read back as they were."""
    given = [number << 3 | BODY for number in numbers]
    gaps = [number - before - 1 for before, number in zip([-1, *numbers], numbers, strict=False)]
    expected = [_plain_varint(len(numbers)), *(_plain_varint(gap << 3 | BODY) for gap in gaps)]
    made = part_postings.entry("đảng", given)
    assert made == "đảng".encode() + b"\0" + b"".join(expected)
    assert part_update._postings(made) == (numbers, [BODY] * len(numbers))


def test_a_word_is_folded_once_and_the_words_kept_are_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(syllables, "FOLDED_WORDS", 2)
    monkeypatch.setattr(syllables, "_folded", syllables._FoldedWords())
    assert list(syllables.segments("Đảng  bộ, ĐẢNG-bộ")) == [["dang", "bo"], ["dang", "bo"]]
    assert len(syllables._folded) <= 2
    assert list(syllables.segments("“ – ” Lộc")) == [["loc"]]
    assert terms("Đảng bộ, lãnh đạo") == {"dang", "bo", "lanh", "dao", "dang bo", "lanh dao"}
    numbered = syllables.SyllableIds()
    assert list(numbered.of(["Đảng bộ, ĐẢNG-bộ", "bộ"])) == [1, 2, 0, 1, 2, 0, 2]
    assert numbered.names[1:] == ["dang", "bo"] and len(numbered._words) <= 2


STRETCHES = [
    "Hà Nội, Đà Nẵng và Huế.",
    "Ông Đỗ Văn A: “Đảng bộ” (Nghị quyết số 21-KL/TW)… 1.000 người; 2,5 tỷ?! Hết",
    "Đảng bộ – lãnh đạo — nhân dân - 2024\nhội nghị\ttháng\u00a0năm «sáu» [bảy] {tám}",
    " , . ! ",
    "",
    "một",
    "a\x00b c",
    "Ω ж 中文 ١٢ bình",
]


@pytest.mark.parametrize("text", STRETCHES)
def test_terms_are_each_stretch_s_syllables_and_runs(text: str) -> None:
    """`terms` lists a text's syllables at once, its stretches' ends marked: the same terms as
    each stretch's (`segments`) syllables, pairs and runs of three, even for a text that holds
    the mark."""
    expected: set[str] = set()
    for stretch in segments(text):
        expected.update(stretch)
        expected.update(" ".join(stretch[at : at + 2]) for at in range(len(stretch) - 1))
        expected.update(" ".join(stretch[at : at + 3]) for at in range(len(stretch) - 2))
    assert terms(text) == expected


def test_a_part_s_heads_are_made_only_when_the_views_they_are_made_in_change(
    tmp_path: Path,
) -> None:
    bundles, order = Bundles(tmp_path / "cache"), ["2024/a/index.html", "2024/b/index.html"]
    made: list[str] = []

    def publish(views: str | None, title: str, text: str, turn: int) -> bool:
        stage = bundles.stage("2024", order, views=views)
        for path in order:

            def head(path: str = path) -> dict[str, object]:
                made.append(path)
                return {"url": path, "title": f"{title} {path}"}

            stage.describe(path, head)
            stage.add(path, text)
        return bundles.publish_stage(stage, tmp_path / f"site{turn}")

    assert publish("views 1", "Tin", "Đảng bộ.", 0) and made == order  # made anew
    assert not publish("views 1", "Tin", "Đảng bộ.", 1) and made == order  # none made
    assert not publish("views 2", "Tin", "Đảng bộ.", 2) and made == order * 2  # the same heads
    assert not publish("views 2", "Tin", "Đảng bộ.", 3) and made == order * 2
    assert publish("views 2", "Tin", "Nhân dân.", 4) and made == order * 3  # for the records
    assert publish("views 3", "Bài", "Nhân dân.", 5) and made == order * 4  # other heads
    assert publish(None, "Tin", "Nhân dân.", 6) and made == order * 5  # unknown views
    assert not publish(None, "Tin", "Nhân dân.", 7) and made == order * 6
    records = search_bundle.HEADS
    assert not (tmp_path / "cache/2024" / records).exists()  # nothing to know them by
    assert not any((tmp_path / f"site{turn}" / records).exists() for turn in range(8))


ORDER = [f"2024/{number}/index.html" for number in range(12)]
TEXTS = {path: f"Đảng bộ tỉnh, bài {number}. Nhân dân." for number, path in enumerate(ORDER)}


@pytest.mark.parametrize("lost", [False, True])
def test_a_rebuild_gives_the_records_the_part_has_by_their_digest_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lost: bool
) -> None:
    """With the heads of the part in the cache (the same views) and the same words, a record
    is the one that part has: the part's program is given its digest, and its words are not
    read back. Should the program need it whole after all (`lost`: the part before lacks a
    file), it is given every record whole. The part is the part made anew."""
    kept = {record_digest(text): text for text in TEXTS.values()}
    asked: list[list[str]] = []
    given: list[list[str]] = []  # the lines of each run of the part's program
    real = Bundles._run

    def run(part_id: str, records: Path, bundle: Path, previous: Path | None = None) -> None:
        given.append(records.read_text(encoding="utf-8").splitlines())
        real(part_id, records, bundle, previous)

    def read_back(digests: list[str]) -> dict[str, str]:
        asked.append(digests)
        return {digest: kept[digest] for digest in digests if digest in kept}

    def publish(cache: str, views: str, texts: dict[str, str], known: bool = True) -> Path:
        bundles = Bundles(tmp_path / cache)
        stage = bundles.stage("2024", ORDER, read_back, views=views)
        for path in ORDER:
            stage.describe(path, lambda path=path: {"url": path, "title": f"Tin {path}"})
            if known and texts[path] == TEXTS[path]:
                stage.add_known(path, record_digest(TEXTS[path]))
            else:
                stage.add(path, texts[path])
        target = tmp_path / f"site-{cache}-{len(given)}"
        assert bundles.publish_stage(stage, target)
        return target

    monkeypatch.setattr(Bundles, "_run", staticmethod(run))
    publish("cache", "views 1", TEXTS, known=False)
    changed = {**TEXTS, ORDER[5]: "Đảng bộ tỉnh, bài 5. Câu thêm."}
    if lost:
        (tmp_path / "cache/2024/f/5.gz").unlink()
    again = publish("cache", "views 1", changed)
    whole = [[line for line in lines if not line.startswith('"')] for lines in given]
    if lost:
        assert [len(lines) for lines in whole] == [12, 1, 12]
        assert sorted(asked[0]) == sorted(record_digest(TEXTS[p]) for p in ORDER if p != ORDER[5])
    else:
        assert [len(lines) for lines in whole] == [12, 1] and asked == []
    assert json.loads(whole[1][0])["text"] == "Đảng bộ tỉnh, bài 5. Câu thêm."
    anew = publish("other cache", "views 1", changed, known=False)
    assert files(again) == files(anew)
    asked.clear()
    publish("cache", "views 2", {**changed, ORDER[6]: "Bài 6."})  # heads not known: whole
    assert len([line for line in given[-1] if not line.startswith('"')]) == 12
    assert len(asked) == 1


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_part_that_cannot_be_made_stops_the_build_with_why(tmp_path: Path) -> None:
    bundles = Bundles(tmp_path / "cache")
    stage = bundles.stage("2024", ["2024/tin/index.html"])
    stage.describe("2024/tin/index.html", lambda: {"url": "2024/tin/", "title": "Tin"})
    stage.add("2024/tin/index.html", "Tin vắn.")
    real = Stage.write

    def broken(self: Stage, unchanged: dict[str, str] | None = None) -> Path:
        records = real(self, unchanged)
        records.write_text("not json\n", encoding="utf-8")
        return records

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stage, "write", broken)
        with pytest.raises(SearchError) as raised:
            bundles.publish_stage(stage, tmp_path / "out")
    message = str(raised.value)
    assert message.startswith("the part 2024 of the search index could not be made (exit 1): ")
    assert "JSONDecodeError" in message


def entries(*days: str) -> list[IndexedArticle]:
    return [
        IndexedArticle(f"{i}/index.html", datetime.fromisoformat(day).replace(tzinfo=ZONE))
        for i, day in enumerate(days)
    ]


def test_a_part_is_whole_years_or_a_run_of_whole_days_oldest_first() -> None:
    small = plan_parts(entries("2023-05-01", "2024-01-01", "2023-01-01"), part_size=2)
    assert [(p.id, len(p.entries)) for p in small] == [("2023", 2), ("2024", 1)]
    assert [p.entries[0].dest_uri for p in small] == ["2/index.html", "1/index.html"]
    years = entries("2021-05-01", "2022-01-01", "2023-01-01", "2023-02-01", "2025-01-01")
    assert [(p.id, len(p.entries)) for p in plan_parts(years, part_size=3)] == [
        ("2021-2022", 2), ("2023-2025", 3)
    ]  # fmt: skip
    busy = entries(
        "2024-01-01", "2024-01-02", "2024-01-02", "2024-01-02", "2024-03-01", "2024-04-01"
    )
    assert [(p.id, len(p.entries)) for p in plan_parts([*entries("2023-01-01"), *busy], 2)] == [
        ("2023", 1), ("2024-01-01", 4), ("2024-03-01", 2)
    ]  # fmt: skip


def test_adding_an_article_at_the_end_changes_only_the_last_part() -> None:
    start = datetime(2024, 1, 1)
    days = [(start + timedelta(days=3 * i)).date().isoformat() for i in range(100)]
    before = plan_parts(entries(*days), part_size=30)
    after = plan_parts(entries(*days, "2024-12-31"), part_size=30)
    assert [p.id for p in before] == [p.id for p in after]
    assert before[:-1] == after[:-1] and before[-1] != after[-1]


def test_a_cache_given_relative_to_the_working_folder_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build -f mkdocs.yml` gives the cache relative to where mkdocs runs."""
    monkeypatch.chdir(tmp_path)
    bundles = Bundles(Path(".cache/search"))
    stage = bundles.stage("2024", ["2024/tin/index.html"])
    stage.describe("2024/tin/index.html", lambda: {"url": "2024/tin/", "title": "Tin"})
    stage.add("2024/tin/index.html", "Tin vắn.")
    assert bundles.publish_stage(stage, tmp_path / "out") is True
    assert (tmp_path / "out/part.json").is_file() and (tmp_path / "out/f/0.gz").is_file()
    assert not (tmp_path / "out/vocabulary.tsv").exists()  # the cache's, not the site's


def test_parts_are_made_while_the_build_still_writes_pages(
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


def _stage(cache: Path, read_back: ReadBack | None = None) -> Stage:
    stage = Stage(cache, "2024", ["2024/tin/index.html"], read_back)
    stage.describe("2024/tin/index.html", lambda: {"url": "2024/tin/", "title": "Tin"})
    return stage


def test_words_known_by_their_digest_are_read_back_and_checked(tmp_path: Path) -> None:
    text = "Tin vắn."
    kept = {record_digest(text): text}
    asked: list[list[str]] = []

    def read_back(digests: list[str]) -> dict[str, str]:
        asked.append(digests)
        return {digest: kept[digest] for digest in digests if digest in kept}

    stage = _stage(tmp_path / "cache", read_back)
    stage.add_known("2024/tin/index.html", record_digest(text))
    line = stage.write().read_text(encoding="utf-8")
    assert line == '{"url":"2024/tin/","title":"Tin","text":"Tin vắn."}\n'
    assert asked == [[record_digest(text)]]  # all at once
    stage.remove()
    for lost in ({}, {record_digest(text): "Tin dài."}):
        stage = _stage(tmp_path / "cache", lambda digests, lost=lost: lost)
        stage.add_known("2024/tin/index.html", record_digest(text))
        with pytest.raises(SearchError) as raised:
            stage.write()
        assert str(raised.value) == (
            "2024/tin/index.html: the page cache no longer has what search read of this page "
            "(build again; if it happens again, delete the folder page_cache names in mkdocs.yml)"
        )
        stage.remove()
    without = _stage(tmp_path / "cache")
    with pytest.raises(ValueError, match="words known by their digest need read_back"):
        without.add_known("2024/tin/index.html", record_digest(text))


@pytest.mark.parametrize("memory", [True, False])
def test_a_part_s_records_are_written_in_memory_where_the_system_has_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory: bool
) -> None:
    shm = tmp_path / "shm"
    if memory:
        shm.mkdir()
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", shm)
    stage = _stage(tmp_path / "cache")
    stage.add("2024/tin/index.html", "Tin.")
    written = stage.write()
    assert json.loads(written.read_text(encoding="utf-8"))["text"] == "Tin."
    assert written.parent.parent == shm if memory else written.parent == stage.work
    stage.remove()
    assert not written.exists() and stage.work is not None and not stage.work.exists()


def test_a_full_memory_folder_writes_the_records_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shm").mkdir()
    monkeypatch.setattr("bulletin.search.bundles.MEMORY", tmp_path / "shm")
    real: Callable[[Path, list[str]], Path] = search_bundle._write_lines

    def full_in_memory(path: Path, lines: list[str]) -> Path:
        if path.is_relative_to(tmp_path / "shm"):
            raise OSError(28, "No space left on device")
        return real(path, lines)

    monkeypatch.setattr("bulletin.search.bundles._write_lines", full_in_memory)
    stage = _stage(tmp_path / "cache")
    stage.add("2024/tin/index.html", "Tin.")
    written = stage.write()
    assert stage.work is not None and written == stage.work / "records.jsonl"
    assert written.is_file() and not any((tmp_path / "shm").iterdir())


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
        cache / f".new-stage-{dead}-2019-2020-xyz",
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
    stage = _stage(tmp_path / "cache")
    stage.add("2024/tin/index.html", "Tin.")
    written = stage.write()
    assert written.parent.name.startswith(f"bulletin-stage-{os.getpid()}-2024-")
    assert stage.work is not None and stage.work.name.startswith(f".new-stage-{os.getpid()}-2024-")
    stage.remove()
