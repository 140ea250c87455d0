"""The published comments of one article: the JSON the site build reads, and its reader.

`{"format": "bulletin-comments 2", "article": id, "article_date": "2024-03-05", "count": N,
"comments": [{"id", "name", "text", "date", "parent": null, "replies": [{"id", "name",
"text", "date", "parent"}]}]}`, oldest first, dates in +07:00. `format` marks the files
`export` writes (it removes no other file); `article` and `article_date` name the article
the comments belong to. Files written before `article_date` existed (no `format`) are read
too, their article unknown: `ExportedThread.belongs_to` decides. Only public fields are
written: never the e-mail address or the address hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bulletin.comments.identity import could_be_on, is_day
from bulletin.comments.store import Comment
from bulletin.comments.validation import ARTICLE_ID
from bulletin.text.vietnamese import normalize

VIETNAM = timezone(timedelta(hours=7))
FORMAT = "bulletin-comments 2"
"""The marker of the files `export` writes, and their version."""
TOP_KEYS = {"format", "article", "article_date", "count", "comments"}
EARLIER_TOP_KEYS = {"article", "count", "comments"}
"""The keys of files exported before comments were bound to their article's day."""
COMMENT_KEYS = {"id", "name", "text", "date", "parent", "replies"}
REPLY_KEYS = COMMENT_KEYS - {"replies"}
SAMPLE_DATE = "2024-03-05T08:02:03+07:00"


@dataclass(frozen=True)
class ExportedComment:
    """A published comment, with its replies when it is not itself one."""

    id: int
    name: str
    text: str
    date: datetime
    parent: int | None
    replies: tuple[ExportedComment, ...] = ()


@dataclass(frozen=True)
class ExportedThread:
    """The published comments of one article, and the article they were exported for."""

    article: str
    article_date: str | None
    """The article's publication day; None in a file exported before it was written."""
    comments: list[ExportedComment]

    def belongs_to(self, article_date: str) -> bool:
        """Whether these comments are those of the article at their id published that day.

        A file of before `article_date` belongs to the article now at its id unless one of
        its comments is older than that article: it was another article's, deleted."""
        if self.article_date is not None:
            return self.article_date == article_date
        return all(could_be_on(comment.date, article_date) for comment in self.comments)


class ExportError(ValueError):
    """An exported file of the wrong shape; the message names the file and the place."""


def local_date(created: str) -> str:
    """A stored UTC time as ISO 8601 in Vietnam's time: `2024-03-05T08:02:03+07:00`."""
    return datetime.fromisoformat(created).astimezone(VIETNAM).isoformat(timespec="seconds")


def document(article_id: str, article_date: str, approved: list[Comment]) -> dict[str, Any]:
    """The published thread of one article, from its approved comments.

    A reply whose parent is not published (rejected after the reply was approved) is not
    published either: it would answer something readers cannot see.
    """
    ordered = sorted(approved, key=lambda comment: (comment.created, comment.id))
    roots = [_public(comment) for comment in ordered if comment.parent is None]
    by_id = {root["id"]: root for root in roots}
    for comment in ordered:
        if comment.parent in by_id:
            by_id[comment.parent]["replies"].append(_public(comment, reply=True))
    count = len(roots) + sum(len(root["replies"]) for root in roots)
    return {
        "format": FORMAT,
        "article": article_id,
        "article_date": article_date,
        "count": count,
        "comments": roots,
    }


def encode(value: dict[str, Any]) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8 text in NFC, a final newline."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    return (normalize(text) + "\n").encode("utf-8")


def _public(comment: Comment, reply: bool = False) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": comment.id,
        "name": normalize(comment.name),
        "text": normalize(comment.text),
        "date": local_date(comment.created),
        "parent": comment.parent,
    }
    return fields if reply else {**fields, "replies": []}


def load_exported(path: Path) -> ExportedThread:
    """The comments of an exported file, replies nested; ExportError if its shape is wrong."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"{path}: không đọc được: {error}") from error
    keys = TOP_KEYS if isinstance(value, dict) and "format" in value else EARLIER_TOP_KEYS
    if not isinstance(value, dict) or set(value) != keys:
        raise ExportError(f"{path}: sai dạng (cần: một đối tượng gồm {_listed(TOP_KEYS)})")
    if value.get("format", FORMAT) != FORMAT:
        raise ExportError(f"{path}: format: {value['format']!r} sai (cần: {FORMAT!r})")
    if value["article"] != path.stem or not ARTICLE_ID.fullmatch(str(value["article"])):
        raise ExportError(f"{path}: article: {value['article']!r} sai (cần: {path.stem!r})")
    article_date = value.get("article_date")
    if "article_date" in value and not is_day(article_date):
        raise ExportError(f"{path}: article_date: {article_date!r} sai (cần: ngày YYYY-MM-DD)")
    if not isinstance(value["comments"], list):
        raise ExportError(f"{path}: comments: sai dạng (cần: một danh sách)")
    comments = [
        _comment(item, f"{path}: comments[{index}]", None)
        for index, item in enumerate(value["comments"])
    ]
    count = len(comments) + sum(len(comment.replies) for comment in comments)
    if not _is_int(value["count"]) or value["count"] != count:
        raise ExportError(f"{path}: count: {value['count']!r} sai (cần: {count})")
    return ExportedThread(value["article"], article_date, comments)


def is_exported(path: Path) -> bool:
    """Whether `export` wrote the file at `path`: named for an article id, and of the shape
    and marker it writes (the shape alone for files exported before the marker existed)."""
    if not ARTICLE_ID.fullmatch(path.stem):
        return False
    try:
        load_exported(path)
    except ExportError:
        return False
    return True


def _comment(item: object, where: str, parent: int | None) -> ExportedComment:
    keys = COMMENT_KEYS if parent is None else REPLY_KEYS
    if not isinstance(item, dict) or set(item) != keys:
        raise ExportError(f"{where}: sai dạng (cần: một đối tượng gồm {_listed(keys)})")
    if not _is_int(item["id"]) or item["id"] < 1:
        raise ExportError(f"{where}.id: {item['id']!r} sai (cần: số của bình luận)")
    for key in ("name", "text"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ExportError(f"{where}.{key}: {item[key]!r} sai (cần: văn bản)")
    if item["parent"] != parent or (parent is not None and not _is_int(item["parent"])):
        raise ExportError(f"{where}.parent: {item['parent']!r} sai (cần: {parent!r})")
    date = _date(item["date"], f"{where}.date")
    replies = item.get("replies", [])
    if not isinstance(replies, list):
        raise ExportError(f"{where}.replies: sai dạng (cần: một danh sách)")
    nested = tuple(
        _comment(reply, f"{where}.replies[{index}]", item["id"])
        for index, reply in enumerate(replies)
    )
    return ExportedComment(item["id"], item["name"], item["text"], date, parent, nested)


def _date(value: object, where: str) -> datetime:
    try:
        date = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        date = None
    if date is None or date.tzinfo is None:
        raise ExportError(f"{where}: {value!r} sai (cần: thời điểm có múi giờ, như {SAMPLE_DATE})")
    return date


def _listed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
