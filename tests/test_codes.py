import pytest

from bulletin.codes import MalformedCode, parse_code


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
        ("21/KL-TW", "'21/KL-TW' mixes the Party and State styles (expected 21-KL/TW)"),
        ("21/KL-UBND", "'21/KL-UBND' mixes the Party and State styles (expected 21-KL/UBND for "
         "a Party document)"),
        ("21-KL/BCT", "'21-KL/BCT': the central Party organs sign as /TW (expected 21-KL/TW)"),
        ("21 - KL/TW", "'21 - KL/TW' has spaces inside (expected 21-KL/TW)"),
        ("3-KH/TW", "'3-KH/TW': numbers below 10 have two digits (expected 03-KH/TW)"),
        ("Nghị quyết 21", "'Nghị quyết 21' is not a document code (expected a Party code like "
         "21-KL/TW or a State code like 30/2020/NĐ-CP or 1291/QĐ-TTg)"),
    ],
)  # fmt: skip
def test_malformed_codes_say_what_was_expected(code: str, message: str) -> None:
    with pytest.raises(MalformedCode) as error:
        parse_code(code)
    assert str(error.value) == message


def test_unknown_party_kind_lists_the_known_ones() -> None:
    with pytest.raises(MalformedCode, match="'21-XX/TW': XX is not a kind of Party document "):
        parse_code("21-XX/TW")
