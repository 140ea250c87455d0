"""`bulletin check`: validate articles without building, for editors, pre-commit and CI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from bulletin.comments.published import COMMENTS_DIR, PublishedComments
from bulletin.lint import lint
from bulletin.problems import Problem
from bulletin.publication import Publication
from bulletin.site import Site

FORMATS = ("text", "github")


def check(site: Site, paths: Iterable[Path] = ()) -> list[Problem]:
    """Every problem of the site's articles and registries, or of the files in `paths`.

    All articles are read even then: clashes and duplicates are found across files.
    """
    catalog, registry = site.load(), site.load_registry()
    comments = PublishedComments(site.docs_dir / COMMENTS_DIR, f"{site.shown_dir}/{COMMENTS_DIR}")
    now = datetime.now(site.settings.zone)
    taken = site.page_dests()
    publication = Publication(catalog, registry, site.settings, now, comments=comments, taken=taken)
    problems = [*publication.problems, *lint(catalog.articles, site.shown_dir, registry)]
    wanted = {_shown(site, file) for file in expand(paths)}
    chosen = [problem for problem in problems if not wanted or problem.path in wanted]
    return sorted(chosen)


class MissingPath(Exception):
    """A path given on the command line does not exist."""


def expand(paths: Iterable[Path]) -> list[Path]:
    """The files named: each file, and the Markdown and YAML files inside each folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
        elif path.is_file():
            found.append(path)
        else:
            raise MissingPath(f"{path}: no such file or folder")
    return found


def _shown(site: Site, path: Path) -> str:
    """A path as problems name it: relative to the folder of mkdocs.yml."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(site.root).as_posix()
    except ValueError:
        return path.as_posix()


def render(problems: list[Problem], style: str) -> list[str]:
    """The lines to print: `path:line:column: field: message`, or GitHub annotations."""
    if style == "github":
        return [_annotation(problem) for problem in problems]
    return [problem.with_column() for problem in problems]


def _annotation(problem: Problem) -> str:
    level = "error" if problem.is_error else "warning"
    where = f"file={_property(problem.path)},line={problem.line},col={problem.column}"
    title = _property(problem.field or "bulletin")
    return f"::{level} {where},title={title}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def summary(problems: list[Problem], articles: int) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"Không có lỗi: đã kiểm tra {articles} bài viết."
    return f"{errors} lỗi, {warnings} cảnh báo (đã kiểm tra {articles} bài viết)."
