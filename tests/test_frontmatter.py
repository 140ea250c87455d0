import pytest

from bulletin.articles.frontmatter import read, split
from bulletin.articles.problems import Problems


def test_split_finds_the_body_and_its_first_line() -> None:
    header, body, line = split("---\ntitle: A\n---\nBody\n")
    assert (header, body, line) == ("title: A", "Body\n", 4)


def test_values_keep_their_line_and_source_text() -> None:
    problems = Problems("a.md")
    source = read("---\ntitle: Tin\ntime: 18:30\nlist:\n  - x\n  - 0123\n---\n", problems)
    assert source.fields is not None
    fields = source.fields.value
    assert (fields["title"].line, fields["title"].value) == (2, "Tin")
    assert (fields["time"].raw, fields["time"].value) == ("18:30", 1110)
    assert [item.line for item in fields["list"].value] == [5, 6]
    assert not problems


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    problems = Problems("a.md")
    source = read("\ufeff---\r\ntitle: Tin\r\n---\r\nThân bài\r\n", problems)
    assert source.fields is not None and source.body == "Thân bài\n"
    assert not problems


def test_text_is_read_in_nfc() -> None:
    source = read("---\ntitle: Nguye\u0302\u0303n\n---\nLo\u0323\u0302c\n", Problems("a.md"))
    assert source.fields is not None
    assert source.fields.value["title"].value == "Nguyễn"
    assert source.body == "Lộc\n"


def test_a_dated_value_that_does_not_exist_stays_text() -> None:
    source = read("---\ndate: 2022-13-05\n---\n", Problems("a.md"))
    assert source.fields is not None
    assert source.fields.value["date"].value == "2022-13-05"


HINT = "(cần: thụt lề đều nhau; chữ có ': ' hay bắt đầu bằng dấu nháy thì đặt trong ngoặc kép)"


@pytest.mark.parametrize(
    ("header", "where", "problem"),
    [
        ("title: Tin: mới", "2:11", "có dấu ': ' ở chỗ không được có"),
        ('title: "Tin" mới', "2:14", "dòng không đọc được thành một trường"),
        ("tags:\n  - a\n b: 1", "4:2", "dòng không đọc được thành một trường"),
        ("tags: [a, b", "3:1", "thiếu dấu ',' hoặc ']'"),
        ("image: {src: a", "3:1", "thiếu dấu ',' hoặc '}'"),
        ("title: @Tin", "2:8", "có ký tự không được đứng đầu giá trị"),
        ("title: a\n\tlead: b", "3:1", "thụt lề bằng phím tab"),
        ("title: *Tin", "2:8", "có dấu * ở đầu giá trị"),
        ("title: &", "2:9", "có dấu & ở đầu giá trị"),
        ('title: "a\\q"', "2:10", "có dấu \\ lạ trong ngoặc kép"),
        ('title: "Tin', "2:12", "hết phần thông tin mà ngoặc kép chưa đóng"),
        ("title: ]", "2:8", "có dấu ở chỗ cần một giá trị"),
        ("title: !x!y z", "2:8", '"found undefined tag handle"'),  # as PyYAML says it
    ],
)
def test_yaml_syntax_errors_are_said_in_vietnamese(header: str, where: str, problem: str) -> None:
    problems = Problems("a.md")
    read(f"---\n{header}\n---\n", problems)
    message = f"a.md:{where}: front-matter: lỗi cú pháp YAML: {problem} {HINT}"
    assert [str(found) for found in problems.items] == [message]


def test_a_field_name_must_be_text() -> None:
    problems = Problems("a.md")
    read("---\n? [a]\n: b\n---\n", problems)
    assert [str(found) for found in problems.items] == [
        "a.md:2:3: front-matter: tên trường phải là chữ"
    ]
