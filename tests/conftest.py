from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# `make test GENERATOR=properdocs`: the tests run on ProperDocs, as `properdocs build` does,
# which makes every `mkdocs.*` import its own (`properdocs.replacement`) before any is made.
if os.environ.get("BULLETIN_GENERATOR", "mkdocs") == "properdocs":
    import properdocs.replacement  # noqa: F401
elif os.environ.get("BULLETIN_GENERATOR", "mkdocs") != "mkdocs":
    raise pytest.UsageError("BULLETIN_GENERATOR is mkdocs or properdocs")

from bulletin.articles.model import Article, read_article
from bulletin.articles.problems import Problems
from bulletin.cache.pages import PageCache
from bulletin.comments.store import Database
from bulletin.text.dates import site_zone

ZONE = site_zone("Asia/Ho_Chi_Minh")
REPO = Path(__file__).resolve().parent.parent
ARTICLE_PATH = "articles/2022/06/bai.md"
EXISTING_FILES = {"images/anh.png", "articles/2022/06/anh-canh.png"}


def read(text: str, src_uri: str = ARTICLE_PATH) -> tuple[Article | None, list[str]]:
    """Read one article from a dedented text; return it and its problems as strings."""
    problems = Problems(f"docs/{src_uri}")
    article = read_article(
        textwrap.dedent(text).lstrip("\n"), src_uri, problems, ZONE, EXISTING_FILES.__contains__
    )
    return article, [str(problem) for problem in problems.items]


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(autouse=True)
def _check_kept_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page a build finds by its origin (`CachedPages.look_up_kept`) has its key made
    too, and the build stops if it is not the one found: every rebuild of the tests checks
    that the same inputs make the same keys."""
    monkeypatch.setattr("bulletin.mkdocs_plugin.cached_pages.CHECK_KEYS", True)


@pytest.fixture(autouse=True)
def _close_databases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The page caches and comment databases a test made are closed after it, in its process:
    Python 3.13 warns of an SQLite connection left to the collector (an error here), and
    a test that checks one thing of a database does not close it itself."""
    made: list[PageCache | Database] = []
    for kind in (PageCache, Database):
        monkeypatch.setattr(kind, "__init__", _recording(kind.__init__, made))
    yield
    for database in reversed(made):
        if isinstance(database, PageCache):
            database.close()
        else:
            database.close_all()


def _recording(init: Callable[..., None], made: list[Any]) -> Callable[..., None]:
    def recorded(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        init(self, *args, **kwargs)

    return recorded


def pytest_report_header() -> str:
    import mkdocs

    return f"generator: {mkdocs.__name__} {mkdocs.__version__}"
