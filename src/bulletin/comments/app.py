"""The WSGI application: routes in one table, each request in its own short transaction.

A form POST is answered with `303 See Other` back to the article (or an HTML page that says
what is wrong); a JSON POST with `202 {"status": "pending", "id": N}` (or `{"error": …}`).
A robot that fills the hidden `website` field is answered exactly as a reader would be: the
same checks and limits, counted against its address, and an id taken from the sequence real
comments use; only the comment is not stored.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from wsgiref.types import StartResponse, WSGIEnvironment

from bulletin.comments import responses
from bulletin.comments.articles import Articles, CommentableArticle
from bulletin.comments.body import FORM, JSON, MAX_BODY, BodyError, media_type, parse, read_body
from bulletin.comments.clients import Network, client_address, client_key, keyed_hash
from bulletin.comments.origins import request_origin
from bulletin.comments.ratelimit import DEFAULT_LIMITS, Limit, record, retry_after
from bulletin.comments.responses import Response
from bulletin.comments.store import (
    Comment,
    Database,
    count_with_status,
    get_comment,
    insert_comment,
    reserve_id,
    utc_iso,
)
from bulletin.comments.validation import Submission, verify

log = logging.getLogger(__name__)

QUEUE_CAP = 5000
BUSY = "Hệ thống đang bận, vui lòng gửi lại sau ít phút."
QUEUE_FULL = "Đang có quá nhiều bình luận chờ duyệt, vui lòng gửi lại sau."


@dataclass(frozen=True)
class HandlerSettings:
    origins: frozenset[str]
    """Origins (`https://example.org`) whose pages may post comments."""
    proxies: tuple[Network, ...] = ()
    """Peers whose `X-Forwarded-For` is believed."""
    queue_cap: int = QUEUE_CAP
    """Comments are refused (503) while this many wait for moderation."""
    limits: tuple[Limit, ...] = DEFAULT_LIMITS
    max_body: int = MAX_BODY


class Refusal(Exception):
    """Why a request is not accepted: the status, the reader's messages, where to go back."""

    def __init__(
        self,
        status: int,
        messages: list[str],
        article_url: str | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(*messages)
        self.status, self.messages = status, messages
        self.article_url, self.headers = article_url, headers or []


class CommentsApp:
    """Accepts readers' comments into the moderation queue."""

    def __init__(
        self,
        database: Database,
        articles: Articles,
        settings: HandlerSettings,
        secret: bytes,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.database, self.articles, self.settings = database, articles, settings
        self.secret, self.clock = secret, clock

    def __call__(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        response = self.respond(environ)
        start(response.status_line, response.all_headers())
        return [response.body]

    def respond(self, environ: WSGIEnvironment) -> Response:
        wants_json = media_type(environ)[0] == JSON
        try:
            return self.route(environ)
        except Refusal as refusal:
            return render(refusal, wants_json)
        except sqlite3.OperationalError:
            log.exception("cơ sở dữ liệu không phục vụ được một yêu cầu")
            return render(Refusal(503, [BUSY], headers=[("Retry-After", "60")]), wants_json)

    def route(self, environ: WSGIEnvironment) -> Response:
        methods = ROUTES.get(environ.get("PATH_INFO", ""))
        if methods is None:
            raise Refusal(404, ["Không tìm thấy địa chỉ này."])
        handler = methods.get(environ.get("REQUEST_METHOD", ""))
        if handler is None:
            allow = ", ".join(methods)
            raise Refusal(405, ["Phương thức không được hỗ trợ."], headers=[("Allow", allow)])
        return handler(self, environ)

    def article(self, article_id: str) -> CommentableArticle:
        """The article of `article_id`, if it accepts comments."""
        article = self.articles.find(article_id)
        if article is None:
            raise Refusal(404, [f"Không tìm thấy bài viết “{article_id}”."])
        if not article.comments:
            raise Refusal(403, ["Bài viết này không nhận bình luận."], article.url)
        return article

    def store(self, submission: Submission, article: CommentableArticle, address: str) -> int:
        """Store the comment in one transaction, within the limits; return its id.

        A honeypot's comment goes through the same checks and counts against the client, and
        takes an id that no comment will have; only the comment is dropped."""
        now = self.clock()
        client = keyed_hash(self.secret, client_key(address))
        with self.database.write() as connection:
            wait = retry_after(connection, client, now, self.settings.limits)
            if wait is not None:
                raise Refusal(429, [_too_many(wait)], article.url, [("Retry-After", str(wait))])
            if count_with_status(connection, "pending") >= self.settings.queue_cap:
                raise Refusal(503, [QUEUE_FULL], article.url, [("Retry-After", "3600")])
            check_parent(connection, submission, article)
            if submission.honeypot:
                comment_id = reserve_id(connection)
            else:
                comment = _comment(submission, article, utc_iso(now), client)
                comment_id = insert_comment(connection, comment)
            record(connection, client, now, self.settings.limits)
        if submission.honeypot:
            log.info(
                "bẫy robot: bỏ bình luận gửi tới %s (số %d không dùng)", article.id, comment_id
            )
        else:
            log.info("bình luận %d chờ duyệt, bài %s", comment_id, article.id)
        return comment_id


def check_parent(
    connection: sqlite3.Connection, submission: Submission, article: CommentableArticle
) -> None:
    """A reply answers an approved comment of the same article that is not itself a reply."""
    if submission.parent is None:
        return
    parent = get_comment(connection, submission.parent)
    if parent is None or parent.status != "approved":
        message = "Bình luận được trả lời không tồn tại hoặc chưa được duyệt."
    elif parent.article != article.id or parent.article_date not in (None, article.date):
        message = "Bình luận được trả lời thuộc một bài viết khác."
    elif parent.parent is not None:
        message = "Chỉ có thể trả lời bình luận gốc, không trả lời một câu trả lời."
    else:
        return
    raise Refusal(400, [message], article.url)


def submit(app: CommentsApp, environ: WSGIEnvironment) -> Response:
    """POST /comments: check, then queue the comment for moderation."""
    if request_origin(environ) not in app.settings.origins:
        raise Refusal(403, ["Bình luận chỉ được gửi từ trang của bản tin."])
    kind, charset = media_type(environ)
    if kind not in (FORM, JSON) or charset not in (None, "utf-8"):
        raise Refusal(415, ["Chỉ nhận biểu mẫu hoặc JSON, mã hóa UTF-8."])
    try:
        pairs = parse(kind, read_body(environ, app.settings.max_body))
    except BodyError as error:
        raise Refusal(error.status, [error.message]) from error
    submission = verify(pairs)
    if isinstance(submission, list):
        named = dict(pairs).get("article")
        found = app.articles.find(named) if isinstance(named, str) else None
        raise Refusal(400, submission, found.url if found else None)
    article = app.article(submission.article)
    address = client_address(environ, app.settings.proxies)
    return accepted(kind, article, app.store(submission, article, address))


def health(app: CommentsApp, environ: WSGIEnvironment) -> Response:
    """GET /comments/health: the server answers."""
    return responses.text(200, "ok")


def accepted(kind: str, article: CommentableArticle, comment_id: int) -> Response:
    if kind == JSON:
        return responses.as_json(202, {"status": "pending", "id": comment_id})
    return responses.sent_redirect(article.url)


def render(refusal: Refusal, wants_json: bool) -> Response:
    if wants_json:
        error = {"error": " ".join(refusal.messages)}
        return responses.as_json(refusal.status, error, refusal.headers)
    return responses.error_page(
        refusal.status, refusal.messages, refusal.article_url, refusal.headers
    )


def _comment(
    submission: Submission, article: CommentableArticle, created: str, ip_hash: str
) -> Comment:
    return Comment(
        id=0,
        status="pending",
        created=created,
        article=article.id,
        article_date=article.date,
        parent=submission.parent,
        name=submission.name,
        text=submission.text,
        email=submission.email,
        ip_hash=ip_hash,
    )


def _too_many(wait: int) -> str:
    minutes = max(1, math.ceil(wait / 60))
    return f"Bạn đã gửi nhiều bình luận liên tiếp. Vui lòng thử lại sau {minutes} phút."


Handler = Callable[[CommentsApp, WSGIEnvironment], Response]
ROUTES: dict[str, dict[str, Handler]] = {
    "/comments": {"POST": submit},
    "/comments/": {"POST": submit},
    "/comments/health": {"GET": health},
}
