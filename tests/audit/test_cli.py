"""`privacy-gateway audit ...` through Typer's runner, on a SQLite file set up by the environment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import delete, update
from typer.testing import CliRunner

from privacy_gateway.cli import audit_cmd
from privacy_gateway.cli.context import load_services, load_settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models.audit import AuditEntry
from privacy_gateway.storage.session import transaction
from tests.audit.factories import event, superuser_tamper

runner = CliRunner()
cli = typer.Typer()
cli.add_typer(audit_cmd.app, name="audit")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("PRIVACY_GATEWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("PRIVACY_GATEWAY_KEY_FILE", str(tmp_path / "keys.json"))
    monkeypatch.setenv("PRIVACY_GATEWAY_CHECKPOINT_INTERVAL", "4")
    load_settings.cache_clear()  # a fresh Settings object, hence fresh services for this test
    yield tmp_path
    load_services(load_settings()).close()
    load_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def seed(n: int = 6) -> None:
    services = load_services(load_settings())  # the very services the commands will use
    upgrade(services.engine)
    with transaction(services.session_factory) as s:
        for i in range(n):
            services.audit.append(
                s, event(subject_ref=services.audit.subject_ref(f"user-{i % 2}"), purpose="analytics")
            )


def test_verify_intact_then_broken(env: Path) -> None:
    code, out, _ = run("verify")
    assert code == 0 and out.startswith("audit trail intact: 0 entries")
    seed()
    code, out, _ = run("verify")
    assert code == 0 and "intact: 7 entries" in out and "last checkpoint seq 4" in out
    with superuser_tamper(load_services(load_settings()).engine) as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(purpose="marketing"))
    code, out, _ = run("verify")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "audit trail BROKEN at seq 3: entry 3 was modified (content does not match its hash)"
    assert json.loads(lines[1])["seq"] == 3
    code, out, _ = run("verify", "--json")
    body = json.loads(out)
    assert code == 1 and body["first_bad_seq"] == 3 and body["first_bad_entry"]["purpose"] == "marketing"


def test_kept_checkpoints_catch_truncation(env: Path) -> None:
    seed()
    code, out, _ = run("checkpoint")
    assert code == 0 and json.loads(out)["seq"] == 7
    kept = env / "kept.json"
    assert run("checkpoints", "--out", str(kept))[0] == 0
    assert [c["seq"] for c in json.loads(kept.read_text())["checkpoints"]] == [4, 7]
    with superuser_tamper(load_services(load_settings()).engine) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq >= 5))
        conn.exec_driver_sql("DELETE FROM audit_checkpoints WHERE seq > 4")
    code, out, _ = run("verify", "--checkpoints", str(kept))
    assert code == 1 and "BROKEN at seq 5" in out and "truncated" in out


def test_export_then_verify_the_file_offline(env: Path) -> None:
    seed()
    path = env / "trail.jsonl"
    code, _, err = run("export", "--format", "jsonl", "--out", str(path))
    assert code == 0 and "exported 6 entries" in err
    code, out, _ = run("verify", "--export", str(path))
    assert code == 0 and "intact: 6 entries" in out
    lines = path.read_text().splitlines()
    row = json.loads(lines[2])
    row["actor_name"] = "someone-else"
    lines[2] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n")
    code, out, _ = run("verify", "--export", str(path))
    assert code == 1 and "BROKEN at seq 3" in out


def test_export_csv_with_filters(env: Path) -> None:
    seed()
    path = env / "subject.csv"
    code, _, err = run("export", "--format", "csv", "--out", str(path), "--subject", "user-1")
    assert code == 0 and "exported 3 entries" in err
    assert path.read_text().splitlines()[0].startswith("seq,ts,actor_name")
    assert not (env / "subject.csv.partial").exists()


def test_query_pages_and_is_audited(env: Path) -> None:
    seed()
    code, out, err = run("query", "--action", "feedback.ingest", "--limit", "4")
    assert code == 0 and len(out.splitlines()) == 4
    cursor = err.split("next_cursor: ")[1].strip()
    code, out, err = run("query", "--action", "feedback.ingest", "--limit", "4", "--cursor", cursor)
    assert [json.loads(x)["seq"] for x in out.splitlines()] == [5, 6] and "next_cursor" not in err
    code, out, _ = run("query", "--action", "audit.*", "--desc", "--limit", "1")
    assert json.loads(out)["action"] == "audit.query" and json.loads(out)["actor_name"] == "cli"


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "xml", "--out", "x"),
        ("query", "--since", "yesterday"),
        ("query", "--since", "2024-05-01T00:00:00"),
        ("query", "--limit", "0"),
        ("query", "--cursor", "garbage"),
        ("verify", "--checkpoints", "/nonexistent/kept.json"),
        ("verify", "--export", "/nonexistent/trail.jsonl"),
    ],
)
def test_bad_usage_is_exit_2_with_a_message(env: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2 and err.startswith("error: ")
