"""Candidate spans inside one recognizer, as (start, end, score) triples."""

from __future__ import annotations

Found = tuple[int, int, float]


def merge_found(found: list[Found]) -> list[Found]:
    """Overlapping candidates become one span (their union) with the highest score; sorted by start."""
    merged: list[Found] = []
    for start, end, score in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged and start < merged[-1][1]:
            m_start, m_end, m_score = merged[-1]
            merged[-1] = (m_start, max(end, m_end), max(score, m_score))
        else:
            merged.append((start, end, score))
    return merged
