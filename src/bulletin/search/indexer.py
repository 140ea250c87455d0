"""Static search: the public articles indexed with Pagefind while `mkdocs build` runs.

Two indexes. The headline index (one Pagefind bundle, `pagefind/headlines/`) holds what a
reader looks for first: titles, leads, speakers' names, documents, with every filter, and its
date order in a file of its own; a first query reads only it, about 250 KB at 10,000 articles.
It is made from the articles themselves (`headline_record`), so Pagefind indexes it while
MkDocs renders, before the build has grown: Pagefind's memory grows with the words it indexes
(750 MB for these 10,000 records). The full-text index adds the bodies: the search page opens
it when the reader asks to search the bodies too, or when the headlines match nothing.

The full-text index is cut into parts, a part per year (a year with more than `part_size`
articles is cut into runs of days), each a Pagefind bundle of its own that the search page
merges in the browser. Pagefind needs about 0.45 MB of memory per article while indexing, so
a part bounds the memory of the build; and a rebuild re-indexes only the parts whose articles
changed, reusing the others from a cache (see `search_bundle`). Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path

from bulletin.articles.model import Article
from bulletin.publication import Publication
from bulletin.search.bundles import (
    BUNDLE_DIR,
    HEADLINE_CHUNK_SIZE,
    INDEX_CHUNK_SIZE,
    Bundles,
    SearchError,
    Stage,
    clear,
    indexed_page,
    write_date_order,
)
from bulletin.text.dates import date_time_line
from bulletin.views.indexes import Indexes
from bulletin.views.models import cited

MANIFEST = "bulletin-search.json"
"""The parts, newest first, and the small facets (categories, years), in the bundle folder."""
HEADLINES = "headlines"
"""The headline index's folder in the bundle folder (parts are named by dates: no clash)."""
FACETS = "bulletin-facets.json"
"""The large facets (speakers, documents), fetched only when the reader filters by them."""


@dataclass(frozen=True)
class SearchOptions:
    cache: Path
    """Where the parts' bundles are kept between builds."""
    language: str
    """The site's language (`vi`): Pagefind indexes every page as written in it."""
    part_size: int
    """Most articles in one part (a busier day is never cut)."""


@dataclass(frozen=True)
class IndexedArticle:
    """An article page to index: where the build wrote it, and its publish day (site zone)."""

    dest_uri: str
    day: date


@dataclass(frozen=True)
class Part:
    id: str
    """`2024` for a whole year, `2024-07-15` for the run of days that starts that day."""
    entries: tuple[IndexedArticle, ...]


@dataclass
class Outcome:
    """What one build did: full-text parts indexed anew or reused, the headline index too."""

    indexed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    headlines_indexed: bool = False
    articles: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        parts = len(self.indexed) + len(self.reused)
        headlines = "lập lại" if self.headlines_indexed else "dùng lại"
        return (
            f"Tìm kiếm: {self.articles} bài; chỉ mục tiêu đề {headlines}; "
            f"chỉ mục toàn văn {parts} phần, "
            f"{len(self.indexed)} phần lập lại, {len(self.reused)} phần dùng lại "
            f"({self.seconds:.1f} s)"
        )


def plan_parts(entries: Iterable[IndexedArticle], part_size: int) -> list[Part]:
    """Cut the entries into parts, newest first: a year each, or runs of whole days.

    Days are grouped from the first of January on, so an article added at the end of a year
    changes only the last part of that year, and one added in an older year only that year.
    """
    by_year: dict[int, list[IndexedArticle]] = {}
    for entry in sorted(entries, key=lambda e: (e.day, e.dest_uri)):
        by_year.setdefault(entry.day.year, []).append(entry)
    parts: list[Part] = []
    for year, year_entries in sorted(by_year.items(), reverse=True):
        if len(year_entries) <= part_size:
            parts.append(Part(str(year), tuple(year_entries)))
        else:
            parts.extend(reversed(_runs_of_days(year_entries, part_size)))
    return parts


def _runs_of_days(entries: list[IndexedArticle], part_size: int) -> list[Part]:
    """Consecutive days, as many as fit in `part_size` articles (a busier day stands alone)."""
    runs: list[list[IndexedArticle]] = []
    for entry in entries:
        current = runs[-1] if runs else None
        if current and (current[-1].day == entry.day or len(current) < part_size):
            current.append(entry)
        else:
            runs.append([entry])
    return [Part(run[0].day.isoformat(), tuple(run)) for run in runs]


def headline_record(article: Article, zone: tzinfo, language: str) -> str:
    """An article as the headline index holds it, a page for Pagefind: title, lead, speakers'
    names, documents, with the filters and meta that overrides/article.html gives its page."""
    e = html.escape
    iso = article.date.astimezone(zone).isoformat()
    parts = [
        f'<h1 data-pagefind-meta="title">{e(article.title)}</h1>',
        '<p data-pagefind-ignore data-pagefind-filter="category" data-pagefind-meta="category">'
        f"{e(article.category)}</p>",
        f'<p data-pagefind-ignore data-pagefind-filter="year:{iso[:4]}" '
        f'data-pagefind-meta="dateline"><time datetime="{iso}" '
        f'data-pagefind-meta="date[datetime]">{e(date_time_line(article.date, zone))}</time></p>',
    ]
    if article.lead:
        parts.append(f"<p>{e(article.lead)}</p>")
    names = (
        f'<li><span data-pagefind-filter="speaker">{e(s.name)}</span></li>'
        for s in article.speakers
    )
    parts.append(f"<ul>{''.join(names)}</ul>")
    documents = []
    for document in map(cited, article.resolutions):
        if document.code:
            kind = f"{e(document.kind)} số " if document.kind else ""
            title = f": {e(document.title)}" if document.title else ""
            filtered = (
                f'{kind}<span data-pagefind-filter="resolution">{e(document.code)}</span>{title}'
            )
        else:
            filtered = f'<span data-pagefind-filter="resolution">{e(document.title or "")}</span>'
        documents.append(f"<li>{filtered}</li>")
    parts.append(f"<ul>{''.join(documents)}</ul>")
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"></head>'
        f"<body><div data-pagefind-body>{''.join(parts)}</div></body></html>"
    )


class Indexer:
    """The search index, made while the build writes the pages.

    The headline index goes to Pagefind at once (it needs no page of the build). Then the build
    hands over what Pagefind reads of each article it writes (`wants`, `searched`, `add`): a
    few kilobytes, written to disk only if the part must be indexed again (its digest changed).
    For a page written from the page cache, only the digest of that (`add_known`), told
    before the page is written: `known` reads it back from the cache, only if its part must be
    indexed again. As soon as
    the last article of a full-text part is written, the part goes to Pagefind, which runs
    while the build goes on, one bundle at a time (the build's processes hold the other
    cores). `finish` indexes what the build did not hand over (read back from `site_dir`)
    and lets two bundles be indexed at once (the build's processes are done: the memory is
    Pagefind's), then writes the manifest and facets.
    """

    def __init__(
        self,
        site_dir: Path,
        publication: Publication,
        options: SearchOptions,
        known: Callable[[str], str | None] | None = None,
        headlines_key: str | None = None,
    ) -> None:
        indexes, dest_uris = publication.indexes, publication.catalog.dest_uris
        entries = [
            IndexedArticle(dest_uris[article.src_uri], article.date.astimezone(indexes.zone).date())
            for article in indexes.articles
        ]
        self.site_dir, self.indexes, self.known = site_dir, indexes, known
        self.bundles = Bundles(options.cache, options.language)
        self.parts = plan_parts(entries, options.part_size)
        self.part_of = {entry.dest_uri: part for part in self.parts for entry in part.entries}
        self.written: dict[str, set[str]] = {part.id: set() for part in self.parts}
        self.stages: dict[str, Stage] = {}
        self.outcome = Outcome(articles=len(entries))
        self.pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="bulletin-search")
        """Eight threads: a part to index need not wait for the copies of the reused ones."""
        self.slots = threading.Semaphore(1)
        """Bundles indexed at once: one while the pages are written, two after (`finish`);
        a bundle the cache has is copied without waiting for one."""
        self.lock = threading.Lock()
        """Pages arrive from the build and from the threads that read the other processes' pipes."""
        self.indexing: dict[str, Future[bool]] = {}
        clear(site_dir / BUNDLE_DIR)
        self.entries, self.headlines_key = entries, headlines_key
        self.headlines: Future[bool] | None = None

    def start(self) -> None:
        """Start indexing: the headline index first. Its threads start now: the build forks
        its processes before (`build.workers`), which take this object as it was."""
        if self.entries and self.headlines is None:  # Pagefind makes no index of nothing
            self.headlines = self._publish_headlines(self.entries, self.headlines_key)

    def _publish_headlines(self, entries: list[IndexedArticle], key: str | None) -> Future[bool]:
        """The headline index: the cache's if `key` (which stands for every article but its
        body, and their addresses) is the one it was made with, without making its pages.
        Its pages are made here, then handed to the pool."""
        if key is not None and self.bundles.kept(HEADLINES, key, HEADLINE_CHUNK_SIZE):
            return self.pool.submit(self._reuse_headlines, key)
        stage = self.bundles.stage(HEADLINES)
        for entry, article in zip(entries, self.indexes.articles, strict=True):
            record = headline_record(article, self.indexes.zone, self.bundles.language)
            stage.add(entry.dest_uri, record)
        return self.pool.submit(self._publish, stage, HEADLINE_CHUNK_SIZE, write_date_order, key)

    def _reuse_headlines(self, key: str) -> bool:
        """Copy the kept headline index (`_publish_headlines`); False: not indexed."""
        target = self.site_dir / BUNDLE_DIR / HEADLINES
        if not self.bundles.reuse(HEADLINES, key, target, HEADLINE_CHUNK_SIZE):
            raise SearchError(
                "the search cache's headline index went away during the build (another "
                "build in the same folder?): build again"
            )
        return False

    def page_written(self, dest_uri: str, html: str) -> None:
        """The build wrote `html` at `dest_uri`: keep what search needs of an article."""
        if self.wants(dest_uri):
            self.add(dest_uri, self.searched(html))

    def wants(self, dest_uri: str) -> bool:
        """Whether the page at `dest_uri` is an article to index."""
        return dest_uri in self.part_of

    def searched(self, html: str) -> str | None:
        """What Pagefind reads of an article's page (`indexed_page`)."""
        return indexed_page(html, self.bundles.language)

    def add(self, dest_uri: str, page: str | None) -> None:
        """An article is written: `page` is what Pagefind reads of it (`indexed_page`; None
        for a page without a body marker). Another rendering process sends it through a pipe."""
        self._add(dest_uri, None if page is None else lambda stage: stage.add(dest_uri, page))

    def add_known(self, dest_uri: str, digest: str | None) -> None:
        """An article is written as an earlier build made it: `digest` is that of what
        Pagefind reads of it (`page_digest`; None: no body marker), read back with `known`
        only if its part must be indexed again."""
        if digest is None:
            self._add(dest_uri, None)
        else:
            self._add(dest_uri, lambda stage: stage.add_known(dest_uri, digest))

    def _add(self, dest_uri: str, staging: Callable[[Stage], None] | None) -> None:
        with self.lock:
            part = self.part_of[dest_uri]
            if part.id in self.indexing:
                return
            if staging is not None:
                if part.id not in self.stages:
                    self.stages[part.id] = self.bundles.stage(part.id, self.known)
                staging(self.stages[part.id])
            self.written[part.id].add(dest_uri)
            if len(self.written[part.id]) == len(part.entries):
                self._start(part)

    def _start(self, part: Part) -> None:
        stage = self.stages.pop(part.id, None) or self.bundles.stage(part.id, self.known)
        self.indexing[part.id] = self.pool.submit(self._publish, stage)

    def _publish(
        self,
        stage: Stage,
        chunk_size: int = INDEX_CHUNK_SIZE,
        finish: Callable[[Path], None] | None = None,
        key: str | None = None,
    ) -> bool:
        target = self.site_dir / BUNDLE_DIR / stage.part_id
        return self.bundles.publish_stage(stage, target, chunk_size, finish, self.slots, key)

    def finish(self) -> Outcome:
        """Complete the index; what the build waits for is `Outcome.seconds`."""
        started = time.monotonic()
        self.start()  # if the build did not
        self.slots.release()  # the pages are written: two bundles at once
        try:
            for part in self.parts:
                if part.id not in self.indexing:
                    self._read_back(part)  # which starts it
            if self.headlines is not None:
                self.outcome.headlines_indexed = self.headlines.result()
            for part in self.parts:
                fresh = self.indexing[part.id].result()
                (self.outcome.indexed if fresh else self.outcome.reused).append(part.id)
        finally:
            self.cancel(wait=True)
        self.bundles.prune({part.id for part in self.parts} | {HEADLINES})
        _write_json(self.site_dir / BUNDLE_DIR / MANIFEST, manifest(self.parts, self.indexes))
        _write_json(self.site_dir / BUNDLE_DIR / FACETS, large_facets(self.indexes))
        self.outcome.seconds = time.monotonic() - started
        return self.outcome

    def _read_back(self, part: Part) -> None:
        """The part's articles the build did not hand over, read from where it wrote them."""
        for entry in part.entries:
            if entry.dest_uri not in self.written[part.id]:
                html = (self.site_dir / entry.dest_uri).read_text(encoding="utf-8")
                self.page_written(entry.dest_uri, html)

    def cancel(self, wait: bool = False) -> None:
        """Stop handing parts to Pagefind (a part being indexed ends on its own; `wait`: and
        wait for it, so that no thread of the index outlives it)."""
        self.pool.shutdown(wait=wait, cancel_futures=True)
        with self.lock:
            for stage in self.stages.values():
                stage.remove()
            self.stages.clear()


def manifest(parts: list[Part], indexes: Indexes) -> dict[str, object]:
    """What the search page reads first: the headline index, the full-text parts to merge,
    the categories and years to filter by."""
    categories = indexes.categories_in_order()
    spellings: dict[str, set[str]] = {}
    for article in indexes.articles:
        spellings.setdefault(indexes.category_of(article).key, set()).add(article.category)
    years = sorted({entry.day.year for part in parts for entry in part.entries}, reverse=True)
    return {
        "version": 2,
        "headlines": {
            "id": HEADLINES,
            "path": f"{HEADLINES}/",
            "articles": sum(len(part.entries) for part in parts),
        }
        if parts
        else None,
        "parts": [
            {"id": part.id, "path": f"{part.id}/", "articles": len(part.entries)} for part in parts
        ],
        "facets": FACETS,
        "category": [_option(c.name, spellings.get(c.key, {c.name})) for c in categories],
        "year": [_option(str(year), {str(year)}) for year in years],
    }


def large_facets(indexes: Indexes) -> dict[str, object]:
    """Speakers (one option per person, with every spelling the articles use) and documents."""
    people: dict[str, set[str]] = {}
    documents: dict[str, str] = {}
    for article in indexes.articles:
        for speaker, person in zip(article.speakers, indexes.spoke[id(article)], strict=True):
            people.setdefault(person.key, set()).add(speaker.name)
        for resolution, document in zip(
            article.resolutions, indexes.cited[id(article)], strict=True
        ):
            value = resolution.code.text if resolution.code else resolution.title
            if value:
                documents.setdefault(value, document.name or value)
    return {
        "speaker": [
            _option(person.name, people[person.key])
            for person in indexes.people_sorted()
            if person.key in people
        ],
        "resolution": [
            _option(label, {value})
            for value, label in sorted(documents.items(), key=lambda item: item[1].casefold())
        ],
    }


def _option(label: str, values: set[str]) -> dict[str, object]:
    """A facet's option: what the reader sees, and the values of the pages it stands for."""
    return {"label": label, "values": sorted(values)}


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
