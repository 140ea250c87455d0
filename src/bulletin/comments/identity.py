"""Which article a comment belongs to: the article's id and the day it was published.

The id comes from the article's file path, so a new article written at the path of a deleted
one has the same id. The day tells them apart: a comment is bound to `(id, day)` when it is
posted, and shown only under the article that has both. A corrected time on the same day
keeps the binding; a corrected day does not (`comments.py rebind` moves the comments).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""How a publication day is written: `2024-03-05`."""

EARLIEST_OFFSET = "+14:00"
"""The zone where a day begins first (Kiribati): no comment on a day's article is older."""


def publication_day(moment: datetime, zone: tzinfo) -> str:
    """The day of an article's date in the site's zone: `2024-03-05`."""
    return moment.astimezone(zone).date().isoformat()


def is_day(value: object) -> bool:
    """Whether `value` is a day written `YYYY-MM-DD` that exists."""
    if not isinstance(value, str) or not DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def could_be_on(posted: datetime, day: str) -> bool:
    """Whether a comment posted at `posted` (an aware time) can be one on an article published
    on `day`: not if it is older than the first moment of that day anywhere on Earth.

    It binds comments kept from before articles had a day to the article now at their id,
    without binding those of an older article that was deleted there."""
    return posted >= datetime.fromisoformat(f"{day}T00:00:00{EARLIEST_OFFSET}")
