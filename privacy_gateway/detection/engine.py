"""The detector: one Presidio AnalyzerEngine for 'zh', built once per process, no model downloads."""

from __future__ import annotations

import functools
import threading

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from privacy_gateway.detection.registry import LANGUAGE, build_registry
from privacy_gateway.types import Span


class Detector:
    """Detects PII spans in free text. Thread-safe; build once (``get_detector``) and reuse."""

    def __init__(self, *, score_threshold: float = 0.5) -> None:
        self.score_threshold = score_threshold
        nlp = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "no_op"}])
        self.analyzer = AnalyzerEngine(
            registry=build_registry(),
            nlp_engine=nlp,
            supported_languages=[LANGUAGE],
            default_score_threshold=score_threshold,
        )

    def detect(self, text: str) -> list[Span]:
        results = self.analyzer.analyze(text=text, language=LANGUAGE)
        spans = [Span(r.entity_type, r.start, r.end, round(float(r.score), 4)) for r in results]
        return sorted(spans, key=lambda s: (s.start, -s.end, s.entity_type))


_lock = threading.Lock()


@functools.cache
def get_detector() -> Detector:
    """The process-wide detector (recognizers compiled once)."""
    with _lock:
        return Detector()
