"""The MkDocs plugin: a thin layer that hands MkDocs' files to the plain modules and back."""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import escape
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

log = get_plugin_logger(__name__)

TEMPLATES = ("article.html", "listing.html", "home.html")
DATA_DIR = "_data"
COMMENT_LIST = "comments/articles.json"


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Reads and validates every article before MkDocs renders anything, then serves them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        """`mkdocs serve`: drafts and embargoed articles shown with a notice, errors logged."""
        self.settings: Settings | None = None
        self.publication: Publication | None = None
        self.by_path: dict[str, File] = {}
        """Every file of the site by its path in NFC (macOS writes file names in NFD)."""
        self.autolinks = AutoLinks()
        self.site_url: str | None = None
        self.progress = Progress(log.info)
        self.indexer: Indexer | None = None
        """Search: the articles indexed while the pages are written (not in the preview)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"

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
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.progress.phase("writing pages", len(files.documentation_pages()))
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.progress.tick()
        return html

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page's Markdown in NFC; an article's without its front-matter (read already)."""
        assert self.publication is not None
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
        if config.site_url:
            extra["head"] = publication.head(page.file.src_uri, self._site(config), self._absolute)
        context.update(extra)  # type: ignore[typeddict-item]
        return context

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
        self.progress.tick()
        output = normalize(output)
        if self.indexer is not None:
            self.indexer.page_written(page.file.dest_uri, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the feeds, and the list of commentable articles the comment handler reads
        (both need `site_url`: they hold full addresses); index the articles for search."""
        assert self.publication is not None
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
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None


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
