"""Redirect pages: each old address of an article (`aliases:`) sends readers and crawlers on
to its current one, without JavaScript (meta refresh) and with the canonical link."""

from __future__ import annotations

from html import escape

from bulletin.articles.model import Article

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
<p>Bài viết đã chuyển đến địa chỉ mới: <a href="{url}">{title}</a>.</p>
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


def redirect_page(article: Article, url: str) -> str:
    """The page left at an old address of `article`, whose address is now `url`."""
    return TEMPLATE.format(title=escape(article.title), url=escape(url, quote=True))
