"""The build's other rendering processes (`workers`): forked copies of the build, each of
which renders a share of the articles and list pages (those not in the menu), from Markdown to
the written file, as MkDocs would (its own functions, every plugin's events); MkDocs renders
the rest in the first process.

Each sends the first, through a pipe, the anchors of its pages (to check links into them), the
links with anchors they hold (checked by the first), each page written (search, progress) and
every log record. They are forked at once, before any thread of the build starts
(`bulletin.build.workers`); the pipes are read in threads started after.
"""

from __future__ import annotations

import threading
from functools import partial

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from bulletin.build.workers import Forked, Send, WorkerError
from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.state import BuildState

AnchoredLinks = dict[str, dict[str, str]]
"""The anchors a page links to, by docs path: target, anchor, link as written."""


class RenderingProcesses:
    """The processes besides this one, each with its share of the pages: this process
    renders every `processes`-th page of those outside the menu, and the menu."""

    def __init__(self, state: BuildState, files: Files, nav: Navigation) -> None:
        assert state.publication is not None
        publication, count = state.publication, state.processes
        generated = publication.articles.keys() | publication.listings.keys()
        candidates = [
            file
            for file in files.documentation_pages()
            if file.src_uri in generated and file.src_uri not in state.menu
        ]
        self.state, self.files, self.config = state, files, state.config
        shares = [candidates[at::count] for at in range(1, count)]
        self.share = {file.src_uri for share in shares for file in share}
        """The pages the other processes render."""
        self.anchors: dict[str, set[str]] = {}
        """The anchors of each page the others render."""
        self.links: dict[str, AnchoredLinks] = {}
        """The anchors each page the others render links to."""
        self.reported = 0
        self.all_reported = threading.Event()
        self.lock = threading.Lock()
        self.forked: list[Forked] = []
        for at, share in enumerate(shares, start=1):
            task = partial(self._render_share, share, nav)
            self.forked.append(Forked(task, self._received, f"rendering process {at + 1}"))

    def listen(self) -> None:
        """Read what they send, in threads: once every process of the build is forked."""
        for forked in self.forked:
            forked.listen()

    def _render_share(self, share: list[File], nav: Navigation, send: Send) -> None:
        """In another process."""
        state = self.state
        state.to_parent, state.progress.live = send, False
        state.rendering = None  # here it reads and renders every page of its share
        if state.cache is not None:
            state.cache.forked()
        config, files = self.config, self.files
        for page in nav.pages:  # the menu shows their titles, which their Markdown may give
            internals.populate_page(page, config, files)
        for file in share:
            page = file.page or Page(None, file, config)
            internals.populate_page(page, config, files)
        send(("anchors", *_anchors_of(share)))
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        pages = files.documentation_pages()
        for file in share:
            assert file.page is not None
            if file.inclusion != InclusionLevel.EXCLUDED:  # written from the page cache
                internals.build_page(file.page, config, pages, nav, env)
        if state.cache is not None:
            send(("cache", *state.cache.finish_forked()))

    def _received(self, message: object) -> None:
        """In this process (a pipe's reader thread)."""
        assert isinstance(message, tuple)
        with self.lock:
            if message[0] == "anchors":
                self.anchors.update(message[1])
                self.links.update(message[2])
                self.reported += 1
                if self.reported == len(self.forked):
                    self.all_reported.set()
            elif message[0] == "cache":
                assert self.state.cache is not None
                self.state.cache.add_forked(*message[1:])
            else:
                self.state.page_written(*message)

    def hand_over(self) -> list[File]:
        """After the Markdown: wait for the anchors of the others' pages; return their files,
        which MkDocs is not to write."""
        while not self.all_reported.wait(0.1):
            if not all(forked.running() for forked in self.forked):
                self.finish()  # raises a process's error, if it said one
                raise PluginError("bulletin: a rendering process ended before its pages")
        handed = []
        for src_uri, anchors in self.anchors.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.present_anchor_ids = anchors
            handed.append(file)
        return handed

    def finish(self) -> None:
        """Wait for the others; check the anchors their pages link to, as MkDocs does."""
        try:
            for forked in self.forked:
                forked.join()
        except WorkerError as error:
            self.stop()
            raise PluginError(f"bulletin: a rendering process failed: {error}") from error
        level = self.config.validation.links.anchors
        for src_uri, links in self.links.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.links_to_anchors = links_to_anchors(self.files, links)
            file.page.validate_anchor_links(files=self.files, log_level=level)

    def stop(self) -> None:
        for forked in self.forked:
            forked.stop()

    def renders_elsewhere(self, page: Page) -> None:
        """`Page.render` for a page another process renders (its anchors come from there)."""
        internals.render_once(page, partial(_render_nothing, page))


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    internals.own_render_again(page)
    page.content = ""


def _anchors_of(share: list[File]) -> tuple[dict[str, set[str]], dict[str, AnchoredLinks]]:
    """The anchors each page has, and the anchors each links to (by docs path)."""
    anchors, links = {}, {}
    for file in share:
        assert file.page is not None
        anchors[file.src_uri] = file.page.present_anchor_ids or set()
        if file.page.links_to_anchors:
            links[file.src_uri] = anchored_links(file.page)
    return anchors, links


def anchored_links(page: Page) -> AnchoredLinks:
    """The anchors a page links to, by docs path: target, anchor, link as written."""
    found = page.links_to_anchors or {}
    return {target.src_uri: dict(anchors) for target, anchors in found.items()}


def links_to_anchors(files: Files, links: AnchoredLinks) -> dict[File, dict[str, str]]:
    """`anchored_links` back into MkDocs' form."""
    return {
        target: anchors
        for to_uri, anchors in links.items()
        if (target := files.src_uris.get(to_uri)) is not None
    }
