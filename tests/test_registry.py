"""The registries in docs/_data: the sample files read cleanly, every bad input is named."""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from bulletin.articles.model import Article, read_article
from bulletin.articles.problems import Problems, Severity
from bulletin.registries.registry import Category, Position, Registry, load_registry
from conftest import REPO, ZONE

EXISTING = {"images/chan-dung.png", "files/van-ban.pdf"}


def load(tmp_path: Path, **files: str) -> tuple[Registry, list[str]]:
    """Load registries written from dedented texts (`people="..."`); return their problems too."""
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True)
    for name, text in files.items():
        (data / f"{name}.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    registry = load_registry(tmp_path / "docs", ZONE, EXISTING.__contains__)
    return registry, [str(problem) for problem in registry.problems]


PEOPLE = """
- name: Nguyễn Minh Thủy
  aliases: [Nguyễn Minh Thuỷ]
  positions:
    - {title: Phó Chủ tịch UBND tỉnh, from: 2020-10-01, to: 2024-06-30}
    - title: Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh
      from: "2024-07-01"
  bio: Sinh năm 1970.
  photo: /images/chan-dung.png
- name: Trần Văn An
  positions: [Đại biểu Quốc hội]
"""


def test_people_read_into_the_model(tmp_path: Path) -> None:
    registry, problems = load(tmp_path, people=PEOPLE)
    assert problems == []
    thuy, an = registry.people
    assert thuy.name == "Nguyễn Minh Thủy"
    assert thuy.aliases == ("Nguyễn Minh Thuỷ",)
    assert thuy.positions == (
        Position("Phó Chủ tịch UBND tỉnh", date(2020, 10, 1), date(2024, 6, 30)),
        Position("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", date(2024, 7, 1), None),
    )
    assert (thuy.bio, thuy.photo, thuy.line) == ("Sinh năm 1970.", "images/chan-dung.png", 1)
    assert an.positions == (Position("Đại biểu Quốc hội", None, None),)
    assert an.current_position == "Đại biểu Quốc hội"


def test_a_person_holds_the_position_of_the_day(tmp_path: Path) -> None:
    thuy = load(tmp_path, people=PEOPLE)[0].people[0]
    assert thuy.position_at(date(2020, 9, 30)) is None
    assert thuy.position_at(date(2020, 10, 1)) == "Phó Chủ tịch UBND tỉnh"
    assert thuy.position_at(date(2024, 6, 30)) == "Phó Chủ tịch UBND tỉnh"
    assert thuy.position_at(date(2024, 7, 1)) == "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    assert thuy.current_position == "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"


def test_several_positions_held_at_once_are_joined_latest_first(tmp_path: Path) -> None:
    people = """
    - name: Lê Văn Bình
      positions:
        - {title: Bí thư Huyện ủy, from: 2015-01-01, to: 2019-12-31}
        - {title: Ủy viên Ban Thường vụ Tỉnh ủy, from: 2020-10-15}
        - {title: Trưởng Ban Dân vận Tỉnh ủy, from: 2022-03-01}
    """
    person = load(tmp_path, people=people)[0].people[0]
    assert person.current_position == "Trưởng Ban Dân vận Tỉnh ủy, Ủy viên Ban Thường vụ Tỉnh ủy"
    assert person.position_at(date(2021, 1, 1)) == "Ủy viên Ban Thường vụ Tỉnh ủy"
    assert person.position_at(date(2020, 6, 1)) is None


def test_a_person_is_found_by_name_or_alias_whatever_the_spelling(tmp_path: Path) -> None:
    registry = load(tmp_path, people=PEOPLE)[0]
    thuy = registry.people[0]
    nfd = unicodedata.normalize("NFD", "NGUYỄN MINH THUỶ")
    for name in ("Nguyễn Minh Thủy", "Nguyễn Minh Thuỷ", nfd, " nguyễn  minh thủy "):
        assert registry.person(name) is thuy
    assert registry.person("Nguyễn Minh Thuy") is None
    assert registry.person("Nguyên Minh Thủy") is None


RESOLUTIONS = """
- code: 21-KL/TW
  title: Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị
  date: 2021-10-28
  issuer: Ban Chấp hành Trung ương
  term: XIII
  url: https://example.org/21-kl-tw
- code: 01-NQ/TU
  date: "2021-01-15"
  pdf: files/van-ban.pdf
- code: 01-NQ/TU
  date: 2026-01-20
  kind: Nghị quyết chuyên đề
- title: Nghị quyết Đại hội XIII của Đảng
  kind: Nghị quyết
"""


def test_documents_read_into_the_model(tmp_path: Path) -> None:
    registry, problems = load(tmp_path, resolutions=RESOLUTIONS)
    assert problems == []
    kl, first, second, congress = registry.documents
    assert kl.code is not None and kl.code.text == "21-KL/TW"
    assert (kl.kind, kl.date, kl.issuer, kl.term) == (
        "Kết luận",
        date(2021, 10, 28),
        "Ban Chấp hành Trung ương",
        "XIII",
    )
    assert (kl.url, kl.pdf, kl.line) == ("https://example.org/21-kl-tw", None, 1)
    assert (first.kind, first.date, first.pdf) == (
        "Nghị quyết",
        date(2021, 1, 15),
        "files/van-ban.pdf",
    )
    assert (second.kind, second.title) == ("Nghị quyết chuyên đề", None)
    assert (congress.code, congress.kind) == (None, "Nghị quyết")


def test_documents_are_found_by_code_or_by_title(tmp_path: Path) -> None:
    registry = load(tmp_path, resolutions=RESOLUTIONS)[0]
    _, first, second, congress = registry.documents
    assert registry.documents_for("01-NQ/TU") == [first, second]
    assert registry.documents_for(" 21-KL/TW ") == [registry.documents[0]]
    assert registry.documents_for("02-NQ/TU") == []
    assert registry.document_by_title("nghị quyết đại hội XIII của đảng") is congress
    assert registry.document_by_title("Về đẩy mạnh xây dựng, chỉnh đốn Đảng") is None


def test_categories_are_sorted_by_order_which_defaults_to_the_place_in_the_file(
    tmp_path: Path,
) -> None:
    categories = """
    - name: Kinh tế
      description: Sản xuất, kinh doanh.
    - name: Văn hoá - Xã hội
      order: 3
    - name: Xây dựng Đảng
      slug: xdd
      order: 0
    """
    registry, problems = load(tmp_path, categories=categories)
    assert problems == []
    assert registry.categories == [
        Category("Xây dựng Đảng", "xdd", 0, None, 5),
        Category("Kinh tế", "kinh-te", 1, "Sản xuất, kinh doanh.", 1),
        Category("Văn hoá - Xã hội", "van-hoa-xa-hoi", 3, None, 3),
    ]
    assert registry.category("Văn hóa - xã hội") is registry.categories[2]
    assert registry.category("Thể thao") is None


def test_missing_and_empty_files_are_empty_registries(tmp_path: Path) -> None:
    registry, problems = load(tmp_path, people="# Chưa có ai.\n", categories="")
    assert problems == []
    assert (registry.people, registry.documents, registry.categories) == ([], [], [])
    assert load_registry(tmp_path / "nowhere", ZONE, EXISTING.__contains__) == Registry()


def test_a_flow_list_and_a_leading_document_marker_are_read(tmp_path: Path) -> None:
    registry, problems = load(
        tmp_path,
        people="[{name: Trần Văn An}]\n",
        categories="---\n- name: Kinh tế\n",
    )
    assert problems == []
    assert [p.name for p in registry.people] == ["Trần Văn An"]
    assert registry.categories[0].line == 2


P = "docs/_data/people.yml"
R = "docs/_data/resolutions.yml"
C = "docs/_data/categories.yml"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"people": "name: Trần Văn An\n"},
            [
                f"{P}:1:1: people: là một nhóm trường (cần: một danh sách, mỗi mục một dòng - …)",
            ],
            id="top level not a list",
        ),
        pytest.param(
            {"categories": "Kinh tế\n"},
            [
                f'{C}:1:1: categories: "Kinh tế" là chữ (cần: một danh sách, mỗi mục một dòng - …)',
            ],
            id="top level text",
        ),
        pytest.param(
            {"people": "- Trần Văn An\n"},
            [
                f'{P}:1:3: people[1]: "Trần Văn An" là chữ (cần: các trường name, aliases, '
                "positions, bio, photo)",
            ],
            id="item not a mapping",
        ),
        pytest.param(
            {"people": "- name: Trần Văn An\n  nmae: x\n  chuc_vu: y\n"},
            [
                f"{P}:2:3: people[1].nmae: trường lạ, bị bỏ qua (cần: name?)",
                f"{P}:3:3: people[1].chuc_vu: trường lạ, bị bỏ qua (cần: một trong name, "
                "aliases, positions, bio, photo)",
            ],
            id="unknown fields",
        ),
        pytest.param(
            {"people": "- bio: Sinh năm 1970.\n"},
            [
                f"{P}:1:3: people[1].name: bắt buộc mà chưa có (cần: một dòng name: Nguyễn Văn An)",
            ],
            id="person without name",
        ),
        pytest.param(
            {
                "people": "- name: Nguyễn Minh Thủy\n- name: Trần Văn An\n"
                "  aliases: [An, nguyễn minh thuỷ]\n"
            },
            [
                f'{P}:3:17: people[2].aliases[2]: "nguyễn minh thuỷ" trùng tên với "Nguyễn '
                'Minh Thủy" ở dòng 1 (cần: mỗi người một mục, các cách viết khác ghi trong '
                "aliases)",
            ],
            id="alias of another person",
        ),
        pytest.param(
            {"people": "- name: Trần Văn An\n  aliases: An\n- name: Lê An\n  aliases: AN\n"},
            [
                f'{P}:4:12: people[2].aliases: "AN" trùng tên với "An" ở dòng 2 (cần: mỗi '
                "người một mục, các cách viết khác ghi trong aliases)",
            ],
            id="same alias twice",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - from: 2020-01-01\n"},
            [
                f"{P}:3:7: people[1].positions[1].title: bắt buộc mà chưa có (cần: một dòng "
                "title: Bí thư Tỉnh ủy)",
            ],
            id="position without title",
        ),
        pytest.param(
            {
                "people": "- name: An\n  positions:\n"
                "    - {title: A, from: 2021-01-01, to: 2020-12-31}\n"
            },
            [
                f"{P}:3:40: people[1].positions[1].to: 2020-12-31 trước from: 2021-01-01 "
                "(cần: ngày cuối giữ chức vụ, không trước from)",
            ],
            id="to before from",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - {title: A, from: 2021-02-30}\n"},
            [
                f'{P}:3:24: people[1].positions[1].from: "2021-02-30" không phải ngày tháng: '
                "tháng 2 năm 2021 có 28 ngày (cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc "
                "YYYY-MM-DDTHH:MM:SS+07:00)",
            ],
            id="bad date",
        ),
        pytest.param(
            {"people": "- name: An\n  positions: {title: A, to: 2021}\n"},
            [
                f"{P}:2:3: people[1].positions: là một nhóm trường (cần: một danh sách, mỗi "
                "mục một dòng - …)",
            ],
            id="positions not a list",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - {title: A, to: 2021}\n"},
            [
                f"{P}:3:22: people[1].positions[1].to: 2021 là một số (cần: một ngày như "
                "2022-06-23)",
            ],
            id="year only",
        ),
        pytest.param(
            {
                "people": "- name: An\n  positions:\n"
                "    - {title: Phó Bí thư, Chủ tịch, from: 2024-07-01}\n"
            },
            [
                f"{P}:3:27: people[1].positions[1].Chủ tịch: trường lạ, bị bỏ qua (cần: một "
                "trong title, from, to)",
            ],
            id="comma in a flow mapping",
        ),
        pytest.param(
            {"people": "- name: 1970\n"},
            [
                f'{P}:1:9: people[1].name: 1970 là một số (cần: chữ; viết "1970" trong ngoặc kép)',
            ],
            id="name not text",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: https://example.org/an.png\n"},
            [
                f'{P}:2:10: people[1].photo: "https://example.org/an.png" là địa chỉ web '
                "(cần: một tệp trong docs/, như /images/anh.png)",
            ],
            id="photo on the web",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: /images/an.png\n"},
            [
                f'{P}:2:10: people[1].photo: "/images/an.png" không có (đã tìm: '
                "docs/images/an.png)",
            ],
            id="photo missing",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: ../an.png\n"},
            [
                f'{P}:2:10: people[1].photo: "../an.png" không có (đã tìm: docs/../an.png)',
            ],
            id="photo outside docs",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: /files/van-ban.pdf\n"},
            [
                f'{P}:2:10: people[1].photo: "/files/van-ban.pdf" không phải ảnh (cần: tệp '
                "đuôi .png, .jpg, .jpeg, .webp, .gif, .svg)",
            ],
            id="photo not an image",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/BCT\n  title: Kết luận\n"},
            [
                f'{R}:1:9: resolutions[1].code: "21-KL/BCT": Ban Chấp hành Trung ương, Bộ '
                "Chính trị, Ban Bí thư đều ký /TW (cần: 21-KL/TW)",
            ],
            id="malformed code",
        ),
        pytest.param(
            {"resolutions": "- date: 2021-01-01\n  issuer: Tỉnh ủy\n"},
            [
                f"{R}:1:3: resolutions[1]: không có code cũng không có title (cần: code: "
                "21-KL/TW, title: …, hoặc cả hai)",
            ],
            id="neither code nor title",
        ),
        pytest.param(
            {
                "resolutions": "- {code: 01-NQ/TU, date: 2021-01-15}\n"
                "- {code: 01-NQ/TU, date: 2026-01-20}\n"
                "- {code: 01-NQ/TU, date: '2021-01-15'}\n"
            },
            [
                f"{R}:3:10: resolutions[3].code: 01-NQ/TU ngày 2021-01-15 đã có ở dòng 1 "
                "(cần: giữ một, hoặc sửa ngày)",
            ],
            id="same code same date",
        ),
        pytest.param(
            {"resolutions": "- code: 14-CT/TU\n- code: 14-CT/TU\n"},
            [
                f"{R}:2:9: resolutions[2].code: 14-CT/TU không ghi ngày đã có ở dòng 1 (cần: "
                "giữ một, hoặc ghi ngày của mỗi văn bản)",
            ],
            id="same code no date",
        ),
        pytest.param(
            {"resolutions": "- title: Nghị quyết Đại hội XIII\n- title: Nghị quyết đại hội XIII\n"},
            [
                f'{R}:2:10: resolutions[2].title: "Nghị quyết đại hội XIII" đã có ở dòng 1 '
                "(cần: giữ một)",
            ],
            id="same title without code",
        ),
        pytest.param(
            {
                "resolutions": "- code: 21-KL/TW\n  url: https://example.org/kl\n"
                "  pdf: files/van-ban.pdf\n"
            },
            [
                f"{R}:3:3: resolutions[1]: có cả url và pdf (cần: một trong hai, địa chỉ web "
                "hoặc tệp PDF)",
            ],
            id="url and pdf",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  url: example.org/kl\n"},
            [
                f'{R}:2:8: resolutions[1].url: "example.org/kl" không phải địa chỉ web (cần: '
                "http:// hoặc https://…)",
            ],
            id="url not http",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: /files/21-kl-tw.pdf\n"},
            [
                f'{R}:2:8: resolutions[1].pdf: "/files/21-kl-tw.pdf" không có (đã tìm: '
                "docs/files/21-kl-tw.pdf)",
            ],
            id="pdf missing",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: https://example.org/kl.pdf\n"},
            [
                f'{R}:2:8: resolutions[1].pdf: "https://example.org/kl.pdf" là địa chỉ web '
                "(cần: một tệp trong docs/, như /files/van-ban.pdf, hoặc url: cho một trang "
                "web)",
            ],
            id="pdf on the web",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: /images/chan-dung.png\n"},
            [
                f'{R}:2:8: resolutions[1].pdf: "/images/chan-dung.png" không phải tệp PDF '
                "(cần: tệp đuôi .pdf)",
            ],
            id="pdf not a pdf",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  term: 13\n"},
            [
                f'{R}:2:9: resolutions[1].term: 13 là một số (cần: chữ; viết "13" trong ngoặc kép)',
            ],
            id="term a number",
        ),
        pytest.param(
            {"categories": "- slug: kinh-te\n"},
            [
                f"{C}:1:3: categories[1].name: bắt buộc mà chưa có (cần: một dòng name: Xây "
                "dựng Đảng)",
            ],
            id="category without name",
        ),
        pytest.param(
            {"categories": "- name: Văn hóa\n- name: VĂN HOÁ\n"},
            [
                f'{C}:2:9: categories[2].name: "VĂN HOÁ" đã có ở dòng 1 (cần: giữ một)',
            ],
            id="same category name",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n- name: Kinh Tê\n"},
            [
                f'{C}:2:9: categories[2].slug: "kinh-te" cũng là slug của "Kinh tế" ở dòng 1 '
                "(cần: một slug riêng)",
            ],
            id="same slug",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  slug: Kinh tế\n"},
            [
                f'{C}:2:9: categories[1].slug: "Kinh tế" không dùng được làm địa chỉ (cần: '
                "chữ thường không dấu, số, dấu -: kinh-te)",
            ],
            id="bad slug",
        ),
        pytest.param(
            {"categories": "- name: '!!!'\n"},
            [
                f"{C}:1:9: categories[1].name: không tạo được địa chỉ (cần: thêm trường slug: "
                "viết bằng chữ thường không dấu)",
            ],
            id="name without letters",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: một\n"},
            [
                f'{C}:2:10: categories[1].order: "một" không phải số nguyên (cần: một số, '
                "không trong ngoặc kép, như order: 1)",
            ],
            id="order text",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: 1.5\n"},
            [
                f"{C}:2:10: categories[1].order: 1.5 không phải số nguyên (cần: một số, không "
                "trong ngoặc kép, như order: 1)",
            ],
            id="order decimal",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: [1]\n"},
            [
                f"{C}:2:3: categories[1].order: là một danh sách, không phải số nguyên (cần: "
                "một số, không trong ngoặc kép, như order: 1)",
            ],
            id="order list",
        ),
    ],
)
def test_every_bad_input_is_named(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    assert load(tmp_path, **files)[1] == expected


def test_problems_have_the_column_of_the_value(tmp_path: Path) -> None:
    people = "- name: An\n  positions:\n    - {title: A, from: 2021-01-01, to: 2020-12-31}\n"
    registry = load(tmp_path, people=people)[0]
    [problem] = registry.problems
    assert str(problem).startswith(f"{P}:3:40: people[1].positions[1].to:")


def test_yaml_syntax_errors_have_their_line_and_column(tmp_path: Path) -> None:
    registry = load(tmp_path, people="- name: An\n  aliases: [An, Bình\n- name: Chi\n")[0]
    assert [str(problem) for problem in registry.problems] == [
        f"{P}:3:7: lỗi cú pháp YAML: thiếu dấu ',' hoặc ']' (cần: thụt lề đều nhau; chữ có ': ' "
        "hay bắt đầu bằng dấu nháy thì đặt trong ngoặc kép)"
    ]


def test_a_field_given_twice_is_an_error(tmp_path: Path) -> None:
    registry = load(tmp_path, people="- name: An\n  name: Bình\n")[0]
    assert [str(problem) for problem in registry.problems] == [
        f"{P}:2:3: name: đã có ở dòng 1 (cần: giữ một)"
    ]


def test_unknown_fields_are_warnings_and_the_rest_errors(tmp_path: Path) -> None:
    registry = load(tmp_path, people="- name: An\n  ten: An\n  bio: 12\n")[0]
    assert [problem.severity for problem in registry.problems] == [
        Severity.WARNING,
        Severity.ERROR,
    ]


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True)
    (data / "people.yml").write_bytes("- name: An\n- name: Bình\n".encode("latin-1"))
    registry = load_registry(tmp_path / "docs", ZONE, EXISTING.__contains__)
    assert [str(problem) for problem in registry.problems] == [
        f"{P}:2:1: không phải chữ UTF-8 (byte 0xEC; cần: lưu tệp dạng UTF-8)"
    ]
    assert registry.people == []


def test_nfd_input_is_kept_in_nfc(tmp_path: Path) -> None:
    people = unicodedata.normalize("NFD", "- name: Nguyễn Phước Lộc\n")
    registry = load(tmp_path, people=people)[0]
    assert registry.people[0].name == "Nguyễn Phước Lộc"
    assert len(registry.people[0].name) == 16


# The sample site's registries.

SAMPLE_DOCS = REPO / "docs"


@pytest.fixture(scope="module")
def sample() -> Registry:
    return load_registry(SAMPLE_DOCS, ZONE, lambda path: (SAMPLE_DOCS / path).is_file())


def sample_articles() -> list[Article]:
    found = []
    for path in sorted((SAMPLE_DOCS / "articles").rglob("*.md")):
        src_uri = path.relative_to(SAMPLE_DOCS).as_posix()
        problems = Problems(src_uri)
        article = read_article(path.read_text("utf-8"), src_uri, problems, ZONE, lambda p: True)
        assert article is not None, problems.items
        found.append(article)
    return found


def test_the_sample_registries_have_no_problem(sample: Registry) -> None:
    assert [str(problem) for problem in sample.problems] == []
    assert len(sample.people) >= 8
    assert len(sample.documents) >= 10
    assert [category.order for category in sample.categories] == [1, 2, 3, 4, 5]


def test_the_sample_registries_cover_the_articles(sample: Registry) -> None:
    articles = sample_articles()
    assert {article.category for article in articles} == {c.name for c in sample.categories}
    named = {speaker.name for article in articles for speaker in article.speakers}
    assert all(named & set(person.spellings) for person in sample.people)
    cited = {r.code.text if r.code else r.title for a in articles for r in a.resolutions}
    listed = {d.code.text if d.code else d.title for d in sample.documents}
    assert listed - cited == {"01-NQ/TU"}  # the same code in two terms, cited by no article


def test_the_sample_titles_match_the_articles_of_their_time(sample: Registry) -> None:
    thuy = sample.person("Nguyễn Minh Thuỷ")
    assert thuy is not None and thuy is sample.person("Nguyễn Minh Thủy")
    assert thuy.position_at(date(2023, 3, 15)) == "Phó Chủ tịch UBND tỉnh"
    assert thuy.position_at(date(2025, 6, 18)) == "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    van = sample.person("Lê Thị Hồng Vân")
    assert (
        van is not None and van.position_at(date(2025, 2, 13)) == "Phó Bí thư Thường trực Tỉnh ủy"
    )
    assert [d.date.year for d in sample.documents_for("01-NQ/TU") if d.date] == [2021, 2026]


def test_the_sample_pdf_is_a_pdf(sample: Registry) -> None:
    pdfs = [document.pdf for document in sample.documents if document.pdf]
    assert pdfs == ["files/03-kh-tu.pdf"]
    data = (SAMPLE_DOCS / pdfs[0]).read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
