"""End-to-end: the article page as a news portal's (breadcrumb, date line with the time, the
update beside it, no documentation sidebars, codes kept whole) and the agency's footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from sites import build_site, failed_build, site_yml, write_site

AGENCY = """\
      agency:
        owner: Ban Thường vụ Tỉnh ủy Bình Giang
        licence:
          number: 45/GP-TTĐT
          issuer: Sở Thông tin và Truyền thông tỉnh Bình Giang
          date: 2021-03-05
        responsible: {name: Lê Văn Tâm, title: Phó Trưởng Ban Tuyên giáo Tỉnh ủy}
        address: Số 1 đường Trần Hưng Đạo, thành phố Tân Hải
        phone: 0297 3812 345
        fax: 0297 3812 346
        email: toasoan@binhgiang.example.org
        source: Bản tin Tỉnh ủy Bình Giang
"""
UPDATED = """
---
title: Hội nghị Ban Thường vụ Tỉnh ủy
date: 2022-06-23 18:30
updated: 2022-06-24 09:00
category: Xây dựng Đảng
speakers: [Nguyễn Thị Ngọc Lịch]
resolutions: [112-TB/TU]
corrections:
  - {date: 2022-06-24 09:00, note: Sửa chức danh.}
---
Đồng chí Nguyễn Thị Ngọc Lịch quán triệt Thông báo số 112-TB/TU của Ban Thường vụ.

## Triển khai
"""
PLAIN = """
---
title: Tin không cập nhật
date: 2022-06-20 07:05
category: Kinh tế
---
Thân bài.
"""


def text(element: Tag | None) -> str:
    assert element is not None
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("article")
    articles = {"articles/2022/06/a.md": UPDATED, "articles/2022/06/b.md": PLAIN}
    config = write_site(root, articles, site_yml(options=AGENCY))
    return build_site(config, root / "site")


def page(site: Path, slug: str) -> BeautifulSoup:
    path = site / "2022" / "06" / slug / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def updated(site: Path) -> BeautifulSoup:
    return page(site, "hoi-nghi-ban-thuong-vu-tinh-uy")


def test_the_breadcrumb_leads_home_then_to_the_category(site: Path) -> None:
    crumbs = updated(site).select_one("nav.bulletin-breadcrumb")
    assert crumbs is not None and crumbs["aria-label"] == "Đường dẫn"
    links = [(text(a), a["href"]) for a in crumbs.select("ol > li a")]
    assert links == [
        ("Trang chủ", "../../.."),
        ("Xây dựng Đảng", "../../../chuyen-muc/xay-dung-dang/"),
    ]


def test_the_date_line_has_the_time_and_the_update_links_to_the_corrections(site: Path) -> None:
    main = updated(site).select_one(".bulletin-article")
    assert main is not None
    assert text(main.select_one(".bulletin-dateline")) == (
        "Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30"
    )
    revised = main.select_one(".bulletin-article__times .bulletin-revised")
    assert text(revised) == "Cập nhật lúc 24/6/2022 09:00 Xem đính chính"
    assert revised is not None
    stamp = revised.select_one(".bulletin-updated time")
    assert stamp is not None and stamp["datetime"] == "2022-06-24T09:00:00+07:00"
    link = revised.select_one("a")
    assert link is not None and link["href"] == "#bulletin-dinh-chinh"
    corrections = main.select_one("#bulletin-dinh-chinh")
    assert corrections is not None and text(corrections.h2) == "Đính chính"
    # The corrections stay at the end: after the body.
    found = list(main.descendants)
    assert found.index(corrections) > found.index(main.select_one(".bulletin-body"))


def test_an_article_not_updated_has_no_update_line(site: Path) -> None:
    main = page(site, "tin-khong-cap-nhat").select_one(".bulletin-article")
    assert main is not None
    assert text(main.select_one(".bulletin-dateline")) == "Thứ Hai, ngày 20 tháng 6 năm 2022, 07:05"
    assert main.select_one(".bulletin-revised") is None
    assert main.select_one(".bulletin-updates") is None


def test_an_article_page_has_no_sidebars_but_keeps_the_drawer(site: Path) -> None:
    html = updated(site)
    primary = html.select_one(".md-sidebar--primary")
    secondary = html.select_one(".md-sidebar--secondary")
    assert primary is not None and primary.has_attr("hidden")
    assert secondary is not None and secondary.has_attr("hidden")
    assert primary.select_one("nav.md-nav--primary") is not None  # the phone's drawer
    assert html.select_one("label.md-header__button[for=__drawer]") is not None
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    home_primary = home.select_one(".md-sidebar--primary")
    assert home_primary is not None and not home_primary.has_attr("hidden")


def test_codes_are_kept_whole_in_the_documents_and_the_body(site: Path) -> None:
    main = updated(site).select_one(".bulletin-article")
    assert main is not None
    cited = main.select(".bulletin-documents .bulletin-code")
    assert [text(code) for code in cited] == ["112-TB/TU"]
    in_body = main.select(".bulletin-body a.bulletin-code")
    assert [text(code) for code in in_body] == ["112-TB/TU"]
    names = main.select(".bulletin-body a.bulletin-autolink:not(.bulletin-code)")
    assert [text(name) for name in names] == ["Nguyễn Thị Ngọc Lịch"]


def test_the_footer_names_the_publishing_agency(site: Path) -> None:
    agency = updated(site).select_one("footer.md-footer .bulletin-agency")
    assert agency is not None
    assert text(agency.select_one(".bulletin-agency__name")) == "Bản tin thử"
    fields = {
        name: text(agency.select_one(f".bulletin-agency__{name}"))
        for name in ("owner", "licence", "responsible", "address", "phone", "fax", "email")
    }
    assert fields == {
        "owner": "Cơ quan chủ quản: Ban Thường vụ Tỉnh ủy Bình Giang",
        "licence": "Giấy phép: Giấy phép số 45/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh "
        "Bình Giang cấp ngày 5/3/2021",
        "responsible": "Chịu trách nhiệm chính: Lê Văn Tâm, Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
        "address": "Địa chỉ: Số 1 đường Trần Hưng Đạo, thành phố Tân Hải",
        "phone": "Điện thoại: 0297 3812 345",
        "fax": "Fax: 0297 3812 346",
        "email": "Email: toasoan@binhgiang.example.org",
    }
    phone = agency.select_one(".bulletin-agency__phone a")
    assert phone is not None and phone["href"] == "tel:02973812345"
    email = agency.select_one(".bulletin-agency__email a")
    assert email is not None and email["href"] == "mailto:toasoan@binhgiang.example.org"
    assert agency.select_one("address") is not None
    assert text(agency.select_one(".bulletin-agency__source")) == (
        "Ghi rõ nguồn “Bản tin Tỉnh ủy Bình Giang” khi phát hành lại thông tin từ website này."
    )
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("footer .bulletin-agency") is not None  # every page


def test_the_printed_article_names_the_portal_and_its_address(site: Path) -> None:
    source = updated(site).select_one(".bulletin-print-source")
    assert text(source) == (
        "Bản tin thử. Địa chỉ: Số 1 đường Trần Hưng Đạo, thành phố Tân Hải "
        "Địa chỉ bài viết: https://example.org/2022/06/hoi-nghi-ban-thuong-vu-tinh-uy/"
    )


def test_without_an_agency_the_footer_has_only_the_credits(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"articles/2022/06/b.md": PLAIN})
    built = build_site(config, tmp_path / "site")
    html = page(built, "tin-khong-cap-nhat")
    assert html.select_one(".bulletin-agency") is None
    assert html.select_one("footer .md-copyright") is not None
    assert text(html.select_one(".bulletin-print-portal")) == "Bản tin thử"


def test_a_malformed_email_or_phone_is_a_warning_at_its_place(tmp_path: Path) -> None:
    options = "      agency:\n        phone: 0297 38\n        email: toasoan@binhgiang\n"
    config = write_site(tmp_path, {"articles/2022/06/b.md": PLAIN}, site_yml(options=options))
    messages = failed_build(config, tmp_path / "site")  # strict: warnings stop the build
    assert [m for m in messages if "mkdocs.yml" in m] == [
        'bulletin: mkdocs.yml:13:16: agency.phone: "0297 38" không phải số điện thoại '
        "(cần: 8 đến 15 chữ số, có thể có dấu + ở đầu, dấu cách, dấu chấm, dấu gạch nối "
        "hay ngoặc đơn, như 0297 3812 345 hoặc +84 297 3812 345)",
        'bulletin: mkdocs.yml:14:16: agency.email: "toasoan@binhgiang" không phải địa chỉ '
        "e-mail (cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)",
    ]
