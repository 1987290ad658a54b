"""The Spark engine: the export's three phases on a Spark cluster (or ``local[N]``), same pure code.

    engine = SparkEngine(spark_session(master="local[2]"))
    ExportService(...).export(session, request, out_dir=path, actor=actor, engine=engine)

1. The consented batches the service reads are staged as parquet (``out_dir/.staging/input``, a string
   schema) and read back by Spark; ``mapInPandas`` runs ``transform_frame`` per partition. The detector,
   masker and gazetteer are built once per executor process (``export.transform.engines_for``: Python
   workers are reused, so later partitions find them ready).
2. Residual hits and the frequency table are aggregated by Spark and collected (small); the plan is
   computed on the driver by the same ``make_plan`` as the local engine and broadcast.
3. ``mapInPandas`` applies the plan; rows are sorted by every output column (so the dataset is the same
   whatever the partitioning) and written by Spark's own writer. Part files are renamed
   ``data-00000.<ext>``...; Spark's ``_SUCCESS`` and ``.crc`` side files are removed.

The staging and output directories must be on a filesystem the driver and the executors share (always
true in local mode; on a cluster, point ``out_dir`` at a shared mount).
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from privacy_gateway.export.anonymity import COUNT, SENSITIVE, SUBJECT, Plan, apply_plan, make_plan
from privacy_gateway.export.engine import STAGING, Progress, no_progress
from privacy_gateway.export.hierarchies import hierarchies
from privacy_gateway.export.schemas import EngineResult, Format, ResidualMode
from privacy_gateway.export.transform import (
    RESIDUAL,
    SOURCE_COLUMNS,
    TransformSpec,
    base_column,
    engines_for,
    residual_totals,
    transform_frame,
)
from privacy_gateway.export.writers import EXTENSIONS, describe_files

# PySpark warns about pandas 3 on every conversion; the columns we exchange are plain strings.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

SOURCE_SCHEMA = pa.schema([(c, pa.string()) for c in SOURCE_COLUMNS])
_SPARK_FORMAT = {Format.PARQUET: "parquet", Format.CSV: "csv", Format.JSONL: "json"}
_SPARK_SUFFIX = {Format.PARQUET: ".parquet", Format.CSV: ".csv", Format.JSONL: ".json"}


def spark_session(
    *,
    master: str | None = None,
    app_name: str = "privacy-gateway-export",
    conf: Mapping[str, str] | None = None,
) -> SparkSession:
    """A session for exports. Executors run this interpreter (PYSPARK_PYTHON) unless told otherwise."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
        # No _SUCCESS marker beside the data files.
        "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs": "false",
        **(conf or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _schema(columns: Iterable[str]) -> str:
    return ", ".join(f"`{c}` string" for c in columns)


def _transform_partitions(spec: TransformSpec, frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    engines = engines_for(spec)  # once per executor process
    for frame in frames:
        yield transform_frame(frame, spec, engines)


def _apply_partitions(
    plan: Plan, spec: TransformSpec, frames: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    levels = hierarchies(spec.amount_edges)
    for frame in frames:
        yield apply_plan(frame, plan, spec.request, levels)


class SparkEngine:
    name = "spark"

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark

    def _stage(self, batches: Iterable[pd.DataFrame], directory: Path) -> None:
        directory.mkdir(parents=True)
        written = 0
        for i, batch in enumerate(batches):
            table = pa.Table.from_pandas(
                batch[list(SOURCE_COLUMNS)].astype(object), schema=SOURCE_SCHEMA, preserve_index=False
            )
            pq.write_table(table, directory / f"part-{i:05d}.parquet")
            written += 1
        if not written:
            pq.write_table(SOURCE_SCHEMA.empty_table(), directory / "part-00000.parquet")

    def _input(self, directory: Path) -> DataFrame:
        frame = self.spark.read.parquet(str(directory))
        parallelism = self.spark.sparkContext.defaultParallelism
        if frame.rdd.getNumPartitions() < parallelism:
            frame = frame.repartition(parallelism)
        return frame

    def run(
        self,
        batches: Iterable[pd.DataFrame],
        spec: TransformSpec,
        out_dir: Path,
        *,
        progress: Progress = no_progress,
    ) -> EngineResult:
        staging = out_dir / STAGING
        try:
            self._stage(batches, staging / "input")
            source = self._input(staging / "input")
            transformed = source.mapInPandas(
                partial(_transform_partitions, spec), schema=_schema(spec.transformed_columns)
            ).persist(StorageLevel.MEMORY_AND_DISK)
            try:
                return self._finish(transformed, spec, out_dir, staging, progress)
            finally:
                transformed.unpersist()
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _finish(
        self, transformed: DataFrame, spec: TransformSpec, out_dir: Path, staging: Path, progress: Progress
    ) -> EngineResult:
        request = spec.request
        by_residual = transformed.groupBy(RESIDUAL).count().collect()
        rows = sum(int(r["count"]) for r in by_residual)
        residual, residual_rows = residual_totals((r[RESIDUAL], int(r["count"])) for r in by_residual)
        if residual and request.residual is ResidualMode.FAIL:
            return EngineResult(rows, dict(residual), residual_rows, written=False)
        levels = hierarchies(spec.amount_edges)
        plan = make_plan(self._frequencies(transformed, spec), request, levels)
        broadcast = self.spark.sparkContext.broadcast(plan)
        try:
            output = transformed.mapInPandas(
                partial(_apply_spark_partitions, broadcast, spec), schema=_schema(request.output_columns)
            )
            target = staging / "output"
            writer = output.orderBy(*request.output_columns).write.format(_SPARK_FORMAT[request.format])
            if request.format is not Format.PARQUET:
                writer = writer.option("encoding", "UTF-8")
            if request.format is Format.CSV:  # RFC 4180 quoting, as pandas and spreadsheets read it
                writer = writer.option("header", "true").option("escape", '"')
            if request.format is Format.JSONL:
                writer = writer.option("ignoreNullFields", "false")
            writer.save(str(target))
        finally:
            broadcast.destroy()
        names = _collect_parts(target, out_dir, request.format)
        progress("write", plan.rows_out)
        return EngineResult(
            rows_consented=rows,
            residual=dict(residual),
            rows_with_residual=residual_rows,
            written=True,
            rows_out=plan.rows_out,
            suppressed_k=plan.suppressed_k,
            suppressed_l=plan.suppressed_l,
            k_achieved=plan.k_achieved,
            l_achieved=plan.l_achieved,
            levels=plan.level_names(levels),
            files=describe_files(out_dir, names),
        )

    def _frequencies(self, transformed: DataFrame, spec: TransformSpec) -> pd.DataFrame:
        request = spec.request
        columns = [base_column(q) for q in request.quasi]
        sensitive = (
            F.coalesce(F.col(request.sensitive_column), F.lit("")) if request.sensitive_column else F.lit("")
        )
        counted = (
            transformed.select(*columns, sensitive.alias(SENSITIVE), SUBJECT)
            .groupBy(*columns, SENSITIVE, SUBJECT)
            .count()
        )
        # collect(), not toPandas(): plain rows need no Arrow/pandas bridge (nor its version quirks).
        names = [*columns, SENSITIVE, SUBJECT, COUNT]
        frame = pd.DataFrame([tuple(row) for row in counted.collect()], columns=names)
        if not len(frame):
            return frame
        frame[COUNT] = frame[COUNT].astype("int64")
        return frame.sort_values(names[:-1]).reset_index(drop=True)


def _apply_spark_partitions(
    broadcast: object, spec: TransformSpec, frames: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    plan: Plan = broadcast.value  # type: ignore[attr-defined]
    return _apply_partitions(plan, spec, frames)


def _collect_parts(target: Path, out_dir: Path, fmt: Format) -> list[str]:
    """Move Spark's part files to out_dir as data-00000.<ext>, in order; drop its side files."""
    parts = sorted(
        p for p in target.iterdir() if p.name.startswith("part-") and p.name.endswith(_SPARK_SUFFIX[fmt])
    )
    names = []
    for i, part in enumerate(parts):
        name = f"data-{i:05d}.{EXTENSIONS[fmt]}"
        part.replace(out_dir / name)
        names.append(name)
    return names
