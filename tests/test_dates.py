from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bulletin.dates import (
    NotAMoment,
    date_line,
    from_yaml,
    parse_moment,
    short_date,
    site_zone,
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2022-13-05",
            "'2022-13-05' is not a date: month must be in 1..12 (expected YYYY-MM-DD, "
            "YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00)",
        ),
        (
            "2022-02-30",
            "'2022-02-30' is not a date: day is out of range for month (expected YYYY-MM-DD, "
            "YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00)",
        ),
        (
            "23/06/2022",
            "'23/06/2022' is not a date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM or "
            "YYYY-MM-DDTHH:MM:SS+07:00)",
        ),
        (
            "2022-06-23 25:00",
            "'2022-06-23 25:00' is not a date: hour must be in 0..23 (expected YYYY-MM-DD, "
            "YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00)",
        ),
    ],
)
def test_parse_moment_names_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(NotAMoment) as error:
        parse_moment(text, ZONE)
    assert str(error.value) == message


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


def test_short_date() -> None:
    assert short_date(datetime(2022, 6, 3, 8, 5, tzinfo=PLUS7), ZONE) == "3/6/2022 08:05"


def test_site_zone_rejects_unknown_zones() -> None:
    with pytest.raises(ValueError, match="timezone: 'Asia/Hanoii' is not a time zone"):
        site_zone("Asia/Hanoii")
