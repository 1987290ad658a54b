"""Helpers for the recognizer tables: run one recognizer the way the detector does."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

THRESHOLD = 0.5  # Detector's default


def found(recognizer: EntityRecognizer, text: str, *, threshold: float = THRESHOLD) -> list[str]:
    """The matched substrings of the original text that reach the threshold, in order of start."""
    results = sorted(recognizer.analyze(text, [], None), key=lambda r: (r.start, r.end))
    return [text[r.start : r.end] for r in results if r.score >= threshold]


def scores(recognizer: EntityRecognizer, text: str) -> list[float]:
    return [r.score for r in sorted(recognizer.analyze(text, [], None), key=lambda r: r.start)]
