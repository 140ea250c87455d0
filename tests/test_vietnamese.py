import random
import unicodedata

import pytest
from slugify import slugify as python_slugify

from bulletin.text.vietnamese import (
    fold,
    heading_anchor,
    is_slug,
    name_sort_key,
    normalize,
    slugify,
)


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


DIRECTORY_ORDER = [
    "Mai Văn Chính",
    "Nguyễn Hồ Hải",
    "Nguyễn Phước Lộc",
    "Trương Thị Mai",
    "Nguyễn Thiện Nhơn",
    "Nguyễn Minh Thủy",
]


@pytest.mark.parametrize("seed", range(5))
def test_people_sort_by_given_name_in_vietnamese_order(seed: int) -> None:
    shuffled = DIRECTORY_ORDER[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == DIRECTORY_ORDER


def test_python_alone_sorts_d_bar_after_z() -> None:
    assert sorted(["Đạt", "Dũng", "Giang", "Yến"]) == ["Dũng", "Giang", "Yến", "Đạt"]
    assert sorted(["Đạt", "Dũng", "Giang", "Yến"], key=name_sort_key) == [
        "Dũng",
        "Đạt",
        "Giang",
        "Yến",
    ]


@pytest.mark.parametrize(
    "ordered",
    [
        ["Anh", "Ánh", "Ân"],  # letters first (a < â), tones only after them
        ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"],  # ngang < huyền < hỏi < ngã < sắc < nặng
        ["Ơn", "Phúc", "Quân", "Ưng", "Vy", "Xuân", "Yến", "Zin"],  # f, j, w, z after y
        ["Ca", "Căn", "Câu", "Cư", "Cứ"],
    ],
)
def test_words_sort_in_vietnamese_letter_then_tone_order(ordered: list[str]) -> None:
    assert sorted(reversed(ordered), key=name_sort_key) == ordered


def test_the_same_given_name_sorts_by_family_then_middle_name() -> None:
    names = ["Trần Văn An", "Lê Thị An", "Trần Anh An", "An", "Lê An"]
    assert sorted(names, key=name_sort_key) == [
        "An",
        "Lê An",
        "Lê Thị An",
        "Trần Anh An",
        "Trần Văn An",
    ]


def test_a_one_word_name_sorts_by_that_word() -> None:
    assert name_sort_key("Mai") == name_sort_key("mai")
    assert sorted(["Trương Thị Mai", "Lộc", "Mai"], key=name_sort_key) == [
        "Lộc",
        "Mai",
        "Trương Thị Mai",
    ]


def test_name_sort_key_ignores_case_nfd_and_tone_placement() -> None:
    key = name_sort_key("Nguyễn Minh Thủy")
    assert name_sort_key("Nguyễn Minh Thuỷ") == key
    assert name_sort_key(nfd("NGUYỄN MINH THUỶ")) == key
    assert name_sort_key("  Nguyễn   Minh Thủy ") == key
    assert name_sort_key("\u00d0ặng Văn An") == name_sort_key("Đặng Văn An")
    assert name_sort_key("Nguyễn Minh Thuy") < key


def test_a_text_that_is_its_own_slug_comes_back_as_python_slugify_makes_it() -> None:
    """The shortcut for plain paths (`2024/05/tin-1`) gives python-slugify's slug exactly."""
    alphabet = "abz09-/"
    generator = random.Random(7)
    texts = ["2024/05/tin-so-1", "a", "a-b/c", "x" * 300, "a//b", "a--b", "-a", "a/", "A-b"]
    texts += [
        "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 40)))
        for _ in range(3000)
    ]
    for text in texts:
        for length in (0, 8, 200):
            slugify.cache_clear()
            expected = python_slugify(text, max_length=length, word_boundary=True, save_order=True)
            assert slugify(text, max_length=length) == expected, (text, length)
