"""The committed corpus: well-formed, reproducible from its generator and source, and scored against the
issue's targets (a behaviour test of the whole detector)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from privacy_gateway.detection.evaluation import TARGETS, evaluate, parse_records
from privacy_gateway.types import DEFAULT_CHANNELS

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
GENERATED = CORPUS / "feedback.jsonl"
HARD = CORPUS / "hard_cases.jsonl"
FRESH = CORPUS / "fresh_rounds.jsonl"
SEED, COUNT = 20240601, 1600  # as documented in corpus/README.md
NOT_SCORED = {"SERVICE_HOTLINE"}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, CORPUS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", [GENERATED, HARD, FRESH], ids=["generated", "hard", "fresh"])
def test_every_gold_span_is_inside_its_text_and_trimmed(path):
    records = _lines(path)
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert set(record) == {"id", "text", "channel", "category", "entities"}
        text = record["text"]
        previous_end = 0
        for span in sorted(record["entities"], key=lambda s: s["start"]):
            assert 0 <= span["start"] < span["end"] <= len(text), record["id"]
            surface = text[span["start"] : span["end"]]
            assert surface == surface.strip(), record["id"]
            assert span["start"] >= previous_end, f"overlapping gold spans in {record['id']}"
            previous_end = span["end"]


def test_sizes_and_coverage():
    generated, hard = _lines(GENERATED), _lines(HARD)
    assert len(generated) >= 1500
    assert len(hard) >= 150
    assert {r["channel"] for r in generated} >= set(DEFAULT_CHANNELS)
    categories = {r["category"] for r in generated}
    assert categories >= {"account_stolen", "topup_delay", "withdraw_delay", "payment_failed", "refund"}
    assert categories >= {"customer_service", "survey", "suggestion"}
    assert sum(1 for r in hard if not r["entities"]) >= 100  # near misses: nothing may be detected


def test_generated_corpus_is_reproducible():
    generate = _module("generate")
    expected = [json.dumps(r, ensure_ascii=False) for r in generate.generate(SEED, COUNT)]
    assert GENERATED.read_text(encoding="utf-8").splitlines() == expected


def test_generator_depends_on_the_seed():
    generate = _module("generate")
    assert generate.generate(1, 20) != generate.generate(2, 20)


@pytest.mark.parametrize(
    ("source", "built", "prefix"), [("hard_cases", HARD, "hard"), ("fresh_rounds", FRESH, "fresh")]
)
def test_hand_written_cases_are_built_from_their_source(tmp_path, source, built, prefix):
    build = _module("build_hard_cases")
    target = tmp_path / "built.jsonl"
    build.build(CORPUS / f"{source}.src.txt", target, prefix)
    assert target.read_text(encoding="utf-8") == built.read_text(encoding="utf-8")


def test_fresh_rounds_have_rounds_and_near_misses():
    fresh = _lines(FRESH)
    assert len({r["category"] for r in fresh}) >= 2
    assert all(r["category"].startswith("fresh_round") for r in fresh)
    assert any(not r["entities"] for r in fresh)


@pytest.mark.parametrize(
    ("body", "luhn_digit", "id_digit"),
    [
        ("622202100112345678", "9", None),
        ("4367420012345673"[:-1], "3", None),
        ("11010519880615231", None, "0"),
    ],
)
def test_generator_checksums(body, luhn_digit, id_digit):
    generate = _module("generate")
    if luhn_digit is not None:
        assert generate.luhn_check_digit(body) == luhn_digit
    if id_digit is not None:
        assert generate.id_check_digit(body) == id_digit


@pytest.fixture(scope="module")
def report():
    from privacy_gateway.detection.engine import get_detector

    detector = get_detector()
    records = parse_records(GENERATED.read_text(encoding="utf-8").splitlines())
    records += parse_records(HARD.read_text(encoding="utf-8").splitlines())
    records += parse_records(FRESH.read_text(encoding="utf-8").splitlines())
    return evaluate(
        records, lambda text: [s for s in detector.detect(text) if s.entity_type not in NOT_SCORED]
    )


@pytest.mark.slow
@pytest.mark.parametrize("entity_type", sorted(TARGETS))
def test_detector_meets_the_targets_on_the_corpus(report, entity_type):
    min_precision, min_recall = TARGETS[entity_type]
    score = report.by_type[entity_type]
    assert score.recall >= min_recall, f"{entity_type} recall {score.recall:.3f}"
    assert score.precision >= min_precision, f"{entity_type} precision {score.precision:.3f}"
