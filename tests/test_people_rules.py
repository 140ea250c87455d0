"""The rules of the people and documents indexes: letters, careers, kinds, order, issuers."""

from __future__ import annotations

import string
import unicodedata
from datetime import date

import pytest

from bulletin.registries.registry import Position
from bulletin.text.codes import DocumentCode, kind_names, parse_code
from bulletin.text.vietnamese import name_sort_key
from bulletin.views.documents import OTHER_KIND, issuer, kind_order, newest_first, year_of
from bulletin.views.interface import load_interface
from bulletin.views.people import OTHER, by_letter, career, initial, letter_anchor, period

VIETNAMESE_LETTERS = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
UI = load_interface({})


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("La Văn Đạt", "Đ"),
        ("Đỗ Thanh Bình", "B"),  # the given name counts, not the family name
        ("Lê Thị Ánh", "A"),  # the tone goes, the letter stays
        ("Trần Ấn", "Â"),  # Â is a letter of its own, like Đ
        ("Võ Ăng", "Ă"),
        ("Nguyễn Ước", "Ư"),
        ("Mai", "M"),  # one syllable: it is the given name
        ("  hoàng   văn   ơn ", "Ơ"),
        (unicodedata.normalize("NFD", "La Văn Đạt Ẩn"), "Â"),
        ("La Văn \u00d0ạt", "Đ"),  # Ð (U+00D0), the look-alike, is Đ
        ("Nguyễn 3", OTHER),
        ("", OTHER),
    ],
)
def test_the_letter_of_a_name_is_the_first_of_its_given_name(name: str, letter: str) -> None:
    assert initial(name) == letter


def test_each_letter_has_its_own_ascii_anchor() -> None:
    letters = [*VIETNAMESE_LETTERS, "F", "J", "W", "Z", OTHER]
    anchors = [letter_anchor(letter) for letter in letters]
    assert len(set(anchors)) == len(anchors)
    assert all(a.isascii() and a.replace("-", "").isalnum() for a in anchors)
    assert (letter_anchor("D"), letter_anchor("Đ"), letter_anchor("Â")) == (
        "chu-d",
        "chu-dd",
        "chu-aa",
    )


def test_names_in_directory_order_under_their_letters() -> None:
    names = [
        "Trần Văn Hải",
        "Lê Văn Dũng",
        "Nguyễn Hồ Hải",
        "Võ Ân",
        "La Văn Đạt",
        "Dung",
        "Lê Thị Ánh",
        "Nguyễn Ba",
        "Phạm An",
        "Đinh Văn Em",
    ]
    ordered = sorted(names, key=name_sort_key)
    assert by_letter(ordered, lambda name: name) == [
        ("A", ["Phạm An", "Lê Thị Ánh"]),
        ("Â", ["Võ Ân"]),
        ("B", ["Nguyễn Ba"]),
        ("D", ["Dung", "Lê Văn Dũng"]),  # one syllable first; ngang before ngã
        ("Đ", ["La Văn Đạt"]),  # after every D
        ("E", ["Đinh Văn Em"]),
        ("H", ["Nguyễn Hồ Hải", "Trần Văn Hải"]),  # one given name: by family name
    ]


def test_the_letters_of_a_sorted_list_never_come_back() -> None:
    """The letter is the first of the sort's first word, so each letter is one run."""
    names = [f"Nguyễn {letter}{rest}" for letter in VIETNAMESE_LETTERS for rest in ("a", "ạnh")]
    names += [f"Trần {letter.lower()}ương" for letter in VIETNAMESE_LETTERS]
    runs = by_letter(sorted(names, key=name_sort_key), lambda name: name)
    assert [letter for letter, _ in runs] == list(VIETNAMESE_LETTERS)


def _position(title: str, start: str | None, end: str | None = None) -> Position:
    return Position(
        title,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


def test_a_career_is_newest_first_with_its_periods() -> None:
    positions = [
        _position("Trưởng Ban Tổ chức Tỉnh ủy", "2010-10-01", "2015-06-09"),
        _position("Đại biểu Quốc hội", None),
        _position("Bí thư Tỉnh ủy", "2021-01-10"),
        _position("Phó Bí thư Tỉnh ủy", "2015-06-10", "2020-12-31"),
        _position("Ủy viên Ban Chấp hành Trung ương", "2021-01-10", "2021-01-31"),
        _position("Giám đốc Sở", None, "2009-05-01"),
    ]
    assert career(positions, UI) == [
        ("Bí thư Tỉnh ủy", "từ 01/2021"),  # still held: first of those begun that day
        ("Ủy viên Ban Chấp hành Trung ương", "01/2021"),
        ("Phó Bí thư Tỉnh ủy", "06/2015 – 12/2020"),
        ("Trưởng Ban Tổ chức Tỉnh ủy", "10/2010 – 06/2015"),
        ("Giám đốc Sở", "đến 05/2009"),  # by the day it ended
        ("Đại biểu Quốc hội", None),  # undated: last
    ]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2021-01-15", None, "từ 01/2021"),
        ("2015-06-10", "2020-12-31", "06/2015 – 12/2020"),
        (None, "2020-12-31", "đến 12/2020"),
        ("2020-03-01", "2020-03-31", "03/2020"),
        (None, None, None),
    ],
)
def test_a_period_is_in_months(start: str | None, end: str | None, text: str | None) -> None:
    day = date.fromisoformat
    assert period(day(start) if start else None, day(end) if end else None, UI) == text


def test_kinds_in_the_order_of_the_table_unknown_kinds_then_other() -> None:
    kinds = [OTHER_KIND, "Công điện", "Thông báo", "Quy định", "Chỉ thị", "Kết luận", "Nghị quyết"]
    assert sorted(kinds, key=kind_order) == [
        "Nghị quyết",
        "Kết luận",
        "Chỉ thị",
        "Quy định",
        "Thông báo",
        "Công điện",  # not in document_kinds.yml
        OTHER_KIND,
    ]
    assert len(kind_names()) == len(set(kind_names())) and kind_names()[0] == "Nghị quyết"


def _document(
    code: str | None, day: str | None = None
) -> tuple[str, date | None, DocumentCode | None]:
    return (
        code or "Nghị quyết Đại hội",
        date.fromisoformat(day) if day else None,
        parse_code(code) if code else None,
    )


def test_documents_newest_first_by_date_else_by_year_and_number() -> None:
    documents = [
        _document("112-TB/TU"),  # no date, no year in its code
        _document("21-KL/TW", "2021-10-28"),
        _document("05/2022/NQ-HĐND"),
        _document(None),  # a reference without a code
        _document("36/2023/NQ-HĐND"),
        _document("35/2023/NQ-HĐND", "2023-12-08"),
        _document("03-TB/TU"),
        _document("41/2023/NQ-HĐND"),
        _document("18-NQ/TW", "2022-10-09"),
    ]
    ordered = sorted(documents, key=lambda d: newest_first(d[1], d[2], d[0]))
    assert [name for name, _, _ in ordered] == [
        "35/2023/NQ-HĐND",  # 2023, dated
        "41/2023/NQ-HĐND",  # 2023, undated: by number
        "36/2023/NQ-HĐND",
        "18-NQ/TW",  # 2022, dated
        "05/2022/NQ-HĐND",  # 2022 from its code, undated: after the dated ones of its year
        "21-KL/TW",
        "112-TB/TU",  # unknown year: last, by number
        "03-TB/TU",
        "Nghị quyết Đại hội",
    ]


def test_the_year_of_a_document() -> None:
    assert year_of(date(2021, 10, 28), parse_code("21-KL/TW")) == 2021
    assert year_of(None, parse_code("05/2022/NQ-HĐND")) == 2022
    assert year_of(None, parse_code("112-TB/TU")) is None
    assert year_of(None, None) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("21-KL/TW", "Trung ương"),
        ("112-TB/TU", "Tỉnh ủy"),
        ("36-HD/VPTW", "Văn phòng Trung ương Đảng"),
        ("05/2022/NQ-HĐND", "Hội đồng nhân dân"),
        ("1291/QĐ-TTg", "Thủ tướng Chính phủ"),
        ("30/2020/NĐ-CP", "Chính phủ"),
        ("80/2015/QH13", "Quốc hội"),
        ("12/QĐ-XYZ", None),
    ],
)
def test_the_issuer_from_the_code(code: str, name: str | None) -> None:
    assert issuer(None, parse_code(code)) == name


def test_the_registry_names_the_issuer_first() -> None:
    assert issuer("Bộ Chính trị", parse_code("57-NQ/TW")) == "Bộ Chính trị"
    assert issuer(None, None) is None


def test_no_letter_outside_the_alphabet_sorts_inside_it() -> None:
    """F, J, W, Z (foreign names) come after Y, each under its own letter."""
    names = ["John Smith", "Lê Văn Yên", "Nguyễn Zung", "Trần An"]
    runs = by_letter(sorted(names, key=name_sort_key), lambda name: name)
    assert [letter for letter, _ in runs] == ["A", "S", "Y", "Z"]
    assert set(string.ascii_uppercase) - set(VIETNAMESE_LETTERS) == {"F", "J", "W", "Z"}
