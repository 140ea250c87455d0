"""Redirect pages: each old address of an article (`aliases:`) sends readers and crawlers on
to its current one, without JavaScript (meta refresh) and with the canonical link."""

from __future__ import annotations

from html import escape

from bulletin.articles.model import Article
from bulletin.views.interface import Interface

TEMPLATE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
</head>
<body>
<p>{moved}</p>
</body>
</html>
"""


def alias_path(alias: str) -> str:
    """Where the redirect page of an old address is written: `tin-cu/` → `tin-cu/index.html`."""
    if alias.endswith("/"):
        return alias + "index.html"
    if alias.endswith((".html", ".htm")):
        return alias
    return alias + "/index.html"


def redirect_page(article: Article, url: str, interface: Interface) -> str:
    """The page left at an old address of `article`, whose address is now `url`; what it says
    is the `interface`'s `redirect.moved`, its `{link}` the article's title linked."""
    title, url = escape(article.title), escape(url, quote=True)
    link = f'<a href="{url}">{title}</a>'
    moved = escape(interface("redirect.moved")).replace("{link}", link)
    return TEMPLATE.format(title=title, url=url, moved=moved)
