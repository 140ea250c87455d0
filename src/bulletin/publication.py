"""What one build publishes: articles, registry, indexes and generated pages, and the view of
each page. The MkDocs plugin asks this object; it knows nothing of MkDocs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from bulletin.articles.catalog import Catalog, Settings
from bulletin.articles.model import Article
from bulletin.articles.problems import Problem
from bulletin.comments.articles import CommentableArticle
from bulletin.comments.identity import publication_day
from bulletin.comments.published import CommentsView, PublishedComments, encode_articles
from bulletin.outputs.addresses import full_address
from bulletin.outputs.feeds import ATOM_FILE, JSON_FILE, RSS_FILE, Channel, atom, json_feed, rss
from bulletin.outputs.redirects import alias_path, redirect_page
from bulletin.outputs.sitemaps import NEWS_FILE, news_sitemap
from bulletin.outputs.structured import Head, Publisher, article_head, person_head
from bulletin.registries.registry import Registry
from bulletin.views.home import HomeOptions, home_view
from bulletin.views.indexes import Indexes, PersonEntry, build_indexes
from bulletin.views.interface import Interface, load_interface
from bulletin.views.listing import article_links, listing_view
from bulletin.views.listings import (
    ARCHIVE,
    DOCUMENTS,
    PEOPLE,
    Listing,
    document_uri,
    group_uri,
    listings,
    page_uri,
    person_uri,
)
from bulletin.views.models import ArticleView, HomeView, ImageOf, ListingView, article_view

UrlOf = Callable[[str], str]


@dataclass(frozen=True)
class Options:
    per_page: int = 20
    other_news: int = 6
    related: int = 6
    home: HomeOptions = field(
        default_factory=lambda: HomeOptions(
            featured=5, latest=20, per_category=5, announcements=None
        )
    )
    comments_url: str | None = None
    """Where comment forms post (the handler); None: comments are closed."""
    feed_length: int = 50
    interface: Interface = field(default_factory=lambda: load_interface({}))
    """The words of the pages the views make: titles, labels (the shipped ones by default)."""


class Publication:
    """Every page of one build. In the preview, drafts and embargoed articles get a page too
    (never a place in a list)."""

    def __init__(
        self,
        catalog: Catalog,
        registry: Registry,
        settings: Settings,
        now: datetime,
        preview: bool = False,
        options: Options = Options(),
        comments: PublishedComments | None = None,
        taken: Collection[str] = (),
    ) -> None:
        self.catalog, self.registry, self.now, self.options = catalog, registry, now, options
        self.comments = comments or PublishedComments(Path("/nonexistent"), "")
        self.zone = settings.zone
        public = catalog.public(now)
        self.indexes: Indexes = build_indexes(public, registry, settings.zone)
        shown = catalog.articles if preview else public
        self.articles = {article.src_uri: article for article in shown}
        self.interface = options.interface
        self.listings = {
            listing.src_uri: listing
            for listing in listings(self.indexes, options.per_page, self.interface)
        }
        self.aliases, self.alias_problems = self._aliases(taken)
        self._lastmod: dict[str, str | None] = {}

    @property
    def problems(self) -> list[Problem]:
        return [
            *self.catalog.problems,
            *self.registry.problems,
            *self.comments.problems,
            *self.alias_problems,
        ]

    def _aliases(self, taken: Collection[str]) -> tuple[dict[str, Article], list[Problem]]:
        """The redirect page of each old address, by output path; an old address that is the
        address of a page, or of another article's old one, is an error."""
        pages = {*taken, *self.catalog.dest_uris.values()}
        pages.update(src.removesuffix(".md") + ".html" for src in self.listings)
        found: dict[str, Article] = {}
        problems = []
        for article in reversed(self.indexes.articles):  # the oldest keeps a shared one
            for alias in article.aliases:
                path = alias_path(alias)
                other = found.get(path)
                if path in pages or other is not None:
                    whose = self.shown(other) if other else "một trang đang có của trang web"
                    message = f"/{alias} đã là địa chỉ của {whose} (cần: một địa chỉ cũ)"
                    problems.append(
                        Problem(self.shown(article), article.line, 1, "aliases", message)
                    )
                    continue
                found[path] = article
        return found, problems

    def shown(self, article: Article | None) -> str:
        return f"{self.catalog.shown_dir}/{article.src_uri}" if article else ""

    def redirects(self, site_url: str) -> dict[str, bytes]:
        """The page left at each old address, sending readers on to the article's address."""
        pages = {
            path: redirect_page(article, self.url_of(article, site_url), self.interface)
            for path, article in self.aliases.items()
        }
        return {path: page.encode("utf-8") for path, page in pages.items()}

    def is_listed(self, article: Article) -> bool:
        return id(article) in self.indexes.spoke

    def navigation(self) -> list[tuple[str, str]]:
        """(title, page) for the site's menu: categories in order, people, documents, archive."""
        categories = self.indexes.categories_in_order()
        ui = self.interface
        return [
            *((category.name, group_uri(category, "category")) for category in categories),
            (ui("list.people"), page_uri(PEOPLE, 1)),
            (ui("list.documents"), page_uri(DOCUMENTS, 1)),
            (ui("list.archive"), page_uri(ARCHIVE, 1)),
        ]

    def autolinks(self, article: Article) -> dict[str, str]:
        """Mentions to link in the body: codes and speakers' names → Markdown paths from it."""
        if not self.is_listed(article):
            return {}
        here = posixpath.dirname(article.src_uri)
        targets: dict[str, str] = {}
        for speaker, entry in zip(article.speakers, self.indexes.spoke[id(article)], strict=True):
            names = [speaker.name, entry.name, *(entry.person.aliases if entry.person else ())]
            for name in names:
                targets.setdefault(name, relative_path(person_uri(entry), here))
        for resolution, document in zip(
            article.resolutions, self.indexes.cited[id(article)], strict=True
        ):
            if resolution.code:
                targets.setdefault(
                    resolution.code.text, relative_path(document_uri(document), here)
                )
        return targets

    def article_view(
        self, article: Article, url_of: UrlOf, image_of: ImageOf | None = None
    ) -> ArticleView:
        links = None
        if self.is_listed(article):
            options = self.options
            links = article_links(
                article, self.indexes, url_of, options.other_news, options.related, image_of
            )
        image = image_of(article) if image_of is not None else None
        view = article_view(article, self.zone, url_of, self.now, self.interface, links, image)
        titles = (
            self.indexes.titles_at_time(article)
            if self.is_listed(article)
            else [speaker.title for speaker in article.speakers]
        )
        return replace(view, comments=self.comments_view(article), speaker_titles=titles)

    def comments_view(self, article: Article) -> CommentsView | None:
        """The comments box: approved comments, and the form unless comments are closed."""
        article_id = self.catalog.ids[article.src_uri]
        action = self.options.comments_url if article.comments else None
        view = self.comments.view(article_id, self.day_of(article), self.zone, action)
        return view if action or view.total else None

    def day_of(self, article: Article) -> str:
        """The day the article was published, in the site's zone: with its id, what its
        comments are bound to."""
        return publication_day(article.date, self.zone)

    def orphaned_comments(self) -> list[Problem]:
        """A warning for each exported comment file that no article of the site shows."""
        days = {self.catalog.ids[a.src_uri]: self.day_of(a) for a in self.catalog.articles}
        return [orphan.problem() for orphan in self.comments.orphans(days)]

    def head(self, src_uri: str, site: Publisher, absolute: UrlOf) -> Head | None:
        """Meta tags and JSON-LD of an article's or a person's page (None for other pages);
        `absolute` turns a docs path into a full address."""
        article = self.articles.get(src_uri)
        listing = self.listings.get(src_uri)
        if article is not None and self.is_listed(article):
            image = absolute(article.image.src) if article.image else None
            category = absolute(group_uri(self.indexes.category_of(article), "category"))
            titles = self.indexes.titles_at_time(article)
            return article_head(
                article, site, absolute(article.src_uri), image, category, titles, self.zone
            )
        if listing is not None and isinstance(listing.subject, PersonEntry) and listing.number == 1:
            person = listing.subject.person
            photo = absolute(person.photo) if person and person.photo else None
            people = self.interface("list.people")
            return person_head(listing.subject, site, absolute(src_uri), photo, people)
        return None

    def url_of(self, article: Article, site_url: str) -> str:
        """The canonical address of an article."""
        return full_address(site_url, self.catalog.path_of(article))

    def feeds(self, site_url: str, name: str, description: str) -> dict[str, bytes]:
        """Every feed file by its path in the site: the whole site's, each category's, and the
        Google News sitemap."""
        length = self.options.feed_length
        channels = [Channel(name, description, site_url, site_url, self.indexes.articles[:length])]
        for category in self.indexes.categories.values():
            home = full_address(site_url, group_uri(category, "category").removesuffix("index.md"))
            title = f"{category.name} - {name}"
            channels.append(Channel(title, description, home, home, category.articles[:length]))
        url_of = partial(self.url_of, site_url=site_url)
        news = news_sitemap(self.indexes.articles, url_of, name, self.now, self.zone)
        files: dict[str, bytes] = {NEWS_FILE: news}
        for channel in channels:
            folder = channel.base.removeprefix(site_url)
            files[folder + RSS_FILE] = rss(channel, url_of, self.zone)
            files[folder + ATOM_FILE] = atom(channel, url_of, self.zone)
            files[folder + JSON_FILE] = json_feed(channel, url_of, self.zone)
        return files

    def comment_list(self, site_url: str) -> str:
        """`comments/articles.json`: the public articles, with whether they take comments."""
        open_ = self.options.comments_url is not None
        return encode_articles(
            CommentableArticle(
                self.catalog.ids[article.src_uri],
                self.url_of(article, site_url),
                article.title,
                open_ and article.comments,
                self.day_of(article),
            )
            for article in self.indexes.articles
        )

    def lastmod(self, src_uri: str) -> str | None:
        """When a page last changed: an article's update or date, a list's newest article
        (worked out once a page: the sitemap and the page's metadata both ask)."""
        if src_uri not in self._lastmod:
            self._lastmod[src_uri] = self._find_lastmod(src_uri)
        return self._lastmod[src_uri]

    def _find_lastmod(self, src_uri: str) -> str | None:
        article = self.articles.get(src_uri)
        listing = self.listings.get(src_uri)
        if article is not None:
            return (article.updated or article.date).astimezone(self.zone).isoformat()
        shown = [entry.article for entry in listing.entries] if listing else []
        newest = shown or (self.indexes.articles[:1] if listing else [])
        if not newest:
            return None
        return max(a.updated or a.date for a in newest).astimezone(self.zone).isoformat()

    def listing_view(
        self, listing: Listing, url_of: UrlOf, image_of: ImageOf | None = None
    ) -> ListingView:
        return listing_view(listing, self.zone, url_of, self.interface, image_of)

    def home_view(self, url_of: UrlOf, image_of: ImageOf | None = None) -> HomeView:
        return home_view(self.indexes, url_of, self.options.home, self.interface, image_of)


def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath` for two docs paths (relative, normalized), without its look at the
    working folder: `nhan-vat/a/index.md` from `articles/2024` is `../../nhan-vat/a/index.md`."""
    to, here = target.split("/"), start.split("/") if start else []
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."
