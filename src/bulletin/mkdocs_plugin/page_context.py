"""What the templates get besides MkDocs' context: each page's view, which rendering it
shares with other pages, and its structured data."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from bulletin.mkdocs_plugin.lead_photos import root_of
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.outputs.addresses import full_address
from bulletin.outputs.structured import Publisher
from bulletin.text.dates import TODAY_LINE_PATTERN, weekday_names
from bulletin.text.vietnamese import normalize


def page_extras(state: BuildState, base_url: str, page: Page) -> dict[str, object]:
    """The page's view (article, list, home page), the rendering it shares with others
    (main.html), its head's structured data."""
    publication, config = state.publication, state.config
    assert publication is not None
    url_of = partial(_url, state.by_path, page=page)
    image_of = state.photos.image_of(root_of(page.url)) if state.photos is not None else None
    article = publication.articles.get(page.file.src_uri)
    listing = publication.listings.get(page.file.src_uri)
    extra: dict[str, object] = {}
    if article is not None:
        extra["article"] = publication.article_view(article, url_of, image_of)
    elif listing is not None:
        extra["listing"] = publication.listing_view(listing, url_of, image_of)
    if page.is_homepage:
        extra["home"] = publication.home_view(url_of, image_of)
    shared = state.sharing.key(page.url)
    extra["bulletin_shared"] = shared
    extra["bulletin_shared_nav"] = _shared_nav(state, shared, page)
    if config.site_url:
        absolute = partial(_absolute, state.by_path, config.site_url)
        publisher = _publisher(state, absolute)
        extra["head"] = publication.head(page.file.src_uri, publisher, absolute)
    return extra


def _shared_nav(state: BuildState, shared: str, page: Page) -> str | None:
    """Which menu a page shares (main.html, block site_nav): the one of every page outside
    the menu (where no item is the current page's) whose links to it are the same
    (`SharedRendering`); None for the others."""
    features = state.config.theme.get("features") or []
    if page.file.src_uri in state.menu or page.meta.get("hide") or "toc.integrate" in features:
        return None
    return shared


def _publisher(state: BuildState, absolute: Callable[[str], str]) -> Publisher:
    config = state.config
    logo = state.options.publisher_logo or config.theme.get("logo")
    absolute_logo = absolute(logo) if logo and normalize(logo) in state.by_path else None
    return Publisher(config.site_name, config.site_url or "", absolute_logo)


def _absolute(by_path: dict[str, File], site_url: str, src: str) -> str:
    """The full address of a file of the site, from its docs path."""
    return full_address(site_url, by_path[normalize(src)].url)


def _url(by_path: dict[str, File], src: str, *, page: Page) -> str:
    target = by_path.get(normalize(src))
    if target is None:
        raise PluginError(f"bulletin: {src} disappeared during the build")
    return target.url_relative_to(page.file)


def template_globals(state: BuildState) -> dict[str, object]:
    """What every template may use besides its context: the parts of today's date line, which
    the masthead's script writes in the reader's browser (partials/header.html), and the words
    of the interface (`ui("home.latest")`)."""
    today = {"zone": state.options.timezone, "pattern": TODAY_LINE_PATTERN}
    return {"bulletin_today": {**today, "weekdays": weekday_names()}, "ui": state.interface}


class RenderedOnce:
    """`bulletin_once(key)` in a template: the block it is called with, rendered the first
    time a key is asked for, then given again as it was."""

    def __init__(self) -> None:
        self.rendered: dict[str, Markup] = {}

    def __call__(self, key: str, caller: Callable[[], Markup]) -> Markup:
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]


def shared_targets(nav: Navigation, config: MkDocsConfig) -> list[str]:
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


def _menu_urls(items: list[Any]) -> list[str]:
    """The address of every page and link of the menu."""
    urls: list[str] = []
    for item in items:
        if isinstance(item, Section):
            urls += _menu_urls(item.children)
        elif isinstance(item, Page | Link):
            urls.append(item.url)
    return urls


def _absolute_address(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith(("/", "#"))


def outline(items: list[Any]) -> list[object]:
    """The menu as the templates see it: titles, addresses, sections."""
    found: list[object] = []
    for item in items:
        if isinstance(item, Section):
            found.append((str(item.title), outline(item.children)))
        elif isinstance(item, Page | Link):
            found.append((str(item.title), item.url, getattr(item, "is_homepage", False)))
    return found
