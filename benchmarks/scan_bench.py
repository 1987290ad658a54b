"""Rows per second of `scan` and `backfill` on a seeded table (SQLite file or PostgreSQL), and peak memory.

    .venv/bin/python benchmarks/scan_bench.py --rows 1000000                 # SQLite
    .venv/bin/python benchmarks/scan_bench.py --rows 100000 --url postgresql+psycopg://postgres@127.0.0.1/test

Rows come from tests/stores/seed.py (mobile numbers, e-mails, resident ids, bank cards; every fifth row
has a second column). Peak RSS staying flat from 100k to 1M rows is the bounded-memory check. Figures
are recorded in docs/stores.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base
from privacy_gateway.stores.backfill import Backfill, run_key
from privacy_gateway.stores.scan import scan_table
from tests.stores.seed import create_seeded, generate


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--url", default=None, help="Database to seed (default: a temporary SQLite file).")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--skip-backfill", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scan_bench_"))
    url = args.url or f"sqlite:///{work / 'store.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_feedback_masked"))
        conn.execute(text("DROP TABLE IF EXISTS bench_feedback"))
        conn.execute(text("DROP TABLE IF EXISTS privacy_gateway_backfill"))
    t0 = time.perf_counter()
    create_seeded(engine, "bench_feedback", generate(args.rows))
    seeded = time.perf_counter() - t0
    print(f"seeded {args.rows} rows in {seeded:.1f} s ({engine.dialect.name})", file=sys.stderr)

    services = build_services(
        Settings(database_url=f"sqlite:///{work / 'gw.db'}", key_file=work / "keys.json")
    )
    Base.metadata.create_all(services.engine)
    columns = ["body", "note"]
    result: dict[str, object] = {
        "rows": args.rows,
        "database": engine.dialect.name,
        "batch_size": args.batch_size,
    }

    t0 = time.perf_counter()
    report = scan_table(
        engine,
        "bench_feedback",
        columns,
        detector=services.detector,
        id_column="ticket_id",
        batch_size=args.batch_size,
    )
    scan_s = time.perf_counter() - t0
    result["scan"] = {
        "seconds": round(scan_s, 1),
        "rows_per_s": round(args.rows / scan_s),
        "report": report.as_dict(),
    }
    result["peak_rss_mb_after_scan"] = round(peak_rss_mb())
    print(f"scan: {args.rows / scan_s:.0f} rows/s", file=sys.stderr)

    if not args.skip_backfill:
        job = Backfill(
            engine,
            engine,
            table="bench_feedback",
            columns=columns,
            id_column="ticket_id",
            to_table="bench_feedback_masked",
            detector=services.detector,
            masker=services.masker,
            policy="default",
            key=run_key(url, "bench_feedback", columns, "ticket_id", "bench_feedback_masked", "default"),
            batch_size=args.batch_size,
        )
        t0 = time.perf_counter()
        bf = job.run()
        bf_s = time.perf_counter() - t0
        result["backfill"] = {
            "seconds": round(bf_s, 1),
            "rows_per_s": round(args.rows / bf_s),
            "rows_written": bf.rows_written,
        }
        t0 = time.perf_counter()
        again = job.run()
        result["backfill_second_run"] = {
            "seconds": round(time.perf_counter() - t0, 2),
            "rows_written": again.rows_written,
        }
        result["peak_rss_mb_after_backfill"] = round(peak_rss_mb())
        print(f"backfill: {args.rows / bf_s:.0f} rows/s", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    with engine.begin() as conn:  # leave the given database as it was
        for name in ("bench_feedback_masked", "bench_feedback", "privacy_gateway_backfill"):
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    engine.dispose()
    services.close()


if __name__ == "__main__":
    main()
