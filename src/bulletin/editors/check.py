"""`bulletin check`: validate articles without building, for editors, pre-commit and CI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bulletin.articles.problems import Problem
from bulletin.comments.published import COMMENTS_DIR, PublishedComments
from bulletin.editors.lint import lint
from bulletin.editors.site_config import Site
from bulletin.publication import Publication
from bulletin.registries.registry import DATA_DIR, REGISTRIES
from bulletin.views.agency import read_agency

FORMATS = ("text", "github")


@dataclass(frozen=True)
class Checked:
    """What `check` found, and in how many files it looked."""

    problems: list[Problem]
    articles: int
    data_files: int
    """Registry files (docs/_data)."""


def check(site: Site, paths: Iterable[Path] = ()) -> Checked:
    """Every problem of the site's articles, registries and footer's agency (`mkdocs.yml`),
    or of the files in `paths`.

    All articles are read even then: clashes and duplicates are found across files.
    """
    catalog, registry = site.load(), site.load_registry()
    comments = PublishedComments(site.docs_dir / COMMENTS_DIR, f"{site.shown_dir}/{COMMENTS_DIR}")
    now = datetime.now(site.settings.zone)
    taken = site.page_dests()
    publication = Publication(catalog, registry, site.settings, now, comments=comments, taken=taken)
    problems = [
        *publication.problems,
        *publication.orphaned_comments(),
        *lint(catalog, registry),
        *read_agency(site.config_file, site.agency, site.settings.zone)[1],
    ]
    wanted = {site.shown(file) for file in expand(paths)}
    chosen = [problem for problem in problems if not wanted or problem.path in wanted]
    articles = [f"{site.shown_dir}/{uri}" for uri in site.article_uris()]
    data_files = _registry_files(site)
    if wanted:
        articles, data_files = _among(articles, wanted), _among(data_files, wanted)
    return Checked(sorted(chosen), len(articles), len(data_files))


def _registry_files(site: Site) -> list[str]:
    """The registry files the site has, as problems name them."""
    names = (f"{DATA_DIR}/{name}.yml" for name in REGISTRIES)
    return [f"{site.shown_dir}/{name}" for name in names if (site.docs_dir / name).is_file()]


def _among(shown: list[str], wanted: set[str]) -> list[str]:
    return [path for path in shown if path in wanted]


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
            raise MissingPath(f"{path}: không có tệp hay thư mục này")
    return found


def render(problems: list[Problem], style: str) -> list[str]:
    """The lines to print: `path:line:column: field: message`, or GitHub annotations."""
    if style == "github":
        return [_annotation(problem) for problem in problems]
    return [str(problem) for problem in problems]


def _annotation(problem: Problem) -> str:
    level = "error" if problem.is_error else "warning"
    where = f"file={_property(problem.path)},line={problem.line},col={problem.column}"
    title = _property(problem.field or "bulletin")
    return f"::{level} {where},title={title}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def summary(checked: Checked) -> str:
    """The last line: how many errors and warnings, in how many files."""
    errors = sum(problem.is_error for problem in checked.problems)
    warnings = len(checked.problems) - errors
    counts = [(checked.articles, "bài viết"), (checked.data_files, "tệp dữ liệu")]
    looked = ", ".join(f"{count} {what}" for count, what in counts if count) or "0 bài viết"
    if not checked.problems:
        return f"Không có lỗi: đã kiểm tra {looked}."
    return f"{errors} lỗi, {warnings} cảnh báo (đã kiểm tra {looked})."
