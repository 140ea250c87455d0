"""Reading a request body, at most a fixed size, and decoding it into (field, value) pairs.

Both encodings give the same pairs, in order and with duplicates kept, so that one check
(`validation.verify`) refuses unknown, repeated and missing fields alike. Anything that is
not well formed raises `BodyError` with the status and a message for the reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_BODY = 64 * 1024
READ_CHUNK = 16 * 1024

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")

Pairs = list[tuple[str, object]]


class BodyError(Exception):
    """A body that cannot be read: `status` and the reader's `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def media_type(environ: Mapping[str, object]) -> tuple[str, str | None]:
    """The media type of the body, lower case, and its `charset` parameter if any."""
    kind, *parameters = str(environ.get("CONTENT_TYPE", "")).split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def read_body(environ: Mapping[str, Any], limit: int = MAX_BODY) -> bytes:
    """The body, read up to its announced length, which must be at most `limit` bytes."""
    announced = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not announced:
        raise BodyError(400, "Yêu cầu thiếu độ dài nội dung (Content-Length).")
    if not announced.isdigit():
        raise BodyError(400, "Độ dài nội dung (Content-Length) không hợp lệ.")
    length = int(announced)
    if length > limit:
        raise BodyError(413, f"Nội dung gửi lên quá lớn (tối đa {limit // 1024} KiB).")
    body = _read_exactly(environ["wsgi.input"], length)
    if len(body) < length:
        raise BodyError(400, "Nội dung gửi lên bị cắt ngắn, vui lòng gửi lại.")
    return body


def parse(kind: str, body: bytes) -> Pairs:
    """The (field, value) pairs of a form or JSON body."""
    text = _utf8(body)
    return parse_json(text) if kind == JSON else parse_form(text)


def parse_form(text: str) -> Pairs:
    """The pairs of an `application/x-www-form-urlencoded` body, strictly: every piece has
    a `=`, no piece is empty, every `%` starts an escape. Escaped bytes that are not UTF-8
    become lone surrogates (`surrogateescape`), so that `verify` names the field they are in."""
    if _BAD_PERCENT.search(text):  # parse_qsl would keep `%zz` as it is
        raise BodyError(400, "Dữ liệu biểu mẫu không đúng định dạng.")
    try:
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=True, errors="surrogateescape"
        )
    except ValueError as error:
        raise BodyError(400, "Dữ liệu biểu mẫu không đúng định dạng.") from error
    return list(pairs)


def parse_json(text: str) -> Pairs:
    """The pairs of a JSON object, duplicate keys kept; values are left as JSON gave them."""
    try:
        value = json.loads(text, object_pairs_hook=_ObjectPairs)
    except (ValueError, RecursionError) as error:
        raise BodyError(400, "Dữ liệu JSON không đúng định dạng.") from error
    if not isinstance(value, _ObjectPairs):
        raise BodyError(400, "Dữ liệu JSON phải là một đối tượng (object) gồm các trường.")
    return list(value)


class _ObjectPairs(list[tuple[str, object]]):
    """A JSON object as the list of its pairs, so that a repeated key is not lost."""


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(400, "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.") from error


def _read_exactly(stream: Any, length: int) -> bytes:
    """Read `length` bytes, or fewer if the stream ends first (a truncated body)."""
    chunks: list[bytes] = []
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
