"""End-to-end ingest over HTTP on loopback, as a user runs the gateway (part of gateway_bench.py).

For one database: a fresh, empty database (a SQLite file in a temporary folder, or a PostgreSQL
database created for the run and dropped afterwards); ``privacy-gateway db upgrade`` and ``apikey
create`` as an operator would; the server started the way the README starts it (``privacy-gateway
serve``, here on a free port and with ``--workers N``), in its own process; then ``loadgen.py`` in
another process for each load step. The server's peak RSS is sampled from /proc while it runs.

After the runs, with the server stopped: every 201 answer's id is in the feedback table exactly once
and the table holds nothing else, the audit trail has one ``feedback.ingest`` entry per record, and
``privacy-gateway audit verify`` exits 0.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pgdb import throwaway_pg
from sqlalchemy import create_engine, func, select, text

from privacy_gateway.storage.models import AuditEntry, Feedback

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "privacy-gateway")


@dataclass(frozen=True)
class Step:
    """One load step: open loop at ``rate`` req/s, or closed loop with ``concurrency`` connections."""

    label: str
    rate: float | None = None
    concurrency: int | None = None
    requests: int = 1_000_000
    duration: float = 10.0

    def args(self) -> list[str]:
        mode = ["--rate", str(self.rate)] if self.rate else ["--concurrency", str(self.concurrency)]
        return [*mode, "--requests", str(self.requests), "--duration", str(self.duration)]


@dataclass
class DatabaseRun:
    database: str
    workers: int
    steps: list[tuple[Step, dict[str, object]]] = field(default_factory=list)
    peak_rss_mb: float = 0.0  # sum over the server's processes of their peak (VmHWM)
    largest_process_rss_mb: float = 0.0
    integrity: dict[str, object] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'gateway.db'}"
        return
    with throwaway_pg("gw_bench") as url:
        yield url


def gateway_env(url: str, workdir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_GATEWAY_")}
    env.update(
        PRIVACY_GATEWAY_DATABASE_URL=url,
        PRIVACY_GATEWAY_KEY_FILE=str(workdir / ".privacy_gateway" / "keys.json"),
        # One upstream key sends the whole load: raise its per-key limit (100/s by default) out of the
        # way. The limiter still runs on every request.
        PRIVACY_GATEWAY_RATE_LIMIT_PER_SECOND="1000000",
        **(extra or {}),
    )
    return env


def run_cli(args: Sequence[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def process_tree(pid: int) -> list[int]:
    """pid and its descendants (uvicorn's workers are children of the serve process)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU time of these processes so far (from /proc/PID/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the man page)
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_kb(pid: int) -> int:
    """VmHWM: the process's peak resident set size so far."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssWatcher(threading.Thread):
    """Keeps the largest VmHWM seen per process of the server's tree (workers may come and go)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.sample()

    def sample(self) -> None:
        for pid in process_tree(self.pid):
            self.peaks[pid] = max(self.peaks.get(pid, 0), peak_rss_kb(pid))


@contextmanager
def server(env: dict[str, str], cwd: Path, *, port: int, workers: int) -> Iterator[RssWatcher]:
    """``privacy-gateway serve`` in its own process group; stopped with SIGTERM (graceful) afterwards."""
    log = (cwd / "server.log").open("w")
    proc = subprocess.Popen(
        [CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    watcher = RssWatcher(proc.pid)
    try:
        wait_healthy(port, proc)
        watcher.start()
        yield watcher
    finally:
        watcher.sample()
        watcher.stopped.set()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see its server.log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become healthy in time")


def write_bodies(records: Sequence[dict[str, object]], path: Path, *, subjects: int) -> None:
    """One JSON body a line; subjects repeat (a wallet user writes more than once)."""
    with path.open("w", encoding="utf-8") as fh:
        for i, record in enumerate(records):
            body = {
                "subject_id": f"user-{i % subjects:05d}",
                "channel": record["channel"],
                "text": record["text"],
            }
            fh.write(json.dumps(body, ensure_ascii=False) + "\n")


def database_backends(url: str) -> list[int]:
    """PostgreSQL: the server processes serving this database (the gateway's pooled connections)."""
    if not url.startswith("postgresql"):
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            return [int(r[0]) for r in rows]
    finally:
        engine.dispose()


def load(
    step: Step, *, port: int, key: str, bodies: Path, ids_out: Path, server_pid: int, url: str
) -> dict[str, object]:
    """Run one step in a loadgen process; adds the CPU milliseconds per request of the gateway, of the
    load generator and (PostgreSQL) of the database server, and the machine's load average (other jobs
    may share the cores)."""
    cmd = [
        sys.executable,
        str(HERE / "loadgen.py"),
        "--port",
        str(port),
        "--key",
        key,
        "--bodies",
        str(bodies),
    ]
    server_cpu = cpu_seconds(process_tree(server_pid))
    client_cpu = _children_cpu()
    backends = database_backends(url)
    db_cpu = cpu_seconds(backends)
    out = subprocess.run(
        [*cmd, *step.args(), "--ids-out", str(ids_out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=step.duration + 120,
    )
    result: dict[str, object] = json.loads(out.stdout)
    done = max(1, int(result["completed"]))  # type: ignore[call-overload]
    result["server_cpu_ms_per_request"] = round(
        (cpu_seconds(process_tree(server_pid)) - server_cpu) / done * 1000, 3
    )
    result["client_cpu_ms_per_request"] = round((_children_cpu() - client_cpu) / done * 1000, 3)
    if backends:  # connections opened during the step are not counted: a lower bound
        # Backends that closed during the step take their CPU time with them: clamp at zero.
        spent = max(0.0, cpu_seconds(backends) - db_cpu)
        result["database_cpu_ms_per_request"] = round(spent / done * 1000, 3)
    result["loadavg_1m"] = os.getloadavg()[0]
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_integrity(
    url: str, env: dict[str, str], cwd: Path, ids: list[str], answered: int
) -> dict[str, object]:
    """Zero lost or duplicated records and a verifying chain, with the server stopped."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Feedback.id)).scalars().all()
            ingest_entries = conn.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "feedback.ingest")
            )
    finally:
        engine.dispose()
    verify = run_cli(["audit", "verify"], env, cwd)
    return {
        "answered_201": answered,
        "ids_unique": len(set(ids)) == len(ids),
        "rows": len(rows),
        "rows_distinct": len(set(rows)),
        "same_ids": set(rows) == set(ids),
        "audit_ingest_entries": ingest_entries,
        "audit_verify_exit": verify.returncode,
        "audit_verify": (verify.stdout.strip() or verify.stderr.strip()).splitlines()[-1:],
        "ok": (
            len(set(ids)) == len(ids) == len(rows) == len(set(rows)) == answered == ingest_entries
            and set(rows) == set(ids)
            and verify.returncode == 0
        ),
    }


def run_database(
    kind: str,
    steps: Sequence[Step],
    records: Sequence[dict[str, object]],
    *,
    workers: int,
    subjects: int = 2000,
    env_extra: dict[str, str] | None = None,
    keep: bool = False,
) -> DatabaseRun:
    workdir = Path(tempfile.mkdtemp(prefix=f"gw-bench-{kind}-"))
    run = DatabaseRun(kind, workers)
    try:
        with database(kind, workdir) as url:
            env = gateway_env(url, workdir, env_extra)
            for args in (["db", "upgrade"], ["apikey", "create", "--role", "ingest", "--name", "bench"]):
                done = run_cli(args, env, workdir)
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-500:]}")
            key = done.stdout.strip().splitlines()[-1]
            bodies = workdir / "bodies.jsonl"
            write_bodies(records, bodies, subjects=subjects)
            port = free_port()
            ids: list[str] = []
            answered = 0
            with server(env, workdir, port=port, workers=workers) as watcher:
                for n, step in enumerate(steps):
                    ids_out = workdir / f"ids-{n}.txt"
                    result = load(
                        step,
                        port=port,
                        key=key,
                        bodies=bodies,
                        ids_out=ids_out,
                        server_pid=watcher.pid,
                        url=url,
                    )
                    run.steps.append((step, result))
                    ids += ids_out.read_text().split()
                    answered += int(result["status"].get("201", 0))  # type: ignore[attr-defined]
                    time.sleep(1.0)  # let the outbox dispatcher and WAL checkpoints catch up between steps
            run.peak_rss_mb = sum(watcher.peaks.values()) / 1024
            run.largest_process_rss_mb = max(watcher.peaks.values(), default=0) / 1024
            run.integrity = check_integrity(url, env, workdir, ids, answered)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return run
