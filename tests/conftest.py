from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bulletin.articles.model import Article, read_article
from bulletin.articles.problems import Problems
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
