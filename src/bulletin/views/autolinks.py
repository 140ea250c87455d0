"""Markdown extension: in an article's body, link each mention of a cited document code and
of a speaker's name to its page; never inside headings, links or code. A mention without a
space (a code: `112-TB/TU`) is marked `bulletin-code`, which keeps it on one line."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CODE_CLASSES = "bulletin-autolink bulletin-code"
"""A code's link: never broken at its hyphen or slash (bulletin-article.css)."""
_SKIPPED = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


class AutoLinks:
    """The mentions to link in the page being rendered: text → Markdown path of the target."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}
        self.names: list[str] = []
        """The mentions, longest first."""

    def set(self, targets: dict[str, str]) -> None:
        """Link these mentions in the next page rendered."""
        self.targets = {text: target for text, target in targets.items() if text.strip()}
        self.names = sorted(self.targets, key=len, reverse=True)


def mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where `names` (longest first) are mentioned in `text`, as whole words: no letter,
    digit, `_`, `/` or `-` just before or after (not inside a word, a path or a longer code).
    From the left, the longest name where two begin at one place; the next mention is looked
    for after the end of one. (What one regular expression of the names would find: making
    one for each page cost more than the page's Markdown.)"""
    found: list[tuple[int, int]] = []
    upcoming = {name: _next(text, name, 0) for name in names}
    position = 0
    while True:
        best: tuple[int, int] | None = None
        for name in names:
            start = upcoming[name]
            if start is not None and start < position:
                start = upcoming[name] = _next(text, name, position)
            if start is not None and (best is None or start < best[0]):
                best = (start, start + len(name))
        if best is None:
            return found
        found.append(best)
        position = best[1]


def _next(text: str, name: str, position: int) -> int | None:
    """Where `name` is next mentioned as a whole word from `position` on."""
    start = text.find(name, position)
    while start != -1:
        if _apart(text, start - 1) and _apart(text, start + len(name)):
            return start
        start = text.find(name, start + 1)
    return None


def _apart(text: str, at: int) -> bool:
    """Whether the character at `at` (if any) keeps a mention apart from what is around it."""
    if at < 0 or at >= len(text):
        return True
    character = text[at]
    return not (character.isalnum() or character in "_/-")


class AutoLinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, links: AutoLinks) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        if self.links.names:
            _link_inside(root, self.links.names, self.links.targets)


def _link_inside(element: etree.Element, names: list[str], targets: dict[str, str]) -> None:
    if element.tag in _SKIPPED:
        return
    head, links = _split(element.text, names, targets)
    element.text = head
    for offset, link in enumerate(links):
        element.insert(offset, link)
    for child in list(element)[len(links) :]:
        _link_inside(child, names, targets)
        tail, after = _split(child.tail, names, targets)
        child.tail = tail
        position = list(element).index(child) + 1
        for offset, link in enumerate(after):
            element.insert(position + offset, link)


def _split(
    text: str | None, names: list[str], targets: dict[str, str]
) -> tuple[str | None, list[etree.Element]]:
    """Text before the first mention, and a link for each mention (its tail the text after)."""
    if not text:
        return text, []
    found = mentions(text, names)
    if not found:
        return text, []
    links = []
    for (start, end), following in zip(found, [*found[1:], None], strict=True):
        mention = text[start:end]
        kind = "bulletin-autolink" if any(c.isspace() for c in mention) else CODE_CLASSES
        link = etree.Element("a", {"href": targets[mention], "class": kind})
        link.text = mention
        link.tail = text[end : following[0] if following else len(text)]
        links.append(link)
    return text[: found[0][0]], links


class AutoLinksExtension(Extension):
    """Runs after inline parsing (20) and before MkDocs resolves relative links (0)."""

    def __init__(self, links: AutoLinks) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutoLinkTreeprocessor(md, self.links), "bulletin_autolinks", 17)
