"""`privacy-gateway serve` killed with SIGKILL under load, again and again: nothing acknowledged is lost.

Each round starts the real server (a process on 127.0.0.1, the same database every round), sends
concurrent POST /v1/feedback from several client threads, kills the server with SIGKILL at a random
moment while requests are in flight, then checks offline: every acknowledged (201) record is stored
exactly once, no record is half-written (tests/reliability/consistency.py) and `privacy-gateway audit
verify` exits 0. The next round's start is the restart after the crash; a last restart must serve a
request. KILL_LOOPS (default 2) sets the rounds per database; KILL_REPORT=path writes the figures.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.types import Actor
from tests.reliability.consistency import check_ingests

KILL_LOOPS = int(os.environ.get("KILL_LOOPS", "2"))
CLIENTS = 8
CLI = [sys.executable, "-c", "from privacy_gateway.cli.main import main; main()"]
TEXT = "张先生手机13812345678，身份证11010519491231002X，退款500元还没到账，地址北京市朝阳区建国路88号"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(port: int, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited ({proc.returncode}): {log.read_text()[-3000:]}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    raise AssertionError(f"server not healthy in {timeout} s: {log.read_text()[-3000:]}")


class Clients:
    """CLIENTS threads posting feedback on keep-alive connections until the server goes away."""

    def __init__(self, port: int, key: str, round_no: int) -> None:
        self.port, self.key, self.round = port, key, round_no
        self.acked: list[str] = []
        self.other: dict[int, int] = {}
        self.errors = 0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(CLIENTS)]

    def _run(self, n: int) -> None:
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self._post_until_gone(conn, headers, n)
        finally:
            conn.close()

    def _post_until_gone(self, conn: http.client.HTTPConnection, headers: dict[str, str], n: int) -> None:
        i = 0
        while True:
            body = json.dumps(
                {"subject_id": f"kill-{n}", "channel": "phone", "text": f"{self.round}-{n}-{i}：{TEXT}"}
            )
            try:
                conn.request("POST", "/v1/feedback", body=body.encode(), headers=headers)
                resp = conn.getresponse()
                payload = resp.read()
            except (OSError, http.client.HTTPException):
                with self._lock:
                    self.errors += 1
                return  # the server is gone
            with self._lock:
                if resp.status == 201:
                    self.acked.append(json.loads(payload)["id"])
                else:
                    self.other[resp.status] = self.other.get(resp.status, 0) + 1
            i += 1

    def start(self) -> Clients:
        for t in self._threads:
            t.start()
        return self

    def wait_acked(self, count: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acked) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.acked) >= count, f"only {len(self.acked)} acknowledged, other answers {self.other}"

    def join(self) -> None:
        for t in self._threads:
            t.join(60)
            assert not t.is_alive()


def _start_server(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`serve` in its own process group, so that a kill of the group takes its workers and writer too."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )


def _wait_delivered(stores: Path, ids: set[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        delivered = {
            json.loads(line)["id"]
            for path in stores.rglob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        }
        missing = ids - delivered
        if not missing or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not missing, f"{len(missing)} of {len(ids)} acknowledged records never reached the store"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gateway.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])  # 2: the workers and their shared writer process, all killed
def test_sigkill_under_load_loses_nothing(database_url, tmp_path, workers):
    settings = Settings(database_url=database_url, key_file=tmp_path / "keys.json")
    services = build_services(settings)
    upgrade(services.engine)
    with services.session_factory() as session, session.begin():
        key = create_key(
            session, services.audit, name="upstream", role="ingest", actor=Actor("t", "admin")
        ).key
    env = {
        **os.environ,
        "PRIVACY_GATEWAY_DATABASE_URL": database_url,
        "PRIVACY_GATEWAY_KEY_FILE": str(settings.key_file),
        "PRIVACY_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "PRIVACY_GATEWAY_LOG_LEVEL": "WARNING",
    }
    rng = random.Random(20261123)
    acked: list[str] = []
    rounds = []
    try:
        for round_no in range(KILL_LOOPS):
            port = _free_port()
            log = tmp_path / f"serve-{round_no}.log"
            proc = _start_server(port, workers, env, log)
            try:
                _wait_healthy(port, proc, log)
                clients = Clients(port, key, round_no).start()
                clients.wait_acked(10)
                time.sleep(rng.uniform(0.05, 1.0))  # somewhere in the middle of batches and commits
                os.killpg(proc.pid, signal.SIGKILL)  # the server and every process it started
                proc.wait(30)
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(30)
            clients.join()
            assert set(clients.other) <= {503}, clients.other  # never a 5xx other than "retry"
            assert "Traceback" not in log.read_text(errors="replace")
            acked += clients.acked
            verify = subprocess.run(
                [*CLI, "audit", "verify"], env=env, capture_output=True, text=True, timeout=300
            )
            assert verify.returncode == 0, verify.stdout + verify.stderr
            state = check_ingests(services.session_factory, services.audit, acked)
            rounds.append(
                {
                    "acknowledged": len(clients.acked),
                    "cut_off": clients.errors,
                    "stored_unacknowledged_total": state.unacknowledged_but_stored,
                    "rows_total": state.rows,
                }
            )
        # the last restart serves again
        port = _free_port()
        log = tmp_path / "serve-final.log"
        proc = _start_server(port, workers, env, log)
        try:
            _wait_healthy(port, proc, log)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = json.dumps({"subject_id": "after", "channel": "phone", "text": TEXT}).encode()
            conn.request(
                "POST",
                "/v1/feedback",
                body=body,
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            resp = conn.getresponse()
            assert resp.status == 201
            acked.append(json.loads(resp.read())["id"])
            conn.close()
            # The server's outbox dispatcher delivers every acknowledged record to the default store,
            # those committed before each kill included (at least once: a kill may repeat a batch).
            _wait_delivered(tmp_path / "stores", set(acked))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        final = check_ingests(services.session_factory, services.audit, acked)
    finally:
        services.close()
    report = {
        "database": database_url.split(":", 1)[0],
        "rounds": rounds,
        "acknowledged": len(acked),
        "stored": final.rows,
        "lost": 0,
        "audit_entries": final.audit_entries,
    }
    if os.environ.get("KILL_REPORT"):
        with open(os.environ["KILL_REPORT"], "a", encoding="utf-8") as f:
            f.write(json.dumps(report) + "\n")
    assert final.acknowledged == len(acked) and len(rounds) == KILL_LOOPS
