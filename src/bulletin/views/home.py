"""What the home page shows: top stories, the newest articles, a block per category, notices,
the archive's years."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from bulletin.text.vietnamese import tone_key
from bulletin.views.indexes import GroupEntry, Indexes
from bulletin.views.interface import Interface
from bulletin.views.listing import UrlOf, teasers
from bulletin.views.listings import ARCHIVE, document_uri, group_uri, page_uri
from bulletin.views.models import CategoryBlock, HomeView, ImageOf, LinkView


@dataclass(frozen=True)
class HomeOptions:
    featured: int
    latest: int
    per_category: int
    announcements: str | None


def home_view(
    indexes: Indexes,
    url_of: UrlOf,
    options: HomeOptions,
    interface: Interface,
    image_of: ImageOf | None = None,
) -> HomeView:
    """The home page: top stories, the newest others, a block per category with its newest
    articles not shown above (no headline twice), notices, new documents, the archive's
    years (in the `interface`'s words)."""
    shown = partial(teasers, zone=indexes.zone, url_of=url_of, image_of=image_of)
    featured = [a for a in indexes.articles if a.featured][: options.featured]
    above = {id(article) for article in featured}
    latest = [a for a in indexes.articles if id(a) not in above][: options.latest]
    above.update(id(article) for article in latest)

    def block(entry: GroupEntry, exclude: set[int]) -> CategoryBlock:
        link = LinkView(entry.name, url_of(group_uri(entry, "category")))
        fresh = [article for article in entry.articles if id(article) not in exclude]
        return CategoryBlock(link, shown(fresh[: options.per_category]))

    announcements = indexes.categories.get(tone_key(options.announcements or ""))
    blocks = [
        block(entry, above) for entry in indexes.categories_in_order() if entry is not announcements
    ]
    years = sorted({day.year for day in indexes.days}, reverse=True)
    return HomeView(
        featured=shown(featured),
        latest=shown(latest),
        categories=[shown_block for shown_block in blocks if shown_block.teasers],
        announcements=block(announcements, set()) if announcements else None,
        archive=[
            LinkView(
                interface("archive.year_link", year=year),
                url_of(page_uri(f"{ARCHIVE}/{year}", 1)),
            )
            for year in years
        ],
        documents=new_documents(indexes, url_of, options.per_category),
    )


def new_documents(indexes: Indexes, url_of: UrlOf, count: int) -> list[LinkView]:
    """The documents the newest articles cite, each once, newest citation first."""
    found: list[LinkView] = []
    seen: set[tuple[str, str]] = set()
    for article in indexes.articles:
        for entry in indexes.cited.get(id(article), []):
            if entry.key in seen:
                continue
            seen.add(entry.key)
            title = entry.title if entry.code is not None else None
            found.append(LinkView(entry.name, url_of(document_uri(entry)), title))
            if len(found) == count:
                return found
    return found
