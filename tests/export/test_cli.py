"""`privacy-gateway export`: summary on stdout, exit codes from the lead's table, spark via the job module."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from privacy_gateway.bootstrap import Services
from privacy_gateway.cli import export_cmd
from privacy_gateway.settings import Settings
from privacy_gateway.storage.models import AuditEntry
from tests.export.factories import feedback, seed_population

app = typer.Typer()


@app.callback()
def root() -> None:
    """Test shell (the real one is cli/main.py)."""


app.command("export")(export_cmd.export)


@pytest.fixture
def cli(services: Services, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(export_cmd, "load_settings", lambda: settings)
    monkeypatch.setattr(export_cmd, "load_services", lambda _settings: services)
    with services.session_factory() as session, session.begin():
        seed_population(services, session, subjects=30)
    return CliRunner()


def test_export_prints_the_manifest_summary(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    result = cli.invoke(
        app, ["export", "--out", str(out), "--format", "jsonl", "--k", "3", "--l", "2", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["files"] == ["data.jsonl"] and summary["manifest"] == str(out / "manifest.json")
    assert summary["k"]["requested"] == 3 and summary["k"]["achieved"] >= 3
    assert summary["rows"]["consented"] == 90
    assert json.loads((out / "manifest.json").read_text())["dataset_id"] == summary["dataset_id"]


def test_progress_bars_go_to_stderr(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--k", "2"])
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout stays one JSON object
    assert "rows" in result.stderr


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--k", "0"], 2),
        (["--quasi", "zip_code"], 2),
        (["--l", "2", "--sensitive-column", "text"], 2),
        (["--format", "xlsx"], 2),
        (["--purpose", "nonsense"], 2),
        (["--link-key", "Not Valid"], 2),
    ],
)
def test_bad_options_exit_2(cli: CliRunner, tmp_path: Path, argv: list[str], code: int) -> None:
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--no-progress", *argv])
    assert result.exit_code == code
    assert not (tmp_path / "ds").exists()


def test_a_non_empty_output_directory_exits_6(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "x").write_text("x")
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--no-progress"])
    assert result.exit_code == 6 and "not empty" in result.stderr


def test_residual_pii_exits_1_and_the_attempt_is_audited(
    cli: CliRunner, services: Services, tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, "user-0001", text="打13812345678")
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--no-progress"])
    assert result.exit_code == 1
    assert "residual PII" in result.stderr and "13812345678" not in result.stderr
    with services.session_factory() as session:
        decisions = session.scalars(
            select(AuditEntry.decision).where(AuditEntry.action == "export.create")
        ).all()
    assert decisions == ["error"]
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--no-progress", "--residual", "mask"])
    assert result.exit_code == 0 and json.loads(result.stdout)["residual"]["rows"] == 1


def test_spark_engine_runs_the_job_module_with_the_same_options(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    manifest = {
        "dataset_id": "d" * 32,
        "purpose": "analytics",
        "policy_version": "v",
        "consent_cutoff": "c",
        "engine": "spark",
        "rows": {},
        "k": {},
        "l": {},
        "generalisation": {},
        "residual": {},
        "files": [],
    }

    def fake_run(args: list[str], **_kw: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, stdout=json.dumps(manifest).encode())

    monkeypatch.setattr(export_cmd.subprocess, "run", fake_run)
    argv = [
        "export",
        "--out",
        str(tmp_path / "ds"),
        "--engine",
        "spark",
        "--k",
        "7",
        "--l",
        "2",
        "--link-key",
        "study",
        "--spark-master",
        "local[2]",
        "--no-progress",
    ]
    result = cli.invoke(app, argv)
    assert result.exit_code == 0, result.output
    [args] = calls
    assert args[1:3] == ["-m", "privacy_gateway.jobs.export_job"]
    joined = " ".join(args)
    for part in (
        "--k 7",
        "--l 2",
        "--sensitive-column category",
        "--link-key study",
        "--master local[2]",
        "--no-progress",
        "--residual fail",
        "--format parquet",
    ):
        assert part in joined
    assert json.loads(result.stdout)["engine"] == "spark"


def test_spark_job_failure_passes_its_exit_code(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        export_cmd.subprocess, "run", lambda args, **_kw: subprocess.CompletedProcess(args, 1, stdout=b"")
    )
    result = cli.invoke(app, ["export", "--out", str(tmp_path / "ds"), "--engine", "spark", "--no-progress"])
    assert result.exit_code == 1
