"""Markdown extension: in an article's body, link each mention of a cited document code and
of a speaker's name to its page; never inside headings, links or code."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SKIPPED = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


class AutoLinks:
    """The mentions to link in the page being rendered: text → Markdown path of the target."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def set(self, targets: dict[str, str]) -> None:
        """Link these mentions in the next page rendered (longest mentions first)."""
        self.targets = {text: target for text, target in targets.items() if text.strip()}
        self._pattern = None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The mentions as one expression, made when a page is rendered (not for a page the
        cache gives back)."""
        if self._pattern is None and self.targets:
            names = sorted(self.targets, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")
        return self._pattern


class AutoLinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, links: AutoLinks) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        if self.links.pattern is not None:
            _link_inside(root, self.links.pattern, self.links.targets)


def _link_inside(element: etree.Element, pattern: re.Pattern[str], targets: dict[str, str]) -> None:
    if element.tag in _SKIPPED:
        return
    head, links = _split(element.text, pattern, targets)
    element.text = head
    for offset, link in enumerate(links):
        element.insert(offset, link)
    for child in list(element)[len(links) :]:
        _link_inside(child, pattern, targets)
        tail, after = _split(child.tail, pattern, targets)
        child.tail = tail
        position = list(element).index(child) + 1
        for offset, link in enumerate(after):
            element.insert(position + offset, link)


def _split(
    text: str | None, pattern: re.Pattern[str], targets: dict[str, str]
) -> tuple[str | None, list[etree.Element]]:
    """Text before the first mention, and a link for each mention (its tail the text after)."""
    if not text:
        return text, []
    matches = list(pattern.finditer(text))
    if not matches:
        return text, []
    links = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        link = etree.Element("a", {"href": targets[match.group()], "class": "bulletin-autolink"})
        link.text = match.group()
        link.tail = text[match.end() : following.start() if following else len(text)]
        links.append(link)
    return text[: matches[0].start()], links


class AutoLinksExtension(Extension):
    """Runs after inline parsing (20) and before MkDocs resolves relative links (0)."""

    def __init__(self, links: AutoLinks) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutoLinkTreeprocessor(md, self.links), "bulletin_autolinks", 17)
