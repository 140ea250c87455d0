"""Checking a submitted comment: `verify()` gives a clean `Submission` or plain messages.

Text is cleaned before it is measured: control characters (but the newline of the comment
text), bidirectional overrides and isolates (which can disguise text) and zero-width
characters are removed, the rest is put in NFC and trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.vietnamese import normalize

ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
NAME_LENGTH = (2, 80)
TEXT_LENGTH = (3, 4000)
EMAIL_MAX = 254
HONEYPOT = "website"

LABELS = {
    "article": "bài viết",
    "name": "họ tên",
    "text": "nội dung bình luận",
    "email": "email",
    "parent": "bình luận được trả lời",
    HONEYPOT: "trang web",
}
REQUIRED = ("article", "name", "text")

_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
)
_LINE_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACING_CONTROLS = re.compile(r"[\t\n\v\f\r]")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_NUMBER = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class Submission:
    """A comment as the reader sent it, cleaned and checked (the parent is checked later)."""

    article: str
    name: str
    text: str
    email: str | None
    parent: int | None
    honeypot: bool
    """True when the hidden `website` field was filled: a robot, answered but not stored."""


def verify(pairs: list[tuple[str, object]]) -> Submission | list[str]:
    """The submission the pairs describe, or every message that says what is wrong."""
    fields, messages = collect(pairs)
    if messages:
        return messages
    name, text = clean_name(fields["name"]), clean_text(fields["text"])
    email = clean_name(fields.get("email", "")) or None
    parent = fields.get("parent", "").strip() or None
    checks = [
        None if ARTICLE_ID.fullmatch(fields["article"]) else "Mã bài viết không hợp lệ.",
        _length_message("Họ tên", name, NAME_LENGTH),
        _length_message("Nội dung bình luận", text, TEXT_LENGTH),
        None if email is None else email_message(email),
        None if parent is None or _NUMBER.fullmatch(parent) else "Số bình luận không hợp lệ.",
    ]
    messages = [message for message in checks if message]
    if messages:
        return messages
    return Submission(
        article=fields["article"],
        name=name,
        text=text,
        email=email,
        parent=int(parent) if parent else None,
        honeypot=bool(fields.get(HONEYPOT, "").strip()),
    )


def collect(pairs: list[tuple[str, object]]) -> tuple[dict[str, str], list[str]]:
    """The fields as strings, and a message for each unknown, repeated or missing one."""
    fields: dict[str, str] = {}
    messages: list[str] = []
    for name, value in pairs:
        if name not in LABELS:
            messages.append(f"Trường “{name}” không được chấp nhận.")
        elif name in fields:
            messages.append(f"Trường “{name}” ({LABELS[name]}) được gửi nhiều lần.")
        elif not isinstance(value, str):
            messages.append(f"Trường “{name}” ({LABELS[name]}) phải là chuỗi ký tự.")
            fields[name] = ""
        else:
            fields[name] = value
    messages.extend(
        f"Thiếu trường “{name}” ({LABELS[name]})." for name in REQUIRED if name not in fields
    )
    return fields, list(dict.fromkeys(messages))


def clean_text(value: str) -> str:
    """Comment text: line breaks kept as `\\n`, other controls and invisibles removed, NFC."""
    lines = _LINE_BREAKS.sub("\n", value.translate(_INVISIBLE)).replace("\t", " ")
    return normalize(_CONTROLS_BUT_NEWLINE.sub("", lines)).strip()


def clean_name(value: str) -> str:
    """A name on one line: spacing controls become spaces, other controls are removed."""
    spaced = _SPACING_CONTROLS.sub(" ", _LINE_BREAKS.sub(" ", value.translate(_INVISIBLE)))
    return normalize(_CONTROLS.sub("", spaced)).strip()


def email_message(email: str) -> str | None:
    """Why `email` is refused, or None if it is shaped like an address."""
    if len(email) > EMAIL_MAX:
        return f"Địa chỉ email dài quá {EMAIL_MAX} ký tự."
    if not _EMAIL.fullmatch(email):
        return "Địa chỉ email không hợp lệ."
    return None


def vietnamese_number(number: int) -> str:
    """`4000` as Vietnamese writes it: `4.000`."""
    return f"{number:,}".replace(",", ".")


def _length_message(label: str, value: str, bounds: tuple[int, int]) -> str | None:
    low, high = bounds
    if low <= len(value) <= high:
        return None
    return f"{label} phải có từ {low} đến {vietnamese_number(high)} ký tự."
