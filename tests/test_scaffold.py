"""`bulletin new`: the article it writes passes `bulletin check`, and stays valid when an editor
uncomments its examples as EDITING.md says ("bỏ dấu # rồi điền")."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from bulletin.editors.cli import main
from bulletin.editors.scaffold import create
from conftest import ZONE
from sites import write_site

EXAMPLE_LINE = re.compile(r"#\s*(- |[a-z]+:)")
"""A commented line of front-matter (`#lead: …`, `#  src: …`, `#  - 21-KL/TW`), not a note."""


def examples(text: str) -> list[list[int]]:
    """The line numbers of each example: a field of its own (`#lead:`), a list item with the
    lines under it (`#  - name:`, `#    title:`), or the lines of a mapping (image)."""
    found: list[list[int]] = []
    for number, line in enumerate(text.split("\n")):
        if not EXAMPLE_LINE.match(line):
            continue
        content = line[1:].lstrip()
        starts = not line[1:].startswith(" ") or content.startswith("- ")
        follows = bool(found) and found[-1][-1] == number - 1
        if starts or not follows:
            found.append([number])
        else:
            found[-1].append(number)
    return found


def uncomment(text: str, numbers: list[int], mark: str) -> str:
    lines = text.split("\n")
    for number in numbers:
        lines[number] = lines[number].removeprefix(mark)
    return "\n".join(lines)


@pytest.fixture
def scaffolded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A site with one new article (and the image its example names); (site, article)."""
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"images/ten-anh.png": ""})
    now = datetime(2026, 11, 26, 7, 5, tzinfo=ZONE)
    return tmp_path, create(tmp_path / "docs/articles", "Tin mới", "Thời sự", now)


def check(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(site / "mkdocs.yml"), "check"])
    return code, capsys.readouterr().out


def test_the_scaffold_has_an_example_of_every_optional_field(
    scaffolded: tuple[Path, Path],
) -> None:
    text = scaffolded[1].read_text(encoding="utf-8")
    lines = text.split("\n")
    shown = [lines[group[0]] for group in examples(text)]
    assert shown == [
        "#lead: Sapo, một đến ba câu tóm tắt nội dung bài.",
        "#source: Baotinh.vn",
        "#author: Tên phóng viên",
        "#  src: /images/ten-anh.png",
        "#  - name: Nguyễn Văn A",
        "#  - Trần Thị B",
        "#  - 21-KL/TW",
        "#  - code: 30/2020/NĐ-CP",
        "#  - title: Nghị quyết Đại hội XIII của Đảng",
        "#  - từ khóa",
    ]


def test_the_scaffold_passes_the_check(
    scaffolded: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(scaffolded[0], capsys) == (0, "")


@pytest.mark.parametrize("mark", ["#", "# "])
def test_each_example_uncommented_passes_the_check(
    scaffolded: tuple[Path, Path], capsys: pytest.CaptureFixture[str], mark: str
) -> None:
    site, path = scaffolded
    original = path.read_text(encoding="utf-8")
    groups = examples(original)
    for numbers in [*groups, [number for group in groups for number in group]]:
        lines = [original.split("\n")[number] for number in numbers]
        if mark == "# " and not all(line.startswith(mark) for line in lines):
            continue  # `#lead:` has no space to remove
        path.write_text(uncomment(original, numbers, mark), encoding="utf-8")
        assert check(site, capsys) == (0, ""), lines


def test_the_old_scaffold_failed_once_uncommented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the examples guard against: a list example under `speakers: []`."""
    monkeypatch.chdir(tmp_path)
    old = (
        "---\ntitle: Tin\ndate: 2026-11-26\ncategory: Thời sự\nspeakers: []\n  - Trần Thị B\n---\n"
    )
    write_site(tmp_path, {"articles/2026/11/tin.md": old})
    code, out = check(tmp_path, capsys)
    assert (code, out) == (
        1,
        "docs/articles/2026/11/tin.md:6:3: front-matter: lỗi cú pháp YAML: dòng không đọc được "
        "thành một trường (cần: thụt lề đều nhau; chữ có ': ' hay bắt đầu bằng dấu nháy thì đặt "
        "trong ngoặc kép)\n",
    )
