"""The published comments of one article: the JSON the site build reads, and its reader.

`{"article": id, "count": N, "comments": [{"id", "name", "text", "date", "parent": null,
"replies": [{"id", "name", "text", "date", "parent"}]}]}`, oldest first, dates in +07:00.
Only public fields are written: never the e-mail address or the address hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bulletin.comments.store import Comment
from bulletin.comments.validation import ARTICLE_ID
from bulletin.vietnamese import normalize

VIETNAM = timezone(timedelta(hours=7))
TOP_KEYS = {"article", "count", "comments"}
COMMENT_KEYS = {"id", "name", "text", "date", "parent", "replies"}
REPLY_KEYS = COMMENT_KEYS - {"replies"}


@dataclass(frozen=True)
class ExportedComment:
    """A published comment, with its replies when it is not itself one."""

    id: int
    name: str
    text: str
    date: datetime
    parent: int | None
    replies: tuple[ExportedComment, ...] = ()


class ExportError(ValueError):
    """An exported file of the wrong shape; the message names the file and the place."""


def local_date(created: str) -> str:
    """A stored UTC time as ISO 8601 in Vietnam's time: `2024-03-05T08:02:03+07:00`."""
    return datetime.fromisoformat(created).astimezone(VIETNAM).isoformat(timespec="seconds")


def document(article_id: str, approved: list[Comment]) -> dict[str, Any]:
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
    return {"article": article_id, "count": count, "comments": roots}


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


def load_exported(path: Path) -> list[ExportedComment]:
    """The comments of an exported file, replies nested; ExportError if its shape is wrong."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"{path}: cannot read: {error}") from error
    if not isinstance(value, dict) or set(value) != TOP_KEYS:
        raise ExportError(f"{path}: expected an object with {', '.join(sorted(TOP_KEYS))}")
    if value["article"] != path.stem or not ARTICLE_ID.fullmatch(str(value["article"])):
        raise ExportError(f"{path}: article: {value['article']!r} is not {path.stem!r}")
    if not isinstance(value["comments"], list):
        raise ExportError(f"{path}: comments: expected a list")
    comments = [
        _comment(item, f"{path}: comments[{index}]", None)
        for index, item in enumerate(value["comments"])
    ]
    count = len(comments) + sum(len(comment.replies) for comment in comments)
    if not _is_int(value["count"]) or value["count"] != count:
        raise ExportError(f"{path}: count: {value['count']!r} is not {count}")
    return comments


def _comment(item: object, where: str, parent: int | None) -> ExportedComment:
    keys = COMMENT_KEYS if parent is None else REPLY_KEYS
    if not isinstance(item, dict) or set(item) != keys:
        raise ExportError(f"{where}: expected an object with {', '.join(sorted(keys))}")
    if not _is_int(item["id"]) or item["id"] < 1:
        raise ExportError(f"{where}.id: {item['id']!r} is not a comment number")
    for key in ("name", "text"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ExportError(f"{where}.{key}: {item[key]!r} is not text")
    if item["parent"] != parent or (parent is not None and not _is_int(item["parent"])):
        raise ExportError(f"{where}.parent: {item['parent']!r} is not {parent!r}")
    date = _date(item["date"], f"{where}.date")
    replies = item.get("replies", [])
    if not isinstance(replies, list):
        raise ExportError(f"{where}.replies: expected a list")
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
        raise ExportError(f"{where}: {value!r} is not a date with its offset")
    return date


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
