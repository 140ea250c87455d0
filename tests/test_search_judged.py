"""The judged queries of search (search_judged.yml) in headless Chromium, on the sample site and
on a generated corpus of 300 articles with planted names, places, phrases and document codes:
for each, the article the reader expects first, the order of others, the articles that must
not be listed, and, for every result listed, that it has every syllable of the query, whole,
and that its excerpt is the article's own words with the phrase in one <mark>. The last test
sums them up (BULLETIN_JUDGED_REPORT: a JSON file to write the numbers to)."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import yaml

from browser import launched_browser, serve
from judged import (
    ArticleText,
    Case,
    Listing,
    Result,
    cases,
    lacking,
    load,
    problems,
    title_key,
    write_corpus,
)
from sites import REPO, build_site, site_yml

try:
    from playwright.sync_api import Page
except ImportError:  # the tests skip, saying why (browser.launched_browser)
    Page = object  # type: ignore[misc,assignment]

CASES = cases()
MOST_RESULTS = 100
"""Results read of one query: the pages the "more" button adds, up to this many."""
CORPUS_YML = site_yml(
    options='      url_format: "{yyyy}/{mm}/{name}/"\n      search_part_size: 80\n'
)
SEARCH_PAGE = "---\ntitle: Tìm kiếm\ntemplate: search.html\n---\n"
READ_RESULTS = """() => [...document.querySelectorAll("#search-results .bulletin-search__result")]
  .map((item) => {
    const excerpt = item.querySelector(".bulletin-search__excerpt");
    const texts = (nodes) => [...nodes].map((node) => node.textContent);
    return {
      path: item.querySelector("h2 a").pathname.slice(1),
      title: item.querySelector("h2 a").textContent,
      closest: Boolean(item.closest(".bulletin-search__closest")),
      title_marks: texts(item.querySelectorAll("h2 mark")),
      excerpt: excerpt ? excerpt.textContent : null,
      excerpt_marks: texts(excerpt ? excerpt.querySelectorAll("mark") : []),
    };
  })"""
MORE = "(n) => document.querySelectorAll('.bulletin-search__result').length > n"
DONE = """(query) => {
  const output = document.getElementById("search-results");
  return output.dataset.state === "done" && output.dataset.query === query;
}"""


@dataclass
class Site:
    """A built site, served: its address, and its judged articles' keys by name (`problems`)."""

    folder: Path
    address: str
    keys: dict[str, str]
    texts: dict[str, ArticleText] = field(default_factory=dict)

    def article(self, path: str) -> ArticleText:
        """The words of the article at `path`, read from its page once."""
        if path not in self.texts:
            html = (self.folder / path / "index.html").read_text(encoding="utf-8")
            self.texts[path] = ArticleText.of_page(html)
        return self.texts[path]


def sample_site(root: Path) -> tuple[Path, dict[str, str]]:
    """The sample (docs/, mkdocs.yml) built under `root`; each article's key by file name: its
    address, found by its title (`title_key` if the site does not publish it)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    site = build_site(root / "mkdocs.yml", root / "site")
    published = {}
    for page in site.glob("[0-9]*/[0-9]*/*/index.html"):
        title = ArticleText.of_page(page.read_text(encoding="utf-8")).title
        assert title not in published, f"two articles titled {title!r}"
        published[title] = f"{page.parent.relative_to(site).as_posix()}/"
    keys = {}
    for path in (REPO / "docs/articles").rglob("*.md"):
        head = path.read_text(encoding="utf-8").split("---\n")[1]
        title = unicodedata.normalize("NFC", yaml.safe_load(head)["title"])
        keys[path.stem] = published.get(title, title_key(title))
    return site, keys


def corpus_site(root: Path) -> tuple[Path, dict[str, str]]:
    """The generated corpus with its plants, built under `root`; the plants' addresses."""
    corpus = load()["corpus"]
    addresses = write_corpus(root, corpus["size"], corpus["plants"])
    (root / "docs/index.md").write_text("# Bản tin\n", encoding="utf-8")
    (root / "docs/tim-kiem.md").write_text(SEARCH_PAGE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CORPUS_YML, encoding="utf-8")
    return build_site(root / "mkdocs.yml", root / "site"), addresses


BUILDERS = {"sample": sample_site, "corpus": corpus_site}


@dataclass
class Outcome:
    """What the search page listed for a query, and how it differs from the judgement."""

    listing: Listing
    problems: list[str]
    lacking: list[str]
    """The results listed as answers that lack a syllable of the query."""


@dataclass
class Judge:
    """Builds each site when a query first needs it (in that query's test), asks each query
    once, in one tab, and keeps what it listed for the summary."""

    factory: pytest.TempPathFactory
    page: Page
    stack: ExitStack
    errors: list[str] = field(default_factory=list)
    sites: dict[str, Site] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def site(self, name: str) -> Site:
        if name not in self.sites:
            folder, keys = BUILDERS[name](self.factory.mktemp(f"judged-{name}"))
            self.sites[name] = Site(folder, self.stack.enter_context(serve(folder)), keys)
        return self.sites[name]

    def outcome(self, case: Case) -> Outcome:
        if case.id not in self.outcomes:
            site = self.site(case.site)
            listing = self.ask(site, case)
            self.outcomes[case.id] = Outcome(
                listing,
                problems(case, listing, site.keys, site.article),
                lacking(case, listing, site.article),
            )
        return self.outcomes[case.id]

    def ask(self, site: Site, case: Case) -> Listing:
        self.errors.clear()
        params = {"tieu-de": "1"} if case.headlines else {}
        if case.how == "link":
            params = {"q": case.query, **params}
        self.page.goto(f"{site.address}tim-kiem/?{urlencode(params, quote_via=quote)}")
        box = self.page.locator("#search-q")
        if case.how == "typed":
            box.press_sequentially(case.query, delay=25)
        elif case.how == "submitted":
            box.fill(case.query)
            box.press("Enter")
        # the page keeps the query in NFC (the address may have it in NFD)
        self.page.wait_for_function(DONE, arg=unicodedata.normalize("NFC", case.query))
        listing = self.read()
        while self.wants_more(case, site, listing):
            self.page.click("#search-more")
            self.page.wait_for_function(MORE, arg=len(listing.results))
            listing = self.read()
        return listing

    def read(self) -> Listing:
        return Listing(
            [Result(**read) for read in self.page.evaluate(READ_RESULTS)],
            self.page.inner_text("#search-status"),
            self.page.locator(".bulletin-search__closest").count() > 0,
            not self.page.is_visible("#search-more"),
            list(self.errors),
        )

    def wants_more(self, case: Case, site: Site, listing: Listing) -> bool:
        """Whether to press "more": the case names an article not listed yet, or articles that
        must not be listed at all (up to `MOST_RESULTS`)."""
        if len(listing.results) >= MOST_RESULTS or not self.page.is_visible("#search-more"):
            return False
        named = {case.first_prefix, *case.order, *case.present} - {None}
        places = listing.places()
        return bool(case.never) or any(site.keys[str(name)] not in places for name in named)


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    with launched_browser() as browser, ExitStack() as stack:
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        found = Judge(tmp_path_factory, page, stack)
        page.on("pageerror", lambda error: found.errors.append(str(error)))
        yield found
        context.close()


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def test_the_judged_queries_are_distinct_and_name_known_articles() -> None:
    assert len({case.id for case in CASES}) == len(CASES)
    data = load()
    sample = {path.stem for path in (REPO / "docs/articles").rglob("*.md")}
    known = {"sample": sample, "corpus": set(data["corpus"]["plants"])}
    unknown = [(case.id, case.named - known[case.site]) for case in CASES]
    assert [(id, names) for id, names in unknown if names] == []
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_judged_query(judge: Judge, case: Case) -> None:
    outcome = judge.outcome(case)
    listed = "\n".join(f"  {n}. {title}" for n, title in enumerate(outcome.listing.titles[:5], 1))
    assert [*outcome.lacking, *outcome.problems] == [], f"{case.why}\nlisted first:\n{listed}"


@pytest.mark.timeout(600)  # alone (-k summary), it builds both sites and asks every query
def test_summary(judge: Judge, capsys: pytest.CaptureFixture[str]) -> None:
    """The share of queries whose expected article is first, and the results listed that lack
    a syllable of their query (target 0), over every judged query."""
    outcomes = {case.id: (case, judge.outcome(case)) for case in CASES}
    judged = [(case, o) for case, o in outcomes.values() if case.expected_first]
    first = [case.id for case, o in judged if not _first_ok(case, o, judge)]
    lacking = {id: o.lacking for id, (_, o) in outcomes.items() if o.lacking}
    report: dict[str, Any] = {
        "queries": len(CASES),
        "with_expected_first": len(judged),
        "expected_first": len(judged) - len(first),
        "share_first": round((len(judged) - len(first)) / len(judged), 3),
        "results_checked": sum(
            not result.closest for _, o in outcomes.values() for result in o.listing.results
        ),
        "results_lacking_a_syllable": sum(map(len, lacking.values())),
        "not_first": first,
        "not_as_judged": [id for id, (_, o) in outcomes.items() if o.problems],
        "marked_xfail": [case.id for case in CASES if case.xfail],
    }
    if path := os.environ.get("BULLETIN_JUDGED_REPORT"):
        Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    with capsys.disabled():
        print(
            f"\njudged search: {report['expected_first']}/{report['with_expected_first']} "
            f"expected first ({report['share_first']:.0%}), "
            f"{report['results_lacking_a_syllable']} of {report['results_checked']} results "
            "lacking a syllable, "
            f"{len(report['not_as_judged'])} of {len(CASES)} queries not as judged"
        )
    assert lacking == {}


def _first_ok(case: Case, outcome: Outcome, judge: Judge) -> bool:
    key = judge.site(case.site).keys[str(case.expected_first)]
    return outcome.listing.places().get(key) == 0
