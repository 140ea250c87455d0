"""A lead cut for lists: at a sentence's end, else at a word with "…"; in NFC."""

from __future__ import annotations

import unicodedata

from bulletin.text.excerpt import excerpt

LEAD = (
    "Sáng 15/3, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện "
    "Nghị quyết Đại hội. Đồng chí Trần Quốc Khải, Bí thư Tỉnh ủy chủ trì hội nghị. Tham dự có "
    "các đồng chí trong Ban Thường vụ Tỉnh ủy và lãnh đạo các sở, ngành của tỉnh."
)


def test_short_lead_whole() -> None:
    assert excerpt("Hội nghị kết thúc.") == "Hội nghị kết thúc."


def test_cut_after_the_sentences_that_fit() -> None:
    assert excerpt(LEAD) == (
        "Sáng 15/3, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện "
        "Nghị quyết Đại hội. Đồng chí Trần Quốc Khải, Bí thư Tỉnh ủy chủ trì hội nghị."
    )
    assert excerpt(LEAD, 120) == (
        "Sáng 15/3, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện "
        "Nghị quyết Đại hội."
    )


def test_cut_at_a_word_never_inside_one() -> None:
    cut = excerpt(LEAD, 80)
    assert cut == "Sáng 15/3, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị sơ kết giữa nhiệm kỳ…"
    assert LEAD.startswith(cut[:-1] + " ")
    assert len(cut) <= 80


def test_no_cut_at_an_abbreviation_or_before_a_small_letter() -> None:
    text = (
        "Tại TP. Hồ Chí Minh, hội nghị diễn ra trong hai ngày với sự tham gia của nhiều đại biểu "
        "đến từ các tỉnh thành phía Nam. Hội nghị kết thúc."
    )
    assert excerpt(text, 120) == text[: text.index(" Hội nghị kết")]
    lower = (
        "Đại biểu đến từ nhiều tỉnh thành và bộ ngành trung ương. ấy là điều đáng ghi nhận hôm nay."
    )
    assert (
        excerpt(lower, 80)
        == "Đại biểu đến từ nhiều tỉnh thành và bộ ngành trung ương. ấy là điều đáng ghi…"
    )


def test_trailing_comma_not_kept_before_the_ellipsis() -> None:
    assert excerpt("Một hai ba bốn, năm sáu bảy tám chín mười", 16) == "Một hai ba bốn…"


def test_nfd_in_nfc_out() -> None:
    nfd = unicodedata.normalize("NFD", LEAD)
    cut = excerpt(nfd, 80)
    assert unicodedata.is_normalized("NFC", cut)
    assert cut == excerpt(LEAD, 80)


def test_one_long_word() -> None:
    assert excerpt("a" * 50, 10) == "a" * 9 + "…"
