"""Publication times: read what editors write, show it the Vietnamese way."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

DATE_LINE_PATTERN = "EEEE, 'ngày' d 'tháng' M 'năm' y"
"""`Thứ Hai, ngày 28 tháng 11 năm 2022` (CLDR's own `full` format is not the bulletin's)."""

EXPECTED = "expected YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00"

_MOMENT = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"[ \t]*(?P<zone>Z|z|[+-]\d{1,2}(?::?\d{2})?)?)?"
)


class NotAMoment(ValueError):
    """The text is not one of the accepted date forms, or names a day that does not exist."""


def site_zone(name: str) -> ZoneInfo:
    """The zone of the site (`Asia/Ho_Chi_Minh`), or a ValueError naming the option."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"timezone: {name!r} is not a time zone (e.g. Asia/Ho_Chi_Minh)"
        ) from error


def parse_moment(text: str, zone: tzinfo) -> datetime:
    """Read `2022-06-23`, `2022-06-23 18:30` or `2022-06-23T18:30:00+07:00` as an aware time.

    A time without an offset is in `zone`; a day without a time is its midnight there.
    """
    match = _MOMENT.fullmatch(text.strip())
    if match is None:
        raise NotAMoment(f"{text!r} is not a date ({EXPECTED})")
    parts = match.groupdict()
    try:
        moment = datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
        )
        offset = _offset(parts["zone"])
    except ValueError as error:
        raise NotAMoment(f"{text!r} is not a date: {error} ({EXPECTED})") from error
    return moment.replace(tzinfo=offset or zone)


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    if int(hours) > 14 or int(minutes) > 59:
        raise ValueError(f"{text} is not a UTC offset")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def from_yaml(value: date, zone: tzinfo) -> datetime:
    """An aware time from the date or datetime that YAML made of an unquoted timestamp."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(), zone)


@lru_cache(maxsize=1 << 16)
def date_line(moment: datetime, zone: tzinfo) -> str:
    """`Thứ Năm, ngày 23 tháng 6 năm 2022`, with the weekday of the day in the site's zone.

    Cached: a page lists twenty other articles, each with its date line (Babel is slow)."""
    return str(format_datetime(moment.astimezone(zone), DATE_LINE_PATTERN, locale="vi"))


def day_text(day: date) -> str:
    """`15/1/2021`: a day as Vietnamese texts write it."""
    return f"{day.day}/{day.month}/{day.year}"


def short_date(moment: datetime, zone: tzinfo) -> str:
    """`23/6/2022 18:30` in the site's zone, as bulletins print times of updates."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())} {local:%H:%M}"
