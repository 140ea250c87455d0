"""The site's side of comments: the approved ones exported into `docs/_data/comments`, read
once per build, and the list of commentable articles the build publishes for the handler.

A file is shown only under the article it was exported for: the one at its id published on
its `article_date` (a file of before that field, under the article now at its id unless its
comments are older). Any other is an orphan: never shown, listed by `orphans`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from bulletin.articles.problems import Problem, Severity
from bulletin.comments.articles import CommentableArticle
from bulletin.comments.exported import (
    ExportedComment,
    ExportedThread,
    ExportError,
    load_exported,
)
from bulletin.text.dates import short_date

COMMENTS_DIR = "_data/comments"
"""Where `export` writes the approved comments, inside docs/."""

SENT_ANCHOR = "binh-luan-da-gui"
"""The element a successful form post returns to (shown by CSS `:target`)."""


@dataclass(frozen=True)
class CommentView:
    id: int
    name: str
    text: str
    date: str
    """`28/11/2022 09:15`, in the site's zone."""
    iso: str
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class CommentsView:
    """The "Ý kiến bạn đọc" box of one article."""

    article_id: str
    total: int
    comments: list[CommentView]
    action: str | None
    """Where the form posts; None when comments are closed (no handler, or turned off)."""
    sent_anchor: str = SENT_ANCHOR


@dataclass(frozen=True)
class Orphan:
    """An exported file whose article is not on the site."""

    path: str
    """As messages name it: `docs/_data/comments/2024-03-tin.json`."""
    thread: ExportedThread
    current_date: str | None
    """The day of the article now at its id, if there is one: another article."""

    def message(self) -> str:
        day = self.thread.article_date
        count = sum(1 + len(comment.replies) for comment in self.thread.comments)
        article, current = self.thread.article, self.current_date
        again = "cần: xuất lại bình luận"
        if current is None:
            return (
                f"{count} bình luận xuất cho bài {article} không được hiện: không còn bài viết "
                f"nào có mã này ({again})"
            )
        if day is None:
            return (
                f"{count} bình luận xuất cho bài {article} từ trước khi có ngày đăng không được "
                f"hiện: chúng cũ hơn bài viết hiện có mã này, đăng ngày {current} ({again})"
            )
        return (
            f"{count} bình luận xuất cho bài {article} đăng ngày {day} không được hiện: bài "
            f"viết hiện có mã này đăng ngày {current}, là một bài khác ({again}, hoặc "
            f"`comments.py rebind {article} --from {day} --to {current}` nếu chỉ ngày đăng "
            "được sửa)"
        )

    def problem(self) -> Problem:
        """A warning for `bulletin check`: the comments are kept, but nobody sees them."""
        return Problem(self.path, 1, 1, "", self.message(), Severity.WARNING)


def orphans(folder: Path, articles: Mapping[str, str], shown_folder: str = "") -> list[Orphan]:
    """The exported files in `folder` (`docs/_data/comments`) that no article of the site
    shows: `articles` gives the publication day (`publication_day`) of each, by id."""
    return PublishedComments(folder, shown_folder or str(folder)).orphans(articles)


class PublishedComments:
    """The approved comments of every article, by article id."""

    def __init__(self, folder: Path, shown_folder: str) -> None:
        self.by_id: dict[str, ExportedThread] = {}
        self.paths: dict[str, str] = {}
        """Each file as messages name it, by article id."""
        self.problems: list[Problem] = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            shown = f"{shown_folder}/{path.name}"
            try:
                self.by_id[path.stem] = load_exported(path)
            except ExportError as error:
                message = str(error).removeprefix(f"{path}: ")
                self.problems.append(Problem(shown, 1, 1, "", message))
            else:
                self.paths[path.stem] = shown

    def comments_of(self, article_id: str, article_date: str) -> list[ExportedComment]:
        """The comments exported for the article at `article_id` published on `article_date`;
        none if the file there is another article's."""
        thread = self.by_id.get(article_id)
        return thread.comments if thread and thread.belongs_to(article_date) else []

    def orphans(self, articles: Mapping[str, str]) -> list[Orphan]:
        """The files whose article is not among `articles` (the day of each, by id)."""
        return [
            Orphan(self.paths[article_id], thread, articles.get(article_id))
            for article_id, thread in self.by_id.items()
            if article_id not in articles or not thread.belongs_to(articles[article_id])
        ]

    def view(
        self, article_id: str, article_date: str, zone: tzinfo, action: str | None
    ) -> CommentsView:
        comments = self.comments_of(article_id, article_date)
        total = len(comments) + sum(len(comment.replies) for comment in comments)
        shown = [_view(comment, zone) for comment in comments]
        return CommentsView(article_id, total, shown, action)


def _view(comment: ExportedComment, zone: tzinfo) -> CommentView:
    return CommentView(
        comment.id,
        comment.name,
        comment.text,
        short_date(comment.date, zone),
        comment.date.astimezone(zone).isoformat(),
        tuple(_view(reply, zone) for reply in comment.replies),
    )


def encode_articles(articles: Iterable[CommentableArticle]) -> str:
    """The list the handler reads (`comments/articles.json`), in a stable order."""
    lines = [
        json.dumps(
            {"id": a.id, "url": a.url, "title": a.title, "date": a.date, "comments": a.comments},
            ensure_ascii=False,
            sort_keys=True,
        )
        for a in sorted(articles, key=lambda article: article.id)
    ]  # an article a line; json's indent would take its pure-Python encoder (0.7 s at 10,000)
    return '{"articles": [\n' + ",\n".join(lines) + "\n]}\n" if lines else '{"articles": []}\n'
