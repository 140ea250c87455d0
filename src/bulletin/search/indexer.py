"""Static search: the public articles indexed while `mkdocs build` runs.

The index is cut into parts by date, whole years when they fit in `part_size` articles (a
busier year is cut into runs of whole days), each made by `part_index` in a program of its own
while the build goes on and kept in a cache: a rebuild makes again only the parts whose
articles changed. Each part holds, for every folded syllable, pair of adjacent syllables and
filter value, the articles that have it and where (title or lead, speakers or documents,
body), and what the search page shows of each article; the search page reads the shards its
query needs from every part and ranks the articles itself (`bulletin-search.js`). Nothing here
imports MkDocs.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from bulletin.articles.model import Article
from bulletin.build.last_site import LastSite
from bulletin.images.view import ImageView
from bulletin.publication import Publication
from bulletin.search.bundles import BUNDLE_DIR, Bundles, ReadBack, Stage, clear
from bulletin.search.part_index import PART
from bulletin.search.records import body_text, record_head
from bulletin.views.indexes import Indexes

MANIFEST = "bulletin-search.json"
"""The parts, and the small facets (categories, years), in the index's folder."""
FACETS = "bulletin-facets.json"
"""The large facets (speakers, documents), fetched only when the reader filters by them."""
VOCABULARY = "vocabulary.gz"
"""Every syllable of the site and the number of articles that have it, a line each: fetched
only when the reader has begun a word (to find the words it may become)."""

ImageOf = Callable[[Article], ImageView | None]


@dataclass(frozen=True)
class SearchOptions:
    cache: Path
    """Where the parts are kept between builds."""
    part_size: int
    """Most articles in one part (a busier day is never cut)."""


@dataclass(frozen=True)
class IndexedArticle:
    """An article page to index: where the build wrote it, and when it was published."""

    dest_uri: str
    moment: datetime
    """In the site's zone."""

    @property
    def day(self) -> date:
        return self.moment.date()


@dataclass(frozen=True)
class Part:
    id: str
    """`2024` for a whole year, `2019-2021` for whole years, `2024-07-15` for the run of days
    that starts that day."""
    entries: tuple[IndexedArticle, ...]
    """Oldest first: an article's number in the part is its place here."""


@dataclass
class Outcome:
    """What one build did: parts made anew or reused."""

    indexed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        parts = len(self.indexed) + len(self.reused)
        return (
            f"Tìm kiếm: {self.articles} bài, chỉ mục {parts} phần, "
            f"{len(self.indexed)} phần lập lại, {len(self.reused)} phần dùng lại "
            f"({self.seconds:.1f} s)"
        )


def plan_parts(entries: Iterable[IndexedArticle], part_size: int) -> list[Part]:
    """Cut the entries into parts, oldest first: runs of whole years as many as fit in
    `part_size` articles, or a busier year's runs of whole days.

    Years are grouped from the oldest on and days from the first of January on, so an article
    added at the end changes only the last part, and one added in an older year only its own.
    """
    by_year: dict[int, list[IndexedArticle]] = {}
    for entry in sorted(entries, key=lambda e: (e.moment, e.dest_uri)):
        by_year.setdefault(entry.day.year, []).append(entry)
    parts: list[Part] = []
    years: list[int] = []
    for year, year_entries in sorted(by_year.items()):
        if len(year_entries) > part_size:
            parts += _years(years, by_year)
            years = []
            parts += _runs_of_days(year_entries, part_size)
            continue
        if years and sum(len(by_year[y]) for y in years) + len(year_entries) > part_size:
            parts += _years(years, by_year)
            years = []
        years.append(year)
    return parts + _years(years, by_year)


def _years(years: list[int], by_year: dict[int, list[IndexedArticle]]) -> list[Part]:
    if not years:
        return []
    name = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return [Part(name, tuple(entry for year in years for entry in by_year[year]))]


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


class Indexer:
    """The search index, made while the build writes the pages.

    The build hands over the body's words of each article it writes (`wants`, `searched`,
    `add`): a few kilobytes, written for `part_index` only if the part must be made again
    (its digest changed). For a page written from the page cache, only their digest
    (`add_known`): `known` reads them back from the cache, only if its part must be made
    again. As soon as the last article of a part is written, the part is made, while the
    build goes on, one at a time (the build's processes hold the other cores). `finish`
    reads back what the build did not hand over (from `site_dir`), lets two parts be made at
    once (the build's processes are done), then writes the manifest, facets and vocabulary.
    `views` gives what every page's view is made of (the page cache's digest), once known:
    a part made in the same views has the same heads, which need not be made again.
    """

    def __init__(
        self,
        site_dir: Path,
        publication: Publication,
        options: SearchOptions,
        known: ReadBack | None = None,
        image_of: ImageOf | None = None,
        last: LastSite | None = None,
        views: Callable[[], str | None] | None = None,
    ) -> None:
        indexes, dest_uris = publication.indexes, publication.catalog.dest_uris
        self.articles = {dest_uris[article.src_uri]: article for article in indexes.articles}
        entries = [
            IndexedArticle(uri, article.date.astimezone(indexes.zone))
            for uri, article in self.articles.items()
        ]
        self.site_dir, self.indexes, self.known, self.image_of = site_dir, indexes, known, image_of
        self.catalog, self.views = publication.catalog, views
        self.bundles = Bundles(options.cache, last)
        self.last_site = last.site if last is not None else None
        """The site as the last build published it: the pages this one left there."""
        self.parts = plan_parts(entries, options.part_size)
        self.part_of = {entry.dest_uri: part for part in self.parts for entry in part.entries}
        self.written: dict[str, set[str]] = {part.id: set() for part in self.parts}
        self.stages: dict[str, Stage] = {}
        self.outcome = Outcome(articles=len(entries))
        self.pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="bulletin-search")
        """Eight threads: a part to make need not wait for the copies of the reused ones."""
        self.slots = threading.Semaphore(1)
        """Parts made at once: one while the pages are written, two after (`finish`); a part
        the cache has is copied without waiting for one."""
        self.lock = threading.Lock()
        """Pages arrive from the build and from the threads that read the other processes' pipes."""
        self.indexing: dict[str, Future[bool]] = {}
        clear(site_dir / BUNDLE_DIR)

    def page_written(self, dest_uri: str, html: str) -> None:
        """The build wrote `html` at `dest_uri`: keep what search needs of an article."""
        if self.wants(dest_uri):
            self.add(dest_uri, self.searched(html))

    def wants(self, dest_uri: str) -> bool:
        """Whether the page at `dest_uri` is an article to index."""
        return dest_uri in self.part_of

    @staticmethod
    def searched(html: str) -> str | None:
        """What search reads of an article's page: its body's words (`records.body_text`)."""
        return body_text(html)

    def add(self, dest_uri: str, text: str | None) -> None:
        """An article is written: `text` is its body's words (None for a page without the
        marked body). Another rendering process sends them through a pipe."""
        self._add(dest_uri, lambda stage: stage.add(dest_uri, text))

    def add_known(self, dest_uri: str, digest: str | None) -> None:
        """An article is written as an earlier build made it: `digest` is that of its body's
        words (`record_digest`; None: it has none), read back with `known` only if its part
        must be made again."""
        if digest is None:
            self._add(dest_uri, lambda stage: stage.add(dest_uri, None))
        else:
            self._add(dest_uri, lambda stage: stage.add_known(dest_uri, digest))

    def _add(self, dest_uri: str, staging: Callable[[Stage], None]) -> None:
        with self.lock:
            part = self.part_of[dest_uri]
            if part.id in self.indexing:
                return
            if part.id not in self.stages:
                self.stages[part.id] = self._stage(part)
            staging(self.stages[part.id])
            self.written[part.id].add(dest_uri)
            if len(self.written[part.id]) == len(part.entries):
                self._start(part)

    def _stage(self, part: Part) -> Stage:
        """A part's stage, with every article's head (what is not its body)."""
        order = [entry.dest_uri for entry in part.entries]
        views = self.views() if self.views is not None else None
        stage = self.bundles.stage(part.id, order, self.known, views)
        for uri in order:
            stage.describe(uri, partial(self._head, self.articles[uri]))
        return stage

    def _head(self, article: Article) -> dict[str, object]:
        image = self.image_of(article) if self.image_of is not None else None
        titles = self.indexes.titles_at_time(article)
        url = self.catalog.path_of(article)
        return record_head(article, self.indexes.zone, url, image, titles)

    def _start(self, part: Part) -> None:
        stage = self.stages.pop(part.id, None) or self._stage(part)
        target = self.site_dir / BUNDLE_DIR / part.id
        self.indexing[part.id] = self.pool.submit(
            self.bundles.publish_stage, stage, target, self.slots
        )

    def finish(self) -> Outcome:
        """Complete the index; what the build waits for is `Outcome.seconds`."""
        started = time.monotonic()
        self.slots.release()  # the pages are written: two parts at once
        try:
            for part in self.parts:
                if part.id not in self.indexing:
                    self._read_back(part)  # which starts it
            for part in self.parts:
                fresh = self.indexing[part.id].result()
                (self.outcome.indexed if fresh else self.outcome.reused).append(part.id)
        finally:
            self.cancel(wait=True)
        self.bundles.prune({part.id for part in self.parts})
        folder = self.site_dir / BUNDLE_DIR
        shards = {part.id: _shards(self.bundles.cache / part.id) for part in self.parts}
        _write_json(folder / MANIFEST, manifest(self.parts, shards, self.indexes))
        _write_json(folder / FACETS, large_facets(self.indexes))
        _write_vocabulary(folder / VOCABULARY, [self.bundles.vocabulary(p.id) for p in self.parts])
        self.outcome.seconds = time.monotonic() - started
        return self.outcome

    def _read_back(self, part: Part) -> None:
        """The part's articles the build did not hand over, read from where it wrote them."""
        for entry in part.entries:
            if entry.dest_uri not in self.written[part.id]:
                html = self._page(entry.dest_uri).read_text(encoding="utf-8")
                self.page_written(entry.dest_uri, html)

    def _page(self, dest_uri: str) -> Path:
        """Where the page at `dest_uri` is: in this build's folder, or left in the last site."""
        path = self.site_dir / dest_uri
        if self.last_site is not None and not path.exists():
            return self.last_site / dest_uri
        return path

    def cancel(self, wait: bool = False) -> None:
        """Stop making parts (a part being made ends on its own; `wait`: and wait for it, so
        that no thread of the index outlives it)."""
        self.pool.shutdown(wait=wait, cancel_futures=True)
        with self.lock:
            for stage in self.stages.values():
                stage.remove()
            self.stages.clear()


def _shards(part: Path) -> int:
    data = json.loads((part / PART).read_text(encoding="utf-8"))
    return int(data["shards"])


def _write_vocabulary(path: Path, parts: list[Path]) -> None:
    """The site's syllables, each with the number of its articles, from those of its parts."""
    counts: Counter[str] = Counter()
    for vocabulary in parts:
        for line in vocabulary.read_text(encoding="utf-8").splitlines():
            term, _, articles = line.partition("\t")
            counts[term] += int(articles)
    lines = "".join(f"{term}\t{counts[term]}\n" for term in sorted(counts))
    path.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))


def manifest(parts: list[Part], shards: dict[str, int], indexes: Indexes) -> dict[str, object]:
    """What the search page reads first: the parts (oldest first: an article's number in the
    site is its part's `first` and its number in the part, so the newest has the largest), the
    categories and years to filter by."""
    categories = indexes.categories_in_order()
    spellings: dict[str, set[str]] = {}
    for article in indexes.articles:
        spellings.setdefault(indexes.category_of(article).key, set()).add(article.category)
    years = sorted({entry.day.year for part in parts for entry in part.entries}, reverse=True)
    firsts = [0]
    for part in parts:
        firsts.append(firsts[-1] + len(part.entries))
    return {
        "version": 3,
        "articles": firsts[-1],
        "parts": [
            {
                "id": part.id,
                "path": f"{part.id}/",
                "first": first,
                "articles": len(part.entries),
                "shards": shards[part.id],
            }
            for part, first in zip(parts, firsts, strict=False)
        ],
        "vocabulary": VOCABULARY,
        "facets": FACETS,
        "category": [_option(c.name, spellings.get(c.key, {c.name})) for c in categories],
        "year": [_option(str(year), {str(year)}) for year in years],
    }


def large_facets(indexes: Indexes) -> dict[str, object]:
    """Speakers (one option per person, with every spelling the articles use) and documents."""
    people, documents = indexes.spellings, indexes.cited_as
    return {
        "speaker": [
            _option(person.name, set(people[person.key]))
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
