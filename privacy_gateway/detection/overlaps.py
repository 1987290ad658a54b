"""Deterministic resolution of overlapping and nested detections.

Presidio may return several results over the same characters (a bank card inside an address, a phone
number inside an ID). Masking needs one decision per character, made the same way every time:
higher score wins, then the longer span, then the earlier start, then the entity type name. Accepted
spans never overlap; the output is sorted by start.
"""

from __future__ import annotations

from collections.abc import Iterable

from privacy_gateway.types import Span


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.entity_type))
    accepted: list[Span] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        if all(span.end <= a.start or span.start >= a.end for a in accepted):
            accepted.append(span)
    return sorted(accepted, key=lambda s: s.start)
