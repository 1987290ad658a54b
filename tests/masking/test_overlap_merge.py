"""merge_overlaps: every detected character stays covered, the type choice is deterministic."""

from __future__ import annotations

import itertools

import pytest

from privacy_gateway.detection.overlaps import merge_overlaps, resolve_overlaps
from privacy_gateway.types import Span


def S(t: str, start: int, end: int, score: float = 0.5) -> Span:
    return Span(t, start, end, score)


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], []),
        ([S("PHONE_NUMBER", 2, 13)], [S("PHONE_NUMBER", 2, 13)]),
        # adjacent spans share no character: both kept
        ([S("PERSON", 0, 2), S("PHONE_NUMBER", 2, 13)], [S("PERSON", 0, 2), S("PHONE_NUMBER", 2, 13)]),
        # nested: the container gives the type even with a lower score
        ([S("LOCATION", 0, 12, 0.4), S("PERSON", 6, 8, 0.85)], [S("LOCATION", 0, 12, 0.4)]),
        # crossing: the union, typed by the best-ranked member (higher score)
        ([S("AMOUNT", 0, 6, 0.6), S("BANK_CARD", 4, 20, 0.9)], [S("BANK_CARD", 0, 20, 0.9)]),
        # a chain of overlaps is one group
        (
            [S("A", 0, 4, 0.5), S("B", 3, 8, 0.7), S("C", 7, 10, 0.6)],
            [S("B", 0, 10, 0.7)],
        ),
        # same range, two types: score, then type name
        ([S("PHONE_NUMBER", 0, 11, 0.6), S("BANK_CARD", 0, 11, 0.6)], [S("BANK_CARD", 0, 11, 0.6)]),
        # empty and inverted spans are ignored
        ([S("PERSON", 3, 3), S("PERSON", 5, 4)], []),
    ],
)
def test_merge_overlaps(spans: list[Span], expected: list[Span]) -> None:
    assert merge_overlaps(spans) == expected


def test_merge_is_independent_of_input_order() -> None:
    spans = [S("A", 0, 4, 0.5), S("B", 3, 8, 0.7), S("C", 7, 10, 0.6), S("D", 12, 15), S("E", 12, 15)]
    results = {tuple(merge_overlaps(list(p))) for p in itertools.permutations(spans)}
    assert len(results) == 1


def test_merge_covers_what_resolve_would_drop() -> None:
    spans = [S("LOCATION", 0, 12, 0.4), S("PERSON", 6, 8, 0.85)]
    assert resolve_overlaps(spans) == [S("PERSON", 6, 8, 0.85)]  # the address would stay in clear
    covered = {i for s in merge_overlaps(spans) for i in range(s.start, s.end)}
    assert covered == set(range(12))
