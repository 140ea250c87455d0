"""What the search index holds of an article: its record.

A record is what the search page shows of a result (address, title, date line, category,
photo, lead, speakers, documents, the body's words) and the values it is filtered by (its
category, year, speakers and documents, as `facet` terms). Everything but the body comes from
the article itself (`record_head`); the body's words come from the page the build wrote
(`body_text`: the element marked `data-search-text`, without the headings' permalink `¶`), so
that the page cache can keep them beside the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import tzinfo
from html import unescape
from html.parser import HTMLParser
from itertools import zip_longest

from bulletin.articles.model import Article, Speaker
from bulletin.images.view import ImageView
from bulletin.text.dates import date_time_line
from bulletin.views.models import cited

CATEGORY, YEAR, SPEAKER, DOCUMENT = "category", "year", "speaker", "resolution"
"""The filters: the search page's names for them (its address says them in Vietnamese)."""
TEXT_MARKER = "data-search-text"
"""The attribute of the element that holds an article's body on its page (article.html)."""

_TEXT_START = re.compile(rf"<([a-zA-Z][\w-]*)\b[^>]*\s{TEXT_MARKER}\b[^>]*>")
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_SKIPPED = frozenset({"script", "style", "template", "button"})
_VOID = frozenset({"br", "hr", "img", "wbr", "source", "input"})
"""Elements without an end: no depth, and an end tag of one is no block's end."""
_UNUSUAL = re.compile(
    rf"<(?:{'|'.join(sorted(_SKIPPED))})\b|<[!?]|</(?![a-zA-Z])"
    rf"|</(?:{'|'.join(sorted(_VOID & _BLOCKS))})(?=[\s/>])|\x00",
    re.I,
)
"""What the regular expressions leave to the reader (`_plain_text`): what it skips, comments
and declarations, an end tag it would ignore."""
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_PERMALINK = re.compile(
    rf'<([a-zA-Z][^\s/>]*)\s(?:{_ATTRIBUTES}?\s)?class="headerlink"{_ATTRIBUTES}>[^<]*</\1>'
)
"""A heading's permalink as Markdown's `toc` writes it (`<a class="headerlink" …>¶</a>`)."""
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCKS))})(?=[\s/>]){_ATTRIBUTES}>", re.I)
_TAG = re.compile(rf"</?[a-zA-Z]{_ATTRIBUTES}>")
_LEFT_OPEN = re.compile(r"<[a-zA-Z/]")
_LINE = "\x00"
"""What a block's tag becomes until the text is cut into lines (HTML text has no NUL)."""


def facet(name: str, value: str) -> str:
    """The term that stands for a filter's value (`#speaker:Nguyễn Phước Lộc`): it cannot be
    a syllable, which has no `#`."""
    return f"#{name}:{value}"


def record_head(
    article: Article,
    zone: tzinfo,
    url: str,
    image: ImageView | None = None,
    titles: Sequence[str | None] = (),
) -> dict[str, object]:
    """The article's record without its body's words (`text`), in the order the search page
    reads it; `url` is relative to the site's root, `titles` the speakers' offices as the
    article's page shows them (the article's own, or the registry's at the time)."""
    moment = article.date.astimezone(zone)
    documents, values = [], []
    for resolution in article.resolutions:
        document = cited(resolution)
        label = f"{document.kind} số {document.code}" if document.kind else document.code
        shown = f"{label}: {document.title}" if label and document.title else label
        documents.append(shown or document.title or "")
        values.append(resolution.code.text if resolution.code else resolution.title)
    head: dict[str, object] = {
        "url": url,
        "title": article.title,
        "date": moment.isoformat(),
        "dateline": date_time_line(article.date, zone),
        "category": article.category,
        "lead": article.lead or "",
        "speakers": [
            _speaker(speaker, title)
            for speaker, title in zip_longest(article.speakers, titles[: len(article.speakers)])
        ],
        "documents": [document for document in documents if document],
    }
    if image is not None:
        thumb = image.thumb
        head["image"] = {
            "src": thumb.src,
            "srcset": thumb.srcset,
            "webp": thumb.webp_srcset,
            "width": thumb.width,
            "height": thumb.height,
            "alt": image.alt,
        }
    head["facets"] = [
        facet(CATEGORY, article.category),
        facet(YEAR, str(moment.year)),
        *(facet(SPEAKER, speaker.name) for speaker in article.speakers),
        *(facet(DOCUMENT, value) for value in values if value),
    ]
    return head


def _speaker(speaker: Speaker, title: str | None) -> str:
    """A speaker as the article's page shows one: the name, the office, the role."""
    office = title if title is not None else speaker.title
    shown = f"{speaker.name}, {office}" if office else speaker.name
    return f"{shown} ({speaker.role})" if speaker.role else shown


def body_text(html: str) -> str | None:
    """The words of the article's body on its page, a paragraph a line; None for a page
    without the marked element."""
    start = _marked_element(html)
    if start is None:
        return None
    element = html[start.start() : _element_end(html, start)]  # not the rest of the page
    text = _plain_text(element)
    if text is None:
        reader = _TextReader()
        reader.feed(element)
        reader.close()
        text = reader.text()
    return text


def _plain_text(element: str) -> str | None:
    """What `_TextReader` reads in an element of the usual kind (tags, text, entities, the
    headings' permalinks), by a few passes of regular expressions: three times sooner (but
    for an end tag that closes nothing, after which the reader would read no more). None
    for anything else (a script, a style, a template, a button, a comment, a declaration, a
    permalink that is not Markdown's, a tag left open): the reader reads it."""
    if _UNUSUAL.search(element):
        return None
    text, permalinks = _PERMALINK.subn("", element)
    if permalinks != element.count("headerlink"):
        return None
    text = _TAG.sub("", _BLOCK_TAG.sub(_LINE, text))
    if _LEFT_OPEN.search(text):
        return None  # a tag never closed: the reader knows what to make of it
    lines = (" ".join(line.split()) for line in unescape(text).split(_LINE))
    return "\n".join(line for line in lines if line)


def _marked_element(html: str) -> re.Match[str] | None:
    """The start tag of the element marked `TEXT_MARKER`: found by the marker (a search for
    the tag itself tries every `<` of the page)."""
    at = html.find(TEXT_MARKER)
    while at != -1:
        start = _TEXT_START.match(html, max(0, html.rfind("<", 0, at)))
        if start is not None and start.end() > at:
            return start
        at = html.find(TEXT_MARKER, at + 1)
    return None


def _element_end(html: str, start: re.Match[str]) -> int:
    """Where the element opened by `start` closes (the page comes from our own templates, and
    Markdown escapes a `<` that is text); a tag of its name that closes itself (`<div/>`)
    opens nothing."""
    tag = start.group(1)
    depth = 0
    tags = re.compile(rf"<(/?){tag}(?=[\s/>]){_ATTRIBUTES}?(/?)>", re.IGNORECASE)
    for match in tags.finditer(html, start.start()):
        depth += -1 if match.group(1) else 0 if match.group(2) else 1
        if depth == 0:
            return match.end()
    return len(html)


class _TextReader(HTMLParser):
    """The text of the first element fed and what it holds, without the headings' permalinks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skipping = 0
        self.done = False
        self.pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag not in _VOID:
            self.depth += 1
            classes = (dict(attrs).get("class") or "").split()
            if self.skipping or tag in _SKIPPED or "headerlink" in classes:
                self.skipping += 1
        if tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in _VOID:
            return
        if tag in _BLOCKS:
            self.pieces.append("\n")
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1
        if self.depth == 0:
            self.done = True

    def handle_data(self, data: str) -> None:
        if not self.done and not self.skipping and self.depth > 0:
            self.pieces.append(_SPACES.sub(" ", data))  # line breaks come from blocks only

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.pieces).split("\n"))
        return "\n".join(line for line in lines if line)
