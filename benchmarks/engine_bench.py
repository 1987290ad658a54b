"""Detection and masking texts/s: the gateway vs stock Presidio vs one regex scan (part of gateway_bench.py).

The texts are the corpus generator's (corpus/generate.py, seeded) feedback of 50-300 characters, and
one long text each of 5,000 and 20,000 characters made by joining them. On the same texts, in one
process, interleaved rounds, best of ``repeat`` in process CPU time (detect_bench.rates):

  detection  (a) the gateway's ``Detector.detect_all`` (what ingest and ``mask`` call)
             (b) stock Presidio: AnalyzerEngine, predefined recognizers, no-op NLP engine, "en"
             (c) one compiled alternation of every pattern of our recognizers, ``finditer`` only: the
                 practical upper bound (detect_bench.single_regex_scans; the faster of re / regex)
  masking    the same three followed by their masking: our Masker with the default policy; Presidio's
             AnonymizerEngine with its default replace operator; ``sub`` of the alternation with a
             placeholder. Also our Masker alone, on spans detected beforehand (what masking adds).
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from detect_bench import ms_per_1000_chars, rates, single_regex_scans, stock_presidio

from privacy_gateway.detection.engine import get_detector
from privacy_gateway.masking.engine import Masker
from privacy_gateway.policies.loader import load_policies

ROOT = Path(__file__).resolve().parents[1]


def corpus_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_generate", ROOT / "corpus" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def feedback_records(count: int, *, seed: int = 20240601) -> list[dict[str, object]]:
    """``count`` generated records whose text is 50-300 characters (generated until there are enough)."""
    generate = corpus_generator().generate
    records: list[dict[str, object]] = []
    batch = count
    while len(records) < count:
        records += [r for r in generate(seed, batch) if 50 <= len(str(r["text"])) <= 300]
        seed += 1
    return records[:count]


def long_text(texts: Sequence[str], size: int, *, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = ""
    while len(out) < size:
        out += rng.choice(texts)
    return out[:size]


@dataclass
class EngineFigures:
    texts: int
    mean_chars: float
    detection: dict[str, float]  # texts/s on the short texts
    masking: dict[str, float]
    scan_engine: str  # re or regex: the faster single scan
    long: dict[int, dict[str, float]]  # size -> runner -> texts/s on that one long text


def runners() -> tuple[dict[str, Callable[[str], object]], dict[str, Callable[[str], object]]]:
    detector = get_detector()
    masker = Masker(load_policies(None))
    analyze = stock_presidio()
    from presidio_anonymizer import AnonymizerEngine

    anonymizer = AnonymizerEngine()
    scans = single_regex_scans(detector)

    def ours_mask(text: str) -> object:
        return masker.mask(text, detector.detect_all(text), policy="default")

    def stock_mask(text: str) -> object:
        return anonymizer.anonymize(text=text, analyzer_results=analyze(text))  # type: ignore[arg-type]

    def scan_sub(compiled: object) -> Callable[[str], object]:
        return lambda text: compiled.sub("<PII>", text)  # type: ignore[attr-defined]

    # detect_bench's scans keep their compiled alternation as a default argument: reuse it for sub().
    compiled = {name: run.__defaults__[0] for name, run in scans.items()}  # type: ignore[attr-defined]
    detection = {"gateway": detector.detect_all, "presidio": analyze}
    detection.update({f"scan-{name}": run for name, run in scans.items()})
    masking = {"gateway": ours_mask, "presidio": stock_mask}
    masking.update({f"scan-{name}": scan_sub(c) for name, c in compiled.items()})
    return detection, masking


def measure(count: int, repeat: int) -> EngineFigures:
    texts = [str(r["text"]) for r in feedback_records(count)]
    detection_runs, masking_runs = runners()
    detector = get_detector()
    masker = Masker(load_policies(None))
    spans = {text: detector.detect_all(text) for text in texts}

    def mask_only(text: str) -> object:
        return masker.mask(text, spans[text], policy="default")

    for run in (*detection_runs.values(), *masking_runs.values(), mask_only):  # warm up: caches, lazy loads
        for text in texts[:50]:
            run(text)
    detection = rates(detection_runs, texts, repeat)
    masking = rates({**masking_runs, "gateway-mask-only": mask_only}, texts, repeat)
    scan = max(("re", "regex"), key=lambda n: detection[f"scan-{n}"])
    long: dict[int, dict[str, float]] = {}
    for size in (5_000, 20_000):
        text = long_text(texts, size)
        picks = {
            "detect gateway": detection_runs["gateway"],
            "detect presidio": detection_runs["presidio"],
            "detect scan": detection_runs[f"scan-{scan}"],
            "mask gateway": masking_runs["gateway"],
            "mask presidio": masking_runs["presidio"],
            "mask scan": masking_runs[f"scan-{scan}"],
        }
        long[size] = {
            name: 1000 / (ms_per_1000_chars(run, text, repeat) * size / 1000) for name, run in picks.items()
        }
    return EngineFigures(len(texts), sum(map(len, texts)) / len(texts), detection, masking, scan, long)
