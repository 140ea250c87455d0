"""The README stays true: every option and every dependency is documented."""

import tomllib
from pathlib import Path

from bulletin.mkdocs_plugin.config import BulletinConfig

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_option_is_documented() -> None:
    for name, option in BulletinConfig._schema:
        assert f"| `{name}` | `{option.default}` |" in README, name


def test_every_dependency_is_justified() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["dev"]
    for requirement in names:
        name = requirement.split(">")[0].split("<")[0].split("=")[0].strip()
        assert f"`{name}" in README, name


def test_readme_shows_the_two_commands() -> None:
    assert "make site" in README and "make test" in README
