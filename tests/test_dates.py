from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bulletin.text.dates import (
    TODAY_LINE_PATTERN,
    NotAMoment,
    date_line,
    date_time_line,
    from_yaml,
    parse_moment,
    shared_offset,
    short_date,
    site_zone,
    weekday_names,
)

ZONE = site_zone("Asia/Ho_Chi_Minh")
PLUS7 = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-23", datetime(2022, 6, 23, tzinfo=PLUS7)),
        ("2022-06-23 18:30", datetime(2022, 6, 23, 18, 30, tzinfo=PLUS7)),
        ("2022-06-23T18:30:00+07:00", datetime(2022, 6, 23, 18, 30, tzinfo=PLUS7)),
        ("2022-06-23T11:30:00Z", datetime(2022, 6, 23, 18, 30, tzinfo=PLUS7)),
        ("2022-6-3 08:05", datetime(2022, 6, 3, 8, 5, tzinfo=PLUS7)),
    ],
)
def test_parse_moment_accepts_the_three_forms(text: str, expected: datetime) -> None:
    assert parse_moment(text, ZONE) == expected


EXPECTED = "(cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2022-13-05", "tháng phải từ 1 đến 12"),
        ("2022-00-05", "tháng phải từ 1 đến 12"),
        ("2022-02-30", "tháng 2 năm 2022 có 28 ngày"),
        ("2024-02-30", "tháng 2 năm 2024 có 29 ngày"),
        ("2022-06-00", "tháng 6 năm 2022 có 30 ngày"),
        ("0000-06-01", "năm phải từ 1 trở đi"),
        ("2022-06-23 25:00", "giờ phải từ 0 đến 23"),
        ("2022-06-23 18:60", "phút phải từ 0 đến 59"),
        ("2022-06-23 18:30:61", "giây phải từ 0 đến 59"),
        ("2022-06-23T18:30+15:00", "độ lệch múi giờ +15:00 phải từ -14:00 đến +14:00"),
    ],
)
def test_parse_moment_names_what_is_out_of_range(text: str, why: str) -> None:
    with pytest.raises(NotAMoment) as error:
        parse_moment(text, ZONE)
    assert str(error.value) == f'"{text}" không phải ngày tháng: {why} {EXPECTED}'


def test_parse_moment_names_the_forms_it_reads() -> None:
    with pytest.raises(NotAMoment) as error:
        parse_moment("23/06/2022", ZONE)
    assert str(error.value) == f'"23/06/2022" không phải ngày tháng {EXPECTED}'


def test_from_yaml_puts_naive_values_in_the_site_zone() -> None:
    assert from_yaml(date(2022, 6, 23), ZONE) == datetime(2022, 6, 23, tzinfo=PLUS7)
    assert from_yaml(datetime(2022, 6, 23, 11, 30, tzinfo=UTC), ZONE).hour == 11


def test_date_line_is_the_bulletin_form() -> None:
    assert date_line(datetime(2022, 11, 28, 9, tzinfo=PLUS7), ZONE) == (
        "Thứ Hai, ngày 28 tháng 11 năm 2022"
    )
    assert date_line(datetime(2022, 6, 23, tzinfo=PLUS7), ZONE) == (
        "Thứ Năm, ngày 23 tháng 6 năm 2022"
    )


def test_date_line_weekday_is_that_of_the_site_zone() -> None:
    late_utc = datetime(2022, 11, 27, 20, 0, tzinfo=UTC)  # Monday 03:00 in Hà Nội
    assert date_line(late_utc, ZONE) == "Thứ Hai, ngày 28 tháng 11 năm 2022"


def test_date_time_line_adds_the_time_of_the_site_zone() -> None:
    assert date_time_line(datetime(2022, 6, 23, 18, 30, tzinfo=PLUS7), ZONE) == (
        "Thứ Năm, ngày 23 tháng 6 năm 2022, 18:30"
    )
    assert date_time_line(datetime(2022, 6, 3, 8, 5, tzinfo=PLUS7), ZONE) == (
        "Thứ Sáu, ngày 3 tháng 6 năm 2022, 08:05"
    )
    late_utc = datetime(2022, 11, 27, 17, 0, tzinfo=UTC)  # Monday 00:00 in Hà Nội
    assert date_time_line(late_utc, ZONE) == "Thứ Hai, ngày 28 tháng 11 năm 2022, 00:00"


def test_short_date() -> None:
    assert short_date(datetime(2022, 6, 3, 8, 5, tzinfo=PLUS7), ZONE) == "3/6/2022 08:05"


def test_site_zone_rejects_unknown_zones() -> None:
    with pytest.raises(ValueError) as error:
        site_zone("Asia/Hanoii")
    assert str(error.value) == (
        'timezone: "Asia/Hanoii" không phải múi giờ (cần: tên múi giờ như Asia/Ho_Chi_Minh)'
    )


def test_the_browsers_date_line_is_the_date_line() -> None:
    """The masthead's script fills `TODAY_LINE_PATTERN` with `weekday_names`: the same text as
    `date_line` for every day of a year (the script itself: tests/test_masthead.py)."""
    names = weekday_names()
    assert names[0] == "Thứ Hai" and names[6] == "Chủ Nhật"
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    day = datetime(2024, 1, 1, 23, 30, tzinfo=zone)
    for _ in range(366):
        text = TODAY_LINE_PATTERN.format(
            weekday=names[day.weekday()], day=day.day, month=day.month, year=day.year
        )
        assert text == date_line(day, zone)
        day += timedelta(days=1)


def test_times_of_one_fixed_offset_share_it_and_stay_the_same_times() -> None:
    """Times whose offsets are one object are compared without asking it (ten times sooner)."""
    first = datetime(2022, 6, 23, 18, 30, tzinfo=timezone(timedelta(hours=7)))
    second = datetime(2022, 6, 24, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    assert first.tzinfo is not second.tzinfo
    shared = [shared_offset(first), shared_offset(second)]
    assert shared[0].tzinfo is shared[1].tzinfo
    assert shared == [first, second]
    assert [moment.isoformat() for moment in shared] == [first.isoformat(), second.isoformat()]
    named = datetime(2022, 6, 23, tzinfo=timezone(timedelta(hours=7), "ICT"))
    assert shared_offset(named).tzname() == "ICT"  # a name of its own: another object
    assert shared_offset(
        datetime(2022, 6, 23, tzinfo=timezone(-timedelta(hours=7)))
    ).tzinfo is not (shared[0].tzinfo)
    in_zone = datetime(2022, 6, 23, tzinfo=ZONE)
    assert shared_offset(in_zone) is in_zone
    assert shared_offset(datetime(2022, 6, 23, tzinfo=UTC)).tzinfo is UTC
