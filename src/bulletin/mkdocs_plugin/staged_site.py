"""The build writes beside the site and takes its place only when it succeeded
(`bulletin.build.staging`): MkDocs' side of it, its `site_dir` and its count of warnings."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler

from bulletin.build.staging import discard, is_staging, replace_site, staging_folder


class StagedSite:
    """A build of `config.site_dir`, written into a staging folder beside it."""

    def __init__(self, config: MkDocsConfig, generator_log: logging.Logger) -> None:
        self.config, self.site = config, Path(config.site_dir)
        self.generator_log = generator_log
        self.warned = CountHandler()
        """Every warning of the build: under `--strict`, MkDocs stops the build after the
        post_build events if there was one, and the site must not be replaced."""
        self.warned.setLevel(logging.WARNING)
        generator_log.addHandler(self.warned)
        config.site_dir = str(staging_folder(self.site))

    @classmethod
    def of(cls, config: MkDocsConfig, dirty: bool, log: logging.Logger) -> StagedSite | None:
        """Build beside the site; `--dirty` builds in place (it keeps what is there), as does
        a build whose site is a staging folder already."""
        if dirty or is_staging(Path(config.site_dir)):
            return None
        return cls(config, log)

    def publish(self) -> bool:
        """Put the new site in the place of the last one, unless MkDocs stops the build
        next (`--strict` and a warning: then `discard` comes)."""
        self.generator_log.removeHandler(self.warned)
        if self.config.strict and self.warned.get_counts():
            return False
        replace_site(Path(self.config.site_dir), self.site)
        self.config.site_dir = str(self.site)  # `gh-deploy` publishes it next
        return True

    def discard(self) -> None:
        """A failed build: what it wrote goes, the last site stays."""
        self.generator_log.removeHandler(self.warned)
        discard(Path(self.config.site_dir))
        self.config.site_dir = str(self.site)
