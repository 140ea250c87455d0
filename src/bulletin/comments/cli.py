"""`python scripts/comments.py COMMAND --db PATH …`: serve, moderate and export comments.

Everything it says is in Vietnamese, for the editors who moderate (like EDITING.md).
Exit status: 0 done, 1 something asked could not be done, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bulletin.comments import moderation
from bulletin.comments.app import CommentsApp, HandlerSettings
from bulletin.comments.arguments import (
    VietnameseParser,
    comment_number,
    day_count,
    iso_day,
    port_number,
    positive_number,
    proxy_network,
    site_origin,
    time_zone,
)
from bulletin.comments.articles import article_list, load_articles
from bulletin.comments.clients import default_secret_path, load_secret
from bulletin.comments.export import DEFAULT_OUT, export
from bulletin.comments.server import Listen, serve
from bulletin.comments.store import Database

Command = Callable[[argparse.Namespace, Database], int]

PROGRAM = "comments"
DEFAULT_ARTICLES = "site/comments/articles.json"
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
DONE = {"approve": "Đã duyệt", "reject": "Đã từ chối"}
HELP = {
    "approve": "duyệt bình luận (lên trang sau lần xuất tới)",
    "reject": "từ chối bình luận",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    database: Database | None = None
    try:
        database = Database(args.db)
        command: Command = args.command
        return command(args, database)
    except sqlite3.Error as error:
        return _failed(f"lỗi cơ sở dữ liệu {args.db}: {error}")
    except OSError as error:
        return _failed(f"lỗi đọc ghi tệp: {error}")
    except ValueError as error:
        return _failed(str(error))
    finally:
        if database is not None:
            database.close_all()


def run_serve(args: argparse.Namespace, database: Database) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    articles = article_list(args.articles)  # ArticlesError is a ValueError: exit 1
    secret = load_secret(args.secret_file or default_secret_path(args.db))
    settings = HandlerSettings(frozenset(args.origin), tuple(args.trusted_proxy))
    app = CommentsApp(database, articles, settings, secret)
    serve(app, Listen(args.host, args.port, args.threads), args.email_days, args.by)
    return 0


def run_pending(args: argparse.Namespace, database: Database) -> int:
    waiting = moderation.pending(database)
    for comment in waiting:
        print(moderation.pending_line(comment))
    if not waiting:
        print("Không có bình luận nào chờ duyệt.", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace, database: Database) -> int:
    comment = moderation.show(database, args.id)
    if comment is None:
        return _failed(f"không có bình luận số {args.id}")
    print(moderation.describe(comment, args.timezone))
    return 0


def run_moderate(args: argparse.Namespace, database: Database) -> int:
    missing = moderation.moderate(database, args.ids, args.action, args.by)
    for comment_id in missing:
        _failed(f"không có bình luận số {comment_id}")
    done = len(args.ids) - len(missing)
    print(f"{DONE[args.action]} {done}/{len(args.ids)} bình luận.")
    return 1 if missing else 0


def run_erase(args: argparse.Namespace, database: Database) -> int:
    erased = moderation.erase(database, args.email, args.by)
    if erased:
        print(f"Đã xóa {len(erased)} bình luận: {', '.join(map(str, erased))}.")
    else:
        print("Không có bình luận nào của địa chỉ email này.")
    return 0


def run_purge(args: argparse.Namespace, database: Database) -> int:
    purged = moderation.purge_emails(database, args.days, args.by)
    print(f"Đã quên địa chỉ email của {purged} bình luận gửi cách đây hơn {args.days} ngày.")
    return 0


def run_export(args: argparse.Namespace, database: Database) -> int:
    listed = load_articles(args.articles)  # ArticlesError is a ValueError: exit 1
    days = {article.id: article.date for article in listed.values()}
    report = export(database, args.out, args.by, days)
    first, *orphans = report.lines()
    print(f"{args.out}: {first}")
    for line in orphans:
        print(f"  {line}")
    return 0


def run_rebind(args: argparse.Namespace, database: Database) -> int:
    moved = moderation.rebind(database, args.article, args.old, args.new, args.by)
    if not moved:
        return _failed(f"không có bình luận nào của bài {args.article} đăng ngày {args.old}")
    numbers = ", ".join(map(str, moved))
    print(f"Đã chuyển {len(moved)} bình luận sang ngày đăng {args.new}: {numbers}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="comments.py",
        description="Nhận, duyệt và xuất bình luận của bạn đọc.",
        epilog="Mã thoát: 0 xong, 1 có việc không làm được, 2 gọi lệnh sai.",
    )
    common = VietnameseParser(add_help=False)
    common.add_argument(
        "--db", type=Path, required=True, metavar="TỆP", help="tệp cơ sở dữ liệu SQLite"
    )
    common.add_argument(
        "--by",
        default=moderation.current_user(),
        metavar="TÊN",
        help="tên ghi vào nhật ký thao tác (mặc định: người dùng hệ thống)",
    )
    commands = parser.add_subparsers(required=True, metavar="LỆNH", title="lệnh")

    def command(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(command=run)
        return sub

    _serve_options(command("serve", run_serve, "nhận bình luận qua HTTP (waitress)"))
    command("pending", run_pending, "liệt kê bình luận chờ duyệt, cũ nhất trước")
    show = command("show", run_show, "in mọi trường của một bình luận")
    show.add_argument("id", type=comment_number, metavar="SỐ", help="số của bình luận")
    show.add_argument(
        "--timezone",
        type=time_zone,
        default=DEFAULT_ZONE,
        metavar="MÚI-GIỜ",
        help=f"múi giờ của trang (mặc định {DEFAULT_ZONE})",
    )
    for action in moderation.ACTIONS:
        sub = command(action, run_moderate, HELP[action])
        sub.add_argument(
            "ids", type=comment_number, nargs="+", metavar="SỐ", help="số của bình luận"
        )
        sub.set_defaults(action=action)
    erase = command("erase", run_erase, "xóa mọi bình luận của một địa chỉ email")
    erase.add_argument("--email", required=True, metavar="EMAIL", help="địa chỉ email người viết")
    purge = command("purge-emails", run_purge, "quên địa chỉ email gửi cách đây hơn N ngày")
    purge.add_argument("--days", type=day_count, required=True, metavar="N", help="số ngày")
    out = command("export", run_export, "ghi bình luận đã duyệt ra JSON cho trang")
    out.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="THƯ-MỤC",
        help=f"nơi ghi tệp JSON (mặc định {DEFAULT_OUT})",
    )
    _articles_option(out, f"mặc định {DEFAULT_ARTICLES}", DEFAULT_ARTICLES)
    _rebind_options(
        command("rebind", run_rebind, "chuyển bình luận của một bài sang ngày đăng đã sửa")
    )
    return parser


def _serve_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--host", default="127.0.0.1", metavar="ĐỊA-CHỈ", help="địa chỉ nghe (mặc định 127.0.0.1)"
    )
    sub.add_argument("--port", type=port_number, default=8081, metavar="CỔNG", help="mặc định 8081")
    _articles_option(sub, "bắt buộc")
    sub.add_argument(
        "--origin",
        type=site_origin,
        action="append",
        required=True,
        metavar="NGUỒN",
        help="trang được gửi bình luận, như https://example.org (có thể nhắc lại)",
    )
    sub.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        type=proxy_network,
        metavar="IP",
        help="proxy được tin X-Forwarded-For (địa chỉ hoặc mạng, có thể nhắc lại)",
    )
    sub.add_argument(
        "--secret-file",
        type=Path,
        metavar="TỆP",
        help="khóa băm địa chỉ IP (mặc định: cạnh tệp cơ sở dữ liệu)",
    )
    sub.add_argument(
        "--email-days",
        type=day_count,
        default=30,
        metavar="N",
        help="giữ địa chỉ email N ngày (mặc định 30)",
    )
    sub.add_argument(
        "--threads", type=positive_number, default=4, metavar="N", help="số luồng (mặc định 4)"
    )


def _articles_option(sub: argparse.ArgumentParser, note: str, default: str | None = None) -> None:
    sub.add_argument(
        "--articles",
        required=default is None,
        default=default,
        metavar="DANH-SÁCH",
        help="danh sách bài viết trang đã dựng (comments/articles.json): một tệp, hoặc địa "
        f"chỉ http(s) của nó trên trang; {note}",
    )


def _rebind_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("article", metavar="MÃ-BÀI", help="mã bài viết, như 2024-03-khoi-cong")
    for option, dest, help in (("--from", "old", "ngày đăng cũ"), ("--to", "new", "ngày đăng mới")):
        sub.add_argument(option, dest=dest, type=iso_day, required=True, metavar="NGÀY", help=help)


def _failed(message: str) -> int:
    print(f"{PROGRAM}: {message}", file=sys.stderr)
    return 1
