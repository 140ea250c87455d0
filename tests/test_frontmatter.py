from bulletin.frontmatter import read, split
from bulletin.problems import Problems


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
