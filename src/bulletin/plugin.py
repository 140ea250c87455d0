"""The MkDocs plugin: a thin layer that hands MkDocs' files to the plain modules and back."""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from bulletin.articles import Article
from bulletin.catalog import Catalog, Settings, check_url_format, load
from bulletin.config import BulletinConfig
from bulletin.dates import site_zone
from bulletin.figures import FiguresExtension
from bulletin.problems import has_errors, report
from bulletin.vietnamese import heading_anchor, normalize
from bulletin.view import article_view, teaser

log = get_plugin_logger(__name__)

ARTICLE_TEMPLATE = "article.html"


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Reads and validates every article before MkDocs renders anything, then serves them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        """The articles given a page: the public ones (and, in the preview, all)."""
        self.latest: list[Article] = []
        """The public articles, newest first."""
        self.preview = False
        """`mkdocs serve`: drafts and embargoed articles shown with a notice, errors logged."""
        self.now = datetime.now()
        self.settings: Settings | None = None
        self.by_path: dict[str, File] = {}
        """Every file of the site by its path in NFC (macOS writes file names in NFD)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            zone = site_zone(self.config.timezone)
            self.settings = Settings(zone, check_url_format(self.config.url_format))
        except ValueError as error:
            raise PluginError(f"bulletin: {error}") from error
        _require_template(config)
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", heading_anchor)
        config.markdown_extensions.append(FiguresExtension())  # type: ignore[arg-type]
        return config

    # Read the articles last, so that files other plugins add (images too) are known.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        prefix = self.config.articles_dir.strip("/") + "/"
        self.by_path = {normalize(file.src_uri): file for file in files}
        sources = [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]
        catalog = load(
            Path(config.docs_dir),
            [file.src_uri for file in sources],
            self.settings,
            exists=self.by_path.__contains__,
            shown_dir=_shown_dir(config),
            taken={f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)},
        )
        _report(catalog, self.preview)
        self.now = datetime.now(self.settings.zone)
        self.latest = catalog.public(self.now)
        shown = catalog.articles if self.preview else self.latest
        self.articles = _publish(catalog, shown, files, sources, self.by_path)
        if self.preview:
            _announce_hidden(catalog, self.now)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page's Markdown in NFC; an article's without its front-matter (read already)."""
        article = self.articles.get(page.file.src_uri)
        if article is not None:
            # A leading blank line keeps MkDocs from reading the body's start as metadata.
            return "\n" + article.body
        return normalize(page.file.content_string)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        article = self.articles.get(page.file.src_uri)
        if article is not None:
            # Material prints these with autoescape off: they go out escaped.
            page.meta = {"title": escape(article.title), "template": ARTICLE_TEMPLATE}
            if article.lead:
                page.meta["description"] = escape(article.lead)
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.settings is not None
        zone, url_of = self.settings.zone, partial(_url, self.by_path, page=page)
        article = self.articles.get(page.file.src_uri)
        if article is not None:
            context["article"] = article_view(article, zone, url_of, self.now)  # type: ignore[typeddict-unknown-key]
        if page.is_homepage:
            latest = self.latest[: self.config.latest]
            context["latest"] = [teaser(a, zone, url_of(a.src_uri)) for a in latest]  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Every HTML page is written in NFC, whatever a template or extension added."""
        return normalize(output)


def _require_template(config: MkDocsConfig) -> None:
    dirs = config.theme.dirs
    if not any(os.path.isfile(os.path.join(folder, ARTICLE_TEMPLATE)) for folder in dirs):
        raise PluginError(
            f"bulletin: no {ARTICLE_TEMPLATE} in the theme's folders {dirs} "
            "(expected theme.custom_dir: overrides, the folder that ships with Bulletin)"
        )


def _shown_dir(config: MkDocsConfig) -> str:
    """The docs folder as editors see it: relative to `mkdocs.yml` (usually `docs`)."""
    base = os.path.dirname(config.config_file_path or "") or os.getcwd()
    return Path(os.path.relpath(config.docs_dir, base)).as_posix()


def _report(catalog: Catalog, preview: bool) -> None:
    """Stop the build on any error, listing every problem; otherwise log the warnings.

    The preview never stops: it logs every problem and leaves out the articles it cannot read.
    """
    if has_errors(catalog.problems) and not preview:
        raise PluginError(report(catalog.problems))
    for problem in sorted(catalog.problems):
        (log.error if problem.is_error else log.warning)(str(problem))


def _announce_hidden(catalog: Catalog, now: datetime) -> None:
    """Tell the editor where the preview shows what the site does not publish yet."""
    for article in catalog.articles:
        if not article.is_public(now):
            url = "/" + catalog.dest_uris[article.src_uri].removesuffix("index.html")
            state = "bản nháp" if article.draft else "chưa đến giờ đăng"
            log.info(f"Xem trước ({state}): {url} ({article.src_uri})")


def _publish(
    catalog: Catalog,
    articles: list[Article],
    files: Files,
    sources: list[File],
    by_path: dict[str, File],
) -> dict[str, Article]:
    """Give `articles` their URL; other article files (drafts, embargoed and invalid ones)
    produce no output, nor do the images that only they show."""
    public = {article.src_uri: article for article in articles}
    for path in catalog.withheld_images(set(public)):
        image = by_path.pop(path, None)
        if image is not None:
            files.remove(image)
    for file in sources:
        if file.src_uri not in public:
            files.remove(file)
            continue
        file.dest_uri = catalog.dest_uris[file.src_uri]
        for derived in ("url", "abs_dest_path"):
            file.__dict__.pop(derived, None)
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return public


def _url(by_path: dict[str, File], src: str, *, page: Page) -> str:
    target = by_path.get(src)
    if target is None:
        raise PluginError(f"bulletin: {src} disappeared during the build")
    return target.url_relative_to(page.file)
