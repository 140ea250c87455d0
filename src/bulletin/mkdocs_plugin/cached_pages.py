"""The page cache in a build (`bulletin.cache.pages`): which pages come as earlier builds made
them, how each page's keys are made of what MkDocs gives it, and the process that writes the
last build's pages while this one works (`bulletin.cache.last_build_writer`)."""

from __future__ import annotations

import logging
import os
import shutil
from collections import Counter
from functools import partial
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from bulletin.build.last_site import FILE, LastSite, SiteRecord, Source
from bulletin.build.workers import WorkerError, can_fork
from bulletin.cache.articles import ArticleCache
from bulletin.cache.folders import Memo, content_digests
from bulletin.cache.last_build_writer import Copier, Copy, claim, copy_page
from bulletin.cache.pages import (
    SCHEMA,
    CachedPage,
    LinkRecorder,
    LinkRecorderExtension,
    Made,
    PageCache,
    WarningCount,
    dependencies,
    digest,
    fingerprint,
    folder_digest,
    software_digest,
    still_valid,
    view_bytes,
)
from bulletin.mkdocs_plugin import internals
from bulletin.mkdocs_plugin.cache_inputs import UnseenInput, site_key
from bulletin.mkdocs_plugin.page_context import outline, page_extras
from bulletin.mkdocs_plugin.page_meta import prepare, set_meta
from bulletin.mkdocs_plugin.rendering import anchored_links, links_to_anchors
from bulletin.mkdocs_plugin.site_files import DATA_DIR, resolve
from bulletin.mkdocs_plugin.staged_site import StagedSite
from bulletin.mkdocs_plugin.state import BuildState
from bulletin.search.bundles import part_identities, record_digest

CHECK_KEYS = False
"""Whether a page found by its origin (`look_up_kept`) has its key made anyway, and the build
stops if it is another (the tests set it)."""
PAGE = "page"
"""A kept file's source (`Source`) that is a page of the cache, by its key."""
SITE_RECORD = "published.sqlite3"
"""The record of the published site, beside the pages (`SiteRecord`)."""

log = get_plugin_logger(__name__)


class CachedPages:
    """What the page cache gives one build, in each of its processes."""

    def __init__(
        self,
        state: BuildState,
        cache: PageCache,
        key: str,
        log_to: logging.Logger,
        memo: Memo | None = None,
    ) -> None:
        self.state, self.cache, self.site_key = state, cache, key
        self.log_to = log_to
        self.recorder = LinkRecorder()
        self.warnings = WarningCount()
        log_to.addHandler(self.warnings)
        self.made: dict[str, Made] = {}
        """The pages this process makes that the cache may keep, by docs path, until kept."""
        self.kept: list[tuple[str, str]] = []
        """The pages to write from the cache: their keys and paths in the site (`copy_kept`)."""
        self.counted: list[tuple[str, str]] = []
        """The pages of this build the copying process writes (keys, paths): the other
        processes' too."""
        self.again: str | None = None
        """The page being rendered again (`_render_again`): not looked up in the cache."""
        self.world_base = ""
        self.world = ""
        """Everything views are made of, the menu too (`world`)."""
        self.menu_key = ""
        """The menu's digest, part of every page's template key."""
        self.sources: dict[str, str] | None = None
        """What each article was read from (`ArticleCache.sources`): its pages' key."""
        self.articles: ArticleCache | None = None
        """The articles as the last build read them (`article_cache`)."""
        self.copier: Copier | None = None
        """A process that writes the last build's pages while this one builds."""
        self.held: dict[str, str] = {}
        """The pages the last site has as the cache has them: their keys by path in the site
        (`bulletin.build.last_site`)."""
        self.in_place: list[tuple[str, str]] = []
        """The pages of this build left in the last site as they are (keys, paths)."""
        self.identities: dict[str, str] = {}
        """What the copied files are (`copy_files`, `keep_media`), by path in the site."""
        self.memo = memo or Memo(cache.folder.parent)
        """The memo of the cache's folder (files' digests by their sizes and times)."""

    @classmethod
    def open(cls, state: BuildState, log_to: logging.Logger) -> CachedPages | None:
        """The cache of pages, unless off: `page_cache: ""`, `--dirty` (MkDocs keeps the
        pages), other plugins (what they do to a page is not in its key), an input of the
        pages it cannot see into (`cache_inputs`), or a MkDocs version it was not tested on
        (`internals`)."""
        options, config = state.options, state.config
        if not options.page_cache or state.dirty or not state.speedups:
            return None
        others = [name for name in config.plugins if name != "bulletin"]
        if others:
            log.info(f"page cache off: plugins {', '.join(others)} change pages unseen by it")
            return None
        base = Path(config.config_file_path or "").parent
        memo = Memo(base / options.page_cache)
        try:
            key = site_key(config, options, state.preview, memo)
        except UnseenInput as unseen:
            log.info(f"page cache off: {unseen}")
            return None
        folder = memo.folder / ("preview" if state.preview else "site")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Bulletin's page cache: made by mkdocs build\n*\n")
        except OSError as error:
            log.warning(f"page cache off: cannot make the folder {folder} ({error})")
            return None
        memo.save()
        cache = cls(state, PageCache(folder), key, log_to, memo)
        config.markdown_extensions.append(LinkRecorderExtension(cache.recorder))  # type: ignore[arg-type]
        cache.cache.open(key)
        return cache

    def article_cache(self) -> ArticleCache:
        """Articles as the last build read them, beside the pages."""
        key = digest(SCHEMA, software_digest(), fingerprint(self.state.settings.zone))
        self.articles = ArticleCache(
            self.cache.folder.parent / "articles", key, self.state.processes
        )
        self.sources = self.articles.sources
        return self.articles

    def follow_site(self, site: StagedSite) -> None:
        """Record each published site beside the pages (`StagedSite.follow`)."""
        site.follow(SiteRecord(self.cache.folder / SITE_RECORD), self.write_again, self.identify)

    def start_copier(self) -> None:
        """Write the pages of the last build into the site now, in a forked process, while
        this one reads the articles and renders what changed: most come out the same, and
        `take` then has nothing to write. Only with more than one process. The pages the
        last site has as they were need no writing (`held`); that process checks that they
        are still as written."""
        last = self.state.site.last if self.state.site is not None else None
        pages = self.cache.written_pages()
        if last is not None:
            self.held = _held(pages, last)
        unheld = [(key, target) for key, target, _ in pages if self.held.get(target) != key]
        if self.state.processes < 2 or not can_fork():  # forked before any thread starts
            return
        if unheld or last is not None:
            checked = (last.site, last.record) if last is not None else None
            self.copier = Copier(self.cache, unheld, self.state.site_dir, checked)

    def finish_copier(self) -> None:
        """Once every other page is written: wait for the copying process, remove what it
        wrote where this build makes nothing, write what it could not; the pages left in
        the last site are kept there."""
        last = self.state.site.last if self.state.site is not None else None
        if last is not None:
            for key, target in self.in_place:
                last.keep(target, Source(PAGE, key))
        copier, self.copier = self.copier, None
        if copier is None:
            return
        made = self.state.targets.difference(self.state.blank)
        try:
            self.kept = copier.finish(made, self.counted)
        except WorkerError as error:
            raise PluginError(
                f"bulletin: the page cache's copying process failed: {error}"
            ) from error
        except OSError as error:
            raise PluginError(
                f"bulletin: page cache: cannot remove a page of the last build ({error})"
            ) from error
        if last is not None:
            last.checked = copier.checked
        if copier.problems:
            more = f" and {len(copier.problems) - 1:,} more" if len(copier.problems) > 1 else ""
            raise PluginError(f"bulletin: cannot copy {copier.problems[0]}{more}")
        self.copy_kept()

    def copy_files(self, copies: list[Copy]) -> bool:
        """Have the copying process copy these files into the site (copies of the image
        cache's: `last_build_writer`): whether it will (then MkDocs is not to copy them).
        Those the last site has as they are stay there (the image cache's files are named by
        what they are made of: their names are what they are)."""
        last = self.state.site.last if self.state.site is not None else None
        images = self._path(self.state.options.image_cache)
        wanted = []
        for source, target in copies:
            path = Path(target).relative_to(self.state.site_dir).as_posix()
            identity = self.identities[path] = f"image:{os.path.relpath(source, images)}"
            if last is not None and last.holds(path, identity):
                last.keep(path, Source(FILE, source))
            else:
                wanted.append((source, target))
        if self.copier is None:
            return False  # MkDocs copies them (`keep_media` leaves those the site has)
        self.copier.copy_files(wanted)
        return bool(copies)

    def keep_media(self, files: Files, copied: list[File]) -> list[File]:
        """The files MkDocs copies (the theme's, the images of docs/) that the last site has
        as they are: they stay there, and MkDocs is not to copy them. Known by their bytes'
        digest, read again only when a file's size or times changed (`content_digests`)."""
        last = self.state.site.last if self.state.site is not None else None
        skipped = {file.src_uri for file in copied}
        media = [f for f in files.media_files() if f.abs_src_path and f.src_uri not in skipped]
        unknown = [file for file in media if file.dest_uri not in self.identities]
        sources = [Path(file.abs_src_path or "") for file in unknown]
        for file, found in zip(unknown, content_digests(sources, self.memo), strict=True):
            self.identities[file.dest_uri] = f"file:{found}"
        kept = []
        for file in media:
            identity = self.identities[file.dest_uri]
            if last is not None and last.holds(file.dest_uri, identity):
                last.keep(file.dest_uri, Source(FILE, file.abs_src_path or ""))
                kept.append(file)
        self.memo.save()
        return kept

    def _path(self, option: str) -> Path:
        """A folder an option names, relative to mkdocs.yml."""
        return Path(self.state.config.config_file_path or "").parent / option

    def claim(self, target: str) -> None:
        """Before this process writes a page at `target`: keep the copying process from
        writing there (`claim`)."""
        if self.copier is not None and self.copier.may_write(target):
            path = self.state.site_dir / target
            try:
                claim(path)
            except OSError as error:
                raise PluginError(f"bulletin: cannot write {path} ({error})") from error

    def know_site(self, files: Files, nav: Navigation) -> None:
        """The menu is made: what every page's view is made of but the menu (`world`), and
        what the menu is made of (`PageCache.inputs`)."""
        self.world_base = self._world(files)
        self.cache.inputs = _menu_inputs(self.world_base, nav)

    def fetch(self) -> bool:
        """Read at once the entries of a build of the same inputs (`PageCache.fetch`), for
        the lookups that follow (`look_up_kept`, `look_up`), until `forget_fetched`; whether
        any."""
        return bool(self.cache.inputs) and self.cache.fetch() > 0

    def forget_fetched(self) -> None:
        self.cache.forget_fetched()

    def _world(self, files: Files) -> str:
        """What every page's view is made of, besides the page itself: every article but its
        body (its own page's Markdown key has that), which articles are shown and published
        (the clock), the registries and published comments (docs/_data), the address of every
        file, the site's key (configuration, software, templates). The same digest means the
        same view for every page."""
        publication = self.state.publication
        assert publication is not None and self.articles is not None
        now, heads = publication.now, self.articles.heads
        articles = [(heads[a.src_uri], a.is_public(now)) for a in publication.catalog.articles]
        shown = sorted(publication.articles)
        addresses = [(file.src_uri, file.url) for file in files]
        data = Path(self.state.config.docs_dir) / DATA_DIR
        registry = folder_digest([data]) if data.is_dir() else ""
        return digest(self.site_key, view_bytes((articles, shown, addresses)), registry)

    def look_up(self, page: Page, files: Files, article: bool) -> bool:
        """An article (`article`) or list page outside the menu, this process's to make now,
        its metadata set: whether the cache has its Markdown's HTML (MkDocs' next step then
        takes it from there), known before the Markdown is read. The key is what that step
        reads: the site's key, the page's address, the file the Markdown is made of alone (by
        the article cache's digest of its bytes), the metadata and automatic links."""
        state, src_uri = self.state, page.file.src_uri
        later = state.rendering is not None and state.rendering.later(page)
        if src_uri in state.menu or later:
            return False
        known = self.made.get(src_uri)
        if known is not None and known.entry is None and src_uri != self.again:
            return False  # looked up already (`RenderingProcesses._take_unread`): not kept
        source = self._source(src_uri, article)
        if source is None:
            return False  # an article the article cache did not read: not kept
        key = self._markdown_key(page, source)
        entry, has_page = None, False
        if src_uri != self.again:
            entry, has_page = self.cache.get_with_page(key)
        if entry is not None and still_valid(entry, partial(resolve, files)):
            self._restored(page, Made(key, entry, has_page=has_page, source=source))
            return True
        self.made[src_uri] = Made(key, None, warnings=self.warnings.count, source=source)
        self.recorder.start()
        return False

    def look_up_kept(self, page: Page, article: bool) -> bool:
        """Before an article's or list page's turn (`RenderingProcesses`), its metadata not
        set: whether the entries read at once (`fetch`: kept or used by a build of the same
        inputs) have its Markdown's HTML, found by the page's docs path and its article's
        file digest (`PageCache.kept_key`). The same inputs (every article but its body, which
        are published, the registries, every file's address, the menu, the site's key) give
        the same metadata and automatic links, and so the same key, whose links lead where
        they led: neither need be made again (`look_up`), for 100,000 pages that barely
        change. `CHECK_KEYS` makes the key anyway, to compare (the tests)."""
        src_uri = page.file.src_uri
        source = self._source(src_uri, article)
        if source is None:
            return False  # an article the article cache did not read: not kept
        key = self.cache.kept_key((src_uri, source))
        if key is None:
            return False
        entry, has_page = self.cache.get_with_page(key)
        if entry is None:
            return False
        if CHECK_KEYS:
            self._check_key(page, key, source)
        self._restored(page, Made(key, entry, has_page=has_page, source=source))
        return True

    def _source(self, src_uri: str, article: bool) -> str | None:
        """What a page's Markdown is read from: an article's file digest (None if the article
        cache did not read it), "" for a list page."""
        return self.sources.get(src_uri) if self.sources is not None and article else ""

    def _markdown_key(self, page: Page, source: str) -> str:
        """The key of a page's Markdown, its metadata and automatic links set (`prepare`)."""
        autolinks = self.state.autolinks.targets
        shown = repr((sorted(page.meta.items()), sorted(autolinks.items())))
        return digest(self.site_key, page.file.src_uri, page.url, source, shown)

    def _restored(self, page: Page, made: Made) -> None:
        """The page's Markdown step gives what the cache has (`made.entry`)."""
        assert made.entry is not None
        made.dependencies = made.entry.dependencies
        self.made[page.file.src_uri] = made
        internals.render_once(page, partial(_restore, page, made.entry))

    def _check_key(self, page: Page, key: str, source: str) -> None:
        """The key `look_up` would make is the one found (`CHECK_KEYS`); else PluginError."""
        state = self.state
        assert state.publication is not None
        meta = page.meta
        prepare(state, page, state.publication)
        made = self._markdown_key(page, source)
        page.meta = meta
        if made != key:
            raise PluginError(f"bulletin: {page.file.src_uri}: kept under {key}, made {made}")

    def rendered(self, page: Page, files: Files) -> None:
        """A page's Markdown is rendered: a new one records its dependencies."""
        made = self.made.get(page.file.src_uri)
        if made is not None and made.entry is None:
            made.clean = self.warnings.count == made.warnings
            written = self.recorder.written
            made.dependencies = dependencies(page.file.src_uri, written, partial(resolve, files))

    def ready(self) -> None:
        """The menu is final: what every page's template key holds of it (`take`)."""
        assert self.state.nav is not None
        self.menu_key = digest(fingerprint(outline(self.state.nav.items)))
        self.world = digest(self.world_base, self.menu_key)

    def views(self) -> str | None:
        """What every page's view is made of (`world`), once the menu is final (`ready`)."""
        return self.world or None

    def take(self, page: Page, files: Files) -> bool:
        """After a page's Markdown step: whether its template would be given what it was given
        when it made the cached page. If so, it is not rendered: the copying process or
        `copy_kept` writes it, search hears of it now. If not, it remembers its template key,
        and its Markdown is rendered again if the cache had it."""
        made = self.made.get(page.file.src_uri)
        if made is None:
            return False
        entry = made.entry
        if entry is None or not self._unchanged(made, entry, page, files):
            self.cache.misses += 1
            return False
        self.cache.hits += 1
        dest_uri = page.file.dest_uri
        if self.held.get(dest_uri) == made.key:
            self.in_place.append((made.key, dest_uri))
        elif self.copier is not None and self.copier.writes(made.key, dest_uri):
            self.counted.append((made.key, dest_uri))
        else:
            self.kept.append((made.key, dest_uri))
        made.written, made.entry = True, None
        self.state.written(dest_uri, None, entry.searched)  # search reads the cache
        return True

    def _unchanged(self, made: Made, entry: CachedPage, page: Page, files: Files) -> bool:
        """Whether the cached page is the one this build would write. If not, its Markdown is
        rendered again: the cache keeps no HTML of a page's Markdown (a view that changed is
        rarer than the room it would take), only what it needs to know that it is the same."""
        if entry.world == self.world:  # the same view: no need to make it to know
            made.template_key = entry.template_key
        else:
            assert self.state.publication is not None
            if "template" not in page.meta:  # found by its origin (`look_up_kept`)
                set_meta(page, self.state.publication)
            extras = page_extras(self.state, get_relative_url(".", page.url), page)
            made.template_key = self._template_key(made, page, extras)
        same = entry.template_key == made.template_key and made.has_page
        if not same:
            self._render_again(page, files)
        return same

    def _render_again(self, page: Page, files: Files) -> None:
        """Render a page's Markdown after all (MkDocs' own steps, every plugin's events)."""
        self.again = page.file.src_uri
        try:
            internals.populate_page(page, self.state.config, files)
        finally:
            self.again = None

    def copy_kept(self) -> None:
        """Write the pages `take` kept, once the others are written (a search
        part waits for its changed pages, not for these). One at a time: on a disk the
        system serializes anyway, threads only made it slower (bench/site_bench.py)."""
        kept, self.kept = self.kept, []
        for key, target in kept:
            self.claim(target)
            path = self.state.site_dir / target
            problem = copy_page(self.cache, key, path)
            if problem is not None:
                raise PluginError(f"bulletin: page cache: cannot write {path} ({problem})")

    def page_context(self, page: Page, extras: dict[str, object]) -> None:
        """The template is given `extras` besides MkDocs' context: the page's template key."""
        made = self.made.get(page.file.src_uri)
        if made is not None:
            made.warnings = self.warnings.count
            made.template_key = made.template_key or self._template_key(made, page, extras)

    def _template_key(self, made: Made, page: Page, extras: dict[str, object]) -> str:
        """Everything the template is given: the site's key (the configuration, the theme,
        the values MkDocs gives every page that its templates read: `cache_inputs`), the
        page's HTML (its Markdown's key and what its links led to), its address, its view,
        the menu."""
        links = fingerprint(made.dependencies)
        return digest(self.site_key, self.menu_key, made.key, links, page.url, view_bytes(extras))

    def keep(self, page: Page, output: str, searched: str | None) -> None:
        """The page is written: keep it, if made here without a warning (then it is done
        with: nothing of it is held to the end of the build)."""
        made = self.made.get(page.file.src_uri)
        if made is None or not made.keeps(self.warnings.count):
            return
        del self.made[page.file.src_uri]
        entry = made.entry
        if entry is None:
            anchors = frozenset(page.present_anchor_ids or ())
            title, links = internals.rendered_title(page), anchored_links(page)
            entry = CachedPage(made.dependencies, title, anchors, links, "", "", None)
        entry.template_key, entry.world = made.template_key, self.world
        entry.searched = record_digest(searched) if searched is not None else None
        html = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        origin = page.file.src_uri, made.source
        self.cache.put(made.key, entry, html, searched, page.file.dest_uri, origin)

    def forked(self) -> None:
        """In another rendering process, just forked: count its warnings (the fork sends
        every log record to the first process)."""
        self.log_to.addHandler(self.warnings)
        self.cache.forked()

    def finish_forked(self) -> Forked:
        """In another rendering process, at its end: write what it kept, save the cache; what
        the first process must know (`add_forked`)."""
        self.copy_kept()
        _say_failures(self.cache.flush(), self.cache)  # before the process ends
        self.cache.close()
        cache = self.cache
        return Forked(cache.hits, cache.misses, self.counted, self.in_place, self.state.blank)

    def add_forked(self, forked: Forked) -> None:
        """What another rendering process did (`finish_forked`)."""
        self.cache.hits += forked.hits
        self.cache.misses += forked.misses
        self.counted.extend(forked.counted)
        self.in_place.extend(forked.in_place)
        self.state.blank.extend(forked.blank)

    def write_again(self, source: Source, path: Path) -> None:
        """Write a file the last site had, found changed, from its source (OSError if not)."""
        if source.kind == PAGE:
            problem = copy_page(self.cache, source.name, path)
            if problem is not None:
                raise OSError(problem)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source.name, path)

    def identify(self, paths: list[str]) -> dict[str, str]:
        """What the files written at `paths` are: the pages and the search index's files by
        their bytes' digests (`last_site.identity_of`, `part_identities`)."""
        try:
            found = self.cache.identities(paths)
        finally:
            self.cache.close()
        found |= {path: self.identities[path] for path in paths if path in self.identities}
        return found | part_identities(self._path(self.state.options.search_cache), paths)

    def save_articles(self) -> None:
        """Keep the articles as this build read them (`ArticleCache`)."""
        kept, self.articles = self.articles, None
        if kept is not None:
            try:
                kept.save()
            except OSError as error:
                log.warning(f"page cache: cannot keep the articles in {kept.path} ({error})")

    def close(self) -> None:
        """Check the anchors the pages written from the cache link to (as MkDocs does for the
        others); say how much the cache gave; remove what no page used (the preview keeps
        its pages apart: it shows drafts)."""
        files = self.state.files
        assert files is not None
        level = self.state.config.validation.links.anchors
        for src_uri, made in self.made.items():
            file = files.src_uris.get(src_uri)
            if made.written and file is not None and file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=level)
        self.log_to.removeHandler(self.warnings)
        cache = self.cache
        cache.flush()
        pruned = cache.prune()  # the other processes have flushed: they have ended
        cache.close()
        _say_failures(cache.failures, cache)
        log.info(
            f"page cache: {cache.hits:,} pages as they were, {cache.misses:,} made again"
            + (f", {pruned:,} old pages removed" if pruned else "")
        )

    def fail(self) -> None:
        """The build failed: stop the copying process, keep what was made."""
        self.log_to.removeHandler(self.warnings)
        if self.copier is not None:
            self.copier.stop()
            self.copier = None
        self.cache.flush()
        self.cache.close()


def _held(pages: list[tuple[str, str, str]], last: LastSite) -> dict[str, str]:
    """The pages (keys by path) the last site has as the cache has them; not a path kept
    twice (by a build that failed): which of them is there is not known."""
    paths = Counter(target for _, target, _ in pages)
    return {
        target: key
        for key, target, identity in pages
        if paths[target] == 1 and last.holds(target, identity)
    }


class Forked(NamedTuple):
    """What another rendering process tells the first of the pages it made and took."""

    hits: int
    misses: int
    counted: list[tuple[str, str]]
    in_place: list[tuple[str, str]]
    blank: list[str]


def _say_failures(failures: list[Exception], cache: PageCache) -> None:
    if failures:
        log.warning(
            f"page cache: cannot keep pages in {cache.path} ({failures[0]}); the next build "
            "makes them again"
        )


def _menu_inputs(world_base: str, nav: Navigation) -> str:
    """What the menu is made of, before any page's Markdown is read: its items as they are
    now, the bytes of its pages (their titles may come from their Markdown). With what
    every view is made of but the menu (`world_base`), the same digest means the same
    `world` once the pages are read: "" if a page cannot be read."""
    try:
        sources = [page.file.content_bytes for page in nav.pages]
    except (OSError, TypeError):  # unreadable, or a generated file without content
        return ""
    return digest(world_base, view_bytes(outline(nav.items)), *sources)


def _restore(page: Page, entry: CachedPage, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page whose Markdown the cache has: its results, but for the HTML
    and table of contents, read only if the page must be made again."""
    internals.own_render_again(page)
    page.content = ""
    internals.set_rendered_title(page, entry.title)
    page.present_anchor_ids = set(entry.anchors)
    page.links_to_anchors = links_to_anchors(files, entry.links)
