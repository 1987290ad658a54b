"""The row phase of an export: pure over a pandas DataFrame partition, identical on every engine.

    transform_frame(frame, spec, engines) -> DataFrame

In: consented feedback rows (``SOURCE_COLUMNS``). Out (``TRANSFORMED_COLUMNS``): the dataset pseudonym
of the subject, the *base* value of every declared quasi-identifier (``_b_<name>``, generalised later by
``anonymity.apply_plan`` once the whole dataset's plan is known), the extra columns, the text to export
and ``_residual`` (detector hits in that text, "TYPE:n;..." or "").

Per row: facts are read from the stored masked text (amount label, region), hoisted out of it
(``facts.hoist``), and the detector scans what is left, which is exactly the text that will be exported.
In mask mode the hits are masked under the export policy (analytics: pseudonyms keyed by the dataset,
amounts and places generalised, then hoisted as well) and the result is scanned once more.

``RowEngines`` (detector, masker, gazetteer) are expensive: ``engines_for(spec)`` builds them once per
process and per spec, so a Spark executor builds them on its first partition and reuses them after.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from privacy_gateway.errors import IntegrityError
from privacy_gateway.export.facts import PlaceScanner, RegionResolver, amount_base, hoist, region_base
from privacy_gateway.export.hierarchies import DEFAULT_AMOUNT_EDGES
from privacy_gateway.export.pseudonyms import policy_key_for, subject_pseudonym
from privacy_gateway.export.schemas import ExportRequest, ResidualMode
from privacy_gateway.types import Span

SOURCE_COLUMNS: tuple[str, ...] = (
    "subject_id",
    "channel",
    "category",
    "masked_text",
    "facts",
    "occurred_at",
    "received_at",
)
RESIDUAL = "_residual"
DEFAULT_TIMEZONE = "Asia/Shanghai"  # weeks and months are those of the users' calendar


def base_column(quasi: str) -> str:
    return f"_b_{quasi}"


class SpanDetector(Protocol):
    def detect(self, text: str) -> list[Span]: ...

    def detect_all(self, text: str) -> list[Span]: ...


class TextMasker(Protocol):
    def mask(self, text: str, spans: Sequence[Span], *, policy: str) -> Any: ...


@dataclass(frozen=True, repr=False)
class TransformSpec:
    """Everything the row phase needs, picklable (shipped to Spark executors). Holds the dataset key:
    never log it; its repr shows none of it."""

    request: ExportRequest
    dataset_key: bytes
    policies_dir: str | None = None
    amount_edges: tuple[int, ...] = DEFAULT_AMOUNT_EDGES
    timezone: str = DEFAULT_TIMEZONE

    def __repr__(self) -> str:
        return f"TransformSpec(quasi={self.request.quasi!r}, policy={self.request.policy!r})"

    @property
    def transformed_columns(self) -> tuple[str, ...]:
        request = self.request
        return ("subject", *map(base_column, request.quasi), *request.extra_columns, "text", RESIDUAL)


@dataclass
class RowEngines:
    detector: SpanDetector
    masker: TextMasker
    places: PlaceScanner
    resolve: RegionResolver


def build_engines(spec: TransformSpec) -> RowEngines:
    # Imported here: a Spark executor pays for these only when its first partition arrives.
    from privacy_gateway.detection.engine import get_detector
    from privacy_gateway.detection.gazetteer import get_gazetteer
    from privacy_gateway.masking.engine import Masker
    from privacy_gateway.policies.loader import load_policies

    gazetteer = get_gazetteer()
    policies = load_policies(Path(spec.policies_dir) if spec.policies_dir else None)
    policies.get(spec.request.policy)
    masker = Masker(policies, key_for=policy_key_for(spec.dataset_key), region_of=gazetteer.resolve)
    return RowEngines(get_detector(), masker, gazetteer.scan, gazetteer.resolve)


_engines: dict[int, RowEngines] = {}
_engines_lock = threading.Lock()


def engines_for(spec: TransformSpec) -> RowEngines:
    """The process's engines for this spec, built on first use."""
    token = hash((spec.dataset_key, spec.policies_dir, spec.request.policy))
    with _engines_lock:
        engines = _engines.get(token)
        if engines is None:
            engines = _engines[token] = build_engines(spec)
        return engines


def _encode(counts: Counter[str]) -> str:
    return ";".join(f"{t}:{n}" for t, n in sorted(counts.items()))


def decode_residual(value: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for part in filter(None, value.split(";")):
        entity_type, _, n = part.partition(":")
        counts[entity_type] += int(n)
    return counts


def process_text(
    text: str, engines: RowEngines, *, mode: ResidualMode, policy: str, facts: str = ""
) -> tuple[str, str, str, str]:
    """(exported text, amount base, region base, residual) for one stored masked text.

    `facts` are the generalised quasi-identifiers computed at ingest (masking/facts.py); the text
    itself only carries them when it was stored under a generalising policy.
    """
    region = region_base(text, engines.resolve) or (region_base(facts, engines.resolve) if facts else "")
    amount = amount_base((text, facts))
    exported = hoist(text, engines.places)
    spans = engines.detector.detect(exported)
    if not spans:
        return exported, amount, region, ""
    residual = _encode(Counter(s.entity_type for s in spans))
    if mode is ResidualMode.FAIL:
        return exported, amount, region, residual
    # Every detection, overlaps kept, so the masker's merge leaves no detected character in clear.
    masked = engines.masker.mask(exported, engines.detector.detect_all(exported), policy=policy).text
    amount = amount_base((text, masked, facts))
    region = region or region_base(masked, engines.resolve)
    exported = hoist(masked, engines.places)
    if engines.detector.detect(exported):
        # The policy's own output was detected again: a policy bug, never something to export.
        raise IntegrityError(f"policy {policy!r} left detectable PII after masking; export stopped")
    return exported, amount, region, residual


def _day_bases(frame: pd.DataFrame, timezone: str) -> pd.Series:
    moment = frame["occurred_at"].where(frame["occurred_at"].notna(), frame["received_at"])
    stamps = pd.to_datetime(moment, utc=True, format="ISO8601")
    return stamps.dt.tz_convert(timezone).dt.strftime("%Y-%m-%d").fillna("")


def transform_frame(frame: pd.DataFrame, spec: TransformSpec, engines: RowEngines) -> pd.DataFrame:
    request = spec.request
    out = pd.DataFrame(index=frame.index)
    key = spec.dataset_key
    subjects = frame["subject_id"].astype(str)
    out["subject"] = subjects.map({s: subject_pseudonym(key, s) for s in subjects.unique()})
    results = [
        process_text(t, engines, mode=request.residual, policy=request.policy, facts=f)
        for t, f in zip(frame["masked_text"].astype(str), _facts(frame), strict=True)
    ]
    texts, amounts, regions, residuals = (
        (list(col) for col in zip(*results, strict=True)) if results else ([], [], [], [])
    )
    category, category_residual = _scan_labels(frame["category"], engines, request)
    bases: dict[str, Callable[[], Iterable[str]]] = {
        "week": lambda: _day_bases(frame, spec.timezone),
        "month": lambda: _day_bases(frame, spec.timezone),
        "amount_bucket": lambda: amounts,
        "region": lambda: regions,
        "channel": lambda: frame["channel"].astype(str),
        "category": lambda: category.fillna(""),
    }
    for quasi in request.quasi:
        out[base_column(quasi)] = list(bases[quasi]())
    for column in request.extra_columns:
        out[column] = category if column == "category" else frame[column].astype(str)
    out["text"] = texts
    out[RESIDUAL] = [_join(r, c) for r, c in zip(residuals, category_residual, strict=True)]
    return out.reset_index(drop=True)


def _facts(frame: pd.DataFrame) -> list[str]:
    if "facts" not in frame:
        return [""] * len(frame)
    return [str(f) if isinstance(f, str) else "" for f in frame["facts"]]


def _join(a: str, b: str) -> str:
    return _encode(decode_residual(a) + decode_residual(b)) if b else a


def _scan_labels(
    values: pd.Series, engines: RowEngines, request: ExportRequest
) -> tuple[pd.Series, list[str]]:
    """Category labels are operator-chosen identifiers, scanned once per distinct value all the same."""
    verdicts: dict[str, tuple[str | None, str]] = {}
    for value in values.dropna().astype(str).unique():
        spans = engines.detector.detect(value)
        if not spans:
            verdicts[value] = (value, "")
            continue
        kept = value if request.residual is ResidualMode.FAIL else None  # mask mode drops the label
        verdicts[value] = (kept, _encode(Counter(s.entity_type for s in spans)))
    cleaned = values.map(lambda v: verdicts[str(v)][0] if pd.notna(v) else None)
    return cleaned, [verdicts[str(v)][1] if pd.notna(v) else "" for v in values]


def residual_totals(values: Iterable[tuple[str, int]]) -> tuple[Counter[str], int]:
    """Sum per-row residual strings given as (value, rows having it): (counts by type, rows with hits)."""
    totals: Counter[str] = Counter()
    rows = 0
    for value, n in values:
        if value:
            for entity_type, count in decode_residual(value).items():
                totals[entity_type] += count * n
            rows += n
    return totals, rows
