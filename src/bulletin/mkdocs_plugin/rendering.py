"""The pages Bulletin makes outside the menu (articles and list pages): rendered one at a
time, from Markdown to the written file, then forgotten, by this process and by forked
copies of the build (`workers`), each taking the next few when done with its last (`Dealer`).

MkDocs renders the Markdown of every page before it renders any template, so it holds every
page's Markdown and HTML at once: at 50,000 articles, 0.7 GB in each process. Here a page's
Markdown is rendered just before its template, with MkDocs' own functions (every plugin's
events), and its texts are dropped once it is written: memory does not grow with the
archive. MkDocs' own loops render the rest (the menu's pages, the other pages).

In a rebuild, most pages' Markdown is in the page cache as a build of the same inputs left it
(`CachedPages.fetch`): this process reads those entries at once and gives each page its HTML
before any rendering process is forked (`RenderingProcesses.early`; the sitemap's process,
forked just before, writes meanwhile), then takes them in its turn, once the menu is known (a
page whose view changed after all is made then). The other rendering processes are dealt
only what is left, and are forked only if it is much (`PAGES_PER_PROCESS`): a one-article
rebuild at 10,000 articles forks none (only the sitemap's process), and no
process touches a page it need not make (a forked process pays for each page of memory it
writes to, its objects' counts of references too).

The other processes send this one, through a pipe, each page written (search, progress),
every log record, and at their end the anchors of their pages and the links with anchors
they hold (checked here, as MkDocs checks its own pages'). They are forked at once, before
any thread of the build starts (`bulletin.build.workers`); the pipes are read in threads
started after.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from bulletin.build.garbage import freeze, lasting_objects, trim
from bulletin.build.workers import Dealer, Forked, Send, WorkerError
from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.page_meta import prepare
from bulletin.mkdocs_plugin.state import BuildState

AnchoredLinks = dict[str, dict[str, str]]
"""The anchors a page links to, by docs path: target, anchor, link as written."""
TRIM_EVERY = 1000
"""Pages between two returns of freed memory to the system (`trim`): a page's texts are
freed between the objects that live on, and the C allocator would keep the room (+450 MB in
the first process while 50,000 articles were written); a return takes milliseconds."""
PAGES_PER_PROCESS = 100
"""A rendering process is forked for at least this many pages to make (those the cache has
as they were read before, `RenderingProcesses.early`): a fork reads the menu's pages and makes
its own environment (0.1-0.2 s), about what making 100 pages costs."""
NO_TOC = get_toc([])


class RenderingProcesses:
    """The pages made one at a time (articles and list pages outside the menu), dealt out to
    `count` processes as they ask (`Dealer`): this one and forked ones."""

    def __init__(
        self,
        state: BuildState,
        files: Files,
        pages: Sequence[File],
        nav: Navigation,
        count: int,
        aside: Callable[[], list[str]] | None = None,
    ) -> None:
        assert state.publication is not None
        publication = state.publication
        made = publication.articles.keys() | publication.listings.keys()
        candidates = [
            file for file in pages if file.src_uri in made and file.src_uri not in state.menu
        ]
        self.state, self.files, self.nav, self.config = state, files, nav, state.config
        self.pages = pages
        """Every page of the site (`files.documentation_pages`, listed once)."""
        self.all = candidates
        self.generated = {file.src_uri for file in candidates}
        """The pages made one at a time, here or in another process."""
        self.forked: list[Forked] = []
        self.aside_forked = aside is not None and count > 1
        """Whether a process of its own does `aside` (the files it writes named to this one),
        forked first: it writes while this one reads what the cache has and the others take
        pages (dealt as they ask: they take fewer meanwhile). It ends then: what it touches of
        the build's objects (all of them: the sitemap and the list of commentable articles
        touch every article and page) is copied into it by the fork's copy-on-write, which a
        rendering process doing it kept to the end (+1 GB of PSS at 100,000 articles, while
        the pages were written). In a rebuild of a few pages it is the only other process: at
        100,000 articles its 4.5 s are spent beside this one's 7 s of cached pages, not
        after them."""
        if aside is not None and self.aside_forked:
            writes = partial(self._aside, aside)
            self.forked.append(Forked(writes, self._received, "the process of the sitemap"))
        self.early: list[Page] = []
        """The pages whose Markdown's HTML the cache has, read before any rendering process
        is forked: this process takes them (`render_mine`); the others need not touch them."""
        try:  # a page the cache has under another key stops the build (`CHECK_KEYS`)
            self.early = self._read_early(candidates)
        except BaseException:
            self.stop()  # not left writing into the staging folder
            raise
        early = {page.file.src_uri for page in self.early}
        dealt = [file for file in candidates if file.src_uri not in early]
        self.dealer = Dealer(dealt)
        """Who makes which page: each process takes the next few when it is done with its
        last."""
        self.taken: list[File] = []
        """The pages this process took (`dealer`)."""
        self.current: str | None = None
        """The page this process is making now (its Markdown is rendered for real)."""
        self.anchors: dict[str, set[str]] = {}
        """The anchors of each page the others render."""
        self.links: dict[str, AnchoredLinks] = {}
        """The anchors each page the others render links to."""
        self.lock = threading.Lock()
        if self.early:  # the cache has most: the others are forked if there is much left
            count = min(count, max(1, len(dealt) // PAGES_PER_PROCESS))
        for at in range(1, count):
            task = self._render_share
            self.forked.append(Forked(task, self._received, f"rendering process {at + 1}"))

    def listen(self) -> None:
        """Read what they send, in threads: once every process of the build is forked."""
        for forked in self.forked:
            forked.listen()

    def later(self, page: Page) -> bool:
        """Whether MkDocs' loops are to leave the page alone: one of the pages made one at a
        time, and not the one being made now."""
        src_uri = page.file.src_uri
        return src_uri in self.generated and src_uri != self.current

    def render_later(self, page: Page) -> None:
        """`Page.render` for a page made later, or in another process: nothing yet."""
        internals.render_once(page, partial(_render_nothing, page))

    def render_mine(self, env: Environment) -> list[File]:
        """Make the pages this process takes, then wait for the others and check the anchors their
        pages and this one's link to; return every file made one at a time, which MkDocs'
        own loop is to leave out."""
        rendered = self._render(env, self.early)
        self.early = []
        self.finish()
        level = self.config.validation.links.anchors
        for page in rendered:
            page.validate_anchor_links(files=self.files, log_level=level)
        return self.all

    def _render(self, env: Environment, early: list[Page] | None = None) -> list[Page]:
        """Each page this process takes (the `dealer`'s, `taken`, then the `early` ones,
        whose search parts are made while this process goes on): its Markdown, then its
        template (or the page cache's copy), written; its texts dropped. The pages rendered,
        not taken from the cache."""
        config, files, cache, pages = self.config, self.files, self.state.cache, self.pages
        rendered = []
        freeze()  # what lives to the end (every page's object, the menu's): no more collected
        dealt = ((file.page or Page(None, file, config), False) for file in self._deal())
        read = ((page, True) for page in early or [])
        for done, (page, restored) in enumerate(chain(dealt, read), start=1):
            if done % TRIM_EVERY == 0:
                internals.forget_paths()
                trim()
            self.current = page.file.src_uri
            if restored:  # its Markdown's HTML given by the cache already (`_read_early`)
                assert cache is not None
                taken: bool | None = cache.take(page, files)
            else:
                taken = self._take_unread(page) if cache is not None else None
                if taken is None:  # its Markdown read and rendered (or taken) by MkDocs' steps
                    internals.populate_page(page, config, files)
                    taken = cache is not None and cache.take(page, files)
            if not taken:
                internals.build_page(page, config, pages, self.nav, env)
                rendered.append(page)
            _forget(page)
        self.current = None
        return rendered

    def _deal(self) -> Iterator[File]:
        """The dealer's pages for this process (`taken`)."""
        for file in self.dealer:
            self.taken.append(file)
            yield file

    def _read_early(self, candidates: list[File]) -> list[Page]:
        """Before any fork: the pages whose Markdown's HTML the page cache has, as a build
        of the same inputs kept or used it (read in one query, `CachedPages.fetch`), read from
        there (`_read_unread`). Their templates' turn comes once the view is known
        (`CachedPages.take`, which renders them if it changed after all)."""
        cache = self.state.cache
        if cache is None or not cache.fetch():
            return []
        try:
            with lasting_objects():  # what the pages are given lives on: no collection
                return [
                    file.page
                    for file in candidates
                    if file.page is not None and self._read_unread(file.page, early=True)
                ]
        finally:
            cache.forget_fetched()
            trim()  # what the query read goes back to the system, not into every fork

    def _take_unread(self, page: Page) -> bool | None:
        """A page the page cache has the Markdown's HTML of, known before its Markdown is
        read (`_read_unread`); then whether the cache has the page as it would come out
        (`CachedPages.take`, which renders its Markdown if not). None: not such a page."""
        cache = self.state.cache
        assert cache is not None
        return cache.take(page, self.files) if self._read_unread(page) else None

    def _read_unread(self, page: Page, early: bool = False) -> bool:
        """Whether the page cache has the Markdown's HTML of an article or list page, known
        before its Markdown is read (`CachedPages.look_up`; `early`, before its turn: among
        the entries read at once, by its origin alone, `look_up_kept`); if so, the page has
        it: MkDocs' steps to read and render it would only give that."""
        state, cache = self.state, self.state.cache
        publication = state.publication
        assert cache is not None and publication is not None
        article = publication.articles.get(page.file.src_uri)
        if article is None and page.file.src_uri not in publication.listings:
            return False
        if early:
            if not cache.look_up_kept(page, article is not None):
                return False  # every entry read at once is found by its origin
        else:
            prepare(state, page, publication)
            if not cache.look_up(page, self.files, article is not None):
                return False
        page.markdown = ""
        page.render(self.config, self.files)  # the cache's (`look_up`)
        return True

    def _render_share(self, send: Send) -> None:
        """In another process."""
        env = self._forked_env(send)
        self._render(env)
        send(("anchors", *_anchors_of(self.taken)))
        if self.state.cache is not None:
            send(("cache", self.state.cache.finish_forked()))

    def _aside(self, aside: Callable[[], list[str]], send: Send) -> None:
        """In another process, forked before any page is dealt: it takes none."""
        self._forked(send)
        send(("files", aside()))

    def _forked(self, send: Send) -> None:
        """In another process: what it says goes to this one (`send`)."""
        state = self.state
        state.to_parent, state.progress.live = send, False
        state.rendering = None  # there it renders every page it reads
        if state.cache is not None:
            state.cache.forked()

    def _forked_env(self, send: Send) -> Environment:
        """In another rendering process (`_forked`): the menu's pages read (their titles),
        quietly: this process reads them too and says what is wrong in them; the pages'
        environment made, as in this one."""
        self._forked(send)
        config, files = self.config, self.files
        logging.disable(logging.WARNING)  # what this process says of them (once)
        try:
            for page in self.nav.pages:  # their titles may come from Markdown
                internals.populate_page(page, config, files)
        finally:
            logging.disable(logging.NOTSET)
        env: Environment = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        return env

    def _received(self, message: object) -> None:
        """In this process (a pipe's reader thread)."""
        assert isinstance(message, tuple)
        with self.lock:
            if message[0] == "anchors":
                self.anchors.update(message[1])
                self.links.update(message[2])
            elif message[0] == "cache":
                assert self.state.cache is not None
                self.state.cache.add_forked(message[1])
            elif message[0] == "files":
                self.state.targets.update(message[1])
            else:
                self.state.page_written(*message)

    def finish(self) -> None:
        """Wait for the others; give their pages their anchors, and check the anchors their
        pages link to, as MkDocs does."""
        try:
            for forked in self.forked:
                forked.join()
        except WorkerError as error:
            self.stop()
            raise PluginError(f"bulletin: a rendering process failed: {error}") from error
        for src_uri, anchors in self.anchors.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.present_anchor_ids = anchors
        level = self.config.validation.links.anchors
        for src_uri, links in self.links.items():
            file = self.files.src_uris.get(src_uri)
            assert file is not None and file.page is not None
            file.page.links_to_anchors = links_to_anchors(self.files, links)
            file.page.validate_anchor_links(files=self.files, log_level=level)

    def stop(self) -> None:
        for forked in self.forked:
            forked.stop()


def _forget(page: Page) -> None:
    """A page is written: drop its texts and metadata; what is left is its address, anchors
    and links (to check links into and from it)."""
    page.markdown = page.content = None
    page.toc = NO_TOC
    page.meta = {}


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
