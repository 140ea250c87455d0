"""The MkDocs plugin: a thin layer that hands MkDocs' files to the plain modules and back."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, get_relative_url
from mkdocs.utils.templates import TemplateContext

from bulletin.articles.body import image_paths
from bulletin.articles.catalog import Settings, check_url_format, load
from bulletin.articles.problems import Problem, has_errors, report
from bulletin.articles.reading import read_articles
from bulletin.build.garbage import freeze, lasting_objects, release
from bulletin.build.progress import Progress
from bulletin.build.sharing import SharedRendering
from bulletin.build.staging import discard, is_staging, replace_site, staging_folder
from bulletin.build.workers import Forked, Send, WorkerError, can_fork
from bulletin.cache.articles import ArticleCache
from bulletin.cache.last_build_writer import Copier, claim, copy_page
from bulletin.cache.pages import (
    SCHEMA,
    CachedPage,
    LinkRecorder,
    LinkRecorderExtension,
    Made,
    PageCache,
    WarningCount,
    dependencies,
    digest,
    fingerprint,
    folder_digest,
    installed,
    plain,
    site_key,
    software_digest,
    still_valid,
    view_bytes,
)
from bulletin.comments.published import COMMENTS_DIR, PublishedComments
from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.config import BulletinConfig
from bulletin.outputs.structured import Publisher
from bulletin.publication import Options, Publication
from bulletin.registries.registry import load_registry
from bulletin.search.bundles import SearchError, page_digest
from bulletin.search.indexer import Indexer, SearchOptions
from bulletin.text.dates import site_zone
from bulletin.text.vietnamese import heading_anchor, normalize
from bulletin.views.autolinks import AutoLinks, AutoLinksExtension
from bulletin.views.figures import FiguresExtension
from bulletin.views.home import HomeOptions

log = get_plugin_logger(__name__)
GENERATOR_LOG = logging.getLogger(BasePlugin.__module__.partition(".")[0])
"""What the generator and its plugins log: `mkdocs` under MkDocs; `properdocs` under ProperDocs,
whose `mkdocs.*` modules are its own and log under `properdocs` (its command makes the `mkdocs`
logger a child of it), the logger that `--strict` counts there."""

TEMPLATES = ("article.html", "listing.html", "home.html")
DATA_DIR = "_data"
COMMENT_LIST = "comments/articles.json"
WRITING = "writing pages"
"""The phase of the build that renders the templates and writes the pages."""
RENDERING = "rendering Markdown"
"""The phase before, that renders every page's Markdown."""


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Reads and validates every article before MkDocs renders anything, then serves them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        """`mkdocs serve`: drafts and embargoed articles shown with a notice, errors logged."""
        self.dirty = False
        self.speedups = internals.untested_framework() is None
        """Whether the page cache and the second process may reach into MkDocs (`internals`)."""
        """`--dirty`: MkDocs renders only the pages whose files changed (one process)."""
        self.settings: Settings | None = None
        self.publication: Publication | None = None
        self.by_path: dict[str, File] = {}
        """Every file of the site by its path in NFC (macOS writes file names in NFD)."""
        self.autolinks = AutoLinks()
        self.site_url: str | None = None
        self.progress = Progress(log.info)
        self.indexer: Indexer | None = None
        """Search: the articles indexed while the pages are written (not in the preview)."""
        self.menu: set[str] = set()
        """The pages in the navigation menu."""
        self.sharing = SharedRendering(())
        """Which pages share the rendering of the menu and the head's links (`_shared_targets`)."""
        self.second: SecondProcess | None = None
        """The second process that renders a share of the pages (`workers: 2`)."""
        self.to_parent: Send | None = None
        """In the second process: where it says what it did."""
        self.cache: PageCache | None = None
        """Pages as earlier builds made them (`page_cache`)."""
        self.site_key = ""
        self.recorder = LinkRecorder()
        self.warnings = WarningCount()
        self.made: dict[str, Made] = {}
        """The pages this process makes that the cache may keep, by docs path."""
        self.nav: Navigation | None = None
        self.again: str | None = None
        """The page being rendered again (`_render_again`): not looked up in the cache."""
        self.menu_key = ""
        """The menu's digest, part of every page's template key."""
        self.world_base = ""
        self.world = ""
        """Everything views are made of, the menu too (`_world`)."""
        self.files: Files | None = None
        self.site_dir = Path()
        """Where this build writes: beside the site (`staging`) unless `--dirty`."""
        self.site: Path | None = None
        """The site this build replaces when it succeeds (`_publish_site`); None: in place."""
        self.warned = CountHandler()
        """Every warning of the build: under `--strict`, MkDocs stops the build after the
        post_build events if there was one, and the site must not be replaced."""
        self.config_seen: MkDocsConfig | None = None
        self.kept: list[tuple[str, str]] = []
        """The pages to write from the cache: their keys and paths in the site (`_copy_kept`)."""
        self.article_cache: ArticleCache | None = None
        """The articles as the last build read them (`_article_cache`)."""
        self.copier: Copier | None = None
        """A process that writes the last build's pages while this one builds (`_start_copier`)."""
        self.counted: list[tuple[str, str]] = []
        """The pages of this build it writes (keys, paths): the second process's too."""
        self.targets: set[str] = set()
        """The paths of every file MkDocs writes in this build (`on_nav`)."""
        self.blank: list[str] = []
        """The paths of pages whose output is blank, which MkDocs does not write."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.dirty = dirty
        untested = internals.untested_framework()
        self.speedups = untested is None
        if untested is not None:
            log.warning(untested)
        if command == "build":
            # The interpreter's last collections at exit walk every object the build made
            # (2 s at 10,000 articles); frozen, they are skipped: the process ends anyway.
            atexit.register(gc.freeze)

    def on_shutdown(self) -> None:
        release()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.progress.start("reading articles and registries")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            zone = site_zone(self.config.timezone)
            url_format = check_url_format(self.config.url_format)
            self.settings = Settings(zone, url_format, self.config.articles_dir.strip("/"))
        except ValueError as error:
            raise PluginError(f"bulletin: {error}") from error
        _require_templates(config)
        _require_positive(self.config)
        self.site_url = config.site_url
        if self.config.comments_url and not config.site_url:
            raise PluginError(
                "bulletin: comments_url needs site_url (the comment handler sends readers back "
                "to the article's full address)"
            )
        if not config.site_url and not self.preview:
            log.warning(
                "site_url is not set: pages get no canonical address and the site no feeds, "
                "sitemaps, structured data, redirects or comment list (expected site_url: "
                "https://… in mkdocs.yml)"
            )
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", heading_anchor)
        extensions = [FiguresExtension(), AutoLinksExtension(self.autolinks)]
        config.markdown_extensions.extend(extensions)  # type: ignore[arg-type]
        # MkDocs keeps the plugin from one build to the next: nothing of the last build is
        # held (the preview collects it before reading again: `lasting_objects`).
        self.made, self.kept, self.blank = {}, [], []
        self._stage(config)
        self.copier, self.counted, self.site_dir = None, [], Path(config.site_dir)
        self.publication, self.by_path, self.files, self.nav = None, {}, None, None
        self.cache = self._page_cache(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        """Build beside the site (`bulletin.staging`); `--dirty` builds in place (it keeps
        what is there)."""
        site = Path(config.site_dir)
        self.config_seen, self.site = config, None
        if self.dirty or is_staging(site):
            return
        self.site = site
        config.site_dir = str(staging_folder(site))
        self.warned.counts.clear()
        self.warned.setLevel(logging.WARNING)
        GENERATOR_LOG.addHandler(self.warned)

    def _page_cache(self, config: MkDocsConfig) -> PageCache | None:
        """The cache of pages, unless off: `page_cache: ""`, `--dirty` (MkDocs keeps the
        pages), other plugins (what they do to a page is not in its key), or a MkDocs version
        it was not tested on (`internals`)."""
        if not self.config.page_cache or self.dirty or not self.speedups:
            return None
        others = [name for name in config.plugins if name != "bulletin"]
        if others:
            log.info(f"page cache off: plugins {', '.join(others)} change pages unseen by it")
            return None
        base = Path(config.config_file_path or "").parent
        folder = base / self.config.page_cache / ("preview" if self.preview else "site")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Bulletin's page cache: made by mkdocs build\n*\n")
        except OSError as error:
            log.warning(f"page cache off: cannot make the folder {folder} ({error})")
            return None
        extension = LinkRecorderExtension(self.recorder)
        config.markdown_extensions.append(extension)  # type: ignore[arg-type]
        theme = [Path(folder) for folder in config.theme.dirs if not installed(Path(folder))]
        self.site_key = site_key(_settings(config, self.config), theme, self.preview)
        GENERATOR_LOG.addHandler(self.warnings)
        cache = PageCache(folder)
        cache.open()
        return cache

    # Read the articles last, so that files other plugins add (images too) are known.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._start_copier()
        with lasting_objects(collect_first=self.preview):  # the preview builds again and again
            return self._read(files, config)

    def _read(self, files: Files, config: MkDocsConfig) -> Files:
        """Read the articles and registries; add the pages they make to `files`."""
        assert self.settings is not None
        prefix = self.config.articles_dir.strip("/") + "/"
        self.by_path = {normalize(file.src_uri): file for file in files}
        sources = [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        shown_dir = _shown_dir(config)
        kept = self._article_cache()
        catalog = load(
            Path(config.docs_dir),
            [file.src_uri for file in sources],
            self.settings,
            exists=self.by_path.__contains__,
            shown_dir=shown_dir,
            taken=taken,
            reader=kept.read_all if kept else partial(read_articles, parallel=self._parallel()),
        )
        self.article_cache = kept  # saved at the end, while other processes work
        registry = load_registry(
            Path(config.docs_dir), self.settings.zone, self.by_path.__contains__, shown_dir
        )
        comments = PublishedComments(
            Path(config.docs_dir) / COMMENTS_DIR, f"{shown_dir}/{COMMENTS_DIR}"
        )
        now = datetime.now(self.settings.zone)
        options = self._options()
        publication = Publication(
            catalog, registry, self.settings, now, self.preview, options, comments, taken
        )
        count = len(catalog.articles)
        self.progress.phase(f"indexing {count:,} articles: people, documents, archives")
        _report(publication.problems, self.preview)
        self.publication = publication
        needed = _needed_files(files, sources, publication, config)
        _publish(publication, files, sources, self.by_path, needed)
        _generate(publication, files, config, self.by_path)
        if self.preview:
            _announce_hidden(publication, config.site_url or "/")
        return files

    def _article_cache(self) -> ArticleCache | None:
        """Articles as the last build read them, beside the pages (with the page cache)."""
        if self.cache is None or self.settings is None:
            return None
        key = digest(SCHEMA, software_digest(), fingerprint(self.settings.zone))
        return ArticleCache(self.cache.folder.parent / "articles", key, self._parallel())

    def _parallel(self) -> bool:
        """Whether the build uses a second process (`workers`; never the preview's, nor
        `--dirty`'s: MkDocs renders only what changed)."""
        workers = min(self.config.workers, os.cpu_count() or 1)
        alone = self.preview or self.dirty or not self.speedups
        return not alone and workers > 1 and can_fork()

    def _options(self) -> Options:
        config = self.config
        home = HomeOptions(
            config.featured, config.latest, config.per_category, config.announcements
        )
        return Options(
            config.per_page,
            config.other_news,
            config.related,
            home,
            config.comments_url,
            config.feed_length,
        )

    @event_priority(-100)  # last: the second process writes pages with the final menu
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The menu: the home page, the categories, people, documents, archive, then the rest."""
        assert self.publication is not None
        listed = {page.file.src_uri for page in nav.pages}
        added = []
        for title, src_uri in self.publication.navigation():
            file = files.src_uris.get(src_uri)
            if file is not None and src_uri not in listed:
                added.append(Page(escape(title), file, config))  # Material prints it raw
        at = 1 if nav.items and isinstance(nav.items[0], Page) and nav.items[0].is_homepage else 0
        nav.items[at:at] = added
        nav.pages[at:at] = added
        if self.cache is not None:
            self.world_base = self._world(config, files)
        if self.config.search and not self.preview:
            self.indexer = self._indexer(config)  # the headline index starts now
        self.progress.phase(RENDERING, len(files.documentation_pages()))
        self.menu = {page.file.src_uri for page in nav.pages}
        self.nav, self.files = nav, files
        # Before `_take_cached` and the second process leave pages out of MkDocs' loop.
        included = [file for file in files if file.inclusion.is_included()]  # type: ignore[no-untyped-call]
        self.targets = {file.dest_uri for file in included}
        self.targets.update(_templates(config))
        freeze()  # the pages and the menu last; a second process shares them
        if self._parallel():
            self.second = SecondProcess(self, config, files, nav)
        return nav

    def _start_copier(self) -> None:
        """Write the pages of the last build into the site now, in a forked process, while
        this one reads the articles and renders what changed: most come out the same, and
        `_take_cached` then has nothing to write. Only with a second process (`workers`)."""
        if self.cache is None or not self._parallel():
            return
        pages = self.cache.last_pages()
        if pages:
            self.copier = Copier(self.cache, pages, self.site_dir)

    def _finish_copier(self) -> None:
        """Once every other page is written: wait for the copying process, remove what it
        wrote where this build makes nothing, write what it could not."""
        copier, self.copier = self.copier, None
        if copier is None:
            return
        try:
            self.kept = copier.finish(self.targets.difference(self.blank), self.counted)
        except WorkerError as error:
            raise PluginError(
                f"bulletin: the page cache's copying process failed: {error}"
            ) from error
        except OSError as error:
            raise PluginError(
                f"bulletin: page cache: cannot remove a page of the last build ({error})"
            ) from error
        self._copy_kept()

    @event_priority(-100)  # last: the environment every plugin made
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        pages = files.documentation_pages()
        env.globals["sitemap_files"] = pages  # before the second process takes its share
        env.globals["bulletin_once"] = RenderedOnce()
        assert self.nav is not None
        self.sharing = SharedRendering(_shared_targets(self.nav, config))
        if self.cache is not None:  # templates compiled once, not at each build (Jinja's cache)
            compiled = self.cache.folder.parent / "templates"
            compiled.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        if self.to_parent is None:
            self.progress.phase(WRITING, len(pages))
        skipped = self.second.hand_over() if self.second is not None else []
        if self.cache is not None:
            skipped += self._take_cached(config, files)
        # Only now that `_take_cached` has rendered what changed: a page rendered while a page
        # it links to is excluded logs the link as "excluded from the built site".
        for file in skipped:
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs' loop skips it
        if self.to_parent is None:  # the first process: MkDocs writes them next
            for file in files:
                if not file.is_documentation_page() and file.dest_uri in self.targets:
                    self._claim(file.dest_uri)
            for name in _templates(config):
                self._claim(name)
        return env

    def _take_cached(self, config: MkDocsConfig, files: Files) -> list[File]:
        """Take the pages whose template would be given what it was given when it made the
        cached page: MkDocs' loop is to leave them out (their files, returned), `_copy_kept`
        writes them, search hears of them now. The others remember their template key."""
        assert self.cache is not None and self.nav is not None
        self.menu_key = digest(fingerprint(_outline(self.nav.items)))
        self.world = digest(self.world_base, self.menu_key)
        kept: list[tuple[str, str]] = []
        taken: list[File] = []
        for src_uri, made in list(self.made.items()):  # `_render_again` may renew one
            file = files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            entry = made.entry
            if entry is None or not self._unchanged(made, entry, file.page, config, files):
                self.cache.misses += 1
                continue
            self.cache.hits += 1
            if self.copier is not None and self.copier.writes(made.key, file.dest_uri):
                self.counted.append((made.key, file.dest_uri))
            else:
                kept.append((made.key, file.dest_uri))
            taken.append(file)
            made.written, made.entry = True, None
            self._written(file.dest_uri, None, entry.searched)  # search reads the cache
        self.kept = kept
        return taken

    def _copy_kept(self) -> None:
        """Write the pages `_take_cached` kept, once MkDocs has rendered the others (a search
        part waits for its changed pages, not for these). One at a time: on a disk the
        system serializes anyway, threads only made it slower (bench/site_bench.py)."""
        assert self.cache is not None
        kept, self.kept = self.kept, []
        for key, target in kept:
            self._claim(target)
            path = self.site_dir / target
            problem = copy_page(self.cache, key, path)
            if problem is not None:
                raise PluginError(f"bulletin: page cache: cannot write {path} ({problem})")

    def _claim(self, target: str) -> None:
        """Before this process writes a page at `target`: keep the copying process from
        writing there (`claim`)."""
        if self.copier is not None and self.copier.may_write(target):
            path = self.site_dir / target
            try:
                claim(path)
            except OSError as error:
                raise PluginError(f"bulletin: cannot write {path} ({error})") from error

    def _unchanged(
        self, made: Made, entry: CachedPage, page: Page, config: MkDocsConfig, files: Files
    ) -> bool:
        """Whether the cached page is the one this build would write. If not, its Markdown is
        rendered again: the cache keeps no HTML of a page's Markdown (a view that changed is
        rarer than the room it would take), only what it needs to know that it is the same."""
        assert self.cache is not None
        if entry.world == self.world:  # the same view: no need to make it to know
            made.template_key = entry.template_key
        else:
            extras = self._extras(get_relative_url(".", page.url), page, config)
            made.template_key = self._template_key(made, page, extras)
        same = entry.template_key == made.template_key and self.cache.has_page(made.key)
        if not same:
            self._render_again(page, config, files)
        return same

    def _render_again(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Render a page's Markdown after all (MkDocs' own steps, every plugin's events)."""
        self.again = page.file.src_uri
        try:
            internals.populate_page(page, config, files)
        finally:
            self.again = None

    def _written(self, dest_uri: str, searched: str | None, known: str | None = None) -> None:
        """This process wrote a page; `searched`: what Pagefind reads of an article, or for a
        page written from the cache `known`, the digest of that (`page_digest`)."""
        if self.to_parent is not None:
            self.to_parent((dest_uri, searched, known))
        else:
            self.page_written(dest_uri, searched, known)

    def page_written(self, dest_uri: str, searched: str | None, known: str | None = None) -> None:
        """A process wrote a page (`_written` says what the others are)."""
        self.progress.tick(WRITING)
        if self.indexer is not None and self.indexer.wants(dest_uri):
            if known is not None:
                self.indexer.add_known(dest_uri, known)
            else:
                self.indexer.add(dest_uri, searched)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page the cache had comes back as it was; a new one records its dependencies."""
        self.progress.tick(RENDERING)  # not a page written: `_render_again` renders late
        made = self.made.get(page.file.src_uri)
        if made is not None and made.entry is None:
            made.clean = self.warnings.count == made.warnings
            written = self.recorder.written
            made.dependencies = dependencies(page.file.src_uri, written, partial(_resolve, files))
        return html

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page's Markdown in NFC; an article's without its front-matter (read already)."""
        assert self.publication is not None
        if self.second is not None and page.file.src_uri in self.second.share:
            internals.render_once(page, partial(_render_nothing, page))
            return "\n"  # the second process renders it
        article = self.publication.articles.get(page.file.src_uri)
        if article is not None:
            # A leading blank line keeps MkDocs from reading the body's start as metadata.
            return "\n" + article.body
        if page.file.src_uri in self.publication.listings:
            return "\n"
        return normalize(page.file.content_string)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.publication is not None
        src_uri = page.file.src_uri
        article = self.publication.articles.get(src_uri)
        listing = self.publication.listings.get(src_uri)
        mine = self.second is None or src_uri not in self.second.share  # else: meta only
        self.autolinks.set(self.publication.autolinks(article) if article and mine else {})
        if article is not None:
            # Material prints these with autoescape off: they go out escaped.
            page.meta = {"title": escape(article.title), "template": "article.html"}
            if article.lead:
                page.meta["description"] = escape(article.lead)
        elif listing is not None:
            page.meta = {"title": escape(listing.title), "template": "listing.html"}
        lastmod = self.publication.lastmod(src_uri)
        if lastmod:
            page.meta["lastmod"] = lastmod
        if self.cache is not None and (article is not None or listing is not None):
            self._look_up(page, markdown, files)
        if listing is not None and self.speedups and not internals.replaces_render(page):
            internals.render_once(page, partial(self._render_blank, page))
        return markdown

    def _render_blank(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`Page.render` for a list page, whose Markdown is blank: what MkDocs' own makes of
        it (Python-Markdown returns nothing for a blank text, before any extension runs),
        without making a Markdown converter for it."""
        internals.own_render_again(page)
        if page.markdown and page.markdown.strip():  # another plugin wrote some
            page.render(config, files)
            return
        page.content, page.toc = "", get_toc([])
        internals.set_rendered_title(page, None)
        page.present_anchor_ids, page.links_to_anchors = set(), {}

    def _look_up(self, page: Page, markdown: str, files: Files) -> None:
        """An article or list page outside the menu, this process's to make: from the cache
        if it has its Markdown's HTML (MkDocs' next step then takes it from there)."""
        assert self.cache is not None
        src_uri = page.file.src_uri
        if src_uri in self.menu or (self.second is not None and src_uri in self.second.share):
            return
        shown = repr((sorted(page.meta.items()), sorted(self.autolinks.targets.items())))
        key = digest(self.site_key, src_uri, page.url, markdown, shown)
        entry = self.cache.get(key) if src_uri != self.again else None
        if entry is not None and still_valid(entry, partial(_resolve, files)):
            self.made[src_uri] = Made(key, entry, dependencies=entry.dependencies)
            internals.render_once(page, partial(_restore, page, entry))
        else:
            self.made[src_uri] = Made(key, None, warnings=self.warnings.count)
            self.recorder.start()

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        extras = self._extras(context["base_url"], page, config)
        made = self.made.get(page.file.src_uri)
        if made is not None:
            made.warnings = self.warnings.count
            made.template_key = made.template_key or self._template_key(made, page, extras)
        context.update(extras)  # type: ignore[typeddict-item]
        return context

    def _world(self, config: MkDocsConfig, files: Files) -> str:
        """What every page's view is made of, besides the page itself: every article but its
        body (its own page's Markdown key has that), which articles are shown and published
        (the clock), the registries and published comments (docs/_data), the address of every
        file, the site's key (configuration, software, templates). The same digest means the
        same view for every page."""
        assert self.publication is not None
        publication = self.publication
        now = publication.now
        articles = [(a, a.is_public(now)) for a in publication.catalog.articles]
        shown = sorted(publication.articles)
        addresses = [(file.src_uri, file.url) for file in files]
        data = Path(config.docs_dir) / DATA_DIR
        registry = folder_digest([data]) if data.is_dir() else ""
        return digest(self.site_key, view_bytes((articles, shown, addresses)), registry)

    def _template_key(self, made: Made, page: Page, extras: dict[str, object]) -> str:
        """Everything the template is given: the page's HTML (its Markdown's key and what
        its links led to), its address, its view, the menu."""
        links = fingerprint(made.dependencies)
        return digest(self.site_key, self.menu_key, made.key, links, page.url, view_bytes(extras))

    def _extras(self, base_url: str, page: Page, config: MkDocsConfig) -> dict[str, object]:
        """What the templates get besides MkDocs' context: the page's view, its menu, its
        head (structured data)."""
        publication = self.publication
        assert publication is not None
        url_of = partial(_url, self.by_path, page=page)
        article = publication.articles.get(page.file.src_uri)
        listing = publication.listings.get(page.file.src_uri)
        extra: dict[str, object] = {}
        if article is not None:
            extra["article"] = publication.article_view(article, url_of)
        elif listing is not None:
            extra["listing"] = publication.listing_view(listing, url_of)
        if page.is_homepage:
            extra["home"] = publication.home_view(url_of)
        shared = self.sharing.key(page.url)
        extra["bulletin_shared"] = shared
        extra["bulletin_shared_nav"] = self._shared_nav(shared, page, config)
        if config.site_url:
            extra["head"] = publication.head(page.file.src_uri, self._site(config), self._absolute)
        return extra

    def _shared_nav(self, shared: str, page: Page, config: MkDocsConfig) -> str | None:
        """Which menu a page shares (main.html, block site_nav): the one of every page outside
        the menu (where no item is the current page's) whose links to it are the same
        (`SharedRendering`); None for the others."""
        features = config.theme.get("features") or []
        if page.file.src_uri in self.menu or page.meta.get("hide") or "toc.integrate" in features:
            return None
        return shared

    def _site(self, config: MkDocsConfig) -> Publisher:
        logo = self.config.publisher_logo or config.theme.get("logo")
        absolute_logo = self._absolute(logo) if logo and normalize(logo) in self.by_path else None
        return Publisher(config.site_name, config.site_url or "", absolute_logo)

    def _absolute(self, src: str) -> str:
        """The full address of a file of the site, from its docs path."""
        assert self.site_url is not None
        return urljoin(self.site_url, self.by_path[normalize(src)].url)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Every HTML page is written in NFC, whatever a template or extension added."""
        output = normalize(output)
        indexer, dest_uri = self.indexer, page.file.dest_uri
        if output and not output.isspace():  # MkDocs' `output.strip()`, without a copy
            self._claim(dest_uri)  # MkDocs writes it next
        else:
            self.blank.append(dest_uri)  # MkDocs writes nothing: a copy there goes at the end
        searched = None
        if indexer is not None and indexer.wants(dest_uri):
            searched = indexer.searched(output)
        self._written(dest_uri, searched)
        made = self.made.get(page.file.src_uri)
        if self.cache is not None and made is not None and made.keeps(self.warnings.count):
            entry = made.entry
            if entry is None:
                anchors = frozenset(page.present_anchor_ids or ())
                title, links = internals.rendered_title(page), _anchored_links(page)
                entry = CachedPage(made.dependencies, title, anchors, links, "", "", None)
            entry.template_key, entry.world = made.template_key, self.world
            entry.searched = page_digest(searched) if searched is not None else None
            html = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            self.cache.put(made.key, entry, html, searched, page.file.dest_uri)
        return output

    def _finish_site(self, *, config: MkDocsConfig) -> None:
        """Write the feeds, and the list of commentable articles the comment handler reads
        (both need `site_url`: they hold full addresses); index the articles for search."""
        assert self.publication is not None
        if self.cache is not None:
            self._copy_kept()
        self._save_articles()
        if self.second is not None:
            try:
                self.second.finish()
            finally:
                self.second = None
        self._finish_copier()
        self.progress.finish()
        self.progress.phase("feeds, sitemaps, redirects, comment list")
        if config.site_url:
            self._write_extras(config)  # while Pagefind indexes what changed
        self.progress.finish()
        if self.indexer is not None:
            self.progress.phase("search index")
            try:
                outcome = self.indexer.finish()
            except SearchError as error:
                raise PluginError(f"bulletin: {error}") from error
            finally:
                self.indexer = None
            log.info(str(outcome))
        if self.cache is not None:  # search has read what it needed of it
            self._close_cache(config)
        self.progress.finish()

    # Last of every plugin's post_build: the site is complete.
    @event_priority(-1000)
    def _publish_site(self, *, config: MkDocsConfig) -> None:
        """Put the new site in the place of the last one, unless MkDocs stops the build
        next (`--strict` and a warning: then `on_build_error` discards it)."""
        site, self.site = self.site, None
        GENERATOR_LOG.removeHandler(self.warned)
        if site is None or (config.strict and self.warned.get_counts()):
            self.site = site
            return
        staging = Path(config.site_dir)
        replace_site(staging, site)
        config.site_dir = str(site)  # `gh-deploy` publishes it next

    on_post_build = CombinedEvent(_finish_site, _publish_site)

    def _save_articles(self) -> None:
        """Keep the articles as this build read them (`ArticleCache`)."""
        kept, self.article_cache = self.article_cache, None
        if kept is not None:
            try:
                kept.save()
            except OSError as error:
                log.warning(f"page cache: cannot keep the articles in {kept.path} ({error})")

    def _close_cache(self, config: MkDocsConfig) -> None:
        """Check the anchors the pages written from the cache link to (as MkDocs does for the
        others); say how much the cache gave; remove what no page used (the preview keeps
        its pages apart: it shows drafts)."""
        assert self.cache is not None and self.files is not None
        level = config.validation.links.anchors
        for src_uri, made in self.made.items():
            file = self.files.src_uris.get(src_uri)
            if made.written and file is not None and file.page is not None:
                file.page.validate_anchor_links(files=self.files, log_level=level)
        GENERATOR_LOG.removeHandler(self.warnings)
        cache = self.cache
        cache.flush()
        pruned = cache.prune()  # the second process has flushed: it has ended
        cache.close()
        _say_failures(cache.failures, cache)
        log.info(
            f"page cache: {cache.hits:,} pages as they were, {cache.misses:,} made again"
            + (f", {pruned:,} old pages removed" if pruned else "")
        )

    def _write_extras(self, config: MkDocsConfig) -> None:
        assert self.publication is not None and config.site_url
        site_dir, publication = Path(config.site_dir), self.publication
        files = publication.feeds(
            config.site_url, config.site_name, config.site_description or config.site_name
        )
        files[COMMENT_LIST] = publication.comment_list(config.site_url).encode("utf-8")
        files.update(publication.redirects(config.site_url))
        for path, content in files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    def _indexer(self, config: MkDocsConfig) -> Indexer:
        """The search index, made while the site is built; never in the preview (it shows
        drafts and embargoed articles)."""
        assert self.publication is not None
        base = Path(config.config_file_path or "").parent
        language = str(config.theme.get("language") or config.theme.locale.language)
        cache = base / self.config.search_cache
        options = SearchOptions(cache, language, self.config.search_part_size)
        known = self.cache.searched_page if self.cache is not None else None
        headlines = self.world_base if self.cache is not None else None  # every article's view
        try:
            return Indexer(Path(config.site_dir), self.publication, options, known, headlines)
        except SearchError as error:
            raise PluginError(f"bulletin: {error}") from error

    def on_build_error(self, *, error: Exception) -> None:
        GENERATOR_LOG.removeHandler(self.warnings)
        if self.copier is not None:
            self.copier.stop()
            self.copier = None
        if self.cache is not None:
            self.cache.flush()
            self.cache.close()
        if self.second is not None:
            self.second.stop()
            self.second = None
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None
        self._keep_last_site()  # once nothing writes there

    def _keep_last_site(self) -> None:
        """A failed build: what it wrote goes, the last site stays."""
        GENERATOR_LOG.removeHandler(self.warned)
        site, config, self.site = self.site, self.config_seen, None
        if site is not None and config is not None:
            discard(Path(config.site_dir))
            config.site_dir = str(site)


class RenderedOnce:
    """`bulletin_once(key)` in a template: the block it is called with, rendered the first
    time a key is asked for, then given again as it was."""

    def __init__(self) -> None:
        self.rendered: dict[str, Markup] = {}

    def __call__(self, key: str, caller: Callable[[], Markup]) -> Markup:
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]


class SecondProcess:
    """A forked copy of the build that renders every other article and list page (those not
    in the menu), from Markdown to the written file, as MkDocs would (its own functions, every
    plugin's events); MkDocs renders the rest. The first process gets, through a pipe, the
    anchors of the second's pages (to check links into them), the links with anchors they
    hold (checked by the first), each page written (search, progress) and every log record."""

    def __init__(
        self, plugin: BulletinPlugin, config: MkDocsConfig, files: Files, nav: Navigation
    ) -> None:
        assert plugin.publication is not None
        generated = plugin.publication.articles.keys() | plugin.publication.listings.keys()
        candidates = [
            file
            for file in files.documentation_pages()
            if file.src_uri in generated and file.src_uri not in plugin.menu
        ]
        self.files, self.config = files, config
        self.share = {file.src_uri for file in candidates[1::2]}
        self.anchors_ready = threading.Event()
        self._anchors: dict[str, set[str]] = {}
        """The anchors of each page of the second process's share."""
        self.links: dict[str, dict[str, dict[str, str]]] = {}
        """The anchors each page of the share links to: page, target page, anchor, link."""
        self.plugin = plugin
        task = partial(self._render_share, candidates[1::2], nav)
        self.forked = Forked(task, self._received, "the second build process")

    def _render_share(self, share: list[File], nav: Navigation, send: Send) -> None:
        """In the second process."""
        self.plugin.to_parent, self.plugin.progress.live = send, False
        self.plugin.second = None  # here it reads and renders every page of its share
        GENERATOR_LOG.addHandler(self.plugin.warnings)  # taken by the fork
        config, files = self.config, self.files
        for page in nav.pages:  # the menu shows their titles, which their Markdown may give
            internals.populate_page(page, config, files)
        for file in share:
            page = file.page or Page(None, file, config)
            internals.populate_page(page, config, files)
        send(("anchors", *_anchors_of(share)))
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        pages = files.documentation_pages()
        for file in share:
            assert file.page is not None
            if file.inclusion != InclusionLevel.EXCLUDED:  # written from the page cache
                internals.build_page(file.page, config, pages, nav, env)
        cache = self.plugin.cache
        if cache is not None:
            self.plugin._copy_kept()
            _say_failures(cache.flush(), cache)  # before the process ends
            cache.close()
            send(("cache", cache.hits, cache.misses, self.plugin.counted, self.plugin.blank))

    def _received(self, message: object) -> None:
        """In the first process (the pipe's reader thread)."""
        assert isinstance(message, tuple)
        if message[0] == "anchors":
            self._anchors = message[1]
            self.links = message[2]
            self.anchors_ready.set()
        elif message[0] == "cache":
            assert self.plugin.cache is not None
            self.plugin.cache.hits += message[1]
            self.plugin.cache.misses += message[2]
            self.plugin.counted.extend(message[3])
            self.plugin.blank.extend(message[4])
        else:
            self.plugin.page_written(*message)

    def hand_over(self) -> list[File]:
        """After the Markdown: wait for the anchors of the second's pages; return their files,
        which MkDocs is not to write."""
        while not self.anchors_ready.wait(0.1):
            if not self.forked.running():
                self.finish()  # raises the second process's error, if it said one
                raise PluginError("bulletin: the second build process ended before its pages")
        handed = []
        for src_uri, anchors in self._anchors.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.present_anchor_ids = anchors
            handed.append(file)
        return handed

    def finish(self) -> None:
        """Wait for the second process; check the anchors its pages link to, as MkDocs does."""
        try:
            self.forked.join()
        except WorkerError as error:
            raise PluginError(f"bulletin: the second build process failed: {error}") from error
        level = self.config.validation.links.anchors
        for src_uri, links in self.links.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.links_to_anchors = _links_to_anchors(self.files, links)
            file.page.validate_anchor_links(files=self.files, log_level=level)

    def stop(self) -> None:
        self.forked.stop()


def _templates(config: MkDocsConfig) -> list[str]:
    """The paths of the templates MkDocs writes into the site (the theme's, `extra_templates`)."""
    return [*config.theme.static_templates, *config.extra_templates]


def _anchors_of(
    share: list[File],
) -> tuple[dict[str, set[str]], dict[str, dict[str, dict[str, str]]]]:
    """The anchors each page has, and the anchors each links to (by docs path)."""
    anchors, links = {}, {}
    for file in share:
        assert file.page is not None
        anchors[file.src_uri] = file.page.present_anchor_ids or set()
        if file.page.links_to_anchors:
            links[file.src_uri] = _anchored_links(file.page)
    return anchors, links


def _say_failures(failures: list[Exception], cache: PageCache) -> None:
    if failures:
        log.warning(
            f"page cache: cannot keep pages in {cache.path} ({failures[0]}); the next build "
            "makes them again"
        )


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the second process renders (its anchors come from there)."""
    internals.own_render_again(page)
    page.content = ""


def _restore(page: Page, entry: CachedPage, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page whose Markdown the cache has: its results, but for the HTML
    and table of contents, read only if the page must be made again (`_give_body`)."""
    internals.own_render_again(page)
    page.content = ""
    internals.set_rendered_title(page, entry.title)
    page.present_anchor_ids = set(entry.anchors)
    page.links_to_anchors = _links_to_anchors(files, entry.links)


def _anchored_links(page: Page) -> dict[str, dict[str, str]]:
    """The anchors a page links to, by docs path: target, anchor, link as written."""
    found = page.links_to_anchors or {}
    return {target.src_uri: dict(anchors) for target, anchors in found.items()}


def _links_to_anchors(files: Files, links: dict[str, dict[str, str]]) -> dict[File, dict[str, str]]:
    """`_anchored_links` back into MkDocs' form."""
    return {
        target: anchors
        for to_uri, anchors in links.items()
        if (target := files.src_uris.get(to_uri)) is not None
    }


def _resolve(files: Files, src_uri: str) -> str | None:
    """What a link to a docs path becomes: the file's address (None: no such file)."""
    file = files.src_uris.get(src_uri)  # a normalized path already
    if file is None:
        return None
    return file.url + (" (excluded)" if file.inclusion == InclusionLevel.EXCLUDED else "")


def _menu_urls(items: list[Any]) -> list[str]:
    """The address of every page and link of the menu."""
    urls: list[str] = []
    for item in items:
        if isinstance(item, Section):
            urls += _menu_urls(item.children)
        elif isinstance(item, Page | Link):
            urls.append(item.url)
    return urls


def _shared_targets(nav: Navigation, config: MkDocsConfig) -> list[str]:
    """Every address in the site the blocks pages share name (main.html): the menu's pages
    and links, the home page, the logo, the theme's and the site's style sheets and scripts.
    Addresses with a scheme, a host or a leading `/` come out the same from every page."""
    theme = config.theme
    named = [*_menu_urls(nav.items), "assets/stylesheets/", "assets/javascripts/"]
    named += [str(config.extra.get("homepage") or ""), str(theme.get("logo") or "")]
    named += [str(theme.get("favicon") or ""), *map(str, config.extra_css)]
    named += map(str, config.extra_javascript)
    if nav.homepage is not None:
        named.append(nav.homepage.url)
    return [url for url in named if url and not _absolute_address(url)]


def _absolute_address(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith(("/", "#"))


def _outline(items: list[Any]) -> list[object]:
    """The menu as the templates see it: titles, addresses, sections."""
    outline: list[object] = []
    for item in items:
        if isinstance(item, Section):
            outline.append((str(item.title), _outline(item.children)))
        elif isinstance(item, Page | Link):
            outline.append((str(item.title), item.url, getattr(item, "is_homepage", False)))
    return outline


OPTIONS_UNSEEN = {"workers", "page_cache", "search_cache"}
SETTINGS_SKIPPED = {
    "config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "strict", "plugins", "theme",
}  # fmt: skip
"""Configuration that changes no page (paths, the preview's address) or is read apart."""


def _settings(config: MkDocsConfig, options: BulletinConfig) -> object:
    """The configuration as the page cache's key sees it."""
    settings = {key: value for key, value in config.items() if key not in SETTINGS_SKIPPED}
    theme = config.theme
    settings["theme"] = {"name": theme.name, "dirs": theme.dirs, **theme}
    settings["markdown_extensions"] = [  # an instance's state is the last page's: its type
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]
    settings["bulletin"] = {  # not the options that change no page
        name: value for name, value in options.items() if name not in OPTIONS_UNSEEN
    }
    return plain(settings)


def _require_templates(config: MkDocsConfig) -> None:
    dirs = config.theme.dirs
    for template in TEMPLATES:
        if not any(os.path.isfile(os.path.join(folder, template)) for folder in dirs):
            raise PluginError(
                f"bulletin: no {template} in the theme's folders {dirs} "
                "(expected theme.custom_dir: overrides, the folder that ships with Bulletin)"
            )


COUNTS = (
    "latest", "per_page", "other_news", "related", "featured", "per_category", "feed_length",
    "search_part_size",
)  # fmt: skip


def _require_positive(options: BulletinConfig) -> None:
    for name in COUNTS:
        if options[name] < 1:
            raise PluginError(
                f"bulletin: {name}: {options[name]} is not a count (expected 1 or more)"
            )


def _shown_dir(config: MkDocsConfig) -> str:
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


def _url(by_path: dict[str, File], src: str, *, page: Page) -> str:
    target = by_path.get(normalize(src))
    if target is None:
        raise PluginError(f"bulletin: {src} disappeared during the build")
    return target.url_relative_to(page.file)
