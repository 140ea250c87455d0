"""What every page of a build is made of besides its own inputs, as the page cache's key: the
software, the theme, the configuration, whether this is the preview."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from bulletin.cache.pages import installed, plain
from bulletin.cache.pages import site_key as key_of
from bulletin.mkdocs_plugin.config import BulletinConfig


class UnseenInput(Exception):
    """Something pages are made of that the key cannot see into: the cache is off."""


OPTIONS_UNSEEN = {"workers", "page_cache", "search_cache"}
SETTINGS_SKIPPED = {
    "config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "strict", "plugins", "theme",
}  # fmt: skip
"""Configuration that changes no page (paths, the preview's address) or is read apart."""


def site_key(config: MkDocsConfig, options: BulletinConfig, preview: bool) -> str:
    """The key of what every page is made of (UnseenInput if it cannot be known)."""
    theme = [Path(folder) for folder in config.theme.dirs if not installed(Path(folder))]
    return key_of(_settings(config, options), theme, preview)


def _settings(config: MkDocsConfig, options: BulletinConfig) -> object:
    """The configuration as the page cache's key sees it."""
    settings = {key: value for key, value in config.items() if key not in SETTINGS_SKIPPED}
    theme = config.theme
    settings["theme"] = {"name": theme.name, "dirs": theme.dirs, **theme}
    settings["markdown_extensions"] = [  # an instance's state is the last page's: its type
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]
    settings["bulletin"] = {  # not the options that change no page
        name: value for name, value in options.items() if name not in OPTIONS_UNSEEN
    }
    return plain(settings)
