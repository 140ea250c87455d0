"""The judged search queries (search_judged.yml): their cases, the generated corpus they run on
with its planted names, places and codes, the articles' own words read from their pages, and
the checks of what the search page listed against those words."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from bulletin.search.syllables import segments

HERE = Path(__file__).resolve().parent
DATA = HERE / "search_judged.yml"
SHARED = "shared/bench/gen_corpus.py"
QUOTES = '"“”'


def load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


# The cases.


@dataclass(frozen=True)
class Case:
    """A judged query: where and how it is asked, and what the reader must see."""

    site: str
    q: str
    how: str = "link"
    headlines: bool = False
    nfd: bool = False
    expect: str = "results"
    first: str | None = None
    first_prefix: str | None = None
    order: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    why: str = ""
    xfail: str | None = None

    @classmethod
    def read(cls, entry: dict[str, Any]) -> Case:
        lists = {key: tuple(entry.get(key, ())) for key in ("order", "present", "never")}
        return cls(**{**entry, **lists})

    @property
    def id(self) -> str:
        how = self.how + ("+tieu-de" if self.headlines else "") + ("+nfd" if self.nfd else "")
        return f"{self.site}:{how}:{self.q}"

    @property
    def query(self) -> str:
        """The query as sent: decomposed if `nfd`."""
        return unicodedata.normalize("NFD" if self.nfd else "NFC", self.q)

    @property
    def expected_first(self) -> str | None:
        return self.first or (self.order[0] if self.order else None)

    @property
    def named(self) -> set[str]:
        found = {self.first, self.first_prefix, *self.order, *self.present, *self.never}
        return {name for name in found if name}


def cases() -> list[Case]:
    return [Case.read(entry) for entry in load()["queries"]]


@dataclass(frozen=True)
class Query:
    """The query as the search page reads it (`parseQuery` in bulletin-search.js)."""

    syllables: tuple[str, ...]
    quoted: bool
    begun: str | None

    @classmethod
    def of(cls, case: Case) -> Query:
        text = unicodedata.normalize("NFC", case.q).strip()
        quoted = len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES
        inner = text[1:-1] if quoted else text
        syllables = tuple(s for segment in segments(inner) for s in segment)
        typing = case.how == "typed" and not quoted and syllables
        begun = syllables[-1] if typing and len(syllables[-1]) >= 2 else None
        return cls(syllables, quoted, begun)


# The generated corpus and its plants.


def generator() -> Path | None:
    """gen_corpus.py in `shared/` beside the clone, or beside a folder above it (worktrees)."""
    found = (folder / SHARED for folder in HERE.parents)
    return next((path for path in found if path.is_file()), None)


def write_corpus(root: Path, size: int, plants: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Generate `size` articles under `root/docs` and plant in them; the address of each plant's
    article on a site whose `url_format` is `{yyyy}/{mm}/{name}/`."""
    script = generator()
    if script is None:
        pytest.skip(f"no {SHARED} beside the clone (the corpus generator)")
    command = [sys.executable, str(script), str(root), str(size), "--format", "bulletin"]
    subprocess.run(command, check=True, capture_output=True)
    articles = root / "docs/articles"
    files = {int(path.stem[-5:]): path for path in articles.rglob("*.md")}
    addresses = {}
    for name, spec in plants.items():
        path = files[spec["article"]]
        plant(path, name, spec)
        addresses[name] = f"{path.relative_to(articles).with_suffix('').as_posix()}/"
    return addresses


def plant(path: Path, name: str, spec: dict[str, Any]) -> None:
    """Change one generated article as `spec` says."""
    form: Literal["NFC", "NFD"] = "NFD" if spec.get("nfd") else "NFC"
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(head)
    for key in ("title", "lead"):
        if key in spec:
            meta[key] = unicodedata.normalize(form, spec[key])
    for key in ("speakers", "resolutions"):
        meta[key] = [*meta.get(key, []), *spec.get(key, [])]
    if "body" in spec:
        body = f"{body.rstrip()}\n\n{unicodedata.normalize(form, spec['body'])}\n"
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    text = f"---\n{dumped}---\n{body}"
    missing = set(spec.get("lacks", ())) & syllables_of(text)
    assert not missing, f"{path.name} ({name}) has {missing}: gen_corpus.py changed? pick another"
    path.write_text(text, encoding="utf-8")


# An article's own words, as its page shows them.


def syllables_of(text: str) -> set[str]:
    return {syllable for segment in segments(text) for syllable in segment}


def stream_of(text: str) -> list[str]:
    return [syllable for segment in segments(text) for syllable in segment]


@dataclass(frozen=True)
class ArticleText:
    """What search may read of an article: its title, lead, speakers and documents (`people`)
    and body, from its page (never the interface's words around them)."""

    title: str
    lead: str
    people: str
    body: str

    @classmethod
    def of_page(cls, html: str) -> ArticleText:
        page = BeautifulSoup(html, "html.parser")
        for node in page.select(".headerlink, .bulletin-source, [data-search-text] button"):
            node.decompose()
        names = [_text(node) for node in page.select(".bulletin-speaker")]
        documents = [_text(node) for node in page.select(".bulletin-document")]
        return cls(
            title=_text(page.select_one("h1.bulletin-title")),
            lead=_text(page.select_one(".bulletin-lead")),
            people="; ".join(names + documents),
            body=_text(page.select_one("[data-search-text]"), "\n"),
        )

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.title, self.lead, self.people, self.body)

    def syllables(self, headlines: bool = False) -> set[str]:
        fields = self.fields[:3] if headlines else self.fields
        return set().union(*map(syllables_of, fields))

    def has_phrase(self, syllables: tuple[str, ...]) -> bool:
        return any(holds(text, syllables) for text in self.fields)


def holds(text: str, syllables: tuple[str, ...]) -> bool:
    """Whether the syllables stand adjacent, in order, in one stretch of `text` (`segments`)."""
    wanted = f" {' '.join(syllables)} "
    return any(wanted in f" {' '.join(segment)} " for segment in segments(text))


def _text(node: Tag | None, separator: str = " ") -> str:
    return node.get_text(separator) if node is not None else ""


# What the search page listed, and its checks.


@dataclass(frozen=True)
class Result:
    path: str
    """Its address on the site, without the leading /."""
    title: str
    closest: bool
    title_marks: tuple[str, ...]
    excerpt: str | None
    excerpt_marks: tuple[str, ...]


@dataclass
class Listing:
    results: list[Result]
    status: str
    closest_section: bool
    complete: bool
    """Whether every result is listed (the "more" button is gone)."""
    errors: list[str] = field(default_factory=list)

    @property
    def titles(self) -> list[str]:
        return [result.title for result in self.results]

    def places(self) -> dict[str, int]:
        """Each result's place in the list (from 0), by its address and by its title."""
        places: dict[str, int] = {}
        for place, result in enumerate(self.results):
            places.setdefault(result.path, place)
            places.setdefault(title_key(result.title), place)
        return places


Articles = Callable[[str], ArticleText]
"""An article's words by its address on the site."""


def title_key(title: str) -> str:
    """How an article the site does not publish (a draft, an embargoed one) is known: by title."""
    return f"title:{title}"


def lacking(case: Case, listing: Listing, article: Articles) -> list[str]:
    """The results listed as answers (not those under the closest's heading, which may lack
    some) that lack a syllable of the query: whole, or begun for the last one of a typed query."""
    query = Query.of(case)
    return [
        f"{result.title!r} lacks {sorted(missing)}"
        for result in listing.results
        if not result.closest and (missing := _missing(query, article(result.path).syllables()))
    ]


def _missing(query: Query, have: set[str]) -> set[str]:
    missing = set(query.syllables) - have
    if query.begun in missing and any(_begins(s, query.begun) for s in have):
        missing.discard(query.begun)
    return missing


def _begins(syllable: str, begun: str) -> bool:
    return len(syllable) > len(begun) and syllable.startswith(begun)


def problems(case: Case, listing: Listing, keys: dict[str, str], article: Articles) -> list[str]:
    """Every way the listing differs from the judgement (empty: as judged). `keys`: each named
    article's address, or `title_key` of its title if the site does not publish it."""
    place = listing.places()
    found = [*_kind(case, listing), *_order(case, listing, place, keys)]
    found += [f"listed, but must not be: {name}" for name in case.never if keys[name] in place]
    if case.never and not listing.complete:
        found.append(f"only {len(listing.results)} results read: cannot tell what is not listed")
    query = Query.of(case)
    if case.how == "typed" and query.begun:
        found += _prefix_order(case, query, listing, keys, article)
    for result in listing.results:
        found += _words(query, result, article(result.path), case)
    return found + [f"script error: {error}" for error in listing.errors]


def _kind(case: Case, listing: Listing) -> Iterator[str]:
    if case.expect == "nothing" and listing.results:
        yield f"expected nothing, listed {listing.titles[:3]}"
    if case.expect != "nothing" and not listing.results:
        yield f"nothing listed ({listing.status!r})"
    closest = case.expect == "closest"
    if listing.closest_section != closest or any(r.closest != closest for r in listing.results):
        yield f"closest results {'expected' if closest else 'not expected'}: {listing.status!r}"


def _order(
    case: Case, listing: Listing, place: dict[str, int], keys: dict[str, str]
) -> Iterator[str]:
    first = case.expected_first
    if first and place.get(keys[first]) != 0:
        yield f"first should be {first}, is {listing.titles[:1]} ({_at(keys[first], place)})"
    for name in (*case.order, *case.present):
        if keys[name] not in place:
            yield f"not listed: {name}"
    ranks = [place[keys[name]] for name in case.order if keys[name] in place]
    if ranks != sorted(ranks):
        yield f"order should be {list(case.order)}, ranks are {[r + 1 for r in ranks]}"


def _at(key: str, place: dict[str, int]) -> str:
    return f"number {place[key] + 1}" if key in place else "not listed"


def _prefix_order(
    case: Case, query: Query, listing: Listing, keys: dict[str, str], article: Articles
) -> Iterator[str]:
    """Typed: the whole matches before those of the begun word; `first_prefix` first of those."""
    whole = [query.begun in article(result.path).syllables() for result in listing.results]
    if whole != sorted(whole, reverse=True):
        yield f"a match of the begun word {query.begun!r} before a whole one: {whole}"
    if case.first_prefix:
        begun = [r.path for r, is_whole in zip(listing.results, whole, strict=True) if not is_whole]
        if begun[:1] != [keys[case.first_prefix]]:
            where = _at(keys[case.first_prefix], listing.places())
            before = len(whole) - len(begun)
            yield f"first begun match should be {case.first_prefix} ({where}, {before} whole)"


def _words(query: Query, result: Result, article: ArticleText, case: Case) -> Iterator[str]:
    """A result's title and excerpt: the article's words, the phrase (if the article has it)
    shown, in one <mark>."""
    shown = [("title", result.title, result.title_marks)]
    if result.excerpt is not None:
        shown.append(("excerpt", result.excerpt, result.excerpt_marks))
    for where, text, marks in shown:
        if "¶" in text:
            yield f"{result.title!r}: ¶ in the {where}"
        phrase = len(query.syllables) > 1 and holds(text, query.syllables)
        if phrase and not any(holds(mark, query.syllables) for mark in marks):
            yield f"{result.title!r}: the phrase is not one <mark> in the {where}: {marks}"
    phrase = len(query.syllables) > 1 and article.has_phrase(query.syllables)
    if phrase and not any(holds(text, query.syllables) for _, text, _ in shown):
        yield f"{result.title!r}: holds the phrase, but neither its title nor excerpt shows it"
    if result.excerpt is not None and not _from_article(result.excerpt, article):
        yield f"{result.title!r}: excerpt not the article's words: {result.excerpt!r}"
    if case.headlines and not set(query.syllables) <= article.syllables(headlines=True):
        yield f"{result.title!r}: not every syllable in its title, lead, speakers or documents"
    if query.quoted and not article.has_phrase(query.syllables):
        yield f"{result.title!r}: listed for a quoted query without the phrase"


def _from_article(excerpt: str, article: ArticleText) -> bool:
    """Whether the excerpt's syllables run, in order, in one of the article's texts."""
    shown = " ".join(stream_of(excerpt))  # without the ellipses, which are not syllables
    return any(f" {shown} " in f" {' '.join(stream_of(text))} " for text in article.fields)
