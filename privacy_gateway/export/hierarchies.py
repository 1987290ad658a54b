"""Generalisation hierarchies of the quasi-identifiers an export may declare.

Each quasi-identifier has a *base* value computed once per row (``transform.py``) and an ordered list of
levels, from the finest that is ever exported to ``*`` (suppressed value). ``generalise(name, base, level)``
maps a base value to its label at a level; it is pure, so the local engine and the Spark job label rows
identically, and it is only ever called once per distinct base value (``label_map``).

    week           ISO week 2024-W07 -> month 2024-02 -> quarter 2024-Q1 -> year 2024 -> *
    month          month -> quarter -> year -> *
    amount_bucket  the analytics policy's buckets (100-500) -> coarse (0-1000, 1000-10000, 10000+) -> *
    region         city (浙江省杭州市) -> province (浙江省) -> *
    channel        channel -> *
    category       category -> *

A row without the fact (no amount in the text, no place) has the base value "" and the label
``unknown`` at every level but ``*``: "unknown" is a class of its own and counts towards k like any other.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from privacy_gateway.errors import InvalidInput

TOP = "*"
UNKNOWN = "unknown"
COARSE_AMOUNT_EDGES: tuple[int, ...] = (1000, 10000)
DEFAULT_AMOUNT_EDGES: tuple[int, ...] = (100, 500, 1000, 5000, 10000, 50000)


@dataclass(frozen=True)
class Hierarchy:
    name: str
    levels: tuple[str, ...]  # level names, finest first; the last is always TOP
    label: Callable[[str, int], str]  # (non-empty base, level index below TOP) -> label

    @property
    def top(self) -> int:
        return len(self.levels) - 1


def _time_label(base: str, level: int, *, start: int) -> str:
    day = date.fromisoformat(base)
    step = start + level
    if step == 0:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if step == 1:
        return f"{day.year}-{day.month:02d}"
    if step == 2:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def parse_interval(base: str) -> tuple[int, int | None]:
    """'100-500' -> (100, 500); '50000+' -> (50000, None)."""
    if base.endswith("+"):
        return int(base[:-1]), None
    low, _, high = base.partition("-")
    return int(low), int(high)


def bucket_label(low: int, high: int | None, edges: Sequence[int]) -> str | None:
    """The bucket of ``edges`` that holds the whole interval [low, high), or None if none does."""
    i = bisect_right(edges, low)
    if i == len(edges):
        return f"{edges[-1]}+"
    upper = edges[i]
    if high is None or high > upper:
        return None
    return f"{edges[i - 1] if i else 0}-{upper}"


def _amount_label(base: str, level: int, *, edges: Sequence[int]) -> str:
    low, high = parse_interval(base)
    for candidate in (tuple(edges), COARSE_AMOUNT_EDGES)[level:]:
        label = bucket_label(low, high, candidate)
        if label is not None:
            return label
    return UNKNOWN  # an interval wider than any bucket (e.g. from another policy's labels)


def _region_label(base: str, level: int) -> str:
    province, _, city = base.partition("|")
    if level == 0 and city:
        return city if city == province else province + city
    return province or UNKNOWN


def hierarchies(amount_edges: Sequence[int] = DEFAULT_AMOUNT_EDGES) -> dict[str, Hierarchy]:
    edges = tuple(amount_edges)
    return {
        "week": Hierarchy(
            "week", ("week", "month", "quarter", "year", TOP), lambda b, lv: _time_label(b, lv, start=0)
        ),
        "month": Hierarchy(
            "month", ("month", "quarter", "year", TOP), lambda b, lv: _time_label(b, lv, start=1)
        ),
        "amount_bucket": Hierarchy(
            "amount_bucket", ("bucket", "coarse", TOP), lambda b, lv: _amount_label(b, lv, edges=edges)
        ),
        "region": Hierarchy("region", ("city", "province", TOP), _region_label),
        "channel": Hierarchy("channel", ("channel", TOP), lambda b, _lv: b),
        "category": Hierarchy("category", ("category", TOP), lambda b, _lv: b),
    }


KNOWN_QUASI: tuple[str, ...] = tuple(hierarchies())
DEFAULT_QUASI: tuple[str, ...] = ("amount_bucket", "region", "week", "channel")


def generalise(hierarchy: Hierarchy, base: str, level: int) -> str:
    if not 0 <= level <= hierarchy.top:
        raise InvalidInput(f"{hierarchy.name}: level {level} outside 0..{hierarchy.top}")
    if level == hierarchy.top:
        return TOP
    if not base:
        return UNKNOWN
    return hierarchy.label(base, level)


def label_map(hierarchy: Hierarchy, bases: Iterable[str], level: int) -> dict[str, str]:
    """Label of every distinct base value: the per-row work is then one dictionary lookup."""
    return {base: generalise(hierarchy, base, level) for base in set(bases)}
