"""The MkDocs plugin: a thin layer that hands MkDocs' files to the plain modules and back."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup, escape
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from bulletin.autolinks import AutoLinks, AutoLinksExtension
from bulletin.body import image_paths
from bulletin.catalog import Settings, check_url_format, load
from bulletin.comments.published import COMMENTS_DIR, PublishedComments
from bulletin.config import BulletinConfig
from bulletin.dates import site_zone
from bulletin.figures import FiguresExtension
from bulletin.listing_view import HomeOptions
from bulletin.problems import Problem, has_errors, report
from bulletin.progress import Progress
from bulletin.publication import Options, Publication
from bulletin.registry import load_registry
from bulletin.search import Indexer, SearchOptions
from bulletin.search_bundle import SearchError
from bulletin.structured import Site
from bulletin.vietnamese import heading_anchor, normalize
from bulletin.workers import Forked, Send, WorkerError, can_fork

log = get_plugin_logger(__name__)

TEMPLATES = ("article.html", "listing.html", "home.html")
DATA_DIR = "_data"
COMMENT_LIST = "comments/articles.json"
WRITING = "writing pages"
"""The phase of the build that renders the templates and writes the pages."""


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Reads and validates every article before MkDocs renders anything, then serves them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        """`mkdocs serve`: drafts and embargoed articles shown with a notice, errors logged."""
        self.dirty = False
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
        self.second: SecondProcess | None = None
        """The second process that renders a share of the pages (`workers: 2`)."""
        self.to_parent: Send | None = None
        """In the second process: where it says what it did."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.progress.phase("reading articles and registries")

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
        return config

    # Read the articles last, so that files other plugins add (images too) are known.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        prefix = self.config.articles_dir.strip("/") + "/"
        self.by_path = {normalize(file.src_uri): file for file in files}
        sources = [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        shown_dir = _shown_dir(config)
        catalog = load(
            Path(config.docs_dir),
            [file.src_uri for file in sources],
            self.settings,
            exists=self.by_path.__contains__,
            shown_dir=shown_dir,
            taken=taken,
        )
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
            _announce_hidden(publication)
        return files

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
            file = files.get_file_from_path(src_uri)
            if file is not None and src_uri not in listed:
                added.append(Page(escape(title), file, config))  # Material prints it raw
        at = 1 if nav.items and isinstance(nav.items[0], Page) and nav.items[0].is_homepage else 0
        nav.items[at:at] = added
        nav.pages[at:at] = added
        if self.config.search and not self.preview:
            self.indexer = self._indexer(config)  # the headline index starts now
        self.progress.phase("rendering Markdown", len(files.documentation_pages()))
        self.menu = {page.file.src_uri for page in nav.pages}
        workers = min(self.config.workers, os.cpu_count() or 1)
        if not (self.preview or self.dirty) and workers > 1 and can_fork():
            self.second = SecondProcess(self, config, files, nav)
        return nav

    @event_priority(-100)  # last: the environment every plugin made
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        pages = files.documentation_pages()
        env.globals["sitemap_files"] = pages  # before the second process takes its share
        shared_navs: dict[str, Markup] = {}
        env.globals["bulletin_once"] = lambda key, caller: shared_navs.setdefault(key, caller())
        if self.to_parent is None:
            self.progress.phase(WRITING, len(pages))
        if self.second is not None:
            self.second.hand_over()
        return env

    def written_elsewhere(self, dest_uri: str, searched: str | None) -> None:
        """The second process wrote a page; `searched`: what Pagefind reads of an article."""
        self.progress.tick(WRITING)
        if self.indexer is not None and self.indexer.wants(dest_uri):
            self.indexer.add(dest_uri, searched)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.progress.tick()
        return html

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page's Markdown in NFC; an article's without its front-matter (read already)."""
        assert self.publication is not None
        if self.second is not None and page.file.src_uri in self.second.share:
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
        self.autolinks.set(self.publication.autolinks(article) if article else {})
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
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
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
        extra["bulletin_shared_nav"] = self._shared_nav(context, page, config)
        if config.site_url:
            extra["head"] = publication.head(page.file.src_uri, self._site(config), self._absolute)
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def _shared_nav(self, context: TemplateContext, page: Page, config: MkDocsConfig) -> str | None:
        """Which menu a page shares (main.html, block site_nav): the one of every page at the
        same depth outside the menu, where no item is the current page's; None for the others."""
        features = config.theme.get("features") or []
        if page.file.src_uri in self.menu or page.meta.get("hide") or "toc.integrate" in features:
            return None
        return str(context.get("base_url", ""))

    def _site(self, config: MkDocsConfig) -> Site:
        logo = self.config.publisher_logo or config.theme.get("logo")
        absolute_logo = self._absolute(logo) if logo and normalize(logo) in self.by_path else None
        return Site(config.site_name, config.site_url or "", absolute_logo)

    def _absolute(self, src: str) -> str:
        """The full address of a file of the site, from its docs path."""
        assert self.site_url is not None
        return urljoin(self.site_url, self.by_path[normalize(src)].url)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Every HTML page is written in NFC, whatever a template or extension added."""
        output = normalize(output)
        if self.to_parent is not None:  # in the second process
            indexer, dest_uri = self.indexer, page.file.dest_uri
            searched = None
            if indexer is not None and indexer.wants(dest_uri):
                searched = indexer.searched(output)
            self.to_parent((dest_uri, searched))
            return output
        self.progress.tick()
        if self.indexer is not None:
            self.indexer.page_written(page.file.dest_uri, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the feeds, and the list of commentable articles the comment handler reads
        (both need `site_url`: they hold full addresses); index the articles for search."""
        assert self.publication is not None
        if self.second is not None:
            try:
                self.second.finish()
            finally:
                self.second = None
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
        self.progress.phase("feeds, sitemaps, redirects, comment list")
        if config.site_url:
            self._write_extras(config)
        self.progress.finish()

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
        try:
            return Indexer(Path(config.site_dir), self.publication, options)
        except SearchError as error:
            raise PluginError(f"bulletin: {error}") from error

    def on_build_error(self, *, error: Exception) -> None:
        if self.second is not None:
            self.second.stop()
            self.second = None
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None


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
        self.forked = Forked(partial(self._render_share, candidates[1::2], nav), self._received)

    def _render_share(self, share: list[File], nav: Navigation, send: Send) -> None:
        """In the second process."""
        self.plugin.to_parent, self.plugin.progress.live = send, False
        self.plugin.second = None  # here it reads and renders every page of its share
        config, files = self.config, self.files
        for page in nav.pages:  # the menu shows their titles, which their Markdown may give
            _populate_page(page, config, files)
        for file in share:
            page = file.page or Page(None, file, config)
            _populate_page(page, config, files)
        send(("anchors", *_anchors_of(share)))
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        pages = files.documentation_pages()
        for file in share:
            assert file.page is not None
            _build_page(file.page, config, pages, nav, env)

    def _received(self, message: object) -> None:
        """In the first process (the pipe's reader thread)."""
        assert isinstance(message, tuple)
        if message[0] == "anchors":
            self._anchors = message[1]
            self.links = message[2]
            self.anchors_ready.set()
        else:
            self.plugin.written_elsewhere(*message)

    def hand_over(self) -> None:
        """After the Markdown: wait for the anchors of the second's pages, then keep MkDocs
        from writing those pages."""
        while not self.anchors_ready.wait(0.1):
            if not self.forked.running():
                self.finish()  # raises the second process's error, if it said one
                raise PluginError("bulletin: the second build process ended before its pages")
        for src_uri, anchors in self._anchors.items():
            file = self.files.get_file_from_path(src_uri)
            assert file is not None and file.page is not None
            file.page.present_anchor_ids = anchors
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs' loop skips them

    def finish(self) -> None:
        """Wait for the second process; check the anchors its pages link to, as MkDocs does."""
        try:
            self.forked.join()
        except WorkerError as error:
            raise PluginError(f"bulletin: the second build process failed: {error}") from error
        level = self.config.validation.links.anchors
        for src_uri, links in self.links.items():
            file = self.files.get_file_from_path(src_uri)
            assert file is not None and file.page is not None
            file.page.links_to_anchors = {
                target: anchors
                for to_uri, anchors in links.items()
                if (target := self.files.get_file_from_path(to_uri)) is not None
            }
            file.page.validate_anchor_links(files=self.files, log_level=level)

    def stop(self) -> None:
        self.forked.stop()


def _anchors_of(
    share: list[File],
) -> tuple[dict[str, set[str]], dict[str, dict[str, dict[str, str]]]]:
    """The anchors each page has, and the anchors each links to (by docs path)."""
    anchors, links = {}, {}
    for file in share:
        assert file.page is not None
        anchors[file.src_uri] = file.page.present_anchor_ids or set()
        if file.page.links_to_anchors:
            links[file.src_uri] = {
                target.src_uri: dict(found) for target, found in file.page.links_to_anchors.items()
            }
    return anchors, links


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


def _announce_hidden(publication: Publication) -> None:
    """Tell the editor where the preview shows what the site does not publish yet."""
    catalog = publication.catalog
    for article in catalog.articles:
        if not article.is_public(publication.now):
            url = "/" + catalog.path_of(article)
            state = "bản nháp" if article.draft else "chưa đến giờ đăng"
            log.info(f"Xem trước ({state}): {url} ({article.src_uri})")


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
        for derived in ("url", "abs_dest_path"):
            file.__dict__.pop(derived, None)
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
