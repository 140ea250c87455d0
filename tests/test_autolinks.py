"""Mentions of speakers and document codes in an article's body, linked to their pages."""

from __future__ import annotations

import random
import re

import markdown
import pytest

from bulletin.views.autolinks import AutoLinks, AutoLinksExtension, mentions


def _render(text: str, targets: dict[str, str]) -> str:
    links = AutoLinks()
    links.set(targets)
    return markdown.markdown(text, extensions=[AutoLinksExtension(links)])


def _longest_first(names: list[str]) -> list[str]:
    return sorted(names, key=len, reverse=True)


def _by_expression(text: str, names: list[str]) -> list[tuple[int, int]]:
    """What one regular expression of the names finds (the specification of `mentions`)."""
    alternatives = "|".join(re.escape(name) for name in _longest_first(names))
    pattern = re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")
    return [match.span() for match in pattern.finditer(text)]


def test_names_and_codes_are_linked_where_they_stand_alone() -> None:
    html = _render(
        "Ông Nguyễn Văn An nói về Nghị quyết 18-NQ/TW.\n\n## Nguyễn Văn An\n\n"
        "Xem `Nguyễn Văn An` và [Nguyễn Văn An](x.md). Không phải Nguyễn Văn Anh, "
        "không phải 18-NQ/TWx hay 118-NQ/TW.",
        {"Nguyễn Văn An": "../nguoi/an.md", "18-NQ/TW": "../van-ban/18.md"},
    )
    assert html.count('class="bulletin-autolink') == 2
    assert '<a class="bulletin-autolink" href="../nguoi/an.md">Nguyễn Văn An</a> nói' in html
    assert (
        '<a class="bulletin-autolink bulletin-code" href="../van-ban/18.md">18-NQ/TW</a>.' in html
    )


def test_the_longer_of_two_names_that_begin_at_one_place_is_linked() -> None:
    names = _longest_first(["Nguyễn Văn", "Nguyễn Văn An"])
    assert mentions("Ông Nguyễn Văn An.", names) == [(4, 17)]


def test_the_first_mention_from_the_left_wins_over_a_longer_one_after_it() -> None:
    names = _longest_first(["B C D", "A B"])
    assert mentions("A B C D", names) == [(0, 3)]


def test_mentions_are_what_one_expression_of_the_names_finds() -> None:
    """Random texts over a small alphabet, where names overlap, repeat and touch words."""
    chance = random.Random(7)
    pieces = ["An", "Ba", "An Ba", " ", " ", "-", "/", ".", "x", "Á"]
    for _ in range(3000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 14)))
        names = list({chance.choice(["An", "Ba", "An Ba", "Ba An", "A", "Ba Ba", "x"])
                      for _ in range(chance.randint(1, 4))})  # fmt: skip
        assert mentions(text, _longest_first(names)) == _by_expression(text, names), (text, names)


@pytest.mark.parametrize("text", ["", "Không nhắc ai.", "An-Ba", "_An", "An/Ba", "Ană"])
def test_a_name_inside_a_word_path_or_code_is_not_a_mention(text: str) -> None:
    assert mentions(text, ["An"]) == []


def test_blank_mentions_are_never_linked() -> None:
    links = AutoLinks()
    links.set({" ": "x.md", "": "y.md", "An": "an.md"})
    assert links.names == ["An"]
