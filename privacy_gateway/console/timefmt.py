"""Times as the console shows and reads them: wall-clock time in one configured zone (default
Asia/Shanghai), to the second. Pure; the zone is a parameter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from privacy_gateway.errors import ConfigError, InvalidInput

SHOWN = "%Y-%m-%d %H:%M:%S"
INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("console_timezone is not a known IANA time zone") from None


def as_datetime(value: datetime | str) -> datetime:
    """An aware datetime from a datetime or the chain's own 'YYYY-MM-DDTHH:MM:SS.ffffffZ' text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def show(value: datetime | str | None, tz: ZoneInfo) -> str:
    if value is None or value == "":
        return ""
    return as_datetime(value).astimezone(tz).strftime(SHOWN)


def parse_local(text: str | None, tz: ZoneInfo) -> datetime | None:
    """A time typed into a form (datetime-local or 'YYYY-MM-DD HH:MM'), read in `tz`; aware."""
    if text is None or not text.strip():
        return None
    for fmt in INPUT_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise InvalidInput("times are written YYYY-MM-DD HH:MM", code="bad_time")


def to_input(value: datetime | None, tz: ZoneInfo) -> str:
    """The value of a datetime-local input for an aware datetime."""
    return "" if value is None else value.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def local_days(end: datetime, days: int, tz: ZoneInfo) -> tuple[list[date], datetime]:
    """The last `days` calendar days in `tz` up to and including `end`'s day, and the instant the first
    of them starts (aware)."""
    last = end.astimezone(tz).date()
    first = last - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=tz)
    return [first + timedelta(days=i) for i in range(days)], start


def age(seconds: float) -> tuple[str, dict[str, int]]:
    """A duration as a catalogue key and its values, to the two largest units ("3 天 4 小时")."""
    total = max(int(seconds), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return "age.days", {"d": days, "h": hours}
    if hours:
        return "age.hours", {"h": hours, "m": minutes}
    return "age.minutes", {"m": minutes}
