"""Checks of an article's Markdown body that the front-matter cannot see."""

from __future__ import annotations

import posixpath
import re

from bulletin.articles.problems import Problems
from bulletin.text.vietnamese import normalize

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_H1 = re.compile(r"^\s{0,3}#(?:\s|$)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def check_body(body: str, first_line: int, problems: Problems) -> list[str]:
    """Report level-1 headings (the headline is the page's only h1) and images without alt text.

    Return the address of every image the body shows, as written.
    """
    images: list[str] = []
    for number, line in _prose_lines(body, first_line):
        if _H1.match(line):
            problems.error(
                number, "body", "tiêu đề mục cấp 1 (# …) tranh chỗ tiêu đề bài (cần: ## …)"
            )
        for image in _IMAGE.finditer(line):
            images.append(image["src"])
            if not image["alt"].strip():
                problems.warning(
                    number,
                    "body",
                    f'ảnh "{image["src"]}" chưa có mô tả (cần: ![ảnh chụp gì](…))',
                )
    return images


def _prose_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """The lines of `body` outside fenced code blocks, with their line numbers in the file."""
    lines: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * 3
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            lines.append((number, line))
    return lines


def local_path(src: str, article_uri: str) -> str | None:
    """The docs-relative path of a file the article links to, or None for a web address."""
    if "://" in src or src.startswith(("//", "data:", "#")):
        return None
    base = "" if src.startswith("/") else posixpath.dirname(article_uri)
    path = src.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return normalize(posixpath.normpath(posixpath.join(base, path)))


def image_paths(text: str, src_uri: str) -> set[str]:
    """The docs paths of the local images a Markdown page shows."""
    found = (local_path(match["src"], src_uri) for match in _IMAGE.finditer(text))
    return {path for path in found if path is not None}
