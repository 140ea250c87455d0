"""`bulletin fix`: every code `check` gives one right spelling for is rewritten so; changes that
cannot be seen (NFC, Đ look-alikes) are named, not shown as a diff of lines that look the same."""

from __future__ import annotations

import unicodedata

import pytest

from bulletin.editors.fix import fix_text
from bulletin.text.codes import MalformedCode, parse_code

MENDED = [
    ("21 - KL/TW", "21-KL/TW"),  # spaces inside
    ("30 / 2020 / NĐ-CP", "30/2020/NĐ-CP"),
    ("3-KH/TW", "03-KH/TW"),  # numbers below 10
    ("21-KL/BCT", "21-KL/TW"),  # the central organs sign /TW
    ("21/KL-TW", "21-KL/TW"),  # the two styles mixed
    ("35/NQ-TU", "35-NQ/TU"),
    ("3 - KL/BCT", "03-KL/TW"),  # several faults
    ("3/KL-BCT", "03-KL/TW"),
]
NOT_MENDED = [
    "21-XX/TW",  # no such kind: which one was meant?
    "21/2020/KL-TW",  # mixed, with a year: a Party code has none
    "21/KL-UBND",  # mixed, and not a Party issuer
]


@pytest.mark.parametrize(("written", "right"), MENDED)
def test_check_proposes_one_right_spelling(written: str, right: str) -> None:
    with pytest.raises(MalformedCode) as error:
        parse_code(written)
    assert error.value.right == right
    assert str(error.value).endswith(f" {right})")


@pytest.mark.parametrize(("written", "right"), MENDED)
def test_fix_writes_it_in_the_body_and_in_resolutions(written: str, right: str) -> None:
    text = f"---\nresolutions: [{written}]\n---\nTheo Kết luận số {written}, và {written}.\n"
    fix = fix_text(text)
    assert fix.after == f"---\nresolutions: [{right}]\n---\nTheo Kết luận số {right}, và {right}.\n"
    assert [str(change) for change in fix.changes] == [
        f"mã văn bản {written} → {right}: 3 chỗ, dòng 2, 4"
    ]
    assert parse_code(right).text == right


@pytest.mark.parametrize("written", NOT_MENDED)
def test_a_code_without_one_right_spelling_is_left(written: str) -> None:
    with pytest.raises(MalformedCode) as error:
        parse_code(written)
    assert error.value.right is None
    assert not fix_text(f"Theo {written}.\n").changed


def test_what_is_not_a_code_is_left() -> None:
    assert not fix_text("Nhiệm kỳ 2020 - 2025, tỷ lệ 17/24, 21-KL/TW và 1291/QĐ-TTg.\n").changed


def test_changes_that_cannot_be_seen_are_named_and_left_out_of_the_diff() -> None:
    text = unicodedata.normalize("NFD", "Tiêu đề\nĐảng bộ\nTheo 21 - KL/TW.\n")
    text = text.replace("Đ", "\u00d0") + "\u00d0oàn \u00d0ảng\n"
    fix = fix_text(text)
    assert unicodedata.is_normalized("NFC", fix.after)
    assert fix.after == "Tiêu đề\nĐảng bộ\nTheo 21-KL/TW.\nĐoàn Đảng\n"
    assert fix.report("docs/a.md") == (
        "docs/a.md:\n"
        "  chuẩn hoá Unicode NFD → NFC: dòng 1, 2 (trông như cũ, nên không có trong phần so "
        "sánh bên dưới)\n"
        "  Ð (U+00D0) giả → Đ (U+0110): 3 chỗ, dòng 2, 4 (trông như cũ, nên không có trong "
        "phần so sánh bên dưới)\n"
        "  mã văn bản 21 - KL/TW → 21-KL/TW: dòng 3\n"
        "--- a/docs/a.md\n"
        "+++ b/docs/a.md\n"
        "@@ -1,4 +1,4 @@\n"
        " Tiêu đề\n"
        " Đảng bộ\n"
        "-Theo 21 - KL/TW.\n"
        "+Theo 21-KL/TW.\n"
        " Đoàn Đảng\n"
    )


def test_many_lines_are_counted() -> None:
    text = unicodedata.normalize("NFD", "Lộc\n" * 49)
    fix = fix_text(text)
    assert fix.report("docs/a.md") == (
        "docs/a.md:\n"
        "  chuẩn hoá Unicode NFD → NFC: 49 dòng (trông như cũ, nên không có trong phần so sánh "
        "bên dưới)\n"
    )
