"""End-to-end: build sites with MkDocs and read the pages with an HTML parser."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from bulletin.build.linkcheck import broken_links
from bulletin.mkdocs_plugin.page_context import RenderedOnce
from bulletin.text.dates import site_zone
from sites import REPO, article, build_site, failed_build, site_yml, write_site

ZONE = site_zone("Asia/Ho_Chi_Minh")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def at(site: Path, url: str) -> BeautifulSoup:
    return soup(site / url.strip("/") / "index.html")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def test_an_article_page_has_its_parts_in_order(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {
            "images/anh.png": "",
            "articles/2022/06/bai.md": """
            ---
            title: Đảng bộ Thành phố tổng kết công tác năm
            date: 2022-06-23T18:30:00+07:00
            category: Xây dựng Đảng
            lead: Chiều 23/6, Thành ủy tổ chức hội nghị.
            source: Thanhuytphcm.vn
            author: [Quốc Hùng, Thu Hà]
            image:
              {src: ../../../images/anh.png, caption: Toàn cảnh, alt: Hội trường, credit: Việt Dũng}
            speakers:
              - {name: Nguyễn Văn An, title: Bí thư Thành ủy, role: chủ trì}
              - Trần Thị Bình
            resolutions:
              - 21-KL/TW
              - {code: 30/2020/NĐ-CP, title: Về công tác văn thư}
              - {title: Nghị quyết Đại hội XIII của Đảng}
            tags: [cán bộ, tổng kết]
            updated: 2022-06-24 09:00
            corrections:
              - {date: 2022-06-24 09:00, note: Sửa chức danh.}
            ---
            Mở đầu.

            ## Đảng bộ quận 1

            > “Cán bộ là gốc của mọi công việc.”

            ![Đại biểu biểu quyết](../../../images/anh.png "Các đại biểu biểu quyết")
            """,
        },
    )
    site = build_site(config, tmp_path / "site")
    page = at(site, "2022/06/dang-bo-thanh-pho-tong-ket-cong-tac-nam")
    main = page.select_one(".bulletin-article")
    assert isinstance(main, Tag)
    parts = [
        ".bulletin-category",
        ".bulletin-dateline",
        "h1",
        ".bulletin-lead",
        "figure.bulletin-lead-image",
        ".bulletin-speakers",
        ".bulletin-body",
        ".bulletin-documents",
        ".bulletin-byline",
        ".bulletin-tags",
        ".bulletin-updates",
    ]
    found = [main.select_one(selector) for selector in parts]
    assert all(found), [s for s, element in zip(parts, found, strict=True) if element is None]
    order = [list(main.descendants).index(element) for element in found]
    assert order == sorted(order)

    assert len(page.find_all("h1")) == 1
    assert page.h1 is not None and page.h1.get_text() == "Đảng bộ Thành phố tổng kết công tác năm"
    assert text(main, ".bulletin-category") == "Xây dựng Đảng"
    assert text(main, ".bulletin-dateline") == "Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30"
    time_tag = main.select_one(".bulletin-dateline time")
    assert time_tag is not None and time_tag["datetime"] == "2022-06-23T18:30:00+07:00"
    assert text(main, ".bulletin-lead") == (
        "(Thanhuytphcm.vn) - Chiều 23/6, Thành ủy tổ chức hội nghị."
    )
    assert text(main, "figure.bulletin-lead-image figcaption") == "Toàn cảnh Ảnh: Việt Dũng"
    lead_image = main.select_one("figure.bulletin-lead-image img")
    assert lead_image is not None
    assert lead_image["alt"] == "Hội trường"  # a size made of images/anh.png (test_images_site)
    assert re.fullmatch(r"\.\./\.\./\.\./anh/[0-9a-f]{24}/full-480\.png", str(lead_image["src"]))
    assert [text(li) for li in main.select(".bulletin-speaker")] == [
        "Nguyễn Văn An, Bí thư Thành ủy (chủ trì)",
        "Trần Thị Bình",
    ]
    assert [text(li) for li in main.select(".bulletin-document")] == [
        "Kết luận số 21-KL/TW",
        "Nghị định số 30/2020/NĐ-CP: Về công tác văn thư",
        "Nghị quyết Đại hội XIII của Đảng",
    ]
    assert text(main, ".bulletin-byline") == "Quốc Hùng, Thu Hà"
    assert [text(li) for li in main.select(".bulletin-tag")] == ["cán bộ", "tổng kết"]
    assert text(main, ".bulletin-updated") == "Cập nhật lúc 24/6/2022 09:00"
    assert text(main, ".bulletin-correction") == "24/6/2022 09:00: Sửa chức danh."

    body = main.select_one(".bulletin-body")
    assert body is not None
    heading = body.find("h2")
    assert heading is not None and heading["id"] == "dang-bo-quan-1"
    assert body.select_one("blockquote") is not None
    figure = body.select_one("figure")
    assert figure is not None and text(figure, "figcaption") == "Các đại biểu biểu quyết"
    meta = page.select_one('meta[name="description"]')
    assert meta is not None and meta["content"] == "Chiều 23/6, Thành ủy tổ chức hội nghị."


def text(element: Tag, selector: str | None = None) -> str:
    found = element.select_one(selector) if selector else element
    assert found is not None, selector
    return " ".join(found.get_text().split())


def test_editor_text_is_escaped(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {
            "articles/a.md": article("'<script>alert(1)</script> & Q&A'", "2022-06-23"),
            "articles/b.md": article("Tin khác", "2022-06-22"),
        },
    )
    site = build_site(config, tmp_path / "site")
    html = (site / "2022/06/script-alert-1-script-q-a/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Q&amp;A" in html
    for listing in (
        "chuyen-muc/thoi-su/index.html",
        "luu-tru/2022/06/23/index.html",
        "2022/06/tin-khac/index.html",
    ):
        listed = (site / listing).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in listed
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Q&amp;A" in listed


def test_drafts_and_embargoed_articles_produce_no_output(tmp_path: Path) -> None:
    now = datetime.now(ZONE)
    config = write_site(
        tmp_path,
        {
            "articles/past.md": article("Tin đã đăng", stamp(now - timedelta(minutes=2))),
            "articles/future.md": article("Tin chưa đến giờ", stamp(now + timedelta(hours=1))),
            "articles/draft.md": article(
                "Tin nháp",
                "2022-06-23",
                "draft: true\nimage: {src: /images/nhap.png, alt: Ảnh}\n",
                "![Ảnh chung](../images/chung.png)\n![Ảnh riêng](../images/rieng.png)\n",
            ),
            "articles/shared.md": article(
                "Tin chung", "2022-06-23", "", "![Ảnh](../images/chung.png)\n"
            ),
            "images/nhap.png": "",
            "images/chung.png": "",
            "images/rieng.png": "",
        },
    )
    site = build_site(config, tmp_path / "site")
    assert (site / "images/chung.png").is_file()
    assert not (site / "images/nhap.png").exists()
    assert not (site / "images/rieng.png").exists()
    everything = " ".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file()
    )
    assert "tin-da-dang" in everything
    for hidden in ("tin-chua-den-gio", "Tin chưa đến giờ", "tin-nhap", "Tin nháp"):
        assert hidden not in everything


def test_all_problems_of_all_files_stop_the_build_at_once(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {
            "articles/a.md": article("Tin A", "2022-13-05"),
            "articles/b.md": "---\ntitle: Tin B\ndate: 2022-06-23\n---\n",
            "articles/c.md": article("Trùng", "2022-06-01"),
            "articles/d.md": article("Trùng", "2022-06-02"),
            "articles/e.md": article("Tin E", "2022-06-23", "resolutions: [21-KL/BCT]\n"),
        },
    )
    (tmp_path / "docs/articles/f.md").write_bytes(b"---\ntitle: Tin F\n" + b"lead: Ch\xe1u\n---\n")
    [error] = failed_build(config, tmp_path / "site")
    assert error.splitlines() == [
        "6 lỗi, 0 cảnh báo:",
        'docs/articles/a.md:3:7: date: "2022-13-05" không phải ngày tháng: tháng phải từ 1 đến '
        "12 (cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        "docs/articles/b.md:2:1: category: bắt buộc mà chưa có "
        "(cần: một dòng category: Xây dựng Đảng)",
        "docs/articles/c.md:2:1: url: /2022/06/trung/ cũng là địa chỉ của "
        "docs/articles/d.md (cần: tiêu đề khác, hoặc một trường slug:)",
        "docs/articles/d.md:2:1: url: /2022/06/trung/ cũng là địa chỉ của "
        "docs/articles/c.md (cần: tiêu đề khác, hoặc một trường slug:)",
        'docs/articles/e.md:5:15: resolutions[1]: "21-KL/BCT": Ban Chấp hành Trung ương, Bộ '
        "Chính trị, Ban Bí thư đều ký /TW (cần: 21-KL/TW)",
        "docs/articles/f.md:3:1: không phải chữ UTF-8 (byte 0xE1; cần: lưu tệp dạng UTF-8)",
    ]


def test_an_article_on_the_url_of_another_page_is_an_error(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {
            "2022/06/tin/index.md": "# Trang\n",
            "articles/tin.md": article("Tin", "2022-06-23"),
        },
    )
    [error] = failed_build(config, tmp_path / "site")
    assert error.endswith(
        "docs/articles/tin.md:2:1: url: /2022/06/tin/ cũng là địa chỉ của "
        "docs/2022/06/tin/index.md (cần: tiêu đề khác, hoặc một trường slug:)"
    )


def test_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    config = write_site(
        tmp_path, {"articles/a.md": article("Tin", "2022-06-23", "speaker: Nguyễn Văn An\n")}
    )
    messages = failed_build(config, tmp_path / "site")
    assert messages == [
        "bulletin: docs/articles/a.md:5:1: speaker: trường lạ, bị bỏ qua (cần: speakers?)"
    ]


def test_a_missing_template_folder_is_named(tmp_path: Path) -> None:
    config = write_site(
        tmp_path, {}, "site_name: T\ntheme: {name: material}\nplugins: [bulletin]\n"
    )
    [error] = failed_build(config, tmp_path / "site")
    assert "no article.html in the theme's folders" in error
    assert error.endswith(
        "(expected theme.custom_dir: overrides, the folder that ships with Bulletin)"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("timezone: Asia/Hanoii", 'bulletin: timezone: "Asia/Hanoii" không phải múi giờ'),
        ("url_format: '{yyyy}/{title}/'", 'bulletin: url_format: "{yyyy}/{title}/" chỉ được dùng'),
        ("url_format: '{yyyy}/{mm}/'", "phải là đường dẫn tương đối, có {slug} hoặc {name}"),
        ("per_page: 0", "bulletin: per_page: 0 is not a count (expected 1 or more)"),
    ],
)
def test_bad_options_are_named(tmp_path: Path, option: str, message: str) -> None:
    yml = f"site_name: T\ntheme: {{name: material, custom_dir: {REPO / 'overrides'}}}\n"
    config = write_site(tmp_path, {}, yml + f"plugins:\n  - bulletin:\n      {option}\n")
    [error] = failed_build(config, tmp_path / "site")
    assert message in error


def test_url_format_is_configurable(tmp_path: Path) -> None:
    yml = f"site_name: T\ntheme: {{name: material, custom_dir: {REPO / 'overrides'}}}\n"
    options = "plugins:\n  - bulletin:\n      url_format: 'tin/{yyyy}-{mm}-{dd}/{slug}/'\n"
    config = write_site(
        tmp_path, {"articles/a.md": article("Tin", "2022-06-03 23:30")}, yml + options
    )
    site = build_site(config, tmp_path / "site")
    assert (site / "tin/2022-06-03/tin/index.html").is_file()


def test_url_format_may_follow_file_names(tmp_path: Path) -> None:
    yml = f"site_name: T\ntheme: {{name: material, custom_dir: {REPO / 'overrides'}}}\n"
    options = "plugins:\n  - bulletin:\n      url_format: '{yyyy}/{name}/'\n"
    articles = {
        "articles/Hội nghị 1.md": article("Hội nghị", "2022-06-03"),
        "articles/hoi-nghi-2.md": article("Hội nghị", "2022-06-04"),
    }
    site = build_site(write_site(tmp_path, articles, yml + options), tmp_path / "site")
    assert (site / "2022/hoi-nghi-1/index.html").is_file()
    assert (site / "2022/hoi-nghi-2/index.html").is_file()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site")


def test_sample_site_publishes_every_public_article(sample_site: Path) -> None:
    sources = list((REPO / "docs/articles").rglob("*.md"))
    pages = [p for p in sample_site.glob("[0-9]*/[0-9]*/*/index.html")]
    assert len(sources) >= 15
    assert len(pages) == len(sources) - 2  # one draft, one embargoed until 2099
    assert not (sample_site / "2099").exists()
    for page in pages:
        html = soup(page)
        assert len(html.find_all("h1")) == 1
        assert html.select_one(".bulletin-dateline time") is not None
        url = page.parent.relative_to(sample_site).as_posix()
        assert url.isascii() and url == url.lower()


def test_sample_site_output_is_nfc(sample_site: Path) -> None:
    for path in sample_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path


def test_sample_site_anchors_are_ascii(sample_site: Path) -> None:
    page = at(
        sample_site,
        "2023/03/dang-bo-tinh-binh-giang-so-ket-giua-nhiem-ky-thuc-hien-nghi-quyet-dai-hoi-lan",
    )
    ids = [h["id"] for h in page.select(".bulletin-body h2")]
    assert "doi-moi-phuong-thuc-lanh-dao-tao-dot-pha-nua-cuoi-nhiem-ky" in ids
    assert all(str(anchor).isascii() for anchor in ids)


def test_sample_site_navigation_lists_sections_not_articles(sample_site: Path) -> None:
    home = soup(sample_site / "index.html")
    links = {a.get_text(strip=True) for a in home.select(".md-nav--primary .md-nav__link")}
    assert links >= {"Trang chủ", "Giới thiệu"}
    assert not any(link.startswith(("Đảng bộ tỉnh", "Công an tỉnh")) for link in links)


def test_sample_site_is_in_vietnamese(sample_site: Path) -> None:
    home = soup(sample_site / "index.html")
    assert home.html is not None and home.html["lang"] == "vi"
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    for english in (
        "Back to top",
        "Metadata",
        "Initializing search",
        "Trở lại mục lục",
        "Made with",
    ):
        assert english not in html
    assert "Lên đầu trang" in html
    not_found = soup(sample_site / "404.html")
    assert not_found.h1 is not None and not_found.h1.get_text() == "404 - Không tìm thấy trang"


def test_the_nfd_sample_article_is_published_in_nfc(sample_site: Path) -> None:
    nfd_sources = [
        path
        for path in (REPO / "docs/articles").rglob("*.md")
        if not unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8"))
    ]
    assert nfd_sources, "the sample content should keep one NFD article"
    assert os.path.exists(sample_site / "2025/06")


def test_files_named_in_nfd_are_found_from_nfc_text(tmp_path: Path) -> None:
    nfd_name = unicodedata.normalize("NFD", "ảnh-hội-nghị.png")
    config = write_site(
        tmp_path,
        {
            f"images/{nfd_name}": "",
            "articles/a.md": article(
                "Tin", "2022-06-23", "image: {src: /images/ảnh-hội-nghị.png, alt: Ảnh}\n"
            ),
        },
    )
    site = build_site(config, tmp_path / "site")
    img = at(site, "2022/06/tin").select_one(".bulletin-lead-image img")
    assert img is not None and (site / "2022/06/tin" / unquote(str(img["src"]))).resolve().exists()


def test_a_production_build_needs_site_url(tmp_path: Path) -> None:
    yml = (
        f"site_name: T\nstrict: true\ntheme: {{name: material, custom_dir: {REPO / 'overrides'}}}\n"
    )
    messages = failed_build(
        write_site(tmp_path, {}, yml + "plugins: [bulletin]\n"), tmp_path / "site"
    )
    assert messages[0] == (
        "bulletin: site_url is not set: pages get no canonical address and the site no feeds, "
        "sitemaps, structured data, redirects or comment list (expected site_url: "
        "https://… in mkdocs.yml)"
    )


def test_an_image_a_page_or_the_registry_needs_is_never_withheld(tmp_path: Path) -> None:
    hidden = "draft: true\nimage: {src: /images/chung.png, alt: Ảnh}\n"
    config = write_site(
        tmp_path,
        {
            "articles/draft.md": article(
                "Nháp", "2022-06-23", hidden, "![Ảnh](../images/anh.png)\n"
            ),
            "gioi-thieu.md": "# Giới thiệu\n\n![Trụ sở](images/anh.png)\n",
            "_data/people.yml": "- {name: Trần Văn An, photo: /images/chung.png}\n",
            "articles/a.md": article("Tin", "2022-06-24", "speakers: [Trần Văn An]\n"),
            "images/chung.png": "",
            "images/anh.png": "",
        },
    )
    site = build_site(config, tmp_path / "site")
    assert (site / "images/chung.png").is_file() and (site / "images/anh.png").is_file()


def test_two_articles_on_one_url_do_not_stop_the_preview(tmp_path: Path) -> None:
    articles = {
        "articles/c.md": article("Trùng", "2022-06-01"),
        "articles/d.md": article("Trùng", "2022-06-02"),
    }
    site = build_site(write_site(tmp_path, articles), tmp_path / "site", command="serve")
    assert (site / "2022/06/trung/index.html").is_file()


def test_nfd_article_file_names_build(tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "articles/Khởi công.md")
    site = build_site(
        write_site(tmp_path, {name: article("Khởi công", "2022-06-01")}), tmp_path / "site"
    )
    assert (site / "2022/06/khoi-cong/index.html").is_file()


def test_tags_are_listed_once_and_categories_escaped_in_the_menu(tmp_path: Path) -> None:
    text = article("Tin", "2022-06-23", "tags: [thủy lợi, thuỷ lợi, Thủy Lợi]\n")
    text = text.replace("category: Thời sự", "category: 'Dân vận <i>khéo</i> & \"Thi đua\"'")
    site = build_site(write_site(tmp_path, {"articles/a.md": text}), tmp_path / "site")
    tag = soup(site / "tu-khoa/thuy-loi/index.html")
    assert len(tag.select(".bulletin-teaser")) == 1
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<i>khéo</i>" not in home and "Dân vận &lt;i&gt;khéo&lt;/i&gt; &amp;" in home


def _sidebars(page: BeautifulSoup) -> list[str]:
    """The drawer's menu and the table of contents, as text and links, whitespace aside."""
    found = []
    for sidebar in page.select(".md-sidebar"):
        links = [str(a.get("href")) for a in sidebar.select("a")]
        found.append(" ".join(sidebar.get_text(" ").split()) + " | " + " ".join(links))
    return found


def test_the_shared_menu_is_rendered_once_per_depth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = {
        f"articles/2024/05/tin-{n}.md": article(f"Tin {n}", f"2024-05-0{n} 08:00") for n in "123"
    }
    config = write_site(tmp_path, articles, site_yml(options="      workers: 1\n"))  # one process
    rendered: list[str] = []
    once = RenderedOnce.__call__

    def counted(self: RenderedOnce, key: str, caller: Callable[[], Markup]) -> Markup:
        return once(self, key, lambda: rendered.append(key) or caller())

    monkeypatch.setattr(RenderedOnce, "__call__", counted)
    site = build_site(config, tmp_path / "site")
    assert len(rendered) == len(set(rendered)) > 0  # each depth's menu rendered one time
    for n in "123":
        assert _sidebars(soup(site / f"2024/05/tin-{n}/index.html"))[0].startswith("Bản tin")


def test_what_pages_share_is_what_each_would_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The menu, the style sheets and the configuration script, rendered once per depth,
    are what each page would render of them: the same bytes, but for a relative link that
    another way leads to the same address."""
    articles = {
        "articles/2024/05/mot.md": article("Tin một", "2024-05-01 08:00", body="## Mục\n\nA.\n"),
        "articles/2024/06/hai.md": article("Tin hai", "2024-06-02 08:00", body="B.\n"),
    }
    options = "      page_cache: ''\n      search: false\n"
    config = write_site(tmp_path, articles, site_yml(options=options))
    shared = build_site(config, tmp_path / "shared")
    monkeypatch.setattr(RenderedOnce, "__call__", lambda self, key, caller: caller())
    each = build_site(config, tmp_path / "each")
    assert _resolved(shared) == _resolved(each)


def _resolved(site: Path) -> dict[str, str]:
    """Every HTML page of a site, its links and sources made absolute."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        address = "/" + path.relative_to(site).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for name in ("href", "src"):
            for tag in page.find_all(attrs={name: True}):
                tag[name] = urljoin(address, str(tag[name]))
        pages[address] = str(page)
    return pages


def test_pages_outside_the_menu_share_a_menu_the_same_as_material_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "## Mục một\n\nThân bài.\n"
    articles = {
        "articles/2024/05/mot.md": article("Tin một", "2024-05-01 08:00", body=body),
        "articles/2024/05/hai.md": article("Tin hai", "2024-05-02 08:00", body=body),
    }
    config = write_site(tmp_path, articles)
    shared = build_site(config, tmp_path / "shared")
    monkeypatch.setattr("bulletin.mkdocs_plugin.page_context._shared_nav", lambda *args: None)
    material = build_site(config, tmp_path / "material")
    pages = [
        "2024/05/tin-mot/index.html",
        "2024/05/tin-hai/index.html",
        "chuyen-muc/thoi-su/index.html",
    ]
    for name in pages:
        assert _sidebars(soup(shared / name)) == _sidebars(soup(material / name)), name
    first, second = (_sidebars(soup(shared / name)) for name in pages[:2])
    assert first[0] == second[0] and "Mục một" in first[1]  # one menu, each its own contents
    home = soup(shared / "index.html").select_one(".md-sidebar--primary .md-nav__link--active")
    assert home is not None  # the menu's own pages still show where the reader is


def test_every_internal_link_of_the_sample_site_resolves(sample_site: Path) -> None:
    assert [str(link) for link in broken_links(sample_site, "/bulletin/")] == []
