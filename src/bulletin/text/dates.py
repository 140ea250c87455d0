"""Publication times: read what editors write, show it the Vietnamese way."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

DATE_LINE_PATTERN = "EEEE, 'ngày' d 'tháng' M 'năm' y"
"""`Thứ Hai, ngày 28 tháng 11 năm 2022` (CLDR's own `full` format is not the bulletin's)."""

DATE_TIME_LINE_PATTERN = f"{DATE_LINE_PATTERN}, HH:mm"
"""`Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30`: the date line with the time, as an article's
page shows when it was published."""

EXPECTED = "cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00"

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
            f'timezone: "{name}" không phải múi giờ (cần: tên múi giờ như Asia/Ho_Chi_Minh)'
        ) from error


def parse_moment(text: str, zone: tzinfo) -> datetime:
    """Read `2022-06-23`, `2022-06-23 18:30` or `2022-06-23T18:30:00+07:00` as an aware time.

    A time without an offset is in `zone`; a day without a time is its midnight there.
    """
    match = _MOMENT.fullmatch(text.strip())
    if match is None:
        raise NotAMoment(f'"{text}" không phải ngày tháng ({EXPECTED})')
    parts = {
        key: int(value) for key, value in match.groupdict(default="0").items() if key != "zone"
    }
    wrong = _out_of_range(parts) or _wrong_offset(match["zone"])
    if wrong:
        raise NotAMoment(f'"{text}" không phải ngày tháng: {wrong} ({EXPECTED})')
    year, month, day = parts["year"], parts["month"], parts["day"]
    moment = datetime(year, month, day, parts["hour"], parts["minute"], parts["second"])
    return moment.replace(tzinfo=_offset(match["zone"]) or zone)


_RANGES = (("hour", "giờ", 23), ("minute", "phút", 59), ("second", "giây", 59))


def _out_of_range(parts: dict[str, int]) -> str | None:
    """What is out of range in a date and time, said as editors would: `tháng phải từ 1 đến 12`."""
    year, month, day = parts["year"], parts["month"], parts["day"]
    if year < 1:
        return "năm phải từ 1 trở đi"
    if not 1 <= month <= 12:
        return "tháng phải từ 1 đến 12"
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"tháng {month} năm {year} có {days} ngày"
    for key, name, most in _RANGES:
        if parts[key] > most:
            return f"{name} phải từ 0 đến {most}"
    return None


def _wrong_offset(text: str | None) -> str | None:
    if text is None or text in ("Z", "z"):
        return None
    _, hours, minutes = _offset_parts(text)
    if hours <= 14 and minutes <= 59:
        return None
    return f"độ lệch múi giờ {text} phải từ -14:00 đến +14:00"


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return UTC
    sign, hours, minutes = _offset_parts(text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _offset_parts(text: str) -> tuple[int, int, int]:
    """`+07:00`, `+0700`, `+7` → (1, 7, 0)."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return sign, int(hours), int(minutes)


_SHARED_OFFSETS: dict[tuple[timedelta | None, str | None], tzinfo] = {}


def shared_offset(moment: datetime) -> datetime:
    """The same time, its fixed offset (`+07:00`) one object for every time of that offset.
    YAML and `parse_moment` make a `timezone` for each value, and two times whose offsets are
    different objects are compared by asking each its offset: ten times slower, for every
    sort and newest-first of thousands of articles."""
    zone = moment.tzinfo
    if type(zone) is not timezone:  # none, or a named zone (one object each already)
        return moment
    shared = _SHARED_OFFSETS.setdefault((zone.utcoffset(None), zone.tzname(None)), zone)
    return moment if shared is zone else moment.replace(tzinfo=shared)


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


TODAY_LINE_PATTERN = "{weekday}, ngày {day} tháng {month} năm {year}"
"""`DATE_LINE_PATTERN` for a script that fills in today's date line in the reader's browser (a
static page cannot know the day it is read): `{weekday}` from `weekday_names`."""


def weekday_names() -> list[str]:
    """The weekdays as the date line writes them, Monday first (`Thứ Hai` … `Chủ Nhật`)."""
    monday = datetime(2024, 1, 1, 12, tzinfo=UTC)
    return [date_line(monday + timedelta(days=days), UTC).split(",")[0] for days in range(7)]


@lru_cache(maxsize=1 << 16)
def date_time_line(moment: datetime, zone: tzinfo) -> str:
    """`Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30`: the date line and the time (24 hours,
    two-digit minutes), both in the site's zone."""
    return str(format_datetime(moment.astimezone(zone), DATE_TIME_LINE_PATTERN, locale="vi"))


def day_text(day: date) -> str:
    """`15/1/2021`: a day as Vietnamese texts write it."""
    return f"{day.day}/{day.month}/{day.year}"


def short_date(moment: datetime, zone: tzinfo) -> str:
    """`23/6/2022 18:30` in the site's zone, as bulletins print times of updates."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())} {local:%H:%M}"
