import unicodedata

import pytest

from bulletin.vietnamese import fold, heading_anchor, is_slug, normalize, slugify


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đảng bộ Thành phố", "dang-bo-thanh-pho"),
        (nfd("Đảng bộ Thành phố"), "dang-bo-thanh-pho"),
        ("Thực hiện có hiệu quả Nghị quyết", "thuc-hien-co-hieu-qua-nghi-quyet"),
        ("\u00d0ại hội \u00f0ảng", "dai-hoi-dang"),
        ("Kết luận số 21-KL/TW", "ket-luan-so-21-kl-tw"),
        ("Hòa bình, khoẻ mạnh: thuỷ lợi!", "hoa-binh-khoe-manh-thuy-loi"),
    ],
)
def test_slugify_gives_ascii_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word_boundary_keeping_word_order() -> None:
    title = "Thực hiện có hiệu quả Kết luận số 21-KL/TW về đẩy mạnh xây dựng, chỉnh đốn Đảng " * 2
    slug = slugify(title)
    assert len(slug) <= 80
    assert slug.startswith("thuc-hien-co-hieu-qua-ket-luan-so-21-kl-tw-ve-day-manh")
    assert not slug.endswith("-")
    assert slugify(title).split("-") == title_words(title)[: len(slug.split("-"))]


def title_words(title: str) -> list[str]:
    return slugify(title, max_length=0).split("-")


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Đảng bộ", "dang-bo"),
        (nfd("Đảng bộ"), "dang-bo"),
        ("Tháo gỡ vướng mắc cho cơ sở", "thao-go-vuong-mac-cho-co-so"),
        ("!!!", "muc"),
    ],
)
def test_heading_anchor(heading: str, anchor: str) -> None:
    assert heading_anchor(heading, "-") == anchor


def test_normalize_gives_nfc_and_replaces_d_lookalikes() -> None:
    assert normalize(nfd("Nguyễn Phước Lộc")) == "Nguyễn Phước Lộc"
    assert len(normalize(nfd("Nguyễn Phước Lộc"))) == 16
    assert normalize("\u0189ảng") == "Đảng"


def test_fold_unifies_case_nfd_tone_placement_and_d() -> None:
    keys = {
        fold(name) for name in ("Nguyễn Minh Thủy", "Nguyễn Minh Thuỷ", nfd("NGUYỄN MINH THUỶ"))
    }
    assert keys == {"nguyen minh thuy"}
    assert fold("Đảng ủy") == "dang uy"
    assert fold("  hoà   bình ") == fold("hòa bình") == "hoa binh"


@pytest.mark.parametrize(
    ("text", "expected"), [("dang-bo", True), ("Dang", False), ("a--b", False), ("", False)]
)
def test_is_slug(text: str, expected: bool) -> None:
    assert is_slug(text) is expected
