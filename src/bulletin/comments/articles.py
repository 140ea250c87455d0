"""The articles that accept comments, from the JSON list the site build writes.

`{"articles": [{"id": "2024-03-khoi-cong-kcn", "url": "https://…/", "title": "…",
"comments": true}]}`. The server checks the file's stat on each request and reads it again
only when it changed; while a new version is unreadable (half written), the last good one
stays in use.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from bulletin.comments.validation import ARTICLE_ID
from bulletin.vietnamese import normalize

log = logging.getLogger(__name__)

Stamp = tuple[int, int, int]


class ArticlesError(ValueError):
    """The article list cannot be used; the message names the file and every problem."""


@dataclass(frozen=True)
class Article:
    id: str
    url: str
    title: str
    comments: bool
    """False: the article shows no comment form and the server refuses comments for it."""


def read_articles(path: Path) -> dict[str, Article]:
    """Every article of the list, by id; ArticlesError listing all problems."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ArticlesError(f"{path}: cannot read the article list: {error}") from error
    entries = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ArticlesError(f'{path}: expected {{"articles": [...]}}')
    articles: dict[str, Article] = {}
    problems: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{path}: articles[{index}]"
        article = _article(entry, where, problems)
        if article and article.id in articles:
            problems.append(f"{where}.id: {article.id!r} is listed twice")
        elif article:
            articles[article.id] = article
    if problems:
        raise ArticlesError("\n".join(problems))
    return articles


def _article(entry: object, where: str, problems: list[str]) -> Article | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected an object with id, url, title, comments")
        return None
    before = len(problems)
    article_id, url, title = entry.get("id"), entry.get("url"), entry.get("title")
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        problems.append(f"{where}.id: {article_id!r} is not an article id ({ARTICLE_ID.pattern})")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        problems.append(f"{where}.url: {url!r} is not an absolute http(s) URL")
    if not isinstance(title, str):
        problems.append(f"{where}.title: {title!r} is not text")
    if not isinstance(entry.get("comments"), bool):
        problems.append(f"{where}.comments: {entry.get('comments')!r} is not true or false")
    if len(problems) > before:
        return None
    assert isinstance(article_id, str) and isinstance(url, str) and isinstance(title, str)
    return Article(article_id, url, normalize(title), entry["comments"])


class ArticleList:
    """The article list of a file, read again whenever the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp = self._current_stamp()
        self._articles = read_articles(path)

    def find(self, article_id: str) -> Article | None:
        """The article with this id, from the current version of the file."""
        if self._current_stamp() != self._stamp:
            self._reload()
        return self._articles.get(article_id)

    def _reload(self) -> None:
        with self._lock:
            stamp = self._current_stamp()
            if stamp == self._stamp:
                return  # another thread has just read it
            self._stamp = stamp
            try:
                self._articles = read_articles(self.path)
            except ArticlesError as error:
                log.warning("%s; keeping the previous list", error)

    def _current_stamp(self) -> Stamp | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size, status.st_ino)
