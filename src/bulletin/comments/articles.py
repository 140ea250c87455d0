"""The articles that accept comments, from the JSON list the site build writes.

`{"articles": [{"id": "2024-03-khoi-cong-kcn", "url": "https://…/", "title": "…",
"date": "2024-03-05", "comments": true}]}`: the id and the publication day together name the
article a comment is bound to (`identity.py`). From a file, the server checks its stat on
each request and reads it again only when it changed; from the site itself (an http(s)
address, e.g. the preview's `/comments/articles.json`), it fetches it again when it is older
than a minute, or when an unknown id is asked for (at most every few seconds). While a new
version is unreadable (half written), the last good one stays in use.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bulletin.comments.identity import is_day
from bulletin.comments.validation import ARTICLE_ID
from bulletin.text.vietnamese import normalize

log = logging.getLogger(__name__)

Stamp = tuple[int, int, int]


class ArticlesError(ValueError):
    """The article list cannot be used; the message names the file and every problem."""


@dataclass(frozen=True)
class CommentableArticle:
    id: str
    url: str
    title: str
    comments: bool
    """False: the article shows no comment form and the server refuses comments for it."""
    date: str
    """The day it was published, `2024-03-05`: with the id, what its comments are bound to."""


def read_articles(path: Path) -> dict[str, CommentableArticle]:
    """Every article of the list, by id; ArticlesError listing all problems."""
    try:
        return parse_articles(path.read_bytes(), str(path))
    except OSError as error:
        raise ArticlesError(f"{path}: không đọc được danh sách bài viết: {error}") from error


def fetch_articles(url: str, timeout: float = 10) -> dict[str, CommentableArticle]:
    """The list published by the site at `url`; ArticlesError when it cannot be had."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return parse_articles(response.read(MAX_LIST), url)
    except (OSError, urllib.error.URLError) as error:
        raise ArticlesError(f"{url}: không tải được danh sách bài viết: {error}") from error


def load_articles(source: str) -> dict[str, CommentableArticle]:
    """Every article of the list at `source` (an http(s) address of the site, or a file)."""
    return fetch_articles(source) if is_address(source) else read_articles(Path(source))


def is_address(source: str) -> bool:
    return source.startswith(("http://", "https://"))


MAX_LIST = 64 * 1024 * 1024


def parse_articles(data: bytes, path: str) -> dict[str, CommentableArticle]:
    """Every article of a list's bytes, by id; ArticlesError listing all problems."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArticlesError(f"{path}: không đọc được danh sách bài viết: {error}") from error
    entries = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ArticlesError(f'{path}: cần một đối tượng {{"articles": [...]}}')
    articles: dict[str, CommentableArticle] = {}
    problems: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{path}: articles[{index}]"
        article = _article(entry, where, problems)
        if article and article.id in articles:
            problems.append(f"{where}.id: {article.id!r} có hai lần trong danh sách")
        elif article:
            articles[article.id] = article
    if problems:
        raise ArticlesError("\n".join(problems))
    return articles


def _article(entry: object, where: str, problems: list[str]) -> CommentableArticle | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: cần một đối tượng gồm id, url, title, date, comments")
        return None
    before = len(problems)
    article_id, url, title = entry.get("id"), entry.get("url"), entry.get("title")
    day = entry.get("date")
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        problems.append(f"{where}.id: {article_id!r} không phải mã bài viết ({ARTICLE_ID.pattern})")
    if not isinstance(url, str) or not is_address(url):
        problems.append(f"{where}.url: {url!r} không phải địa chỉ http(s) đầy đủ")
    if not isinstance(title, str):
        problems.append(f"{where}.title: {title!r} không phải văn bản")
    if not is_day(day):
        problems.append(f"{where}.date: {day!r} không phải ngày đăng (YYYY-MM-DD)")
    if not isinstance(entry.get("comments"), bool):
        problems.append(f"{where}.comments: {entry.get('comments')!r} không phải true hoặc false")
    if len(problems) > before:
        return None
    assert isinstance(article_id, str) and isinstance(url, str) and isinstance(title, str)
    assert isinstance(day, str)
    return CommentableArticle(article_id, url, normalize(title), entry["comments"], day)


class ArticleList:
    """The article list of a file, read again whenever the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp = self._current_stamp()
        self._articles = read_articles(path)

    def find(self, article_id: str) -> CommentableArticle | None:
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
                log.warning("%s; vẫn dùng danh sách trước", error)

    def _current_stamp(self) -> Stamp | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size, status.st_ino)


class Articles(Protocol):
    def find(self, article_id: str) -> CommentableArticle | None: ...


class RemoteArticleList:
    """The article list the site publishes at an http(s) address, fetched again when stale."""

    def __init__(
        self,
        url: str,
        max_age: float = 60,
        retry_unknown: float = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url, self.max_age, self.retry_unknown, self.clock = url, max_age, retry_unknown, clock
        self._lock = threading.Lock()
        self._articles = fetch_articles(url)
        self._fetched = clock()

    def find(self, article_id: str) -> CommentableArticle | None:
        age = self.clock() - self._fetched
        unknown = article_id not in self._articles
        if age > self.max_age or (unknown and age > self.retry_unknown):
            self._refresh()
        return self._articles.get(article_id)

    def _refresh(self) -> None:
        with self._lock:
            self._fetched = self.clock()
            try:
                self._articles = fetch_articles(self.url)
            except ArticlesError as error:
                log.warning("%s; vẫn dùng danh sách trước", error)


def article_list(source: str) -> Articles:
    """The list at `source`: an http(s) address of the site, or a file."""
    if is_address(source):
        return RemoteArticleList(source)
    return ArticleList(Path(source))
