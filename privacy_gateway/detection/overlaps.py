"""Deterministic resolution of overlapping and nested detections.

Presidio may return several results over the same characters (a bank card inside an address, a phone
number inside an ID). Two resolutions, both deterministic and sorted by start, never overlapping:

- ``resolve_overlaps`` keeps whole detections: higher score wins, then the longer span, then the earlier
  start, then the entity type name; the losers are dropped.
- ``merge_overlaps`` is for masking, where no detected character may stay in clear: each group of
  overlapping detections becomes one span over their union. Its type and score come from the member that
  spans the whole union (the container of a nesting), else from the member ``resolve_overlaps`` ranks
  first. Dropping a loser instead would leave its uncovered part (e.g. the rest of an address around a
  high-scoring name inside it) unmasked.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from privacy_gateway.types import Span


def _rank(span: Span) -> tuple[float, int, int, str]:
    return (-span.score, -(span.end - span.start), span.start, span.entity_type)


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    # Accepted spans are disjoint, so kept sorted by start they are sorted by end too: one bisection
    # finds the only accepted span a candidate could overlap first (O(n log n), not O(n^2) on long texts).
    accepted: list[Span] = []
    ends: list[int] = []
    for span in sorted(spans, key=_rank):
        if span.end <= span.start:
            continue
        i = bisect.bisect_right(ends, span.start)  # the first accepted span ending after this one starts
        if i < len(accepted) and accepted[i].start < span.end:
            continue
        accepted.insert(i, span)
        ends.insert(i, span.end)
    return accepted


def merge_overlaps(spans: Iterable[Span]) -> list[Span]:
    ordered = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))
    groups: list[list[Span]] = []
    group_end = -1
    for span in ordered:
        if groups and span.start < group_end:  # shares at least one character with the group
            groups[-1].append(span)
            group_end = max(group_end, span.end)
        else:
            groups.append([span])
            group_end = span.end
    return [_merge(group) for group in groups]


def _merge(group: list[Span]) -> Span:
    if len(group) == 1:
        return group[0]
    start = min(s.start for s in group)
    end = max(s.end for s in group)
    containers = [s for s in group if s.start == start and s.end == end]
    head = min(containers or group, key=_rank)
    return Span(head.entity_type, start, end, head.score)
