"""Coverage-based precision/recall/F1 and leak rate, on small hand-made tables."""

from __future__ import annotations

import json

import pytest

from privacy_gateway.detection.evaluation import (
    CorpusError,
    GoldRecord,
    GoldSpan,
    evaluate,
    format_table,
    parse_record,
)
from privacy_gateway.types import Span

TEXT = "张先生电话13812345678，充值500元"  # PERSON 0-3, PHONE 5-16, AMOUNT 19-23


def _record(*spans: tuple[str, int, int]) -> GoldRecord:
    return GoldRecord("r1", TEXT, tuple(GoldSpan(*s) for s in spans))


def _run(gold: list[tuple[str, int, int]], predicted: list[tuple[str, int, int]]):
    return evaluate([_record(*gold)], lambda _text: [Span(t, s, e, 0.9) for t, s, e in predicted])


@pytest.mark.parametrize(
    ("gold", "predicted", "recall", "precision", "leak"),
    [
        # exact match
        ([("PHONE_NUMBER", 5, 16)], [("PHONE_NUMBER", 5, 16)], 1.0, 1.0, 0.0),
        # 10 of 11 characters covered: found (>= 80%), but one digit leaks
        ([("PHONE_NUMBER", 5, 16)], [("PHONE_NUMBER", 5, 15)], 1.0, 1.0, 1.0),
        # 8 of 11 covered: 73% is not found; the prediction lies inside the gold span, so it is correct
        ([("PHONE_NUMBER", 5, 16)], [("PHONE_NUMBER", 5, 13)], 0.0, 1.0, 1.0),
        # a prediction twice as long as the gold span: found, but only 50% of it is gold
        ([("AMOUNT", 19, 23)], [("AMOUNT", 15, 23)], 1.0, 0.0, 0.0),
        # covered by another type: not found for its type, but it does not leak
        ([("PHONE_NUMBER", 5, 16)], [("BANK_CARD", 5, 16)], 0.0, 1.0, 0.0),
        # nothing predicted
        ([("PERSON", 0, 3)], [], 0.0, 1.0, 1.0),
        # two predictions together cover the span
        ([("PERSON", 0, 3)], [("PERSON", 0, 1), ("PERSON", 1, 3)], 1.0, 1.0, 0.0),
    ],
)
def test_scores(gold, predicted, recall, precision, leak):
    entity_type = gold[0][0]
    score = _run(gold, predicted).by_type[entity_type]
    assert (score.recall, score.precision, score.leak_rate) == (recall, precision, leak)


def test_false_positive_on_a_type_without_gold():
    report = _run([("PERSON", 0, 3)], [("PERSON", 0, 3), ("LOCATION", 19, 23)])
    location = report.by_type["LOCATION"]
    assert (location.gold, location.predicted, location.precision, location.recall) == (0, 1, 0.0, 1.0)
    assert report.false_alarms == [("r1", "LOCATION", 19, 23)]


def test_f1_is_the_harmonic_mean():
    report = evaluate(
        [_record(("PERSON", 0, 3)), GoldRecord("r2", TEXT, (GoldSpan("PERSON", 0, 3),))],
        lambda _t: [Span("PERSON", 0, 3, 0.9), Span("PERSON", 5, 16, 0.9)],
    )
    score = report.by_type["PERSON"]
    assert (score.recall, score.precision) == (1.0, 0.5)
    assert score.f1 == pytest.approx(2 / 3)


def test_threshold_is_a_parameter():
    gold, predicted = [("PHONE_NUMBER", 5, 16)], [Span("PHONE_NUMBER", 5, 13, 0.9)]
    report = evaluate([_record(*gold)], lambda _t: predicted, threshold=0.7)
    assert report.by_type["PHONE_NUMBER"].recall == 1.0


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        json.dumps({"text": "abc"}),  # no id
        json.dumps({"id": 1, "text": "abc", "entities": [{"entity_type": "PERSON", "start": 2, "end": 9}]}),
        json.dumps({"id": 1, "text": "abc", "entities": [{"entity_type": "PERSON", "start": 2, "end": 2}]}),
        json.dumps({"id": 1, "text": "abc", "entities": [{"start": 0, "end": 1}]}),
    ],
)
def test_parse_record_rejects_bad_lines(line):
    with pytest.raises(CorpusError):
        parse_record(line)


def test_errors_and_reprs_carry_no_text():
    line = json.dumps(
        {"id": "x", "text": "张伟13812345678", "entities": [{"entity_type": "P", "start": 0, "end": 99}]}
    )
    with pytest.raises(CorpusError) as excinfo:
        parse_record(line)
    assert "张伟" not in str(excinfo.value)
    record = parse_record(json.dumps({"id": "x", "text": "张伟13812345678"}))
    assert "张伟" not in repr(record)


def test_table_marks_targets():
    report = _run([("PHONE_NUMBER", 5, 16)], [("PHONE_NUMBER", 5, 13)])
    table = format_table(report, targets={"PHONE_NUMBER": (0.95, 0.99)})
    assert "BELOW" in table
    assert "1 records" in table
