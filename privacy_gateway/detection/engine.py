"""The detector: one Presidio AnalyzerEngine for 'zh', built once per process, no model downloads.

``Detector.analyzer`` is a regular Presidio ``AnalyzerEngine`` (no-op NLP engine, our registry), for
callers that want Presidio's API. ``Detector.detect`` runs the same recognizers without the engine's
per-call machinery: profiling showed ``AnalyzerEngine.analyze`` spending most of a short text's time in
registry look-ups, NLP-artifact creation and result bookkeeping rather than in matching. It applies the
same score thresholds and duplicate removal, so both paths give the same spans (a test holds that),
then resolves overlaps to one decision per character.

Our pattern recognizers receive the normalised text directly (normalised once per call, not once per
recognizer); any other recognizer in the registry is called through its ``analyze``.

The engine gets a context enhancer that does nothing: Presidio's lemma-based one needs tokens the
no-op engine does not produce, and our recognizers score Chinese cue words themselves
(``detection.context``).
"""

from __future__ import annotations

import functools
import threading

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NoOpNlpEngine

from privacy_gateway.detection.normalize import normalized
from privacy_gateway.detection.overlaps import resolve_overlaps
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.detection.registry import LANGUAGE, build_registry
from privacy_gateway.detection.results import drop_contained
from privacy_gateway.types import Span


class CueScoringIsInTheRecognizers(ContextAwareEnhancer):
    """Leaves scores as the recognizers set them (see ``detection.context``)."""

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0,
            min_score_with_context_similarity=0.0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


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
            context_aware_enhancer=CueScoringIsInTheRecognizers(),
        )
        recognizers = self.analyzer.registry.get_recognizers(language=LANGUAGE, all_fields=True)
        for recognizer in recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        self._entities = self.analyzer.get_supported_entities(language=LANGUAGE)
        self._artifacts = nlp.process_text("", LANGUAGE)
        self._plan = tuple(
            (r, isinstance(r, CnPatternRecognizer), self._threshold_table(r)) for r in recognizers
        )

    def _threshold_table(self, recognizer: EntityRecognizer) -> dict[str, float]:
        # The same resolution as AnalyzerEngine: entity-specific, then the recognizer's default,
        # then the engine's.
        table = recognizer.score_thresholds
        default = table.get("default", self.score_threshold)
        return {entity: table.get(entity, default) for entity in recognizer.supported_entities}

    @property
    def recognizers(self) -> tuple[EntityRecognizer, ...]:
        """The recognizers ``detect`` runs, in registry order."""
        return tuple(recognizer for recognizer, _, _ in self._plan)

    def analyze(self, text: str) -> list[RecognizerResult]:
        """Presidio results as ``AnalyzerEngine.analyze(text, 'zh')`` returns them (before overlaps)."""
        norm = normalized(text)  # once for all our recognizers (and cached for any others)
        results: list[RecognizerResult] = []
        for recognizer, ours, thresholds in self._plan:
            if ours:
                found = recognizer.analyze_normalized(norm)  # type: ignore[attr-defined]
            else:
                found = recognizer.analyze(text, self._entities, self._artifacts)
            for result in found or ():
                if result.score >= thresholds.get(result.entity_type, self.score_threshold):
                    results.append(result)
        return drop_contained(results) if len(results) > 1 else results

    def detect(self, text: str) -> list[Span]:
        """Non-overlapping spans sorted by start; offsets are ``str`` indices into ``text`` as given."""
        return to_spans(self.analyze(text))

    def detect_all(self, text: str) -> list[Span]:
        """Every detection above the threshold, overlaps kept (sorted by start, then longest first).

        For callers that resolve overlaps their own way, e.g. masking with ``overlaps.merge_overlaps``
        so that the part of an address around a name found inside it is masked too.
        """
        spans = (Span(r.entity_type, r.start, r.end, round(float(r.score), 4)) for r in self.analyze(text))
        return sorted(spans, key=lambda s: (s.start, -s.end, s.entity_type))


def to_spans(results: list[RecognizerResult]) -> list[Span]:
    """Presidio results to the gateway's spans: rounded scores, overlaps resolved."""
    return resolve_overlaps(Span(r.entity_type, r.start, r.end, round(float(r.score), 4)) for r in results)


_lock = threading.Lock()


@functools.cache
def _build_detector() -> Detector:
    return Detector()


def get_detector() -> Detector:
    """The process-wide detector (recognizers compiled once, even when threads race for it)."""
    with _lock:
        return _build_detector()
