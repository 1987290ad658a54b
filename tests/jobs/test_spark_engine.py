"""The Spark engine in local mode produces the same dataset as the local engine, with the same guarantees."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

from privacy_gateway.bootstrap import Services
from privacy_gateway.export.engine import ExportEngine, LocalEngine
from privacy_gateway.export.errors import ResidualPIIFound
from privacy_gateway.export.schemas import ExportRequest, Format
from privacy_gateway.export.service import ExportService
from privacy_gateway.jobs import export_job
from privacy_gateway.jobs.spark_engine import SparkEngine
from privacy_gateway.settings import Settings
from tests.export.factories import (
    ANALYST,
    CUTOFF,
    feedback,
    grant,
    read_dataset,
    seed_population,
    varied_text,
)

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture
def population(services: Services) -> list[str]:
    with services.session_factory() as session, session.begin():
        ids = seed_population(services, session, subjects=50, per_subject=4)
        for day in range(5):  # a subject without consent, whose rows must vanish on both engines
            feedback(session, "outsider", text=varied_text(day), day=day)
        for subject in ids[:10]:  # quotes, commas and newlines survive every writer the same way
            feedback(session, subject, text='他说"马上退款, 别急"\n结果<AMOUNT:100-500>没到', day=3)
    return ids


def export(
    services: Services, engine: ExportEngine, out: Path, request: ExportRequest, *, dataset_id: str
) -> dict[str, Any]:
    exporter = ExportService.from_services(services, batch_rows=70)
    with services.session_factory() as session:
        manifest = exporter.export(
            session, request, out_dir=out, actor=ANALYST, at=CUTOFF, engine=engine, dataset_id=dataset_id
        )
        session.commit()
    return manifest.to_dict()


@pytest.mark.parametrize(
    "request_",
    [
        ExportRequest(k=4, l=2, format=Format.PARQUET),
        ExportRequest(k=3, format=Format.CSV, quasi=("region", "month", "channel")),
        ExportRequest(k=6, format=Format.JSONL, quasi=("amount_bucket", "week"), residual="mask"),  # type: ignore[arg-type]
    ],
    ids=["parquet", "csv", "jsonl"],
)
def test_local_and_spark_write_the_same_rows(
    spark: SparkSession, services: Services, population: list[str], tmp_path: Path, request_: ExportRequest
) -> None:
    # Same dataset id -> same pseudonym key, so the rows must be equal, not just alike.
    local = export(services, LocalEngine(), tmp_path / "local", request_, dataset_id="a" * 32)
    distributed = export(services, SparkEngine(spark), tmp_path / "spark", request_, dataset_id="a" * 32)
    left, right = read_dataset(tmp_path / "local", local), read_dataset(tmp_path / "spark", distributed)
    assert len(left) == local["rows"]["out"] > 0
    assert request_.format is not Format.CSV or left["text"].str.contains('"马上退款, 别急"\n').sum() == 10
    assert left.equals(right)
    for key in ("rows", "k", "l", "generalisation", "residual", "columns", "quasi_identifiers"):
        assert local[key] == distributed[key], key
    assert distributed["engine"] == "spark"
    for entry in distributed["files"]:
        assert entry["name"].startswith("data-")
        assert (
            hashlib.sha256((tmp_path / "spark" / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
        )
    assert sorted(p.name for p in (tmp_path / "spark").iterdir() if not p.name.startswith("data-")) == [
        "manifest.json"
    ]


def test_spark_output_is_k_anonymous_and_leaves_out_subjects_without_consent(
    spark: SparkSession, services: Services, population: list[str], tmp_path: Path
) -> None:
    request = ExportRequest(k=8)
    manifest = export(services, SparkEngine(spark), tmp_path / "ds", request, dataset_id="b" * 32)
    data = read_dataset(tmp_path / "ds", manifest)
    assert data.groupby(list(request.quasi)).size().min() >= 8
    assert manifest["rows"]["excluded_for_consent"] == 5
    assert manifest["rows"]["consented"] == len(population) * 4 + 10


def test_spark_residual_scan_fails_on_a_planted_leak(
    spark: SparkSession, services: Services, population: list[str], tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, population[0], text="请回拨13912345678")
    with pytest.raises(ResidualPIIFound) as caught:
        export(services, SparkEngine(spark), tmp_path / "ds", ExportRequest(), dataset_id="c" * 32)
    assert caught.value.counts == {"PHONE_NUMBER": 1}
    assert not (tmp_path / "ds").exists()


def test_the_spark_submit_module_exports_and_prints_the_manifest(
    spark: SparkSession,
    services: Services,
    settings: Settings,
    population: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PRIVACY_GATEWAY_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PRIVACY_GATEWAY_KEY_FILE", str(settings.key_file))
    with services.session_factory() as session, session.begin():
        grant(services, session, "outsider", purpose="marketing")  # another purpose: still excluded
    code = export_job.main(["--out", str(tmp_path / "ds"), "--format", "csv", "--k", "2", "--no-progress"])
    assert code == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["engine"] == "spark" and manifest["rows"]["excluded_for_consent"] == 5
    assert (tmp_path / "ds" / "manifest.json").exists()


@pytest.mark.parametrize(("argv", "code"), [(["--k", "0"], 2), (["--quasi", "zip"], 2)])
def test_the_spark_submit_module_rejects_bad_requests(
    argv: list[str], code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export_job.main(["--out", str(tmp_path / "ds"), *argv]) == code
    assert "error:" in capsys.readouterr().err
