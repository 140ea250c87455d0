"""Options of the `bulletin` plugin in `mkdocs.yml`, and their checks."""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from bulletin.editors.site_config import DEFAULTS


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

    per_page = c.Type(int, default=DEFAULTS["per_page"])
    """Articles per page of a category, tag, person, document or month list."""

    other_news = c.Type(int, default=DEFAULTS["other_news"])
    """How many articles "Tin khác" lists under an article (same category)."""

    related = c.Type(int, default=DEFAULTS["related"])
    """How many articles "Tin liên quan" lists (sharing speakers, documents or tags)."""

    featured = c.Type(int, default=DEFAULTS["featured"])
    """How many featured articles (`featured: true`) the home page shows."""

    per_category = c.Type(int, default=DEFAULTS["per_category"])
    """How many articles each category's block on the home page shows."""

    announcements = c.Optional(c.Type(str))
    """The category whose articles fill the home page's "Thông báo" box."""

    comments_url = c.Optional(c.Type(str))
    """Where comment forms post: the comment handler (`http://127.0.0.1:8081/comments` for
    `make comments`). Without it the comment box says comments are closed."""

    feed_length = c.Type(int, default=DEFAULTS["feed_length"])
    """How many of the newest articles each feed (RSS, Atom, JSON Feed) carries."""

    subtitle = c.Optional(c.Type(str))
    """The masthead's second line, under the site's name: the agency (`Cơ quan của Đảng bộ
    tỉnh …`)."""

    interface = c.Type(dict, default={})
    """The site's own words for the interface's texts, by their keys in
    `bulletin/data/interface.yml` (`home.latest: Tin mới nhất`)."""

    search = c.Type(bool, default=True)
    """Index the articles for the search page during `mkdocs build` (`bulletin.search`)."""

    workers = c.Optional(c.Type(int))
    """Processes that render and write the pages in `mkdocs build`, and read the articles:
    this one and `workers - 1` forked ones, each with its share of the pages (1: MkDocs alone).
    Default: the machine's cores (`os.cpu_count`). The preview and `--dirty` use one."""

    search_cache = c.Type(str, default=".cache/bulletin/search")
    """Folder, relative to `mkdocs.yml`, that keeps each part of the search index between
    builds, so that a rebuild indexes again only the parts whose articles changed."""

    page_cache = c.Type(str, default=".cache/bulletin/pages")
    """Folder, relative to `mkdocs.yml`, that keeps each page as the last build made it, by
    what it was made of: a build makes again only the pages whose Markdown, view ("Tin khác",
    related articles, comments...), links, menu, templates, configuration or software changed.
    Empty: off. Off too with plugins other than this one (what they add is not seen)."""

    image_cache = c.Type(str, default=".cache/bulletin/images")
    """Folder, relative to `mkdocs.yml`, that keeps the renditions of the lead photos by the
    photo's content: a photo's renditions are made once (the site gets copies)."""

    search_part_size = c.Type(int, default=2500)
    """Most articles in one part of the search index: a rebuild makes again the parts whose
    articles changed (about 2 s of CPU a thousand articles), and a query reads a few shards of
    every part (fewer, larger parts: fewer files a query)."""

    publisher_logo = c.Optional(c.Type(str))
    """The publisher's logo (a docs path) in structured data; default: `theme.logo`."""

    agency = c.Optional(c.Type(dict))
    """The publishing agency in every page's footer: `owner`, `licence` (`number`, `issuer`,
    `date`), `responsible` (`name`, `title`), `address`, `phone`, `fax`, `email`, `source`;
    each optional, checked by bulletin.views.agency (a problem is a warning)."""


TEMPLATES = ("article.html", "listing.html", "home.html")
COUNTS = (
    "latest", "per_page", "other_news", "related", "featured", "per_category", "feed_length",
    "search_part_size",
)  # fmt: skip


def check_options(config: MkDocsConfig, options: BulletinConfig) -> None:
    """Stop the build on options that cannot work (PluginError saying the fix)."""
    _require_templates(config)
    for name in COUNTS:
        if options[name] < 1:
            raise PluginError(
                f"bulletin: {name}: {options[name]} is not a count (expected 1 or more)"
            )
    if options.workers is not None and options.workers < 1:
        raise PluginError(
            f"bulletin: workers: {options.workers} is not a number of processes (expected 1 "
            "or more; leave it out for one per core)"
        )
    if options.comments_url and not config.site_url:
        raise PluginError(
            "bulletin: comments_url needs site_url (the comment handler sends readers back "
            "to the article's full address)"
        )


def _require_templates(config: MkDocsConfig) -> None:
    dirs = config.theme.dirs
    for template in TEMPLATES:
        if not any(os.path.isfile(os.path.join(folder, template)) for folder in dirs):
            raise PluginError(
                f"bulletin: no {template} in the theme's folders {dirs} "
                "(expected theme.custom_dir: overrides, the folder that ships with Bulletin)"
            )


def rendering_processes(options: BulletinConfig) -> int:
    """How many processes render the pages (`workers`; default: one per core)."""
    return int(options.workers or os.cpu_count() or 1)
