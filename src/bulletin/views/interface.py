"""The words of the site's interface (`bulletin/data/interface.yml`), with those a site sets
in its configuration: every template and script takes its texts from one `Interface`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from bulletin.text.vietnamese import normalize

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class InterfaceError(ValueError):
    """A text asked for that the interface does not have, or a site's text that cannot be."""


@dataclass(frozen=True)
class Interface:
    """`interface("home.latest")`, or with its `{placeholders}` filled in:
    `interface("home.about", site="Bản tin …")`."""

    texts: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.texts[key]
        except KeyError:
            known = "bulletin/data/interface.yml"
            raise InterfaceError(f"no interface text {key!r} in {known}") from None
        return PLACEHOLDER.sub(lambda found: str(values.get(found[1], found[0])), text)

    def starting(self, prefix: str) -> dict[str, str]:
        """The texts whose keys start with `prefix`: what a script is given."""
        return {key: text for key, text in self.texts.items() if key.startswith(prefix)}


@cache
def default_texts() -> dict[str, str]:
    """The interface's texts as Bulletin ships them."""
    loaded = yaml.safe_load(files("bulletin").joinpath("data/interface.yml").read_text("utf-8"))
    return {str(key): normalize(str(text)) for key, text in loaded.items()}


def load_interface(overrides: Mapping[str, object]) -> Interface:
    """The shipped texts with a site's `overrides` (InterfaceError naming every wrong one)."""
    defaults = default_texts()
    problems = []
    for key, text in overrides.items():
        if key not in defaults:
            problems.append(
                f'interface: "{key}" is not a text of the interface (expected one of the keys '
                'of bulletin/data/interface.yml, such as "home.latest")'
            )
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"interface: {key}: {text!r} is not a text (expected some words)")
        elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(defaults[key])):
            wanted = ", ".join(f"{{{name}}}" for name in PLACEHOLDER.findall(defaults[key]))
            problems.append(
                f'interface: {key}: "{text}" must keep the places the page fills in '
                f"(expected: {wanted or 'none'})"
            )
    if problems:
        raise InterfaceError("\n".join(problems))
    return Interface({**defaults, **{key: normalize(str(text)) for key, text in overrides.items()}})
