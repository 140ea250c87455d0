"""An article's and a list page's metadata and automatic links, set before its Markdown (by
MkDocs' steps, or by the page cache's, which need not read the Markdown)."""

from __future__ import annotations

from markupsafe import escape
from mkdocs.structure.pages import Page

from bulletin.mkdocs_plugin.state import BuildState
from bulletin.publication import Publication


def prepare(state: BuildState, page: Page, publication: Publication) -> None:
    """Before an article's or a list page's Markdown: its automatic links and metadata."""
    article = publication.articles.get(page.file.src_uri)
    state.autolinks.set(publication.autolinks(article) if article else {})
    set_meta(page, publication)


def set_meta(page: Page, publication: Publication) -> None:
    """An article's and a list page's title and template (Material prints these with
    autoescape off: they go out escaped)."""
    src_uri = page.file.src_uri
    article = publication.articles.get(src_uri)
    listing = publication.listings.get(src_uri)
    if article is not None:
        page.meta = {"title": escape(article.title), "template": "article.html"}
        if article.lead:
            page.meta["description"] = escape(article.lead)
    elif listing is not None:
        page.meta = {"title": escape(listing.title), "template": "listing.html"}
