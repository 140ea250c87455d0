"""Options of the `bulletin` plugin in `mkdocs.yml`."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from bulletin.site import DEFAULTS


class BulletinConfig(base.Config):  # type: ignore[no-untyped-call]
    """`plugins: - bulletin: {articles_dir: articles, timezone: Asia/Ho_Chi_Minh, ...}`."""

    articles_dir = c.Type(str, default=DEFAULTS["articles_dir"])
    """Folder of `docs/` whose Markdown files are articles (all of its subfolders too)."""

    timezone = c.Type(str, default=DEFAULTS["timezone"])
    """Zone of times written without an offset, of date lines and of the embargo clock."""

    url_format = c.Type(str, default=DEFAULTS["url_format"])
    """Article URLs from {yyyy}, {mm}, {dd} (publish date, in the site's zone), {slug} (from
    the title or the slug field) and {name} (the file's name)."""

    latest = c.Type(int, default=DEFAULTS["latest"])
    """How many of the newest articles the home page lists."""
