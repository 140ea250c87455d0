"""MkDocs' files and menu from what the build publishes: the articles shown at their
addresses, the generated pages added, drafts and what only they show left out."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from bulletin.articles.body import image_paths
from bulletin.articles.catalog import load
from bulletin.articles.problems import Problem, has_errors, report
from bulletin.articles.reading import ArticlesReader
from bulletin.comments.published import COMMENTS_DIR, PublishedComments
from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.publication import Options, Publication
from bulletin.registries.registry import load_registry
from bulletin.text.vietnamese import normalize
from bulletin.views.home import HomeOptions

log = get_plugin_logger(__name__)

DATA_DIR = "_data"


def read_site(state: BuildState, files: Files, reader: ArticlesReader) -> Publication:
    """Read the articles (with `reader`) and registries; give MkDocs' `files` the pages they
    make; stop the build on an invalid article (the preview logs it and goes on)."""
    config, settings = state.config, state.settings
    prefix = state.options.articles_dir.strip("/") + "/"
    by_path = state.by_path = {normalize(file.src_uri): file for file in files}
    sources = [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]
    taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
    docs, shown = Path(config.docs_dir), shown_dir(config)
    catalog = load(
        docs,
        [file.src_uri for file in sources],
        settings,
        exists=by_path.__contains__,
        shown_dir=shown,
        taken=taken,
        reader=reader,
    )
    registry = load_registry(docs, settings.zone, by_path.__contains__, shown)
    comments = PublishedComments(docs / COMMENTS_DIR, f"{shown}/{COMMENTS_DIR}")
    now = datetime.now(settings.zone)
    options = _options(state)
    count = len(catalog.articles)
    state.progress.phase(f"indexing {count:,} articles: people, documents, archives")
    publication = Publication(
        catalog, registry, settings, now, state.preview, options, comments, taken
    )
    _report(publication.problems, state.preview)
    needed = _needed_files(files, sources, publication, config)
    _publish(publication, files, sources, by_path, needed)
    _generate(publication, files, config, by_path)
    if state.preview:
        _announce_hidden(publication, config.site_url or "/")
    return publication


def add_to_menu(
    nav: Navigation, publication: Publication, files: Files, config: MkDocsConfig
) -> None:
    """The menu: the home page, the categories, people, documents, archive, then the rest."""
    listed = {page.file.src_uri for page in nav.pages}
    added = []
    for title, src_uri in publication.navigation():
        file = files.src_uris.get(src_uri)
        if file is not None and src_uri not in listed:
            added.append(Page(escape(title), file, config))  # Material prints it raw
    at = 1 if nav.items and isinstance(nav.items[0], Page) and nav.items[0].is_homepage else 0
    nav.items[at:at] = added
    nav.pages[at:at] = added


def make_pages(files: Files, config: MkDocsConfig) -> None:
    """MkDocs' page object of every page the configuration's `nav` does not name, made here
    rather than by MkDocs' `get_navigation` (`internals.make_pages`: faster); the pages `nav`
    names, MkDocs makes with the titles it gives. At the end of Bulletin's `on_files`, after
    every other plugin's but those of a lower priority (below -50): a page's address changed
    after it would not be in its page object's full address."""
    named = set(_named_in_nav(config.nav))
    pages = [file for file in files.documentation_pages() if file.src_uri not in named]
    internals.make_pages(pages, config)


def _named_in_nav(item: object) -> Iterator[str]:
    """Every path the configuration's `nav` names, as written and as a docs path."""
    if isinstance(item, str):
        yield item
        yield posixpath.normpath(item.lstrip("/"))
    elif isinstance(item, dict):
        for value in item.values():
            yield from _named_in_nav(value)
    elif isinstance(item, list):
        for value in item:
            yield from _named_in_nav(value)


def templates_written(config: MkDocsConfig) -> list[str]:
    """The paths of the templates MkDocs writes into the site (the theme's, `extra_templates`)."""
    return [*config.theme.static_templates, *config.extra_templates]


def _options(state: BuildState) -> Options:
    options = state.options
    home = HomeOptions(
        options.featured, options.latest, options.per_category, options.announcements
    )
    return Options(
        options.per_page,
        options.other_news,
        options.related,
        home,
        options.comments_url,
        options.feed_length,
        state.interface,
    )


def shown_dir(config: MkDocsConfig) -> str:
    """The docs folder as editors see it: relative to `mkdocs.yml` (usually `docs`)."""
    base = os.path.dirname(config.config_file_path or "") or os.getcwd()
    return Path(os.path.relpath(config.docs_dir, base)).as_posix()


def _report(problems: list[Problem], preview: bool) -> None:
    """Stop the build on any error, listing every problem; otherwise log the warnings.

    The preview never stops: it logs every problem and leaves out the articles it cannot read.
    """
    if has_errors(problems) and not preview:
        raise PluginError(report(problems))
    for problem in sorted(problems):
        (log.error if problem.is_error else log.warning)(str(problem))


def _announce_hidden(publication: Publication, site_url: str) -> None:
    """Tell the editor where the preview shows what the site does not publish yet: the full
    address (`mkdocs serve` makes `site_url` its own, with the site's path)."""
    for article in publication.catalog.articles:
        if not article.is_public(publication.now):
            url = publication.url_of(article, site_url)
            state = "bản nháp" if article.draft else "chưa đến giờ đăng"
            log.info(f"Xem trước ({state}): {url} ({publication.shown(article)})")


def _publish(
    publication: Publication,
    files: Files,
    sources: list[File],
    by_path: dict[str, File],
    needed: set[str],
) -> None:
    """Give the articles shown their URL; other article files (drafts, embargoed and invalid
    ones) produce no output, nor do the images that only they show, nor the registries."""
    shown, catalog = publication.articles, publication.catalog
    hidden = catalog.withheld_images(set(shown), needed)
    for path in [*hidden, *(p for p in by_path if p.startswith(f"{DATA_DIR}/"))]:
        file = by_path.pop(path, None)
        if file is not None:
            files.remove(file)
    for file in sources:
        if file.src_uri not in shown:
            files.remove(file)
            continue
        file.dest_uri = catalog.dest_uris[file.src_uri]
        internals.forget_address(file)
        file.inclusion = InclusionLevel.NOT_IN_NAV


def _needed_files(
    files: Files, sources: list[File], publication: Publication, config: MkDocsConfig
) -> set[str]:
    """Files that pages other than articles show: registry photos and PDFs, the theme's logo
    and favicon, the images of the other Markdown pages."""
    needed = set(publication.registry.files())
    needed.update(normalize(str(config.theme.get(key) or "")) for key in ("logo", "favicon"))
    articles = {file.src_uri for file in sources}
    for file in files.documentation_pages():
        if file.src_uri not in articles and not file.generated_by:
            needed.update(image_paths(file.content_string, file.src_uri))
    return needed


def _generate(
    publication: Publication, files: Files, config: MkDocsConfig, by_path: dict[str, File]
) -> None:
    """Add the generated pages; one that would replace a page of docs/ is an error."""
    clashes = [src for src in publication.listings if src in by_path]
    if clashes:
        raise PluginError(
            f"bulletin: docs/{clashes[0]} takes the place of a page Bulletin generates "
            "(expected no file there: rename or move it)"
        )
    for src_uri in publication.listings:
        file = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(file)
        by_path[src_uri] = file


def resolve(files: Files, src_uri: str) -> str | None:
    """What a link to a docs path becomes: the file's address (None: no such file)."""
    file = files.src_uris.get(src_uri)  # a normalized path already
    if file is None:
        return None
    return file.url + (" (excluded)" if file.inclusion == InclusionLevel.EXCLUDED else "")
