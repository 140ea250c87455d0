"""A bulletin site as the editors' tools see it: read from `mkdocs.yml` without MkDocs."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bulletin.articles.catalog import DEFAULT_URL_FORMAT, Catalog, Settings, check_url_format, load
from bulletin.articles.frontmatter import yaml_problem
from bulletin.registries.registry import Registry, load_registry
from bulletin.text.dates import site_zone

DEFAULTS: dict[str, Any] = {
    "articles_dir": "articles",
    "timezone": "Asia/Ho_Chi_Minh",
    "url_format": DEFAULT_URL_FORMAT,
    "latest": 8,
    "per_page": 20,
    "other_news": 6,
    "related": 6,
    "featured": 5,
    "per_category": 5,
    "announcements": None,
    "comments_url": None,
    "feed_length": 50,
    "publisher_logo": None,
    "agency": None,
}
"""The plugin's options and their defaults (config.py declares the same for MkDocs)."""


class SiteError(Exception):
    """`mkdocs.yml` is missing or does not say what the tools need."""


@dataclass(frozen=True)
class Site:
    """Where the articles are, and how they are read."""

    root: Path
    """The folder of `mkdocs.yml`: paths in messages are relative to it."""
    docs_dir: Path
    articles_dir: str
    settings: Settings
    config_file: Path
    agency: object
    """The plugin's `agency:` option as written (`bulletin.views.agency` reads it)."""

    @property
    def shown_dir(self) -> str:
        return Path(os.path.relpath(self.docs_dir, self.root)).as_posix()

    def shown(self, path: Path) -> str:
        """A path as messages name it, like `shown_dir`: relative to the folder of mkdocs.yml
        (`docs/articles/a.md`)."""
        return Path(os.path.relpath(path.resolve(), self.root)).as_posix()

    @property
    def articles_path(self) -> Path:
        return self.docs_dir / self.articles_dir

    def article_uris(self) -> list[str]:
        """Docs-relative paths of every article file."""
        found = self.articles_path.rglob("*.md") if self.articles_path.is_dir() else []
        return sorted(path.relative_to(self.docs_dir).as_posix() for path in found)

    def file_uris(self) -> set[str]:
        """Docs-relative paths of every file, to check the images articles name."""
        return {p.relative_to(self.docs_dir).as_posix() for p in self.docs_dir.rglob("*")}

    def load(self) -> Catalog:
        """Read and validate every article, as the build does."""
        files = self.file_uris()
        return load(
            self.docs_dir,
            self.article_uris(),
            self.settings,
            files.__contains__,
            self.shown_dir,
            self.page_dests(),
        )

    def page_dests(self) -> dict[str, str]:
        """Where MkDocs writes the other pages of docs/ (`a/b.md` → `a/b/index.html`)."""
        articles = set(self.article_uris())
        pages = (p.relative_to(self.docs_dir).as_posix() for p in self.docs_dir.rglob("*.md"))
        return {_page_dest(uri): uri for uri in pages if uri not in articles}

    def load_registry(self) -> Registry:
        """Read and validate the registries of docs/_data, as the build does."""
        exists = self.file_uris().__contains__
        return load_registry(self.docs_dir, self.settings.zone, exists, self.shown_dir)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; `!!python/name:` and `!ENV` values, which need MkDocs, become None."""


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_TolerantLoader.add_multi_constructor("!", lambda *_: None)


_REASONS = {
    errno.ENOENT: "không có tệp này",
    errno.EACCES: "không có quyền đọc",
    errno.EISDIR: "đây là một thư mục",
}


def read_site(config_file: Path) -> Site:
    """The Site described by `config_file`, or a SiteError saying what is wrong."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        reason = _REASONS.get(error.errno or 0, error.strerror)
        raise SiteError(f"{config_file}: không đọc được ({reason})") from error
    try:
        config = yaml.load(text, Loader=_TolerantLoader) or {}
    except yaml.YAMLError as error:
        raise SiteError(_yaml_error(config_file, error)) from error
    options = {**DEFAULTS, **_plugin_options(config.get("plugins") or [])}
    root = config_file.resolve().parent
    try:
        zone, url_format = site_zone(options["timezone"]), check_url_format(options["url_format"])
        settings = Settings(zone, url_format, str(options["articles_dir"]).strip("/"))
    except ValueError as error:
        raise SiteError(f"{config_file}: plugins: bulletin: {error}") from error
    docs_dir = root / str(config.get("docs_dir") or "docs")
    return Site(root, docs_dir, settings.articles_dir, settings, config_file, options["agency"])


def _yaml_error(config_file: Path, error: yaml.YAMLError) -> str:
    """`mkdocs.yml:3:9: lỗi cú pháp YAML: …`, said as for articles."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return f"{config_file}: lỗi cú pháp YAML ({error})"
    mark = error.problem_mark or error.context_mark
    where = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
    return f"{where}: lỗi cú pháp YAML: {yaml_problem(error)}"


def _plugin_options(plugins: list[Any] | dict[str, Any]) -> dict[str, Any]:
    entries = plugins.items() if isinstance(plugins, dict) else [_entry(p) for p in plugins]
    for name, options in entries:
        if name == "bulletin":
            return dict(options or {})
    return {}


def _entry(plugin: Any) -> tuple[str, Any]:
    if isinstance(plugin, dict) and len(plugin) == 1:
        return next(iter(plugin.items()))
    return str(plugin), None


def _page_dest(uri: str) -> str:
    folder, _, name = uri.rpartition("/")
    stem = name.removesuffix(".md")
    inside = f"{folder}/" if folder else ""
    return f"{inside}index.html" if stem in ("index", "README") else f"{inside}{stem}/index.html"
