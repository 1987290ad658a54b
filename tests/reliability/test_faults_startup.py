"""The database is unreachable (or the URL is wrong) when a command starts: one clear `error:` line, a
non-zero exit code from the table in cli/context.py, never a traceback. Real processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


URLS = {
    "postgresql, nothing listening": lambda tmp: (
        f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/x"
    ),
    "sqlite, directory missing": lambda tmp: f"sqlite:///{tmp / 'missing' / 'dir' / 'gateway.db'}",
    "sqlite, path is a directory": lambda tmp: f"sqlite:///{tmp}",
}
COMMANDS = [
    ["serve", "--port", "1"],  # fails on the database before it binds anything
    ["db", "upgrade"],
    ["audit", "verify"],
    ["apikey", "list"],
    ["apikey", "create", "--role", "admin", "--name", "ops"],
]


def run_cli(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PRIVACY_GATEWAY_KEY_FILE": str(tmp_path / "keys.json"), **env}
    cli = [sys.executable, "-c", "from privacy_gateway.cli.main import main; main()", *args]
    return subprocess.run(cli, env=full_env, capture_output=True, text=True, timeout=180, check=False)


def assert_one_clear_line(proc: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    assert needle in errors[0], errors[0]


# Every command against PostgreSQL with nothing listening; the other failures against two of them.
CASES = [("postgresql, nothing listening", args) for args in COMMANDS] + [
    (where, args)
    for where in sorted(URLS)
    if where.startswith("sqlite")
    for args in COMMANDS[:1] + COMMANDS[3:4]
]


@pytest.mark.parametrize(("where", "args"), CASES, ids=[f"{w}: {' '.join(a[:2])}" for w, a in CASES])
def test_unreachable_database_at_startup(tmp_path, where, args):
    url = URLS[where](tmp_path)
    proc = run_cli(args, {"PRIVACY_GATEWAY_DATABASE_URL": url}, tmp_path)
    assert_one_clear_line(proc, 4, "database unavailable")


@pytest.mark.parametrize(
    "url",
    ["nonsense", "postgresql://user:s3cret@host:notaport/db", "://"],
)
def test_malformed_database_url_is_a_configuration_error(tmp_path, url):
    proc = run_cli(["db", "upgrade"], {"PRIVACY_GATEWAY_DATABASE_URL": url}, tmp_path)
    assert_one_clear_line(proc, 3, "PRIVACY_GATEWAY_DATABASE_URL")
    assert "s3cret" not in proc.stderr  # the URL (and its password) is not repeated


def test_postgres_password_is_not_printed_when_the_server_refuses(tmp_path):
    url = f"postgresql+psycopg://gateway:s3cret-pw@127.0.0.1:{_closed_port()}/x"
    proc = run_cli(["db", "upgrade"], {"PRIVACY_GATEWAY_DATABASE_URL": url}, tmp_path)
    assert_one_clear_line(proc, 4, "database unavailable")
    assert "s3cret-pw" not in proc.stderr + proc.stdout
