"""What the home page shows: top stories, the newest articles, a block per category, notices,
the archive's years."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from bulletin.text.vietnamese import tone_key
from bulletin.views.indexes import GroupEntry, Indexes
from bulletin.views.listing import UrlOf, teasers
from bulletin.views.listings import ARCHIVE, group_uri, page_uri
from bulletin.views.models import CategoryBlock, HomeView, ImageOf, LinkView


@dataclass(frozen=True)
class HomeOptions:
    featured: int
    latest: int
    per_category: int
    announcements: str | None


def home_view(
    indexes: Indexes, url_of: UrlOf, options: HomeOptions, image_of: ImageOf | None = None
) -> HomeView:
    """The home page: top stories, the newest articles, a block per category, notices, archive."""
    shown = partial(teasers, zone=indexes.zone, url_of=url_of, image_of=image_of)

    def block(entry: GroupEntry) -> CategoryBlock:
        link = LinkView(entry.name, url_of(group_uri(entry, "category")))
        return CategoryBlock(link, shown(entry.articles[: options.per_category]))

    announcements = indexes.categories.get(tone_key(options.announcements or ""))
    ordered = indexes.categories_in_order()
    years = sorted({day.year for day in indexes.days}, reverse=True)
    return HomeView(
        featured=shown([a for a in indexes.articles if a.featured][: options.featured]),
        latest=shown(indexes.articles[: options.latest]),
        categories=[block(entry) for entry in ordered if entry is not announcements],
        announcements=block(announcements) if announcements else None,
        archive=[
            LinkView(f"Năm {year}", url_of(page_uri(f"{ARCHIVE}/{year}", 1))) for year in years
        ],
    )
