"""`keys rotate | rewrap | status` and `erase --subject`: command bodies and the Typer shells."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.cli import erase_cmd, keys_cmd
from privacy_gateway.consent.rules import load_rules
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.keyring import ensure_dev_key_file, keyring_from_file
from privacy_gateway.settings import Settings
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import MASTER, FakeConsent, audit_entries, make_keyring

RUNNER = CliRunner()


def _invoke(app: typer.Typer, args: list[str]) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def shell(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stored: sessionmaker[Session],
    audit: AuditLog,
    consent: FakeConsent,
) -> SimpleNamespace:
    """Both command modules wired to the test database and a vault on key versions (1, 2)."""
    services = SimpleNamespace(
        session_factory=stored,
        vault=VaultService(make_keyring((1, 2)), audit, consent),
        keyring=make_keyring((1, 2)),
        consent=ConsentService(
            audit, purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS, rules=load_rules()
        ),
    )
    settings = Settings(key_file=tmp_path / "keys.json")
    for module in (keys_cmd, erase_cmd):
        monkeypatch.setattr(module, "load_settings", lambda: settings)
        monkeypatch.setattr(module, "load_services", lambda _settings: services)
        monkeypatch.setattr(module, "_ready", lambda _services: None)
    return services


def _erase_app() -> typer.Typer:
    app = typer.Typer()
    app.command("erase")(erase_cmd.erase)
    app.command("noop", hidden=True)(lambda: None)  # a group, as in the real CLI
    return app


def test_status_then_rewrap_then_status(
    shell: SimpleNamespace, stored: sessionmaker[Session], audit: AuditLog
) -> None:
    code, out, _ = _invoke(keys_cmd.app, ["status"])
    before = json.loads(out)
    assert code == 0
    assert (before["current_version"], before["subjects_per_version"], before["retirable_below"]) == (
        2,
        {"1": 2},
        1,
    )
    assert not any(k.hex() in out or base64.b64encode(k).decode() in out for k in MASTER.values())

    code, out, err = _invoke(keys_cmd.app, ["rewrap", "--batch-size", "1", "--actor", "ops-li"])
    assert code == 0, err
    assert json.loads(out) == {"target_version": 2, "rewrapped": 2, "failed": 0, "batches": 2}
    assert "2/2" in err  # the progress bar, on stderr

    code, out, _ = _invoke(keys_cmd.app, ["status"])
    assert json.loads(out)["subjects_per_version"] == {"2": 2} and json.loads(out)["retirable_below"] == 2
    with stored() as s:
        (entry,) = audit_entries(s, audit, "keys.rewrap")
        assert entry["actor_name"] == "ops-li"


def test_rewrap_reports_unreadable_keys_with_exit_1(
    shell: SimpleNamespace, audit: AuditLog, consent: FakeConsent
) -> None:
    shell.vault = VaultService(make_keyring((1, 2), min_version=2), audit, consent)
    code, out, err = _invoke(keys_cmd.app, ["rewrap", "--no-progress"])
    assert code == 1
    assert json.loads(out)["failed"] == 2
    assert "could not be unwrapped" in err


def test_rotate_adds_a_version_to_the_key_file(
    shell: SimpleNamespace, tmp_path: Path, stored: sessionmaker[Session], audit: AuditLog
) -> None:
    ensure_dev_key_file(tmp_path / "keys.json")
    code, out, err = _invoke(keys_cmd.app, ["rotate"])
    assert code == 0, err
    assert json.loads(out) == {"version": 2}
    assert keyring_from_file(tmp_path / "keys.json").current_version == 2
    assert "rewrap" in err
    with stored() as s:
        (entry,) = audit_entries(s, audit, "keys.rotate")
        assert entry["details"] == {"version": 2, "mode": "file"}


def test_rotate_with_environment_keys_explains_and_changes_nothing(
    shell: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stored: sessionmaker[Session],
    audit: AuditLog,
) -> None:
    settings = Settings(key_file=tmp_path / "keys.json", master_keys="1:" + "A" * 43 + "=")
    monkeypatch.setattr(keys_cmd, "load_settings", lambda: settings)
    code, out, err = _invoke(keys_cmd.app, ["rotate"])
    assert code == 1 and out == ""
    assert "PRIVACY_GATEWAY_MASTER_KEYS" in err and "3:<BASE64>" in err
    assert not (tmp_path / "keys.json").exists()
    with stored() as s:
        assert audit_entries(s, audit, "keys.rotate") == []


def test_erase_command(shell: SimpleNamespace, stored: sessionmaker[Session], audit: AuditLog) -> None:
    code, out, err = _invoke(_erase_app(), ["erase", "--subject", "u1", "--ticket", "DSR-9"])
    assert code == 0, err
    erased = json.loads(out)["erased"]
    assert {k: erased[k] for k in ("vault_entries", "subject_keys", "feedback")} == {
        "vault_entries": 6,
        "subject_keys": 1,
        "feedback": 2,
    }
    assert any(k.startswith("consent_") for k in erased)
    assert "u1" not in out + err
    with stored() as s:
        (entry,) = audit_entries(s, audit, "subject.erase")
        details = entry["details"]
        assert isinstance(details, dict) and details["ticket"] == "DSR-9"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["erase"], 2),  # --subject is required
        (["erase", "--subject", "u1", "--reason", " "], 2),  # InvalidInput -> usage exit code
        (["erase", "--subject", "u1", "--ticket", "13812345678"], 2),
    ],
)
def test_erase_command_refusals(
    shell: SimpleNamespace, stored: sessionmaker[Session], audit: AuditLog, args: list[str], code: int
) -> None:
    got, out, err = _invoke(_erase_app(), args)
    assert got == code
    assert "13812345678" not in out + err
    with stored() as s:
        assert audit_entries(s, audit, "subject.erase") == []
