"""The `bulletin` command: `new`, `check` and `fix`, for editors. No MkDocs needed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bulletin.comments.arguments import VietnameseParser
from bulletin.editors import check as checking
from bulletin.editors import fix as fixing
from bulletin.editors import scaffold
from bulletin.editors.site_config import Site, SiteError, read_site


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; 0 when all is well, 1 when something is wrong, 2 for bad usage."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        site = read_site(args.config)
    except SiteError as error:
        print(f"bulletin: {error}", file=sys.stderr)
        return 2
    result: int = args.run(site, args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="bulletin", description="Công cụ cho biên tập viên: tạo, kiểm tra và sửa bài viết."
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="TỆP",
        help="tệp cấu hình của trang (mặc định: mkdocs.yml)",
    )
    commands = parser.add_subparsers(required=True, title="lệnh", metavar="LỆNH")

    new = commands.add_parser("new", help="tạo bài mới (bản nháp) từ tiêu đề")
    new.add_argument("title", metavar="TIÊU_ĐỀ", help='tiêu đề bài, ví dụ "Hội nghị Tỉnh ủy"')
    new.add_argument(
        "--category", required=True, metavar="CHUYÊN_MỤC", help="một chuyên mục trang đang có"
    )
    new.set_defaults(run=_new)

    check = commands.add_parser("check", help="kiểm tra bài viết, không cần xây dựng trang")
    check.add_argument("paths", nargs="*", type=Path, metavar="TỆP", help=_PATHS)
    check.add_argument(
        "--format",
        choices=checking.FORMATS,
        default="text",
        help="text: mỗi lỗi một dòng (mặc định); github: chú thích cho GitHub Actions",
    )
    check.set_defaults(run=_check)

    fix = commands.add_parser("fix", help="sửa: chuẩn Unicode NFC, chữ Đ, số hiệu văn bản")
    fix.add_argument("paths", nargs="*", type=Path, metavar="TỆP", help=_PATHS)
    fix.add_argument("--dry-run", action="store_true", help="chỉ in ra những gì sẽ sửa")
    fix.set_defaults(run=_fix)
    return parser


_PATHS = "chỉ các tệp hay thư mục này (mặc định: mọi bài viết)"


def _new(site: Site, args: argparse.Namespace) -> int:
    try:
        category = scaffold.choose_category(args.category, scaffold.known_categories(site.load()))
        now = datetime.now(site.settings.zone)
        path = scaffold.create(site.articles_path, args.title, category, now, site.shown)
    except scaffold.ScaffoldError as error:
        print(f"bulletin new: {error}", file=sys.stderr)
        return 1
    print(site.shown(path))
    return 0


def _check(site: Site, args: argparse.Namespace) -> int:
    try:
        checked = checking.check(site, args.paths)
    except checking.MissingPath as error:
        print(f"bulletin check: {error}", file=sys.stderr)
        return 2
    for line in checking.render(checked.problems, args.format):
        print(line)
    print(checking.summary(checked), file=sys.stderr)
    return 1 if checked.problems else 0


def _fix(site: Site, args: argparse.Namespace) -> int:
    try:
        named = checking.expand(args.paths)
    except checking.MissingPath as error:
        print(f"bulletin fix: {error}", file=sys.stderr)
        return 2
    paths = (
        [path for path in named if path.suffix == ".md"]
        if args.paths
        else [site.docs_dir / uri for uri in site.article_uris()]
    )
    changed: list[tuple[Path, fixing.Fix]] = []
    unreadable: list[Path] = []
    for path in paths:
        try:
            fix = fixing.fix_file(path)
        except UnicodeDecodeError:
            unreadable.append(path)
            continue
        if fix.changed:
            changed.append((path, fix))
    for path in unreadable:
        print(f"{site.shown(path)}: không phải chữ UTF-8, để nguyên", file=sys.stderr)
    for path, fix in changed:
        print(fix.report(site.shown(path)), end="")
        if not args.dry_run:
            fixing.write(path, fix)
    verb = "Sẽ sửa" if args.dry_run else "Đã sửa"
    print(f"{verb} {len(changed)} tệp.", file=sys.stderr)
    return 1 if unreadable else 0
