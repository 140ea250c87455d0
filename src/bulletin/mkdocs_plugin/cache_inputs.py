"""What every page of a build is made of besides its own inputs, as the page cache's key: the
software, the theme's files by their content, the configuration with the Markdown extensions
(`markdown_inputs`), the values MkDocs gives every page's template, whether this is the
preview. What the key cannot see into turns the cache off (`UnseenInput`: one notice)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_build_date

from bulletin.cache.folders import Memo, content_digests
from bulletin.cache.pages import UnseenInput, digest, fingerprint, plain
from bulletin.cache.pages import site_key as key_of
from bulletin.cache.templates import template_reads
from bulletin.mkdocs_plugin.config import BulletinConfig
from bulletin.mkdocs_plugin.markdown_inputs import extensions_key

__all__ = ["UnseenInput", "site_key"]

OPTIONS_UNSEEN = {"workers", "page_cache", "search_cache"}
SETTINGS_SKIPPED = {
    "config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "strict", "plugins", "theme",
    "markdown_extensions", "mdx_configs",
}  # fmt: skip
"""Configuration that changes no page (paths, the preview's address) or is read apart."""

CONTEXT_KEYED = {
    "config": "the configuration, in the site's key",
    "nav": "the menu, in every template key",
    "page": "its Markdown's key, what its links led to, its address",
    "base_url": "the page's address",
    "extra_css": "the configuration and the page's address",
    "extra_javascript": "the configuration and the page's address",
    "mkdocs_version": "the installed software",
    "properdocs_version": "the installed software",
}
"""What MkDocs (or ProperDocs) gives every page's template (`get_context`) that other parts of
the key cover."""
BY_VALUE = ("build_date_utc",)
"""What MkDocs gives every page's template, the same for all: in the key by its value, if a
template reads it (only then: SOURCE_DATE_EPOCH changes with every commit in CI)."""
PAGE_BY_VALUE = "update_date"
"""An attribute of MkDocs' pages that is the build's date (`get_build_date`): in the key by its
value, if a template reads an attribute of that name."""


def site_key(config: MkDocsConfig, options: BulletinConfig, preview: bool, memo: Memo) -> str:
    """The key of what every page is made of (UnseenInput if it cannot be known); `memo` is
    in the page cache's folder."""
    changing = {"the built site": Path(config.site_dir), "the page cache": memo.folder}
    extensions = extensions_key(config.markdown_extensions, config.mdx_configs, memo, changing)
    folders = [Path(folder) for folder in config.theme.dirs]
    theme = list(zip(folders, content_digests(folders, memo), strict=True))
    settings = [_settings(config, options), extensions, _context(config, theme, memo)]
    return key_of(settings, digest(*(part for _, part in theme)), preview)


def _settings(config: MkDocsConfig, options: BulletinConfig) -> object:
    """The configuration as the page cache's key sees it."""
    settings = {key: value for key, value in config.items() if key not in SETTINGS_SKIPPED}
    theme = config.theme
    settings["theme"] = {"name": theme.name, "dirs": theme.dirs, **theme}
    settings["bulletin"] = {  # not the options that change no page
        name: value for name, value in options.items() if name not in OPTIONS_UNSEEN
    }
    try:
        return plain(settings)
    except TypeError as why:
        raise UnseenInput(f"the configuration holds {why}") from None


def _context(
    config: MkDocsConfig, theme: list[tuple[Path, str]], memo: Memo
) -> list[tuple[str, str]]:
    """The values MkDocs gives every page's template that the theme's templates read and no
    other part of the key covers: `BY_VALUE`, `PAGE_BY_VALUE`. A value MkDocs gives that is in
    neither these nor `CONTEXT_KEYED` (one a later MkDocs adds), read by a template, turns the
    cache off: it may differ from one page to the next."""
    env, static = config.theme.get_env(), config.theme.static_templates
    names, attributes = template_reads(env, theme, static, memo)
    given: dict[str, object] = dict(get_context(cast(Navigation, None), [], config))
    unknown = sorted(names.intersection(given).difference(CONTEXT_KEYED, BY_VALUE))
    if unknown:
        raise UnseenInput(
            f"the theme's templates read {', '.join(unknown)}, which MkDocs gives them and the "
            "key does not know"
        )
    values = [(name, fingerprint(given[name])) for name in BY_VALUE if name in names]
    if PAGE_BY_VALUE in attributes:
        values.append((f"page.{PAGE_BY_VALUE}", get_build_date()))
    return values
