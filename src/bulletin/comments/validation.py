"""Checking a submitted comment: `verify()` gives a clean `Submission` or plain messages.

A value with half of a UTF-16 surrogate pair (JSON's `"\\ud800"`, or bytes of a form that
are not UTF-8) is refused, naming its field. Text is cleaned before it is measured: control
characters (but the newline of the comment text), bidirectional overrides and isolates (which
can disguise text) and zero-width characters are removed, the rest is put in NFC and trimmed.
A name or a text must show something: at least one letter, digit, punctuation mark or symbol
that is not a blank look-alike (Hangul fillers, the blank Braille pattern).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bulletin.text.vietnamese import normalize

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
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_VISIBLE_CATEGORIES = frozenset("LNPS")
"""Letters, numbers, punctuation, symbols; not marks (Mn, Mc, Me) alone, separators (Z*) or
controls and format characters (C*)."""
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that show nothing: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0),
the blank Braille pattern (U+2800)."""


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
        _shown_message("Họ tên", name, NAME_LENGTH),
        _shown_message("Nội dung bình luận", text, TEXT_LENGTH),
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
            messages.append(f"Trường “{printable(name)}” không được chấp nhận.")
        elif name in fields:
            messages.append(f"Trường “{name}” ({LABELS[name]}) được gửi nhiều lần.")
        elif not isinstance(value, str):
            messages.append(f"Trường “{name}” ({LABELS[name]}) phải là chuỗi ký tự.")
            fields[name] = ""
        elif has_surrogate(value):
            messages.append(
                f"Trường “{name}” ({LABELS[name]}) có ký tự không hợp lệ (nửa cặp surrogate "
                "UTF-16, hoặc byte không phải UTF-8): cần văn bản Unicode hợp lệ."
            )
            fields[name] = ""
        else:
            fields[name] = value
    messages.extend(
        f"Thiếu trường “{name}” ({LABELS[name]})." for name in REQUIRED if name not in fields
    )
    return fields, list(dict.fromkeys(messages))


def has_surrogate(value: str) -> bool:
    """Whether `value` holds a lone surrogate, which no UTF-8 text can: it cannot be stored."""
    return _SURROGATE.search(value) is not None


def printable(value: str) -> str:
    """`value` as a message may show it: a lone surrogate written `\\udc80`."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def is_visible(value: str) -> bool:
    """Whether `value` shows something: a letter, digit, punctuation mark or symbol that is
    not a blank look-alike. Marks count only with what they mark."""
    return any(
        unicodedata.category(character)[0] in _VISIBLE_CATEGORIES
        and character not in _BLANK_LOOKALIKES
        for character in value
    )


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


def _shown_message(label: str, value: str, bounds: tuple[int, int]) -> str | None:
    """Why a name or text is refused: nothing in it shows, or its length; None if neither."""
    if value and not is_visible(value):
        return (
            f"{label} không có ký tự nào nhìn thấy được (chỉ có khoảng trắng, ký tự ẩn hoặc "
            "dấu đứng riêng): cần ít nhất một chữ, số hoặc dấu câu."
        )
    low, high = bounds
    if low <= len(value) <= high:
        return None
    return f"{label} phải có từ {low} đến {vietnamese_number(high)} ký tự."
