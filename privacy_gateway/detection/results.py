"""Duplicate removal for the handful of Presidio results one text produces.

Same rule as Presidio's ``EntityRecognizer.remove_duplicates`` (a result is dropped when another result
of the same type contains it with an equal or higher score; zero scores are dropped; identical results
count once), without its set/sort/groupby machinery, which cost more than the matching on short texts.
The output order is not Presidio's (score first); callers sort.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult


def drop_contained(results: list[RecognizerResult]) -> list[RecognizerResult]:
    kept: list[RecognizerResult] = []
    for i, result in enumerate(results):
        if result.score == 0:
            continue
        for j, other in enumerate(results):
            if (
                i != j
                and other.entity_type == result.entity_type
                and other.start <= result.start
                and result.end <= other.end
                and other.score >= result.score
                # Of two identical results keep the first; otherwise the container wins.
                and (
                    j < i
                    or other.start != result.start
                    or other.end != result.end
                    or other.score != result.score
                )
            ):
                break
        else:
            kept.append(result)
    return kept
