"""The publishing agency of the footer, read from mkdocs.yml with the place of every value."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

from bulletin.text.dates import site_zone
from bulletin.views.agency import Agency, Licence, is_email, is_phone, read_agency, tel
from bulletin.views.interface import load_interface

ZONE = site_zone("Asia/Ho_Chi_Minh")
UI = load_interface({})
HEAD = """\
site_name: Bản tin thử
plugins:
  - search: {}
  - bulletin:
      timezone: Asia/Ho_Chi_Minh
      agency:
"""


def read(tmp_path: Path, agency: str) -> tuple[Agency, list[str]]:
    text = HEAD + textwrap.indent(textwrap.dedent(agency), " " * 8)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text, encoding="utf-8")
    options = yaml.safe_load(text)["plugins"][1]["bulletin"]["agency"]
    found, problems = read_agency(config_file, options, ZONE)
    assert all(not problem.is_error for problem in problems)
    return found, [str(problem) for problem in problems]


def test_every_field_is_read(tmp_path: Path) -> None:
    agency, problems = read(
        tmp_path,
        """\
        owner: Ban Thường vụ Tỉnh ủy Bình Giang
        licence:
          number: 45/GP-TTĐT
          issuer: Sở Thông tin và Truyền thông tỉnh Bình Giang
          date: 2021-03-05
        responsible:
          name: Lê Văn Tâm
          title: Phó Trưởng Ban Tuyên giáo Tỉnh ủy
        address: Số 1 đường Trần Hưng Đạo, thành phố Tân Hải
        phone: 0297 3812 345
        fax: "(+84) 297 3812 346"
        email: toasoan@binhgiang.example.org
        source: Bản tin Tỉnh ủy Bình Giang
        """,
    )
    assert problems == []
    assert agency == Agency(
        owner="Ban Thường vụ Tỉnh ủy Bình Giang",
        licence=Licence(
            "45/GP-TTĐT", "Sở Thông tin và Truyền thông tỉnh Bình Giang", date(2021, 3, 5)
        ),
        responsible="Lê Văn Tâm",
        responsible_title="Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
        address="Số 1 đường Trần Hưng Đạo, thành phố Tân Hải",
        phone="0297 3812 345",
        fax="(+84) 297 3812 346",
        email="toasoan@binhgiang.example.org",
        source="Bản tin Tỉnh ủy Bình Giang",
    )
    assert agency.licence_line(UI) == (
        "Giấy phép số 45/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bình Giang cấp ngày 5/3/2021"
    )
    assert agency.source_line(UI) == (
        "Ghi rõ nguồn “Bản tin Tỉnh ủy Bình Giang” khi phát hành lại thông tin từ website này."
    )
    assert agency.phone_link == "tel:02973812345"


def test_short_forms_and_missing_parts(tmp_path: Path) -> None:
    agency, problems = read(tmp_path, "licence: 45/GP-TTĐT\nresponsible: Lê Văn Tâm\n")
    assert problems == []
    assert agency == Agency(licence=Licence("45/GP-TTĐT", None, None), responsible="Lê Văn Tâm")
    assert agency.licence_line(UI) == "Giấy phép số 45/GP-TTĐT"
    assert agency.source_line(UI) is None and agency.phone_link is None
    dated = Agency(licence=Licence("45/GP-TTĐT", None, date(2021, 3, 5)))
    assert dated.licence_line(UI) == "Giấy phép số 45/GP-TTĐT cấp ngày 5/3/2021"
    issued = Agency(licence=Licence("45/GP-TTĐT", "Sở Thông tin và Truyền thông", None))
    assert issued.licence_line(UI) == "Giấy phép số 45/GP-TTĐT do Sở Thông tin và Truyền thông cấp"


def test_no_agency_is_an_empty_one(tmp_path: Path) -> None:
    found, problems = read_agency(tmp_path / "mkdocs.yml", None, ZONE)
    assert found.is_empty and problems == []


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        (
            "email: toasoan@binhgiang\n",
            '7:16: agency.email: "toasoan@binhgiang" không phải địa chỉ e-mail '
            "(cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)",
        ),
        (
            "email: toa soan@binhgiang.vn\n",
            '7:16: agency.email: "toa soan@binhgiang.vn" không phải địa chỉ e-mail '
            "(cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)",
        ),
        (
            "phone: 0297 38\n",
            '7:16: agency.phone: "0297 38" không phải số điện thoại (cần: 8 đến 15 chữ số, '
            "có thể có dấu + ở đầu, dấu cách, dấu chấm, dấu gạch nối hay ngoặc đơn, "
            "như 0297 3812 345 hoặc +84 297 3812 345)",
        ),
        (
            "fax: 0297-3812-346 (máy lẻ 12)\n",
            '7:14: agency.fax: "0297-3812-346 (máy lẻ 12)" không phải số điện thoại '
            "(cần: 8 đến 15 chữ số, có thể có dấu + ở đầu, dấu cách, dấu chấm, dấu gạch nối "
            "hay ngoặc đơn, như 0297 3812 345 hoặc +84 297 3812 345)",
        ),
        (
            "phone: 2973812345\n",
            "7:16: agency.phone: 2973812345 là một số "
            '(cần: chữ; viết "2973812345" trong ngoặc kép)',
        ),
        (
            "phone: 0123\n",
            '7:16: agency.phone: 0123 bị YAML đọc thành một số: 83 (cần: chữ; viết "0123" '
            "trong ngoặc kép)",
        ),
        (
            "adress: Số 1\n",
            "7:9: agency.adress: trường lạ, bị bỏ qua (cần: address?)",
        ),
        (
            "licence: {issuer: Sở Thông tin và Truyền thông}\n",
            "7:9: agency.licence.number: bắt buộc mà chưa có (cần: một dòng number: 45/GP-TTĐT)",
        ),
        (
            "licence: {number: 45/GP-TTĐT, date: '2021-02-30'}\n",
            '7:45: agency.licence.date: "2021-02-30" không phải ngày tháng: tháng 2 năm 2021 có '
            "28 ngày (cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        ),
        (
            "responsible: {title: Tổng Biên tập}\n",
            "7:9: agency.responsible.name: bắt buộc mà chưa có (cần: một dòng name: Lê Văn Tâm)",
        ),
        (
            "owner: [Tỉnh ủy]\n",
            "7:9: agency.owner: là một danh sách (cần: chữ)",
        ),
    ],
)
def test_every_bad_value_is_a_warning_at_its_place(
    tmp_path: Path, agency: str, expected: str
) -> None:
    _, problems = read(tmp_path, agency)
    assert problems == [f"mkdocs.yml:{expected}"]


def test_a_bad_value_leaves_its_field_out(tmp_path: Path) -> None:
    agency, _ = read(tmp_path, "email: toasoan@\nphone: 0297 3812 345\n")
    assert agency == Agency(phone="0297 3812 345")


def test_an_agency_not_in_the_file_is_read_from_the_options(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("INHERIT: base.yml\n", encoding="utf-8")
    found, problems = read_agency(config_file, {"email": "x@y", "owner": "Tỉnh ủy"}, ZONE)
    assert found == Agency(owner="Tỉnh ủy")
    assert [str(problem) for problem in problems] == [
        'mkdocs.yml (plugins: bulletin: agency):1:8: agency.email: "x@y" không phải địa chỉ '
        "e-mail (cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)"
    ]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("0297 3812 345", True),
        ("+84 297 3812 345", True),
        ("(0297) 3.812.345", True),
        ("1900 1234", True),
        ("0297", False),
        ("0297 3812 345 / 346", False),
        ("1234567890123456", False),
    ],
)
def test_phone_numbers(text: str, valid: bool) -> None:
    assert is_phone(text) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("toasoan@binhgiang.gov.vn", True),
        ("ban.bien-tap+tin@tinh.example.org", True),
        ("toasoan@@binhgiang.vn", False),
        ("toasoan@binhgiang..vn", False),
        ("tòa.soạn@binhgiang.vn", False),
        ("toasoan@binhgiang.v", False),
    ],
)
def test_email_addresses(text: str, valid: bool) -> None:
    assert is_email(text) is valid


def test_tel_links_keep_digits_and_the_plus() -> None:
    assert tel("(+84) 297 3812 345") == "tel:+842973812345"
    assert tel("0297.3812.345") == "tel:02973812345"
