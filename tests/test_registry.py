"""The registries in docs/_data: the sample files read cleanly, every bad input is named."""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from bulletin.articles import Article, read_article
from bulletin.problems import Problems, Severity
from bulletin.registry import Category, Position, Registry, load_registry
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
            [f"{P}:1: people: is a mapping (key: value lines) (expected a list: lines - item)"],
            id="top level not a list",
        ),
        pytest.param(
            {"categories": "Kinh tế\n"},
            [f'{C}:1: categories: "Kinh tế" is text (expected a list: lines - item)'],
            id="top level text",
        ),
        pytest.param(
            {"people": "- Trần Văn An\n"},
            [
                f'{P}:1: people[1]: "Trần Văn An" is text '
                "(expected fields name, aliases, positions, bio, photo)"
            ],
            id="item not a mapping",
        ),
        pytest.param(
            {"people": "- name: Trần Văn An\n  nmae: x\n  chuc_vu: y\n"},
            [
                f'{P}:2: people[1].nmae: unknown field, ignored (did you mean "name"?)',
                f"{P}:3: people[1].chuc_vu: unknown field, ignored "
                "(known fields: name, aliases, positions, bio, photo)",
            ],
            id="unknown fields",
        ),
        pytest.param(
            {"people": "- bio: Sinh năm 1970.\n"},
            [
                f"{P}:1: people[1].name: is required but missing "
                "(expected a line name: Nguyễn Văn An)"
            ],
            id="person without name",
        ),
        pytest.param(
            {
                "people": "- name: Nguyễn Minh Thủy\n- name: Trần Văn An\n"
                "  aliases: [An, nguyễn minh thuỷ]\n"
            },
            [
                f'{P}:3: people[2].aliases[2]: "nguyễn minh thuỷ" is the same name as '
                '"Nguyễn Minh Thủy" at line 1 '
                "(expected one entry per person, with other spellings in aliases)"
            ],
            id="alias of another person",
        ),
        pytest.param(
            {"people": "- name: Trần Văn An\n  aliases: An\n- name: Lê An\n  aliases: AN\n"},
            [
                f'{P}:4: people[2].aliases: "AN" is the same name as "An" at line 2 '
                "(expected one entry per person, with other spellings in aliases)"
            ],
            id="same alias twice",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - from: 2020-01-01\n"},
            [
                f"{P}:3: people[1].positions[1].title: is required but missing "
                "(expected a line title: Bí thư Tỉnh ủy)"
            ],
            id="position without title",
        ),
        pytest.param(
            {
                "people": "- name: An\n  positions:\n"
                "    - {title: A, from: 2021-01-01, to: 2020-12-31}\n"
            },
            [
                f"{P}:3: people[1].positions[1].to: 2020-12-31 is before from: 2021-01-01 "
                "(expected the last day in office, on or after from)"
            ],
            id="to before from",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - {title: A, from: 2021-02-30}\n"},
            [
                f"{P}:3: people[1].positions[1].from: '2021-02-30' is not a date: day is out "
                "of range for month (expected YYYY-MM-DD, YYYY-MM-DD HH:MM or "
                "YYYY-MM-DDTHH:MM:SS+07:00)"
            ],
            id="bad date",
        ),
        pytest.param(
            {"people": "- name: An\n  positions: {title: A, to: 2021}\n"},
            [
                f"{P}:2: people[1].positions: is a mapping (key: value lines) "
                "(expected a list: lines - item)"
            ],
            id="positions not a list",
        ),
        pytest.param(
            {"people": "- name: An\n  positions:\n    - {title: A, to: 2021}\n"},
            [
                f"{P}:3: people[1].positions[1].to: 2021 is a number "
                "(expected a date like 2022-06-23)"
            ],
            id="year only",
        ),
        pytest.param(
            {
                "people": "- name: An\n  positions:\n"
                "    - {title: Phó Bí thư, Chủ tịch, from: 2024-07-01}\n"
            },
            [
                f"{P}:3: people[1].positions[1].Chủ tịch: unknown field, ignored "
                "(known fields: title, from, to)"
            ],
            id="comma in a flow mapping",
        ),
        pytest.param(
            {"people": "- name: 1970\n"},
            [f'{P}:1: people[1].name: 1970 is a number (expected text; write "1970" in quotes)'],
            id="name not text",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: https://example.org/an.png\n"},
            [
                f'{P}:2: people[1].photo: "https://example.org/an.png" is a web address '
                "(expected a file in docs/, e.g. /images/anh.png)"
            ],
            id="photo on the web",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: /images/an.png\n"},
            [
                f'{P}:2: people[1].photo: "/images/an.png" does not exist '
                "(looked for docs/images/an.png)"
            ],
            id="photo missing",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: ../an.png\n"},
            [f'{P}:2: people[1].photo: "../an.png" does not exist (looked for docs/../an.png)'],
            id="photo outside docs",
        ),
        pytest.param(
            {"people": "- name: An\n  photo: /files/van-ban.pdf\n"},
            [
                f'{P}:2: people[1].photo: "/files/van-ban.pdf" is not an image '
                "(expected .png, .jpg, .jpeg, .webp, .gif, .svg)"
            ],
            id="photo not an image",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/BCT\n  title: Kết luận\n"},
            [
                f"{R}:1: resolutions[1].code: '21-KL/BCT': the central Party organs sign as /TW "
                "(expected 21-KL/TW)"
            ],
            id="malformed code",
        ),
        pytest.param(
            {"resolutions": "- date: 2021-01-01\n  issuer: Tỉnh ủy\n"},
            [
                f"{R}:1: resolutions[1]: has neither code nor title "
                "(expected code: 21-KL/TW, title: …, or both)"
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
                f"{R}:3: resolutions[3].code: 01-NQ/TU dated 2021-01-15 is listed twice "
                "(first at line 1; keep one, or correct the date)"
            ],
            id="same code same date",
        ),
        pytest.param(
            {"resolutions": "- code: 14-CT/TU\n- code: 14-CT/TU\n"},
            [
                f"{R}:2: resolutions[2].code: 14-CT/TU without a date is listed twice "
                "(first at line 1; keep one, or add each one's date)"
            ],
            id="same code no date",
        ),
        pytest.param(
            {"resolutions": "- title: Nghị quyết Đại hội XIII\n- title: Nghị quyết đại hội XIII\n"},
            [
                f'{R}:2: resolutions[2].title: "Nghị quyết đại hội XIII" is listed twice '
                "(first at line 1; keep one)"
            ],
            id="same title without code",
        ),
        pytest.param(
            {
                "resolutions": "- code: 21-KL/TW\n  url: https://example.org/kl\n"
                "  pdf: files/van-ban.pdf\n"
            },
            [f"{R}:3: resolutions[1]: has both url and pdf (expected one: a web address or a PDF)"],
            id="url and pdf",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  url: example.org/kl\n"},
            [
                f'{R}:2: resolutions[1].url: "example.org/kl" is not a web address '
                "(expected http:// or https://…)"
            ],
            id="url not http",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: /files/21-kl-tw.pdf\n"},
            [
                f'{R}:2: resolutions[1].pdf: "/files/21-kl-tw.pdf" does not exist '
                "(looked for docs/files/21-kl-tw.pdf)"
            ],
            id="pdf missing",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: https://example.org/kl.pdf\n"},
            [
                f'{R}:2: resolutions[1].pdf: "https://example.org/kl.pdf" is a web address '
                "(expected a file in docs/, e.g. /files/van-ban.pdf, or url: for a web page)"
            ],
            id="pdf on the web",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  pdf: /images/chan-dung.png\n"},
            [f'{R}:2: resolutions[1].pdf: "/images/chan-dung.png" is not a PDF (expected .pdf)'],
            id="pdf not a pdf",
        ),
        pytest.param(
            {"resolutions": "- code: 21-KL/TW\n  term: 13\n"},
            [f'{R}:2: resolutions[1].term: 13 is a number (expected text; write "13" in quotes)'],
            id="term a number",
        ),
        pytest.param(
            {"categories": "- slug: kinh-te\n"},
            [
                f"{C}:1: categories[1].name: is required but missing "
                "(expected a line name: Xây dựng Đảng)"
            ],
            id="category without name",
        ),
        pytest.param(
            {"categories": "- name: Văn hóa\n- name: VĂN HOÁ\n"},
            [f'{C}:2: categories[2].name: "VĂN HOÁ" is listed twice (first at line 1; keep one)'],
            id="same category name",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n- name: Kinh Tê\n"},
            [
                f'{C}:2: categories[2].slug: "kinh-te" is also the slug of "Kinh tế" at line 1 '
                "(expected a slug of its own)"
            ],
            id="same slug",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  slug: Kinh tế\n"},
            [
                f'{C}:2: categories[1].slug: "Kinh tế" is not a URL slug '
                '(expected a-z, 0-9, -: "kinh-te")'
            ],
            id="bad slug",
        ),
        pytest.param(
            {"categories": "- name: '!!!'\n"},
            [f"{C}:1: categories[1].name: gives no URL (add slug: with a-z words)"],
            id="name without letters",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: một\n"},
            [
                f'{C}:2: categories[1].order: "một" is not a whole number '
                "(expected a number without quotes, e.g. order: 1)"
            ],
            id="order text",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: 1.5\n"},
            [
                f"{C}:2: categories[1].order: 1.5 is not a whole number "
                "(expected a number without quotes, e.g. order: 1)"
            ],
            id="order decimal",
        ),
        pytest.param(
            {"categories": "- name: Kinh tế\n  order: [1]\n"},
            [
                f"{C}:2: categories[1].order: is a list, not a whole number "
                "(expected a number without quotes, e.g. order: 1)"
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
    assert problem.with_column().startswith(f"{P}:3:40: people[1].positions[1].to:")


def test_yaml_syntax_errors_have_their_line_and_column(tmp_path: Path) -> None:
    registry = load(tmp_path, people="- name: An\n  aliases: [An, Bình\n- name: Chi\n")[0]
    assert [problem.with_column() for problem in registry.problems] == [
        f"{P}:3:7: YAML syntax error: did not find expected ',' or ']' "
        "(check the indentation, and put text containing ': ' or starting with a quote in quotes)"
    ]


def test_a_field_given_twice_is_an_error(tmp_path: Path) -> None:
    registry = load(tmp_path, people="- name: An\n  name: Bình\n")[0]
    assert [problem.with_column() for problem in registry.problems] == [
        f"{P}:2:3: name: is given twice (first at line 1; keep one)"
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
        f"{P}:2: is not valid UTF-8 text (byte 0xEC; save as UTF-8)"
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
