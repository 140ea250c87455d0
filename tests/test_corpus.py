"""The site built from a generated corpus (../shared/bench/gen_corpus.py): every kind of page
is there and lists the right articles in the right order."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bulletin.articles.catalog import Settings, load
from bulletin.text.dates import site_zone
from bulletin.text.vietnamese import slugify
from sites import REPO, build_site

GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
ZONE = site_zone("Asia/Ho_Chi_Minh")
CONFIG = f"""
site_name: Corpus
site_url: https://example.org/
theme: {{name: material, language: vi, custom_dir: {REPO / "overrides"}, font: false}}
strict: true
plugins:
  - bulletin:
      url_format: "{{yyyy}}/{{mm}}/{{name}}/"
      per_page: 10
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not GENERATOR.is_file():
        pytest.skip(f"the corpus generator is not at {GENERATOR} (shared/ beside the clone)")
    root = tmp_path_factory.mktemp("corpus")
    command = [sys.executable, str(GENERATOR), str(root), "120", "--format", "bulletin"]
    subprocess.run(command, check=True, capture_output=True)
    (root / "docs/index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(corpus: Path) -> Path:
    return build_site(corpus / "mkdocs.yml", corpus / "site")


@pytest.fixture(scope="module")
def articles(corpus: Path) -> list:  # type: ignore[type-arg]
    docs = corpus / "docs"
    uris = [p.relative_to(docs).as_posix() for p in (docs / "articles").rglob("*.md")]
    catalog = load(docs, uris, Settings(ZONE, "{yyyy}/{mm}/{name}/"), lambda path: True)
    return catalog.public(datetime.now(ZONE))


def html(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def listed(site: Path, base: str) -> list[str]:
    """Every title a paginated list shows, page after page."""
    titles, number = [], 1
    while (site / (base if number == 1 else f"{base}/trang/{number}") / "index.html").exists():
        page = html(site, base if number == 1 else f"{base}/trang/{number}")
        titles += [a.get_text(strip=True) for a in page.select(".bulletin-teaser__title a")]
        number += 1
    return titles


def test_every_category_lists_its_articles_newest_first(site: Path, articles: list) -> None:  # type: ignore[type-arg]
    by_category = Counter(article.category for article in articles)
    assert len(by_category) >= 4
    for category, count in by_category.items():
        expected = [a.title for a in articles if a.category == category]
        assert listed(site, f"chuyen-muc/{slugify(category)}") == expected
        assert len(expected) == count


def test_every_speaker_has_a_page_with_the_title_of_the_time(site: Path, articles: list) -> None:  # type: ignore[type-arg]
    article = articles[0]
    speaker = article.speakers[0]
    page = html(site, f"nhan-vat/{slugify(speaker.name)}")
    notes = {
        a.get_text(strip=True): note.get_text(strip=True)
        for teaser in page.select(".bulletin-teaser")
        if (a := teaser.select_one(".bulletin-teaser__title a"))
        and (note := teaser.select_one(".bulletin-teaser__note"))
    }
    assert notes[article.title].startswith(speaker.title or "")


def test_every_day_with_articles_has_a_page(site: Path, articles: list) -> None:  # type: ignore[type-arg]
    days = {a.date.astimezone(ZONE).date() for a in articles}
    for day in days:
        assert (site / f"luu-tru/{day:%Y/%m/%d}/index.html").is_file()
    pages = {
        p.parent.relative_to(site / "luu-tru").as_posix()
        for p in (site / "luu-tru").glob("*/*/*/index.html")
    }
    assert len(pages) == len(days)


def test_every_cited_code_has_a_page(site: Path, articles: list) -> None:  # type: ignore[type-arg]
    codes = {r.code.text for a in articles for r in a.resolutions if r.code}
    pages = {p.name for p in (site / "van-ban").iterdir() if p.is_dir()}
    for code in codes:
        assert slugify(code, max_length=0) in pages
