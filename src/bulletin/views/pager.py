"""The pager under a list's page: the pages it links to, as many whatever the list's length.

A list of P pages whose every page linked to every other page cost P² links (136,538 in the
generated site of 10,000 articles; 26,926 with this pager). The pager of one page shows the
first page, the last, the current one with its neighbours, and an ellipsis for each run of
pages left out.
"""

from __future__ import annotations

from collections.abc import Callable

from bulletin.views.interface import Interface
from bulletin.views.models import PageLink

NEIGHBOURS = 2
"""Pages shown on each side of the current one. Two: a reader walking a list one page at a
time sees the next two pages and can skip one ahead; the first and the last page are always
there to jump to the newest or oldest news. With the ellipses that makes at most
2 × 2 + 5 = 9 entries, which fit in one row of a 360 px screen up to three-digit numbers (a
list of 999 pages); four-digit ones wrap to a second row (`bulletin.css`). Three neighbours
would not fit; one would leave page 3 two clicks away from page 5."""


def window(number: int, count: int, neighbours: int = NEIGHBOURS) -> list[int | None]:
    """The pages the pager of page `number` of `count` shows, in order, None for a gap.

    A gap of a single page shows that page instead: an ellipsis would take as much room as
    the number it hides. A list of one page has no pager.
    """
    if count <= 1:
        return []
    low, high = max(1, number - neighbours), min(count, number + neighbours)
    shown: list[int | None] = []
    last = 0
    for page in sorted({1, *range(low, high + 1), count}):
        if page - last == 2:
            shown.append(last + 1)
        elif page - last > 2:
            shown.append(None)
        shown.append(page)
        last = page
    return shown


def pager(
    number: int, count: int, uri_of: Callable[[int], str], interface: Interface
) -> list[PageLink]:
    """The pager of page `number` of `count`: `uri_of(n)` is the URL of page n."""
    links = []
    for page in window(number, count):
        if page is None:
            links.append(PageLink(interface("list.gap"), "", False, gap=True))
            continue
        key = "list.first_page" if page == 1 else "list.last_page" if page == count else None
        label = interface(key or "list.page_link", number=page)
        links.append(PageLink(str(page), uri_of(page), page == number, label))
    return links
