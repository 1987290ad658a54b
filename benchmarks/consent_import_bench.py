"""Bulk consent import speed: generate N rows (CSV), import them through the real path, report rows/s.

    .venv/bin/python benchmarks/consent_import_bench.py                 # 100,000 rows, SQLite (+ PostgreSQL)
    .venv/bin/python benchmarks/consent_import_bench.py --rows 20000 --no-postgres --batch-size 500

The real path: CSV parsing, per-row validation (pydantic + purpose/channel/notice/source checks),
batched multi-row INSERTs (one transaction and one hash-chained audit event per batch) on a fresh
database. 1% of the rows are deliberately bad and must come back rejected with their line numbers.
PostgreSQL runs when 127.0.0.1:5432 answers (a throwaway database, dropped afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pgdb import PG_ADMIN_URL, throwaway_pg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.consent.importer import Rejected, import_consents
from privacy_gateway.consent.rules import load_rules
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.detection.engine import get_detector
from privacy_gateway.storage import models
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.session import make_engine, make_session_factory
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES, Actor

HEADER = "subject_id,purpose,channel,granted,notice_version,source,separate,effective_at,expires_at\n"
PURPOSES = ("follow_up", "analytics", "model_training", "marketing")
SOURCES = [f"app:privacy-settings/v{i}" for i in range(10)] + [f"ivr:campaign-{i}" for i in range(10)]
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def generate(path: Path, rows: int, seed: int) -> int:
    """Write `rows` data rows; every 100th is bad. Returns how many are bad."""
    rng = random.Random(seed)
    bad = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            when = T0 + timedelta(minutes=rng.randrange(0, 200_000))
            granted = rng.random() > 0.2
            purpose = rng.choice(PURPOSES)
            expires = (when + timedelta(days=365)).isoformat() if granted and rng.random() < 0.5 else ""
            channel = rng.choice(DEFAULT_CHANNELS)
            if n % 100 == 99:
                channel, bad = "fax", bad + 1  # unknown channel: rejected
            out.write(
                f"u-{rng.randrange(rows // 2):07d},{purpose},{channel},{str(granted).lower()},"
                f"2024.{rng.randrange(1, 12)},{rng.choice(SOURCES)},{str(purpose != 'follow_up').lower()},"
                f"{when.isoformat()},{expires}\n"
            )
    return bad


def run(url: str, path: Path, rows: int, bad: int, batch_size: int) -> dict[str, object]:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    factory = make_session_factory(engine)
    audit = AuditLog(pseudonym_key=os.urandom(32), signing_seed=os.urandom(32))
    service = ConsentService(audit, purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS, rules=load_rules())
    get_detector().detect("warm up")  # built once per process by bootstrap, before any import starts
    rejected: list[Rejected] = []
    cpu = time.process_time()
    summary = import_consents(
        factory,
        service,
        path,
        "csv",
        actor=Actor("bench", "admin"),
        batch_size=batch_size,
        on_reject=rejected.append,
    )
    cpu = time.process_time() - cpu
    with factory() as session:
        stored = session.scalar(select(func.count()).select_from(models.ConsentRecord))
        chain_ok = audit.verify(session).ok
    engine.dispose()
    assert summary.rows_ok == stored == rows - bad, (summary, stored)
    assert summary.rows_rejected == bad and all(r.error.startswith("unknown channel") for r in rejected)
    assert chain_ok
    # Wall time depends on what else the machine runs; this process's CPU time much less so.
    return {
        "database": make_url(url).get_backend_name(),
        **summary.as_dict(),
        "cpu_seconds": round(cpu, 3),
        "rows_per_cpu_second": round(rows / cpu, 1),
        "load_average": os.getloadavg()[0],
    }


def pg_reachable() -> bool:
    url = make_url(PG_ADMIN_URL)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "consents.csv"
        bad = generate(path, args.rows, args.seed)
        results = [run(f"sqlite:///{Path(tmp) / 'bench.db'}", path, args.rows, bad, args.batch_size)]
        if not args.no_postgres and pg_reachable():
            with throwaway_pg() as url:
                results.append(run(url, path, args.rows, bad, args.batch_size))
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
