import pytest

from bulletin.text.codes import MalformedCode, parse_code


@pytest.mark.parametrize(
    ("code", "kind_name", "issuer", "year", "party"),
    [
        ("21-KL/TW", "Kết luận", "TW", None, True),
        ("03-KH/TW", "Kế hoạch", "TW", None, True),
        ("08-QĐi/TW", "Quy định", "TW", None, True),
        ("36-HD/VPTW", "Hướng dẫn", "VPTW", None, True),
        ("35-NQ/TU", "Nghị quyết", "TU", None, True),
        ("30/2020/NĐ-CP", "Nghị định", "CP", 2020, False),
        ("1291/QĐ-TTg", "Quyết định", "TTg", None, False),
        ("15/2024/QĐ-UBND", "Quyết định", "UBND", 2024, False),
        ("80/2015/QH13", "Luật", "13", 2015, False),
    ],
)
def test_well_formed_codes(
    code: str, kind_name: str, issuer: str, year: int | None, party: bool
) -> None:
    parsed = parse_code(code)
    assert (parsed.text, parsed.kind_name, parsed.issuer, parsed.year, parsed.party) == (
        code,
        kind_name,
        issuer,
        year,
        party,
    )


def test_nfd_codes_are_read_in_nfc() -> None:
    assert parse_code("30/2020/N\u0110-CP".replace("Đ", "D\u0323")).text != ""
    assert parse_code("08-QĐi/TW").text == "08-QĐi/TW"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("21/KL-TW", '"21/KL-TW" viết lẫn kiểu văn bản của Đảng và của Nhà nước (cần: 21-KL/TW)'),
        ("21/KL-UBND", '"21/KL-UBND" viết lẫn kiểu văn bản của Đảng và của Nhà nước '
         "(cần: 21-KL/UBND nếu là văn bản của Đảng)"),
        ("21-KL/BCT", '"21-KL/BCT": Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư đều ký '
         "/TW (cần: 21-KL/TW)"),
        ("21 - KL/TW", '"21 - KL/TW" có dấu cách ở giữa (cần: 21-KL/TW)'),
        ("3-KH/TW", '"3-KH/TW": số dưới 10 viết hai chữ số (cần: 03-KH/TW)'),
        ("3 - KH/BCT", '"3 - KH/BCT" có dấu cách ở giữa (cần: 03-KH/TW)'),
        ("Nghị quyết 21", '"Nghị quyết 21" không phải số hiệu văn bản (cần: số hiệu văn bản của '
         "Đảng như 21-KL/TW, của Nhà nước như 30/2020/NĐ-CP, 1291/QĐ-TTg)"),
        ("21-XX/TW", '"21-XX/TW": XX không phải loại văn bản của Đảng (cần: một trong NQ, KL, '
         "CT, QĐ, QĐi, QC, TT, HD, TB, TC, BC, KH, CTr, ĐA, TTr, CV, BB)"),
    ],
)  # fmt: skip
def test_malformed_codes_say_what_was_expected(code: str, message: str) -> None:
    with pytest.raises(MalformedCode) as error:
        parse_code(code)
    assert str(error.value) == message
