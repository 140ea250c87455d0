"""The MkDocs plugin: hooks that hand MkDocs' files, pages and templates to the build's parts
(`BuildState`, made at `on_config`) and to the plain modules, and back."""

from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Sequence
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from bulletin.articles.catalog import Settings, check_url_format
from bulletin.articles.reading import ArticlesReader, read_articles
from bulletin.build.garbage import freeze, lasting_objects, release, trim
from bulletin.build.progress import Progress
from bulletin.build.sharing import SharedRendering
from bulletin.build.workers import can_fork
from bulletin.mkdocs_plugin import internals, lead_photos
from bulletin.mkdocs_plugin.cached_pages import CachedPages
from bulletin.mkdocs_plugin.config import BulletinConfig, check_options, rendering_processes
from bulletin.mkdocs_plugin.page_context import (
    RenderedOnce,
    page_extras,
    shared_targets,
    template_globals,
)
from bulletin.mkdocs_plugin.page_meta import prepare, set_meta
from bulletin.mkdocs_plugin.rendering import RenderingProcesses
from bulletin.mkdocs_plugin.site_files import (
    add_to_menu,
    make_pages,
    read_site,
    templates_written,
)
from bulletin.mkdocs_plugin.staged_site import StagedSite
from bulletin.mkdocs_plugin.state import MENU_AND_CACHE, RENDERING, WRITING, BuildState
from bulletin.outputs.sitemaps import SITEMAP_FILE, sitemap
from bulletin.outputs.stylesheets import BUNDLE, bundle
from bulletin.publication import Publication
from bulletin.search.bundles import SearchError
from bulletin.search.indexer import Indexer, SearchOptions
from bulletin.text.dates import site_zone
from bulletin.text.vietnamese import heading_anchor, normalize
from bulletin.views.agency import Agency, read_agency
from bulletin.views.autolinks import AutoLinksExtension
from bulletin.views.figures import FiguresExtension
from bulletin.views.interface import load_interface

log = get_plugin_logger(__name__)
GENERATOR_LOG = logging.getLogger(BasePlugin.__module__.partition(".")[0])
"""What the generator and its plugins log: `mkdocs` under MkDocs; `properdocs` under ProperDocs,
whose `mkdocs.*` modules are its own and log under `properdocs` (its command makes the `mkdocs`
logger a child of it), the logger that `--strict` counts there."""

COMMENT_LIST = "comments/articles.json"


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Reads and validates every article before MkDocs renders anything, then serves them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        self.dirty = False
        self.state: BuildState | None = None
        """The build under way (`on_config`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.dirty = dirty
        untested = internals.untested_framework()
        if untested is not None:
            log.warning(untested)
        if command == "build":
            # The interpreter's last collections at exit walk every object the build made
            # (2 s at 10,000 articles); frozen, they are skipped: the process ends anyway.
            atexit.register(gc.freeze)

    def on_shutdown(self) -> None:
        release()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            zone = site_zone(self.config.timezone)
            url_format = check_url_format(self.config.url_format)
            interface = load_interface(self.config.interface)
        except ValueError as error:
            raise PluginError(f"bulletin: {error}") from error
        check_options(config, self.config)
        if not config.site_url and not self.preview:
            log.warning(
                "site_url is not set: pages get no canonical address and the site no feeds, "
                "sitemaps, structured data, redirects or comment list (expected site_url: "
                "https://… in mkdocs.yml)"
            )
        speedups = internals.untested_framework() is None
        alone = self.preview or self.dirty or not speedups
        state = self.state = BuildState(  # nothing of the last build is held
            self.config,
            config,
            Settings(zone, url_format, self.config.articles_dir.strip("/")),
            self.preview,
            self.dirty,
            1 if alone else rendering_processes(self.config),
            speedups,
            Progress(log.info),
            interface,
        )
        state.agency = _agency(config, self.config, zone)
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", heading_anchor)
        toc.setdefault("permalink_title", interface("page.permalink"))
        extensions = [FiguresExtension(), AutoLinksExtension(state.autolinks)]
        config.markdown_extensions.extend(extensions)  # type: ignore[arg-type]
        state.site = StagedSite.of(config, self.dirty, GENERATOR_LOG)
        state.cache = CachedPages.open(state, GENERATOR_LOG)
        if state.site is not None and state.cache is not None:
            state.cache.follow_site(state.site)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._state().progress.start("reading articles and registries")

    def _state(self) -> BuildState:
        assert self.state is not None, "on_config makes it"
        return self.state

    # Read the articles last, so that files other plugins add (images too) are known.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        state = self._state()
        if state.cache is not None:
            state.cache.start_copier()  # first: before any thread starts (`workers`)
        # The preview builds again and again: what the last build left is collected first.
        with lasting_objects(collect_first=self.preview):  # the kept articles too: they last
            reader: ArticlesReader = partial(
                read_articles, processes=state.processes, places=False
            )  # where each value stands: only the editors' checks read it
            if state.cache is not None:
                reader = state.cache.article_cache().read_all
            state.publication = read_site(state, files, reader)
            if state.speedups:
                make_pages(files, config)  # MkDocs' own, faster (MkDocs makes them next)
        state.photos = lead_photos.prepare(state, files)  # before any fork or thread
        return files

    @event_priority(-100)  # last: the other processes write pages with the final menu
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        state = self._state()
        publication = state.publication
        assert publication is not None
        state.progress.phase(MENU_AND_CACHE)  # the indexing ends with MkDocs' page objects
        add_to_menu(nav, publication, files, config)
        if state.cache is not None:
            state.cache.know_site(files, nav)
        if self.config.search and not self.preview:
            state.indexer = _indexer(state, publication)
        state.menu = {page.file.src_uri for page in nav.pages}
        documentation = files.documentation_pages()  # listed once: 0.25 s at 150,000 pages
        # Written by Bulletin (`_write_extras`), not by the theme's template (left at `on_env`):
        # its pages known before any fork, as another process may write it.
        if SITEMAP_FILE in config.theme.static_templates:
            state.sitemap = documentation
        state.nav, state.files = nav, files
        # Before the cache and the other processes leave pages out of MkDocs' loop.
        included = [file for file in files if file.inclusion.is_included()]  # type: ignore[no-untyped-call]
        state.targets = {file.dest_uri for file in included}
        state.targets.update(templates_written(config))
        fast = state.speedups and not state.dirty  # MkDocs' own loops otherwise
        processes = _forking(state) if fast else 1
        freeze()  # the pages and the menu last; the other processes share them
        trim()  # what reading freed goes back to the system, not into every forked process
        pages = len(documentation)
        if fast:
            aside = partial(_aside, state, config)
            state.rendering = RenderingProcesses(state, files, documentation, nav, processes, aside)
            state.rendering.listen()  # threads from now on: every process is forked
            pages -= len(state.rendering.generated)
            # MkDocs' next loop need not read them: each process makes its share at on_env.
            internals.leave_out_of_reading(files, state.rendering.generated)
        state.progress.phase(RENDERING, pages)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page's Markdown in NFC; an article's without its front-matter (read already)."""
        state = self._state()
        publication = state.publication
        assert publication is not None
        if state.rendering is not None and state.rendering.later(page):
            # MkDocs' reading loop leaves these out (`leave_out_of_reading`); should it
            # list them after all, they wait for their turn.
            state.rendering.render_later(page)
            return "\n"
        article = publication.articles.get(page.file.src_uri)
        listing = publication.listings.get(page.file.src_uri)
        if article is None and listing is None:
            return normalize(page.file.content_string)
        prepare(state, page, publication)
        cache, files = state.cache, state.files
        if cache is not None and files is not None and cache.look_up(page, files, bool(article)):
            return "\n"  # the cache has its HTML: its body need not be read
        # A leading blank line keeps MkDocs from reading the body's start as metadata.
        return "\n" + publication.catalog.body(article) if article is not None else "\n"

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        state = self._state()
        publication = state.publication
        assert publication is not None
        src_uri = page.file.src_uri
        article = publication.articles.get(src_uri)
        listing = publication.listings.get(src_uri)
        if state.rendering is not None and state.rendering.later(page):
            return markdown
        if article is not None or listing is not None:
            set_meta(page, publication)  # again: MkDocs set the metadata it read
        if listing is not None and state.speedups and not internals.replaces_render(page):
            internals.render_once(page, partial(_render_blank, page))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self._state()
        if state.rendering is None or not state.rendering.later(page):
            state.progress.tick(RENDERING)  # ended by then for a page made one at a time
        if state.cache is not None:
            state.cache.rendered(page, files)
        return html

    @event_priority(-100)  # last: the environment every plugin made
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        state = self._state()
        internals.list_all_pages(files)
        pages = files.documentation_pages()
        env.globals["bulletin_once"] = RenderedOnce()
        env.globals.update(template_globals(state))
        env.globals["bulletin_agency"] = state.agency  # partials/agency.html, article.html
        assert state.nav is not None
        state.sharing = SharedRendering(shared_targets(state.nav, config))
        if state.sitemap is not None:  # once MkDocs listed the theme's files: not one of them
            internals.leave_template(config, SITEMAP_FILE)
        if state.cache is not None:  # templates compiled once, not at each build (Jinja's cache)
            compiled = state.cache.cache.folder.parent / "templates"
            compiled.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
            state.cache.ready()
        if state.to_parent is not None:  # another rendering process: it makes its pages next
            return env
        state.progress.phase(WRITING, len(pages))
        for file in files:  # MkDocs writes them after the pages made one at a time
            if not file.is_documentation_page() and file.dest_uri in state.targets:
                state.claim(file.dest_uri)
        for name in templates_written(config):
            state.claim(name)
        skipped = list(lead_photos.copied_elsewhere(state.photos))
        if state.cache is not None:
            skipped += state.cache.keep_media(files, skipped)
        if state.rendering is not None:
            skipped += state.rendering.render_mine(env)
        # Only now that they are made: a page rendered while a page it links to is excluded
        # logs the link as "excluded from the built site".
        for file in skipped:
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs' loop skips it
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        state = self._state()
        extras = page_extras(state, context["base_url"], page)
        if state.cache is not None:
            state.cache.page_context(page, extras)
        context.update(extras)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Every HTML page is written in NFC, whatever a template or extension added."""
        state = self._state()
        output = normalize(output)
        indexer, dest_uri = state.indexer, page.file.dest_uri
        if output and not output.isspace():  # MkDocs' `output.strip()`, without a copy
            state.claim(dest_uri)  # MkDocs writes it next
        else:
            state.blank.append(dest_uri)  # MkDocs writes nothing: a copy there goes at the end
        searched = None
        if indexer is not None and indexer.wants(dest_uri):
            searched = indexer.searched(output)
        state.written(dest_uri, searched)
        if state.cache is not None:
            state.cache.keep(page, output, searched)
        return output

    def _finish_site(self, *, config: MkDocsConfig) -> None:
        """Write the feeds, and the list of commentable articles the comment handler reads
        (both need `site_url`: they hold full addresses); index the articles for search."""
        state = self._state()
        if state.cache is not None:
            state.cache.copy_kept()
            state.cache.save_articles()
        written = state.rendering is not None and state.rendering.aside_forked  # the extras
        state.rendering = None  # finished before MkDocs' own pages (`on_env`)
        if state.cache is not None:
            state.cache.finish_copier()
        state.progress.finish()
        _write_stylesheets(state)
        if not written:
            state.progress.phase("feeds, sitemaps, redirects, comment list")
            _write_extras(state, config.site_url)  # while the parts that changed are made
            state.progress.finish()
        indexer, state.indexer = state.indexer, None
        if indexer is not None:
            state.progress.phase("search index")
            try:
                outcome = indexer.finish()
            except SearchError as error:
                raise PluginError(f"bulletin: {error}") from error
            log.info(str(outcome))
        if state.cache is not None:  # search has read what it needed of it
            state.cache.close()
        state.progress.finish()

    # Last of every plugin's post_build: the site is complete.
    @event_priority(-1000)
    def _publish_site(self, *, config: MkDocsConfig) -> None:
        state = self._state()
        if state.site is not None and state.site.publish():
            state.site = None

    on_post_build = CombinedEvent(_finish_site, _publish_site)

    def on_build_error(self, *, error: Exception) -> None:
        state = self.state
        if state is None:
            return
        if state.cache is not None:
            state.cache.fail()
        rendering, state.rendering = state.rendering, None
        if rendering is not None:
            rendering.stop()
        indexer, state.indexer = state.indexer, None
        if indexer is not None:
            indexer.cancel()
        site, state.site = state.site, None
        if site is not None:  # once nothing writes there
            site.discard()


def _aside(state: BuildState, config: MkDocsConfig) -> list[str]:
    """What a process of its own writes while the others take pages (`RenderingProcesses`):
    the files no page writes. The paths it wrote."""
    return _write_extras(state, config.site_url)


def _forking(state: BuildState) -> int:
    """The processes this build renders and reads with now: `processes`, if this one may
    fork now (no thread runs: `can_fork`), else 1."""
    return state.processes if state.processes > 1 and can_fork() else 1


def _agency(config: MkDocsConfig, options: BulletinConfig, zone: tzinfo) -> Agency:
    """The footer's agency; each problem of its options a warning, placed in mkdocs.yml."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    agency, problems = read_agency(config_file, options.agency, zone)
    for problem in problems:
        log.warning(str(problem))
    return agency


def _render_blank(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a list page, whose Markdown is blank: what MkDocs' own makes of it
    (Python-Markdown returns nothing for a blank text, before any extension runs), without
    making a Markdown converter for it."""
    internals.own_render_again(page)
    if page.markdown and page.markdown.strip():  # another plugin wrote some
        page.render(config, files)
        return
    page.content, page.toc = "", get_toc([])
    internals.set_rendered_title(page, None)
    page.present_anchor_ids, page.links_to_anchors = set(), {}


def _write_extras(state: BuildState, site_url: str | None) -> list[str]:
    """The sitemap; with the site's address, the feeds, the list of commentable articles, the
    redirects: files no page writes. Their paths in the site."""
    publication, config = state.publication, state.config
    assert publication is not None
    files = _sitemap(state.sitemap, publication) if state.sitemap is not None else {}
    if site_url:
        description = config.site_description or config.site_name
        files.update(publication.feeds(site_url, config.site_name, description))
        files[COMMENT_LIST] = publication.comment_list(site_url).encode("utf-8")
        files.update(publication.redirects(site_url))
    for path, content in files.items():
        state.write_file(path, content)
    return list(files)


def _sitemap(files: Sequence[File], publication: Publication) -> dict[str, bytes]:
    """`sitemap.xml` (`outputs.sitemaps`): every page but links, at its full address, with its
    last change: an article's or list's (`Publication.lastmod`), else MkDocs' date (the
    build's, or `SOURCE_DATE_EPOCH`'s)."""
    listed = []
    for file in files:
        page = file.page
        address = page and not page.is_link and (page.canonical_url or page.abs_url)
        if page is not None and address:
            listed.append((address, publication.lastmod(file.src_uri) or page.update_date))
    return sitemap(listed)


def _write_stylesheets(state: BuildState) -> None:
    """Bulletin's style sheets as one file (`bulletin.outputs.stylesheets`)."""
    try:
        content = bundle(state.config.theme.dirs)
    except OSError as error:
        raise PluginError(f"bulletin: {error}") from error
    state.write_file(BUNDLE, content)


def _indexer(state: BuildState, publication: Publication) -> Indexer:
    """The search index, made while the site is built; never in the preview (it shows
    drafts and embargoed articles)."""
    base = Path(state.config.config_file_path or "").parent
    options = SearchOptions(base / state.options.search_cache, state.options.search_part_size)
    known = state.cache.cache.searched_pages if state.cache is not None else None
    image_of = state.photos.image_of("") if state.photos is not None else None
    try:
        last = state.site.last if state.site is not None else None
        views = state.cache.views if state.cache is not None else None
        return Indexer(state.site_dir, publication, options, known, image_of, last, views)
    except SearchError as error:
        raise PluginError(f"bulletin: {error}") from error
