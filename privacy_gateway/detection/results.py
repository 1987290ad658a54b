"""Duplicate removal for the Presidio results of one text.

Same rule as Presidio's ``EntityRecognizer.remove_duplicates``: a result is dropped when another result
of the same type contains it with an equal or higher score; zero scores are dropped; identical results
count once. Same sweep too (by type, then start, longest and strongest first, comparing only with the
kept results still open at that start), without its set/groupby bookkeeping or its final score sort.
Linear in practice, since detections rarely nest; the output order is not Presidio's (callers sort).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult


def drop_contained(results: list[RecognizerResult]) -> list[RecognizerResult]:
    kept: list[RecognizerResult] = []
    active: list[RecognizerResult] = []  # kept results of the current type that may still contain others
    current_type: str | None = None
    for result in sorted(results, key=lambda r: (r.entity_type, r.start, -r.end, -r.score)):
        if result.score == 0:
            continue
        if result.entity_type != current_type:
            current_type, active = result.entity_type, []
        # Everything still to come starts at or after result.start: a span ending there contains none of it.
        active = [a for a in active if a.end > result.start]
        if any(result.end <= a.end and result.score <= a.score for a in active):
            continue  # active spans all start at or before result.start, so this one is contained
        kept.append(result)
        active.append(result)
    return kept
