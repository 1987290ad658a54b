"""docs/audit.md is kept honest: its standalone verifier runs, and every command and endpoint is in it."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.api.routers.audit import router
from privacy_gateway.audit.schemas import AuditFilters
from privacy_gateway.cli.audit_cmd import app
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor
from tests.audit.factories import event, make_log

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def doc_script() -> str:
    match = re.search(r"<!-- verify-script -->\n```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, "docs/audit.md lost its verify-script block"
    return match.group(1)


@pytest.fixture
def exported(tmp_path: Path, session_factory: sessionmaker[Session]) -> tuple[Path, Path, str]:
    log = make_log(interval=3)
    with transaction(session_factory) as s:
        for i in range(8):
            # a non-ASCII actor name checks the script's UTF-8 handling
            log.append(
                s,
                event(
                    actor=Actor("运维-01", "admin"), subject_ref=log.subject_ref(f"u{i}"), details={"i": i}
                ),
            )
        log.checkpoint(s)
        trail = io.StringIO()
        log.export(s, AuditFilters(), fmt="jsonl", out=trail)
        kept = log.checkpoints_document(s)
    (tmp_path / "trail.jsonl").write_text(trail.getvalue(), encoding="utf-8")
    (tmp_path / "kept.json").write_text(json.dumps(kept), encoding="utf-8")
    (tmp_path / "verify_audit.py").write_text(doc_script(), encoding="utf-8")
    return tmp_path / "trail.jsonl", tmp_path / "kept.json", base64.b64encode(log.public_key).decode()


def run_script(trail: Path, kept: Path, public_key: str) -> subprocess.CompletedProcess[str]:
    script = trail.parent / "verify_audit.py"
    return subprocess.run(
        [sys.executable, str(script), str(trail), str(kept), public_key],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_documented_script_accepts_an_intact_export(exported: tuple[Path, Path, str]) -> None:
    result = run_script(*exported)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 8 entries") and "3 checkpoints" in result.stdout


def _edit_line(path: Path, index: int, **change: object) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[index] = json.dumps({**json.loads(lines[index]), **change}, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _drop_lines(path: Path, start: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:start]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda t, k: _edit_line(t, 4, action="feedback.delete"), "entry 5 was modified"),
        (lambda t, k: _drop_lines(t, 7), "checkpoint signed seq 8"),
        (lambda t, k: k.write_text(k.read_text().replace('"seq": 3', '"seq": 4')), "checkpoint at seq 4"),
    ],
    ids=["modified", "truncated", "forged checkpoint"],
)
def test_the_documented_script_rejects_tampering(
    exported: tuple[Path, Path, str], tamper: Callable[[Path, Path], None], message: str
) -> None:
    trail, kept, public_key = exported
    tamper(trail, kept)
    result = run_script(trail, kept, public_key)
    assert result.returncode == 1 and message in result.stderr


def test_the_documented_script_rejects_a_foreign_key(exported: tuple[Path, Path, str]) -> None:
    trail, kept, _ = exported
    other = base64.b64encode(make_log(seed=bytes(32)).public_key).decode()
    assert run_script(trail, kept, other).returncode == 1


def test_every_cli_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert f"privacy-gateway audit {command.name}" in text, command.name


def test_every_endpoint_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for route in router.routes:
        for method in route.methods:  # type: ignore[attr-defined]
            assert f"{method} {route.path}" in text, f"{method} {route.path}"  # type: ignore[attr-defined]
