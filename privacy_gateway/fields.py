"""Pydantic field types shared by every shell that parses requests (HTTP routers, broker consumers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime


def _fits_in_utc(value: datetime) -> datetime:
    # 0001-01-01T00:00:00+14:00 is a valid RFC 3339 time that has no UTC representation in Python
    # (year 0): refuse it here (422) instead of failing with OverflowError where it is stored or compared.
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date-time is out of range once converted to UTC") from None
    return value


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_fits_in_utc)]
"""An RFC 3339 date-time with an offset that converts to UTC (years 1-9999 after conversion)."""
