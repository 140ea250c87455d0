"""The site's side of comments: the approved ones exported into `docs/_data/comments`, read
once per build, and the list of commentable articles the build publishes for the handler."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from bulletin.comments.articles import Article
from bulletin.comments.exported import ExportedComment, ExportError, load_exported
from bulletin.dates import short_date
from bulletin.problems import Problem

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


class PublishedComments:
    """The approved comments of every article, by article id."""

    def __init__(self, folder: Path, shown_folder: str) -> None:
        self.by_id: dict[str, list[ExportedComment]] = {}
        self.problems: list[Problem] = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                self.by_id[path.stem] = load_exported(path)
            except ExportError as error:
                message = str(error).removeprefix(f"{path}: ")
                self.problems.append(Problem(f"{shown_folder}/{path.name}", 1, 1, "", message))

    def view(self, article_id: str, zone: tzinfo, action: str | None) -> CommentsView:
        comments = self.by_id.get(article_id, [])
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


def encode_articles(articles: Iterable[Article]) -> str:
    """The list the handler reads (`comments/articles.json`), in a stable order."""
    lines = [
        json.dumps(
            {"id": a.id, "url": a.url, "title": a.title, "comments": a.comments},
            ensure_ascii=False,
            sort_keys=True,
        )
        for a in sorted(articles, key=lambda article: article.id)
    ]  # an article a line; json's indent would take its pure-Python encoder (0.7 s at 10,000)
    return '{"articles": [\n' + ",\n".join(lines) + "\n]}\n" if lines else '{"articles": []}\n'
