"""Times shown and read in the console's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from privacy_gateway.console import timefmt
from privacy_gateway.errors import ConfigError, InvalidInput

SH = timefmt.zone("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (datetime(2024, 11, 1, 1, 2, 3, tzinfo=UTC), "2024-11-01 09:02:03"),
        ("2024-11-01T16:30:00.123456Z", "2024-11-02 00:30:00"),
        (None, ""),
        ("", ""),
    ],
)
def test_show(value, shown):
    assert timefmt.show(value, SH) == shown


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2024-11-01 09:00", datetime(2024, 11, 1, 1, 0, tzinfo=UTC)),
        ("2024-11-01T09:00", datetime(2024, 11, 1, 1, 0, tzinfo=UTC)),
        ("2024-11-01 09:00:30", datetime(2024, 11, 1, 1, 0, 30, tzinfo=UTC)),
        ("2024-11-01", datetime(2024, 10, 31, 16, 0, tzinfo=UTC)),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_local(text, utc):
    parsed = timefmt.parse_local(text, SH)
    assert parsed == utc and (parsed is None or parsed.tzinfo is not None)


@pytest.mark.parametrize("text", ["yesterday", "2024/11/01", "2024-13-01 00:00", "<script>"])
def test_parse_local_refuses(text):
    with pytest.raises(InvalidInput):
        timefmt.parse_local(text, SH)


def test_unknown_zone_is_a_config_error():
    with pytest.raises(ConfigError):
        timefmt.zone("Mars/Olympus_Mons")


def test_local_days_cover_today_in_the_zone():
    # 2024-11-01 20:00 UTC is already 2 November in Shanghai.
    days, start = timefmt.local_days(datetime(2024, 11, 1, 20, 0, tzinfo=UTC), 3, SH)
    assert days == [date(2024, 10, 31), date(2024, 11, 1), date(2024, 11, 2)]
    assert start == datetime(2024, 10, 30, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, ("age.minutes", {"m": 0})),
        (59, ("age.minutes", {"m": 0})),
        (61, ("age.minutes", {"m": 1})),
        (3 * 3600 + 120, ("age.hours", {"h": 3, "m": 2})),
        (11 * 86400 + 2 * 3600 + 59, ("age.days", {"d": 11, "h": 2})),
        (-5, ("age.minutes", {"m": 0})),
    ],
)
def test_age(seconds, expected):
    assert timefmt.age(seconds) == expected
