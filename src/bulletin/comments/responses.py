"""What the server answers: a redirect or a Vietnamese HTML page for forms, JSON otherwise."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from urllib.parse import urldefrag

SENT_ANCHOR = "binh-luan-da-gui"
"""Fragment of the article URL after a form is sent: the page shows its notice on `:target`."""

SECURITY_HEADERS = (
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
    ("Referrer-Policy", "same-origin"),
)

PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto}}</style>
</head>
<body>
<main>
<h1>{title}</h1>
{messages}
{back}
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def all_headers(self) -> list[tuple[str, str]]:
        """The headers to send, the length and the security headers included."""
        return [*self.headers, ("Content-Length", str(len(self.body))), *SECURITY_HEADERS]


def text(status: int, body: str, headers: list[tuple[str, str]] | None = None) -> Response:
    content_type = ("Content-Type", "text/plain; charset=utf-8")
    return Response(status, body.encode("utf-8"), [content_type, *(headers or [])])


def as_json(status: int, value: object, headers: list[tuple[str, str]] | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"
    content_type = ("Content-Type", "application/json; charset=utf-8")
    return Response(status, body.encode("utf-8"), [content_type, *(headers or [])])


def sent_redirect(article_url: str) -> Response:
    """303 See Other to the article, at the notice that the comment awaits moderation."""
    location = f"{urldefrag(article_url).url}#{SENT_ANCHOR}"
    page = PAGE.format(
        title="Đã gửi bình luận",
        messages="<p>Bình luận của bạn đang chờ duyệt.</p>",
        back=_back_link(location),
    )
    return html(303, page, [("Location", location)])


def error_page(
    status: int,
    messages: list[str],
    article_url: str | None = None,
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    """A page that says, in Vietnamese, why the comment was not accepted."""
    items = "\n".join(f"<li>{escape(message)}</li>" for message in messages)
    page = PAGE.format(
        title="Không gửi được bình luận",
        messages=f"<ul>\n{items}\n</ul>",
        back=_back_link(article_url) if article_url else "",
    )
    return html(status, page, headers)


def html(status: int, page: str, headers: list[tuple[str, str]] | None = None) -> Response:
    content_type = ("Content-Type", "text/html; charset=utf-8")
    return Response(status, page.encode("utf-8"), [content_type, *(headers or [])])


def _back_link(url: str) -> str:
    return f'<p><a href="{escape(url)}">Quay lại bài viết</a></p>'
