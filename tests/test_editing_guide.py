"""EDITING.md stays true: its examples go through the validator and give what it says."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from bulletin.editors.cli import main
from sites import write_site

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "EDITING.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"<!-- ví dụ: (đúng|sai) -->\n```markdown\n(.*?)```", re.DOTALL)
EXPECTED = re.compile(r"<!-- ví dụ: sai -->.*?```text\n(.*?)```", re.DOTALL)
FIXED = re.compile(r"<!-- ví dụ: sửa -->\n```markdown\n(.*?)```.*?```text\n(.*?)```", re.DOTALL)


def examples(kind: str) -> list[str]:
    return [text for found, text in EXAMPLE.findall(GUIDE) if found == kind]


def check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    images = {f"images/{name}.png": "" for name in ("hoi-nghi", "ky-hop")}
    write_site(tmp_path, {"articles/2024/03/vi-du.md": text, **images})
    code = main(["--config", str(tmp_path / "mkdocs.yml"), "check"])
    return code, capsys.readouterr().out


def test_the_right_examples_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert examples("đúng")
    for text in examples("đúng"):
        assert check(tmp_path, text, capsys) == (0, "")


def test_the_wrong_examples_give_the_errors_the_guide_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [text] = examples("sai")
    [expected] = EXPECTED.findall(GUIDE)
    code, out = check(tmp_path, text, capsys)
    assert code == 1
    assert out == expected.replace("docs/articles/vi-du.md", "docs/articles/2024/03/vi-du.md")


def test_the_fix_example_prints_what_the_guide_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [(text, expected)] = FIXED.findall(GUIDE)
    pasted = unicodedata.normalize("NFD", text)  # "dán từ máy Mac"
    write_site(tmp_path, {"articles/2024/03/vi-du.md": pasted})
    code = main(["--config", str(tmp_path / "mkdocs.yml"), "fix", "--dry-run"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "Sẽ sửa 1 tệp.\n")
    assert out == expected.replace("docs/articles/vi-du.md", "docs/articles/2024/03/vi-du.md")


def test_every_field_of_the_contract_is_explained() -> None:
    from bulletin.articles.model import KNOWN_FIELDS

    for field in KNOWN_FIELDS:
        assert f"| `{field}` |" in GUIDE, field


def test_the_pre_commit_hook_runs_the_check(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    assert re.match(hook["files"], "docs/articles/2024/03/a.md")
    command = shlex.split(hook["entry"])
    assert command[0] == ".venv/bin/bulletin" and command[1:] == ["check"]
    bad = tmp_path / "docs/articles/a.md"
    write_site(tmp_path, {"articles/a.md": "---\ntitle: Tin\n---\n"})
    executable = str(Path(sys.executable).parent / "bulletin")
    result = subprocess.run(
        [executable, *command[1:], str(bad)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "docs/articles/a.md:2:1: date: bắt buộc mà chưa có" in result.stdout
