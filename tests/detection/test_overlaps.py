from __future__ import annotations

import random

import pytest

from privacy_gateway.detection.overlaps import resolve_overlaps
from privacy_gateway.types import Span


def reference(spans: list[Span]) -> list[Span]:
    """The rule written out plainly (quadratic): rank, then accept what does not overlap."""
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.entity_type))
    accepted: list[Span] = []
    for span in ranked:
        if span.end > span.start and all(span.end <= a.start or span.start >= a.end for a in accepted):
            accepted.append(span)
    return sorted(accepted, key=lambda s: s.start)


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], []),
        ([Span("A", 0, 5, 0.6), Span("B", 3, 8, 0.9)], [Span("B", 3, 8, 0.9)]),  # higher score
        ([Span("A", 0, 5, 0.6), Span("B", 2, 9, 0.6)], [Span("B", 2, 9, 0.6)]),  # longer
        ([Span("B", 0, 4, 0.6), Span("A", 2, 6, 0.6)], [Span("B", 0, 4, 0.6)]),  # earlier start
        ([Span("B", 0, 4, 0.6), Span("A", 0, 4, 0.6)], [Span("A", 0, 4, 0.6)]),  # type name
        (
            [Span("A", 0, 4, 0.6), Span("A", 4, 8, 0.6)],
            [Span("A", 0, 4, 0.6), Span("A", 4, 8, 0.6)],
        ),  # touching
        ([Span("A", 3, 3, 0.9)], []),  # empty
    ],
)
def test_resolve_overlaps(spans: list[Span], expected: list[Span]) -> None:
    assert resolve_overlaps(spans) == expected


@pytest.mark.parametrize("seed", range(200))
def test_matches_the_plain_rule(seed: int) -> None:
    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(0, 30)):
        start = rng.randint(0, 60)
        spans.append(
            Span(rng.choice("ABC"), start, start + rng.randint(0, 9), rng.choice((0.5, 0.6, 0.85, 1.0)))
        )
    assert resolve_overlaps(spans) == reference(spans)
