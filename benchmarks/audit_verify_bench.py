"""Audit verification speed: build N correctly chained entries in SQLite, then time AuditLog.verify.

    .venv/bin/python benchmarks/audit_verify_bench.py                # 1,000,000 entries
    .venv/bin/python benchmarks/audit_verify_bench.py --entries 100000 --db /tmp/audit.db

Entries are bulk-inserted (Core executemany, 10,000 a batch) with hashes computed by the same pure
functions the service uses, plus a signed checkpoint every 1,000 entries, so verification does all of
its real work: signature checks, re-hashing every entry, comparing every checkpoint. Peak RSS is printed
to show that verification streams (keyset batches) instead of loading the table.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from tqdm import tqdm

from privacy_gateway.audit.chain import GENESIS_HASH, chain_hash
from privacy_gateway.audit.checkpoint import sign_checkpoint
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.models.audit import AuditCheckpoint, AuditEntry
from privacy_gateway.storage.session import make_engine, make_session_factory

SEED = bytes(range(32))
T0 = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 10_000


def entry(seq: int) -> dict[str, object]:
    return {
        "seq": seq,
        "ts": T0 + timedelta(milliseconds=seq),
        "actor_name": f"ingest-{seq % 7}",
        "actor_role": "ingest",
        "action": "feedback.ingest" if seq % 5 else "consent.check",
        "subject_ref": f"sp_{seq % 100_000:032x}",
        "purpose": "analytics",
        "channel": "in_app",
        "decision": "allow",
        "reason": None,
        "policy_version": "default@1",
        "entity_counts": {"PHONE_NUMBER": seq % 3, "AMOUNT": 1},
        "record_ids": [f"{seq:032x}"],
        "details": {"chars": seq % 500},
    }


def build(url: str, n: int, interval: int) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine, tables=[AuditEntry.__table__, AuditCheckpoint.__table__])  # type: ignore[list-item]
    prev = GENESIS_HASH
    rows: list[dict[str, object]] = []
    checkpoints: list[dict[str, object]] = []
    with engine.begin() as conn, tqdm(total=n, unit="entry", desc="build") as bar:
        for seq in range(1, n + 1):
            fields = entry(seq)
            digest = chain_hash(prev, fields)
            rows.append({**fields, "prev_hash": prev.hex(), "hash": digest.hex()})
            prev = digest
            if seq % interval == 0:
                cp = sign_checkpoint(SEED, seq=seq, head_hash=digest.hex(), ts=T0)
                checkpoints.append(
                    {
                        "seq": seq,
                        "head_hash": cp.head_hash,
                        "signed_at": T0,
                        "key_id": cp.key_id,
                        "signature": cp.signature,
                    }
                )
            if len(rows) == BATCH or seq == n:
                conn.execute(insert(AuditEntry), rows)
                bar.update(len(rows))
                rows = []
        if checkpoints:
            conn.execute(insert(AuditCheckpoint), checkpoints)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--interval", type=int, default=1000, help="checkpoint every N entries")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temporary one)")
    parser.add_argument("--batch-size", type=int, default=10_000, help="verification keyset batch")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "audit_bench.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            started = time.perf_counter()
            build(url, args.entries, args.interval)
            print(f"built {args.entries:,} entries in {time.perf_counter() - started:.1f} s")

        engine = make_engine(url)
        log = AuditLog(pseudonym_key=b"k" * 32, signing_seed=SEED, checkpoint_interval=args.interval)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with make_session_factory(engine)() as session:
            started, cpu_started = time.perf_counter(), time.process_time()
            report = log.verify(session, batch_size=args.batch_size)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        engine.dispose()

    print(f"verify: ok={report.ok} entries={report.entries:,} checkpoints={report.checkpoints:,}")
    # Wall time depends on what else the machine runs; CPU time is the verifier's own cost.
    print(f"verify: {elapsed:.1f} s wall, {report.entries / elapsed:,.0f} entries/s")
    print(f"verify: {cpu:.1f} s CPU, {report.entries / cpu:,.0f} entries/CPU-second")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak RSS: {rss_before / 1024:.0f} MiB before verify, {rss_after / 1024:.0f} MiB after")


if __name__ == "__main__":
    main()
