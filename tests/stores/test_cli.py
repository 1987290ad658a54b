"""The stores commands through Typer, as `register(app)` mounts them (scan and backfill are top-level)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from privacy_gateway.cli import context
from privacy_gateway.cli.stores_cmd import register
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models import AuditEntry
from privacy_gateway.stores.scan import scan_table
from tests.stores.factories import PHONE, ingest
from tests.stores.seed import create_seeded, generate

ROWS = list(generate(60))
GOLD = {v for r in ROWS for v in r.gold}


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("PRIVACY_GATEWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    monkeypatch.setenv("PRIVACY_GATEWAY_KEY_FILE", str(tmp_path / "keys" / "keys.json"))
    context.load_settings.cache_clear()
    app = typer.Typer()
    app.command("noop")(lambda: None)  # a second command keeps Typer from collapsing to one command
    register(app)
    services = context.load_services(context.load_settings())
    upgrade(services.engine)  # the real schema (Alembic), as `db upgrade` makes it
    yield app
    services.close()
    context.load_settings.cache_clear()


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = create_engine(url)
    create_seeded(engine, "complaints", ROWS)
    engine.dispose()
    return url


def test_scan_prints_one_json_object_and_no_values(cli: typer.Typer, store_url: str) -> None:
    args = [
        "scan",
        "--url",
        store_url,
        "--table",
        "complaints",
        "--column",
        "body",
        "--column",
        "note",
        "--id-column",
        "ticket_id",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    engine = create_engine(store_url)
    expected = scan_table(
        engine,
        "complaints",
        ["body", "note"],
        detector=context.load_services(context.load_settings()).detector,
    )
    engine.dispose()
    assert json.loads(lines[0]) == expected.as_dict()
    assert not any(v in result.stdout + result.stderr for v in GOLD)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--table", "missing", "--column", "body"], 6, "does not exist"),
        (["--table", "complaints", "--column", "nope"], 3, "no column"),
    ],
)
def test_scan_errors_map_to_exit_codes(
    cli: typer.Typer, store_url: str, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(cli, ["scan", "--url", store_url, *args])
    assert result.exit_code == code and message in result.stderr


def test_backfill_twice_changes_nothing_and_is_audited(cli: typer.Typer, store_url: str) -> None:
    args = [
        "backfill",
        "--url",
        store_url,
        "--table",
        "complaints",
        "--column",
        "body",
        "--column",
        "note",
        "--id-column",
        "ticket_id",
        "--to-table",
        "complaints_masked",
        "--policy",
        "default",
    ]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["rows_written"] == len(ROWS) and report["rows_with_pii"] > 0
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and json.loads(second.stdout)["rows_written"] == 0
    services = context.load_services(context.load_settings())
    with services.session_factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "store.backfill")).all()
    assert len(entries) == 2
    assert not any(v in str(e.__dict__) for e in entries for v in GOLD)


def test_outbox_commands_and_dispatch_once(cli: typer.Typer) -> None:
    services = context.load_services(context.load_settings())
    ingest(services, channel="email")
    runner = CliRunner()
    status = json.loads(runner.invoke(cli, ["outbox", "status", "--json"]).stdout)
    assert status["destinations"][0]["destination"] == "local" and status["destinations"][0]["pending"] == 1
    dispatched = runner.invoke(cli, ["dispatch", "--once"])
    assert dispatched.exit_code == 0 and json.loads(dispatched.stdout)["delivered"] == {"local": 1}
    files = list((services.settings.key_file.parent / "stores").glob("local.*.jsonl"))
    assert len(files) == 1 and PHONE not in files[0].read_text()
    table = runner.invoke(cli, ["outbox", "status"]).stdout.splitlines()
    assert table[0].startswith("destination\tpending") and table[1].startswith("local\t0\t0\t0\t1")
    assert json.loads(runner.invoke(cli, ["outbox", "retry"]).stdout) == {"retried": 0}
    assert json.loads(runner.invoke(cli, ["outbox", "purge", "--older-than-days", "0"]).stdout) == {
        "purged": 1
    }


def test_consume_unknown_source(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["consume", "--source", "nope"])
    assert result.exit_code == 6 and "unknown source 'nope'" in result.stderr
