"""The people index, a person's page and the documents index, built end to end and read with
an HTML parser; the sample's three pages in Chromium at a phone's width and a desktop's."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from browser import launched_browser, serve
from sites import MKDOCS_YML, REPO, build_site, write_site

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
)

REGISTRY = {
    "_data/people.yml": """
    - name: Trần Quốc Khải
      photo: /images/chan-dung.png
      positions:
        - {title: Trưởng Ban Tổ chức Tỉnh ủy, from: 2010-10-01, to: 2015-06-09}
        - {title: Bí thư Tỉnh ủy, from: 2021-01-10}
        - {title: Phó Bí thư Tỉnh ủy, from: 2015-06-10, to: 2020-12-31}
    - name: La Văn Đạt
      positions:
        - {title: Giám đốc Sở Nội vụ, from: 2019-01-01}
    - name: Phạm Đức Thịnh
      positions:
        - {title: Chủ tịch UBND tỉnh, from: 2016-01-01, to: 2020-12-31}
    """,
    "_data/resolutions.yml": """
    - {code: 21-KL/TW, date: 2021-10-28, title: Về xây dựng Đảng, issuer: Ban Chấp hành Trung ương}
    - {code: 57-NQ/TW, date: 2024-12-22, title: Về khoa học, issuer: Bộ Chính trị}
    - {code: 35/2023/NQ-HĐND, date: 2023-12-08, title: Về kế hoạch năm 2024}
    """,
}

SPEAKERS = [
    "Trần Quốc Khải",
    "La Văn Đạt",
    "Lê Văn Dũng",
    "Dung",
    "Phạm Đức Thịnh",
    "Nguyễn Hồ Hải",
    "Trần Văn Hải",
    "Võ Ân",
    "Lê Thị Ánh",
]
CODES = ["112-TB/TU", "05/2022/NQ-HĐND", "21-KL/TW", "57-NQ/TW", "35/2023/NQ-HĐND"]
CODES += ["41/2023/NQ-HĐND", "03-TB/TU", "36-HD/VPTW"]


def _article(name: str, date: str, speakers: list[str], codes: list[str]) -> str:
    return (
        f"---\ntitle: {name}\ndate: {date}\ncategory: Thời sự\n"
        f"speakers: [{', '.join(speakers)}]\nresolutions: [{', '.join(codes)}]\n---\nThân bài.\n"
    )


ARTICLES = {
    "articles/a.md": _article("Tin một", "2024-06-01", SPEAKERS, CODES[:4]),
    "articles/b.md": _article("Tin hai", "2025-01-02", SPEAKERS[:2], CODES[4:]),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people")
    config = write_site(root, {**REGISTRY, **ARTICLES}, MKDOCS_YML)
    (root / "docs/images").mkdir()
    (root / "docs/images/chan-dung.png").write_bytes(PNG)
    return build_site(config, root / "site")


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element: Tag | None) -> str | None:
    return " ".join(element.get_text().split()) if element else None


def test_the_people_index_has_letters_in_order_and_titles(site: Path) -> None:
    index = page(site, "nhan-vat")
    groups = index.select(".bulletin-group")
    letters = [text(group.h2) for group in groups]
    assert letters == ["A", "Â", "D", "Đ", "H", "K", "T"]
    names = {text(g.h2): [text(li.a) for li in g.select("li")] for g in groups}
    assert names["D"] == ["Dung", "Lê Văn Dũng"]
    assert names["Đ"] == ["La Văn Đạt"]
    assert names["H"] == ["Nguyễn Hồ Hải", "Trần Văn Hải"]
    assert names["T"] == ["Phạm Đức Thịnh"]  # the given name, not Phạm's P
    titles = {text(li.a): text(li.select_one(".bulletin-links__detail")) for li in index("li")}
    assert titles["Trần Quốc Khải"] == "Bí thư Tỉnh ủy"
    assert titles["La Văn Đạt"] == "Giám đốc Sở Nội vụ"
    assert titles["Phạm Đức Thịnh"] is None  # no title held today
    assert titles["Dung"] is None  # not in the registry


def test_the_jump_bar_leads_to_each_letter(site: Path) -> None:
    index = page(site, "nhan-vat")
    jump = index.select_one("nav.bulletin-jump")
    assert jump is not None and jump.get("aria-label")
    links = [(text(a), str(a["href"])) for a in jump("a")]
    assert [letter for letter, _ in links] == ["A", "Â", "D", "Đ", "H", "K", "T"]
    for letter, href in links:
        target = index.find(id=href.removeprefix("#"))
        assert target is not None and text(target) == letter
    assert len({href for _, href in links}) == len(links)


def test_a_person_page_shows_the_photo_and_the_career_newest_first(site: Path) -> None:
    person = page(site, "nhan-vat/tran-quoc-khai")
    photo = person.select_one(".bulletin-portrait img")
    assert photo is not None
    assert (photo["src"], photo["width"], photo["height"]) == (
        "../../images/chan-dung.png",
        "160",
        "200",
    )
    assert photo["alt"] == "Ảnh chân dung Trần Quốc Khải"
    career = [text(li) for li in person.select(".bulletin-career li")]
    assert career == [
        "Bí thư Tỉnh ủy (từ 01/2021)",
        "Phó Bí thư Tỉnh ủy (06/2015 – 12/2020)",
        "Trưởng Ban Tổ chức Tỉnh ủy (10/2010 – 06/2015)",
    ]
    headings = [text(h2) for h2 in person.select(".bulletin-listing h2")]
    assert headings == ["Quá trình công tác", "Các bài viết"]
    assert [text(h3) for h3 in person.select(".bulletin-teaser__title")] == ["Tin hai", "Tin một"]


def test_a_person_without_a_photo_gets_the_neutral_frame(site: Path) -> None:
    for url in ("nhan-vat/la-van-dat", "nhan-vat/dung"):
        person = page(site, url)
        assert person.select_one(".bulletin-portrait img") is None
        frame = person.select_one(".bulletin-portrait__frame")
        assert frame is not None and frame["aria-hidden"] == "true"
    assert page(site, "nhan-vat/dung").select_one(".bulletin-career") is None


def test_the_documents_index_by_kind_newest_first_with_the_issuer(site: Path) -> None:
    index = page(site, "van-ban")
    groups = {
        text(group.h2): [
            (text(li.a), text(li.select_one(".bulletin-links__meta"))) for li in group("li")
        ]
        for group in index.select(".bulletin-group")
    }
    assert list(groups) == ["Nghị quyết", "Kết luận", "Hướng dẫn", "Thông báo"]
    assert groups["Nghị quyết"] == [
        ("57-NQ/TW", "Bộ Chính trị · 22/12/2024"),
        ("35/2023/NQ-HĐND", "Hội đồng nhân dân · 8/12/2023"),  # the code's issuer
        ("41/2023/NQ-HĐND", "Hội đồng nhân dân · năm 2023"),
        ("05/2022/NQ-HĐND", "Hội đồng nhân dân · năm 2022"),
    ]
    assert groups["Kết luận"] == [("21-KL/TW", "Ban Chấp hành Trung ương · 28/10/2021")]
    assert groups["Hướng dẫn"] == [("36-HD/VPTW", "Văn phòng Trung ương Đảng")]
    assert groups["Thông báo"] == [("112-TB/TU", "Tỉnh ủy"), ("03-TB/TU", "Tỉnh ủy")]


def test_a_document_page_shows_kind_code_date_issuer_and_title(site: Path) -> None:
    def facts(url: str) -> dict[str | None, str | None]:
        document = page(site, url)
        return {
            text(dt): text(dt.find_next_sibling("dd"))
            for dt in document.select(".bulletin-facts dt")
        }

    assert facts("van-ban/35-2023-nq-hdnd") == {
        "Loại văn bản": "Nghị quyết",
        "Số hiệu": "35/2023/NQ-HĐND",
        "Trích yếu": "Về kế hoạch năm 2024",
        "Ngày ban hành": "8/12/2023",
        "Cơ quan ban hành": "Hội đồng nhân dân",
    }
    assert facts("van-ban/05-2022-nq-hdnd") == {
        "Loại văn bản": "Nghị quyết",
        "Số hiệu": "05/2022/NQ-HĐND",
        "Năm ban hành": "2022",
        "Cơ quan ban hành": "Hội đồng nhân dân",
    }
    cited = page(site, "van-ban/112-tb-tu")
    assert [text(h2) for h2 in cited.select(".bulletin-listing h2")] == ["Các bài viết dẫn văn bản"]
    assert [text(h3) for h3 in cited.select(".bulletin-teaser__title")] == ["Tin một"]


SCREENS = {"phone": (360, 780), "desktop": (1280, 900)}
PAGES = ["nhan-vat/", "nhan-vat/tran-quoc-khai/", "van-ban/"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_sample_pages_fit_the_screen(sample: Path, screen: str) -> None:
    width, height = SCREENS[screen]
    with serve(sample) as base, launched_browser() as browser:
        tab = browser.new_page(viewport={"width": width, "height": height})
        for url in PAGES:
            tab.goto(base + url)
            tab.wait_for_load_state("networkidle")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, url
            if url != "nhan-vat/tran-quoc-khai/":
                box = tab.locator("nav.bulletin-jump a").first.bounding_box()
                assert box is not None and box["width"] >= 24 and box["height"] >= 24
        tab.goto(base + "nhan-vat/")
        columns = tab.evaluate(
            "getComputedStyle(document.querySelector('.bulletin-links--people'))"
            ".gridTemplateColumns.split(' ').length"
        )
        assert columns == 1 if screen == "phone" else columns >= 2
