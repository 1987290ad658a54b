"""Detection quality on a labelled corpus: per entity type precision, recall, F1 and leak rate.

Pure: takes gold records and a predict function, returns numbers. Matching is by character coverage,
not exact offsets, because a masker only needs the characters hidden and annotators disagree by a
character on boundaries (张先生 vs 张):

- a **gold span is found** when at least ``threshold`` (0.8) of its characters are covered by the
  union of the predictions *of the same type* (recall = found / gold);
- a **prediction is correct** when at least ``threshold`` of its characters are covered by the union of
  the gold spans *of the same type* (precision = correct / predictions). The two rules are symmetric.
- a gold span **leaks** when any of its characters is covered by no prediction at all, of any type
  (leak rate = leaking / gold). This is the privacy number: a phone number masked as a bank card does
  not leak, a phone number masked but for its last digit does.

F1 is the harmonic mean of precision and recall. A type with no gold spans has recall 1.0; a type with
no predictions has precision 1.0 (nothing claimed, nothing wrong).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

COVERAGE_THRESHOLD = 0.8


class SpanLike(Protocol):
    @property
    def entity_type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class GoldSpan:
    entity_type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    entities: tuple[GoldSpan, ...]
    channel: str = ""
    category: str = ""

    def __repr__(self) -> str:  # the text is (synthetic) PII: keep it out of logs
        return f"GoldRecord(id={self.id!r}, entities={len(self.entities)})"


@dataclass(slots=True)
class TypeScore:
    entity_type: str
    gold: int = 0
    found: int = 0
    leaked: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def leak_rate(self) -> float:
        return self.leaked / self.gold if self.gold else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "entity_type": self.entity_type,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "leak_rate": round(self.leak_rate, 4),
        }


@dataclass(slots=True)
class EvalReport:
    records: int = 0
    by_type: dict[str, TypeScore] = field(default_factory=dict)
    # (record id, entity type, start, end) of misses and false alarms, for error analysis; no text.
    misses: list[tuple[str, str, int, int]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, int, int]] = field(default_factory=list)

    def score(self, entity_type: str) -> TypeScore:
        return self.by_type.setdefault(entity_type, TypeScore(entity_type))

    def as_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "types": [self.by_type[t].as_dict() for t in sorted(self.by_type)],
        }


def _covered(start: int, end: int, mask: Sequence[bool]) -> float:
    length = end - start
    return sum(mask[start:end]) / length if length > 0 else 1.0


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    mask = [False] * length
    for start, end in spans:
        for i in range(max(0, start), min(length, end)):
            mask[i] = True
    return mask


def evaluate(
    records: Iterable[GoldRecord],
    predict: Callable[[str], Sequence[SpanLike]],
    *,
    threshold: float = COVERAGE_THRESHOLD,
) -> EvalReport:
    report = EvalReport()
    for record in records:
        report.records += 1
        predictions = [(p.entity_type, p.start, p.end) for p in predict(record.text)]
        n = len(record.text)
        any_mask = _mask(n, ((s, e) for _, s, e in predictions))
        types = {g.entity_type for g in record.entities} | {t for t, _, _ in predictions}
        for entity_type in types:
            gold = [(g.start, g.end) for g in record.entities if g.entity_type == entity_type]
            pred = [(s, e) for t, s, e in predictions if t == entity_type]
            pred_mask, gold_mask = _mask(n, pred), _mask(n, gold)
            score = report.score(entity_type)
            for start, end in gold:
                score.gold += 1
                if _covered(start, end, pred_mask) >= threshold:
                    score.found += 1
                else:
                    report.misses.append((record.id, entity_type, start, end))
                if not all(any_mask[start:end]):
                    score.leaked += 1
            for start, end in pred:
                score.predicted += 1
                if _covered(start, end, gold_mask) >= threshold:
                    score.correct += 1
                else:
                    report.false_alarms.append((record.id, entity_type, start, end))
    return report


class CorpusError(ValueError):
    """A corpus line is not a valid record (bad JSON, offsets outside the text)."""


def parse_record(line: str) -> GoldRecord:
    """One JSON line ``{"id", "text", "channel", "category", "entities": [{entity_type, start, end}]}``."""
    try:
        raw = json.loads(line)
        text = raw["text"]
        spans = tuple(
            GoldSpan(e["entity_type"], int(e["start"]), int(e["end"])) for e in raw.get("entities", [])
        )
        record = GoldRecord(str(raw["id"]), text, spans, raw.get("channel", ""), raw.get("category", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"not a corpus record: {type(exc).__name__}") from None
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            raise CorpusError(f"record {record.id}: span {span.start}-{span.end} outside the text")
    return record


def parse_records(lines: Iterable[str]) -> list[GoldRecord]:
    return [parse_record(line) for line in lines if line.strip()]


def format_table(report: EvalReport, *, targets: Mapping[str, tuple[float, float]] | None = None) -> str:
    """A fixed-width table; ``targets`` maps a type to (min precision, min recall) and adds a verdict."""
    header = f"{'entity_type':<22}{'gold':>6}{'pred':>6}{'prec':>8}{'recall':>8}{'f1':>8}{'leak':>8}"
    lines = [header + ("  target" if targets else ""), "-" * (len(header) + (8 if targets else 0))]
    for entity_type in sorted(report.by_type):
        s = report.by_type[entity_type]
        line = (
            f"{entity_type:<22}{s.gold:>6}{s.predicted:>6}{s.precision:>8.3f}{s.recall:>8.3f}"
            f"{s.f1:>8.3f}{s.leak_rate:>8.3f}"
        )
        if targets and entity_type in targets:
            min_p, min_r = targets[entity_type]
            line += "  ok" if s.precision >= min_p and s.recall >= min_r else "  BELOW"
        lines.append(line)
    lines.append(f"{report.records} records")
    return "\n".join(lines)


# Issue 3's targets: (precision, recall) per contract type.
TARGETS: dict[str, tuple[float, float]] = {
    "PHONE_NUMBER": (0.95, 0.99),
    "CN_RESIDENT_ID": (0.95, 0.99),
    "BANK_CARD": (0.95, 0.99),
    "EMAIL_ADDRESS": (0.95, 0.99),
    "AMOUNT": (0.95, 0.97),
    "LOCATION": (0.95, 0.95),
    "PERSON": (0.95, 0.93),
}
