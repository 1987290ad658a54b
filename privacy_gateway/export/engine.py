"""The engine interface and the local engine (pandas, one process).

An engine takes consented feedback batches and a ``TransformSpec`` and runs the three phases:

1. row phase   ``transform_frame`` per batch/partition; counts frequencies and residual hits;
2. plan        ``make_plan`` on the merged frequency table (small, on the driver);
3. output      ``apply_plan`` per batch/partition, written in the requested format.

In fail mode a residual hit stops the export after phase 1: nothing is written. The local engine keeps
phase-1 output in a staging directory inside the dataset directory (parquet), so memory stays bounded by
one batch, and removes it at the end whatever happens. The Spark engine (``privacy_gateway.jobs``)
implements the same protocol with mapInPandas.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import pandas as pd

from privacy_gateway.export.anonymity import apply_plan, frequency_table, make_plan, merge_frequencies
from privacy_gateway.export.hierarchies import hierarchies
from privacy_gateway.export.schemas import EngineResult, ResidualMode
from privacy_gateway.export.transform import (
    RESIDUAL,
    TransformSpec,
    engines_for,
    residual_totals,
    transform_frame,
)
from privacy_gateway.export.writers import DatasetWriter

Progress = Callable[[str, int], None]  # (phase: "read" | "write", rows just done)
STAGING = ".staging"


def no_progress(_phase: str, _rows: int) -> None:
    return None


class ExportEngine(Protocol):
    name: str

    def run(
        self, batches: Iterable[pd.DataFrame], spec: TransformSpec, out_dir: Path, *, progress: Progress
    ) -> EngineResult: ...


class LocalEngine:
    name = "local"

    def run(
        self,
        batches: Iterable[pd.DataFrame],
        spec: TransformSpec,
        out_dir: Path,
        *,
        progress: Progress = no_progress,
    ) -> EngineResult:
        request = spec.request
        staging = out_dir / STAGING
        staging.mkdir(parents=True)
        try:
            engines = engines_for(spec)
            parts: list[Path] = []
            tables: list[pd.DataFrame] = []
            residual: Counter[str] = Counter()
            residual_rows = rows = 0
            for i, batch in enumerate(batches):
                transformed = transform_frame(batch, spec, engines)
                counts, hit_rows = residual_totals(transformed[RESIDUAL].value_counts().items())
                residual += counts
                residual_rows += hit_rows
                rows += len(transformed)
                tables.append(frequency_table(transformed, request))
                part = staging / f"part-{i:05d}.parquet"
                transformed.drop(columns=[RESIDUAL]).to_parquet(part, index=False)
                parts.append(part)
            if residual and request.residual is ResidualMode.FAIL:
                return EngineResult(rows, dict(residual), residual_rows, written=False)
            levels = hierarchies(spec.amount_edges)
            plan = make_plan(merge_frequencies(tables), request, levels)
            writer = DatasetWriter(out_dir, request.format, request.output_columns)
            for part in parts:
                frame = pd.read_parquet(part)
                writer.write(apply_plan(frame, plan, request, levels))
                progress("write", len(frame))
            entry = writer.close()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return EngineResult(
            rows_consented=rows,
            residual=dict(residual),
            rows_with_residual=residual_rows,
            written=True,
            rows_out=writer.rows,
            suppressed_k=plan.suppressed_k,
            suppressed_l=plan.suppressed_l,
            k_achieved=plan.k_achieved,
            l_achieved=plan.l_achieved,
            levels=plan.level_names(levels),
            files=(entry,),
        )
