from __future__ import annotations

import random

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy_gateway.detection.results import drop_contained


def key(results: list[RecognizerResult]) -> list[tuple[str, int, int, float]]:
    return sorted((r.entity_type, r.start, r.end, r.score) for r in results)


def random_results(rng: random.Random) -> list[RecognizerResult]:
    results = []
    for _ in range(rng.randint(0, 7)):
        start = rng.randint(0, 12)
        end = start + rng.randint(1, 6)
        results.append(RecognizerResult(rng.choice("AB"), start, end, rng.choice((0.0, 0.4, 0.6, 0.6, 1.0))))
    if results and rng.random() < 0.3:  # an exact duplicate
        twin = rng.choice(results)
        results.append(RecognizerResult(twin.entity_type, twin.start, twin.end, twin.score))
    return results


@pytest.mark.parametrize("seed", range(300))
def test_same_result_as_presidio_remove_duplicates(seed: int) -> None:
    results = random_results(random.Random(seed))
    assert key(drop_contained(results)) == key(EntityRecognizer.remove_duplicates(list(results)))


@pytest.mark.parametrize(
    ("results", "kept"),
    [
        ([("A", 0, 10, 0.6), ("A", 2, 5, 0.6)], [("A", 0, 10, 0.6)]),  # contained, equal score
        ([("A", 0, 10, 0.6), ("A", 2, 5, 0.9)], [("A", 0, 10, 0.6), ("A", 2, 5, 0.9)]),  # higher score stays
        ([("A", 0, 10, 0.6), ("B", 2, 5, 0.6)], [("A", 0, 10, 0.6), ("B", 2, 5, 0.6)]),  # other type stays
        ([("A", 0, 5, 0.6), ("A", 0, 5, 0.6)], [("A", 0, 5, 0.6)]),  # identical: once
        ([("A", 0, 5, 0.0)], []),  # zero score
        ([], []),
    ],
)
def test_drop_contained(
    results: list[tuple[str, int, int, float]], kept: list[tuple[str, int, int, float]]
) -> None:
    assert key(drop_contained([RecognizerResult(*r) for r in results])) == sorted(kept)
