"""`python scripts/comments.py COMMAND --db PATH …`: serve, moderate and export comments.

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
from bulletin.comments.app import CommentsApp, Settings
from bulletin.comments.articles import article_list
from bulletin.comments.clients import default_secret_path, load_secret, parse_proxies
from bulletin.comments.export import DEFAULT_OUT, export
from bulletin.comments.origins import parse_origin
from bulletin.comments.server import Listen, serve
from bulletin.comments.store import Database

Command = Callable[[argparse.Namespace, Database], int]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        database = Database(args.db)
        command: Command = args.command
        return command(args, database)
    except (sqlite3.Error, OSError, ValueError) as error:
        print(f"comments: {error}", file=sys.stderr)
        return 1


def run_serve(args: argparse.Namespace, database: Database) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    articles = article_list(args.articles)  # ArticlesError is a ValueError: exit 1
    secret = load_secret(args.secret_file or default_secret_path(args.db))
    settings = Settings(frozenset(args.origin), tuple(args.trusted_proxy))
    app = CommentsApp(database, articles, settings, secret)
    serve(app, Listen(args.host, args.port, args.threads), args.email_days, args.by)
    return 0


def run_pending(args: argparse.Namespace, database: Database) -> int:
    for comment in moderation.pending(database):
        print(moderation.pending_line(comment))
    return 0


def run_show(args: argparse.Namespace, database: Database) -> int:
    comment = moderation.show(database, args.id)
    if comment is None:
        print(f"comments: no comment {args.id}", file=sys.stderr)
        return 1
    print(moderation.describe(comment))
    return 0


def run_moderate(args: argparse.Namespace, database: Database) -> int:
    missing = moderation.moderate(database, args.ids, args.action, args.by)
    for comment_id in missing:
        print(f"comments: no comment {comment_id}", file=sys.stderr)
    done = len(args.ids) - len(missing)
    print(f"{args.action}: {done} of {len(args.ids)} comments")
    return 1 if missing else 0


def run_erase(args: argparse.Namespace, database: Database) -> int:
    erased = moderation.erase(database, args.email, args.by)
    print(f"erased {len(erased)} comments" + (f": {', '.join(map(str, erased))}" if erased else ""))
    return 0


def run_purge(args: argparse.Namespace, database: Database) -> int:
    purged = moderation.purge_emails(database, args.days, args.by)
    print(f"forgot the e-mail addresses of {purged} comments older than {args.days} days")
    return 0


def run_export(args: argparse.Namespace, database: Database) -> int:
    print(f"{args.out}: {export(database, args.out, args.by)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comments.py", description="Serve, moderate and export reader comments."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, required=True, help="the SQLite database file")
    common.add_argument("--by", default=moderation.current_user(), help="name for the audit")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(command=run)
        return sub

    _serve_options(command("serve", run_serve, "accept comments over HTTP (waitress)"))
    command("pending", run_pending, "list the comments awaiting moderation, oldest first")
    command("show", run_show, "print every field of a comment").add_argument("id", type=_id)
    for action in moderation.ACTIONS:
        sub = command(action, run_moderate, f"{action} comments")
        sub.add_argument("ids", type=_id, nargs="+", metavar="ID")
        sub.set_defaults(action=action)
    command("erase", run_erase, "delete every comment of an e-mail address").add_argument(
        "--email", required=True
    )
    purge = command("purge-emails", run_purge, "forget e-mail addresses older than N days")
    purge.add_argument("--days", type=_count, required=True)
    out = command("export", run_export, "write approved comments to JSON for the site")
    out.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    return parser


def _serve_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=_port, default=8081)
    sub.add_argument(
        "--articles",
        required=True,
        help="the site's comments/articles.json: a file, or its http(s) address on the site",
    )
    sub.add_argument("--origin", type=_origin, action="append", required=True)
    sub.add_argument("--trusted-proxy", action="append", default=[], type=_proxy, metavar="IP")
    sub.add_argument("--secret-file", type=Path, help="default: next to the database")
    sub.add_argument("--email-days", type=_count, default=30, help="keep e-mails N days")
    sub.add_argument("--threads", type=_positive, default=4)


def _typed(convert: Callable[[str], object], what: str) -> Callable[[str], object]:
    def parse(value: str) -> object:
        try:
            return convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not {what}") from None

    return parse


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse


_id = _typed(_bounded(1, 2**63 - 1), "a comment number")
_count = _typed(_bounded(0, 100_000), "a number of days")
_positive = _typed(_bounded(1, 1024), "a positive number")
_port = _typed(_bounded(1, 65535), "a port number")
_origin = _typed(parse_origin, "an origin such as https://example.org")
_proxy = _typed(lambda value: parse_proxies([value])[0], "an IP address or network")
