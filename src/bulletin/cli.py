"""The `bulletin` command: `new`, `check` and `fix`, for editors. No MkDocs needed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bulletin import check as checking
from bulletin import fix as fixing
from bulletin import scaffold
from bulletin.site import Site, SiteError, read_site


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
    parser = argparse.ArgumentParser(
        prog="bulletin", description="Công cụ cho biên tập viên: tạo, kiểm tra và sửa bài viết."
    )
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="create an article from its title (a draft)")
    new.add_argument("title", help='the headline, e.g. "Hội nghị Ban Chấp hành Đảng bộ tỉnh"')
    new.add_argument("--category", required=True, help="one of the site's categories")
    new.set_defaults(run=_new)

    check = commands.add_parser("check", help="validate articles without building the site")
    check.add_argument("paths", nargs="*", type=Path, help="only these files (default: all)")
    check.add_argument("--format", choices=checking.FORMATS, default="text")
    check.set_defaults(run=_check)

    fix = commands.add_parser("fix", help="rewrite articles into NFC and canonical codes")
    fix.add_argument("paths", nargs="*", type=Path, help="only these files (default: all)")
    fix.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    fix.set_defaults(run=_fix)
    return parser


def _new(site: Site, args: argparse.Namespace) -> int:
    try:
        category = scaffold.choose_category(args.category, scaffold.known_categories(site.load()))
        now = datetime.now(site.settings.zone)
        path = scaffold.create(site.articles_path, args.title, category, now)
    except scaffold.ScaffoldError as error:
        print(f"bulletin new: {error}", file=sys.stderr)
        return 1
    print(Path(site.shown_dir, path.relative_to(site.docs_dir)).as_posix())
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
        print(f"{_relative(site, path)}: not valid UTF-8 text, left as it is", file=sys.stderr)
    for path, fix in changed:
        print(fix.report(_relative(site, path)), end="")
        if not args.dry_run:
            fixing.write(path, fix)
    verb = "Sẽ sửa" if args.dry_run else "Đã sửa"
    print(f"{verb} {len(changed)} tệp.", file=sys.stderr)
    return 1 if unreadable else 0


def _relative(site: Site, path: Path) -> str:
    try:
        return path.resolve().relative_to(site.root).as_posix()
    except ValueError:
        return path.as_posix()
