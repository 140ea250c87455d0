"""The indexes every list page is made from: "Tin liên quan" here."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bulletin.articles.model import Article, Speaker
from bulletin.registries.registry import Registry
from bulletin.views.indexes import Indexes, _near, build_indexes

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _corpus(chance: random.Random, size: int) -> list[Article]:
    """Articles sharing a few speakers and tags, some on the same day (ties of date)."""
    start = datetime(2024, 1, 1, 8, tzinfo=ZONE)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Dung"]
    tags = ["Chuyển đổi số", "Nông thôn mới", "Cải cách hành chính"]
    return [
        Article(
            f"articles/tin-{n}.md",
            f"Tin {n}",
            start + timedelta(days=chance.randint(0, 40)),
            "Thời sự",
            f"tin-{n}",
            speakers=[Speaker(name) for name in chance.sample(names, chance.randint(0, 2))],
            tags=chance.sample(tags, chance.randint(0, 2)),
        )
        for n in range(size)
    ]


def _plainly_related(indexes: Indexes, article: Article, limit: int) -> list[Article]:
    """The definition: the articles near it in each shared group, by how many groups they
    share with it, then by date, newest first; ties in the order they were met."""
    shared: Counter[int] = Counter()
    met: dict[int, Article] = {}
    for group in indexes._groups_of(article):
        for other in _near(group, group.index(article)):
            if other is not article:
                shared[id(other)] += 1
                met.setdefault(id(other), other)
    ordered = sorted(met, key=lambda key: (shared[key], met[key].date), reverse=True)
    return [met[key] for key in ordered[:limit]]


def test_related_articles_are_those_sharing_most_then_newest() -> None:
    chance = random.Random(11)
    for size in (1, 5, 60, 200):
        articles = _corpus(chance, size)
        indexes = build_indexes(articles, Registry(), ZONE)
        for article in articles:
            for limit in (0, 1, 5):
                expected = _plainly_related(indexes, article, limit)
                assert indexes.related(article, limit) == expected, (size, article.src_uri)
