"""`consent import`: progress on stderr, a JSON summary on stdout, a report of rejected rows, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from privacy_gateway.bootstrap import build_services
from privacy_gateway.cli import consent_cmd
from privacy_gateway.cli.consent_cmd import app
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models import AuditEntry, ConsentRecord
from privacy_gateway.storage.session import make_engine

HEADER = "subject_id,purpose,channel,granted,notice_version,source\n"


@pytest.fixture
def db_url(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    services = build_services(settings)
    upgrade(services.engine)
    monkeypatch.setattr(consent_cmd, "load_settings", lambda: settings)
    monkeypatch.setattr(consent_cmd, "load_services", lambda _settings: services)
    yield settings.database_url
    services.close()


def count(url: str, model: type) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return n


def test_import_keeps_good_rows_and_reports_bad_ones(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "consents.csv"
    rows = [
        "u1,follow_up,phone,true,2024.3,crm:1",
        "u2,follow_up,fax,true,2024.3,crm:1",
        "u3,analytics,in_app,false,2024.3,crm:1",
        "u4,analytics,in_app,true,2024.3,call:13812345678",
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), "--batch-size", "1", "--no-progress"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["rows_ok"], summary["rows_rejected"], summary["batches"]) == (2, 2, 2)
    assert summary["report"] == str(path.with_name("consents.csv.rejected.jsonl"))
    report = [json.loads(line) for line in Path(summary["report"]).read_text().splitlines()]
    assert [r["line"] for r in report] == [3, 5]
    assert "13812345678" not in result.output + Path(summary["report"]).read_text()
    assert "line 3: unknown channel" in result.stderr
    assert count(db_url, ConsentRecord) == 2
    assert count(db_url, AuditEntry) == 2  # one summary event per batch


def test_a_clean_import_exits_0_and_writes_no_report(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "consents.jsonl"
    line = {
        "subject_id": "u1",
        "purpose": "analytics",
        "channel": "in_app",
        "granted": True,
        "notice_version": "2024.3",
        "source": "app:dialog",
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["report"] is None
    assert not path.with_name("consents.jsonl.rejected.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("c.csv", "subject_id,purpose\n", [], "CSV header must name"),
        ("c.txt", "", [], "--format csv|jsonl"),
        ("missing.csv", None, [], "does not exist"),
        ("c.csv", HEADER, ["--batch-size", "0"], "batch size"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, db_url: str, name: str, content: str | None, args: list[str], message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), *args])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_forget(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "u1,follow_up,phone,true,2024.3,crm:1\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["import", str(path), "--no-progress"]).exit_code == 0
    result = CliRunner().invoke(app, ["forget", "--subject", "u1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"consent_records": 1, "follow_up_attempts": 0, "do_not_contact": 0}
