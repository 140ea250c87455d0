"""What one build knows, in one object made at `on_config`: MkDocs keeps the plugin from one
build to the next (the preview builds again and again), never this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from bulletin.articles.catalog import Settings
from bulletin.build.progress import Progress
from bulletin.build.sharing import SharedRendering
from bulletin.build.workers import Send
from bulletin.mkdocs_plugin.config import BulletinConfig
from bulletin.publication import Publication
from bulletin.search.indexer import Indexer
from bulletin.views.agency import Agency
from bulletin.views.autolinks import AutoLinks
from bulletin.views.interface import Interface

if TYPE_CHECKING:
    from bulletin.mkdocs_plugin.cached_pages import CachedPages
    from bulletin.mkdocs_plugin.lead_photos import LeadPhotos
    from bulletin.mkdocs_plugin.rendering import RenderingProcesses
    from bulletin.mkdocs_plugin.staged_site import StagedSite

MENU_AND_CACHE = "the menu, and the pages the cache kept"
"""The phase once MkDocs made its page objects: the menu, the search index's start, and the
page cache's entries read for the pages made one at a time (`RenderingProcesses`): most of a
rebuild's pages, found before any is rendered."""
WRITING = "writing pages"
"""The phase of the build that renders the templates and writes the pages (and, with the
speed machinery, the Markdown of the pages made one at a time: `rendering`)."""
RENDERING = "rendering Markdown"
"""The phase before, that renders the Markdown of the pages MkDocs' own loops make (with the
speed machinery, those of the menu and the pages that are not articles or lists)."""


@dataclass
class BuildState:
    """One build: its settings, what it read, and the parts that run only in some builds
    (the page cache, the other rendering processes, search, the staged site)."""

    options: BulletinConfig
    config: MkDocsConfig
    settings: Settings
    preview: bool
    """`mkdocs serve`: drafts and embargoed articles shown with a notice, errors logged."""
    dirty: bool
    """`--dirty`: MkDocs renders only the pages whose files changed (one process)."""
    processes: int
    """The processes that render pages (`workers`): 1 in the preview, with `--dirty`, on a
    MkDocs version not tested (`internals`) or where this process cannot fork."""
    speedups: bool
    """Whether the page cache and the other processes may reach into MkDocs (`internals`)."""
    progress: Progress
    interface: Interface
    """The words of the interface (`interface`)."""
    autolinks: AutoLinks = field(default_factory=AutoLinks)
    publication: Publication | None = None
    by_path: dict[str, File] = field(default_factory=dict)
    """Every file of the site by its path in NFC (macOS writes file names in NFD)."""
    files: Files | None = None
    nav: Navigation | None = None
    menu: set[str] = field(default_factory=set)
    """The pages in the navigation menu."""
    sitemap: Sequence[File] | None = None
    """The pages the sitemap lists, if the theme has one (`sitemap.xml`): every page, known
    at `on_nav`, before any other process is forked."""
    targets: set[str] = field(default_factory=set)
    """The paths of every file MkDocs writes in this build (`on_nav`)."""
    blank: list[str] = field(default_factory=list)
    """The paths of pages whose output is blank, which MkDocs does not write."""
    sharing: SharedRendering = field(default_factory=lambda: SharedRendering(()))
    """Which pages share the rendering of the menu and the head's links."""
    indexer: Indexer | None = None
    """Search: the articles indexed while the pages are written (not in the preview)."""
    photos: LeadPhotos | None = None
    """The lead photos' renditions (`on_files`)."""
    cache: CachedPages | None = None
    """Pages as earlier builds made them (`page_cache`)."""
    rendering: RenderingProcesses | None = None
    """The pages made one at a time, here and in the other processes (`workers`)."""
    to_parent: Send | None = None
    """In another rendering process: where it says what it did."""
    site: StagedSite | None = None
    """The site this build replaces when it succeeds (None: `--dirty` writes in place)."""
    agency: Agency = field(default_factory=Agency)
    """The publishing agency every page's footer names (`agency`)."""

    @property
    def site_dir(self) -> Path:
        """Where this build writes: beside the site (`staging`) unless `--dirty`."""
        return Path(self.config.site_dir)

    def written(self, dest_uri: str, searched: str | None, known: str | None = None) -> None:
        """This process wrote a page; `searched`: what search reads of an article (its body's
        words), or for a page written from the cache `known`, the digest of that
        (`record_digest`)."""
        if self.to_parent is not None:
            self.to_parent((dest_uri, searched, known))
        else:
            self.page_written(dest_uri, searched, known)

    def page_written(self, dest_uri: str, searched: str | None, known: str | None = None) -> None:
        """A process of the build wrote a page (`written` says what the others are)."""
        self.progress.tick(WRITING)
        if self.indexer is not None and self.indexer.wants(dest_uri):
            if known is not None:
                self.indexer.add_known(dest_uri, known)
            else:
                self.indexer.add(dest_uri, searched)

    def write_file(self, target: str, content: bytes) -> None:
        """Write a file no page writes (a feed, a redirect, the style sheets): one of this
        build's files, claimed from the copying process of the page cache, which may have
        written one there and removes what the build does not make (`finish_copier`)."""
        self.targets.add(target)
        self.claim(target)
        path = self.site_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def claim(self, target: str) -> None:
        """Before this process writes a file at `target`: keep the process that writes the
        last build's pages from writing there (`CachedPages.claim`)."""
        if self.cache is not None:
            self.cache.claim(target)
