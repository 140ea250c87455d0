"""The build writes beside the site and takes its place only when it succeeded
(`bulletin.build.staging`): MkDocs' side of it, its `site_dir` and its count of warnings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import CountHandler

from bulletin.build.last_site import Identify, LastSite, SiteRecord, Source, record_whole
from bulletin.build.staging import discard, is_staging, replace_site, staging_folder

log = get_plugin_logger(__name__)

WriteAgain = Callable[[Source, Path], None]
"""Write a file kept in the last site again, from its source, at a path of the staging folder."""


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
        self.staging = staging_folder(self.site)
        config.site_dir = str(self.staging)
        self.record: tuple[SiteRecord, WriteAgain, Identify] | None = None
        """The record of what is published, and how kept files are written again and written
        ones identified (`follow`)."""
        self.last: LastSite | None = None
        """The site as the last build published it, if recorded: then only what changed is
        written (`bulletin.build.last_site`)."""

    def follow(self, record: SiteRecord, write_again: WriteAgain, identify: Identify) -> None:
        """Record what each build publishes in `record`; if it knows the last site, write only
        what changed into the staging folder."""
        self.record = record, write_again, identify
        self.last = LastSite.of(self.site, self.staging, record)

    @classmethod
    def of(cls, config: MkDocsConfig, dirty: bool, log: logging.Logger) -> StagedSite | None:
        """Build beside the site; `--dirty` builds in place (it keeps what is there), as does
        a build whose site is a staging folder already."""
        if dirty or is_staging(Path(config.site_dir)):
            return None
        return cls(config, log)

    def publish(self) -> bool:
        """Put the new site in the place of the last one (or, if the last is recorded, its
        changes into it), unless MkDocs stops the build next (`--strict` and a warning: then
        `discard` comes)."""
        self.generator_log.removeHandler(self.warned)
        if self.config.strict and self.warned.get_counts():
            return False
        if self.last is None:
            replace_site(self.staging, self.site)
        if self.record is not None:
            self._publish_recorded(*self.record)
        self.config.site_dir = str(self.site)  # `gh-deploy` publishes it next
        return True

    def _publish_recorded(
        self, record: SiteRecord, write_again: WriteAgain, identify: Identify
    ) -> None:
        """Merge the changes into the last site, or record the site written whole."""
        if self.last is None:
            problem = record_whole(self.site, record, identify)
        else:
            try:
                problem = self.last.publish(write_again, identify)
            except OSError as error:
                raise PluginError(
                    f"bulletin: cannot put the changed files into {self.site} ({error}); it "
                    "is as the last build left it"
                ) from error
        if problem is not None:
            log.warning(
                f"cannot record the published site in {record.path} ({problem}): the next "
                "build writes every file again"
            )

    def discard(self) -> None:
        """A failed build: what it wrote goes, the last site stays."""
        self.generator_log.removeHandler(self.warned)
        discard(self.staging)
        self.config.site_dir = str(self.site)
