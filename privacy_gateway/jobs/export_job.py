"""The export as a Spark job: ``spark-submit`` this file or ``python -m privacy_gateway.jobs.export_job``.

    spark-submit --master spark://host:7077 privacy_gateway/jobs/export_job.py \\
        --purpose analytics --format parquet --out /shared/exports/q3 --k 10

Settings (database, keys, policies) come from PRIVACY_GATEWAY_* like every other shell. The driver reads
consent and the consented rows from the gateway's database, Spark transforms them (``SparkEngine``), the
driver writes the manifest and the audit entry. Prints the manifest (JSON) on stdout; progress on stderr.

Exit codes: 0 written; 1 the export found a problem (residual PII) or failed; 2 invalid arguments;
3 configuration error. ``privacy-gateway export --engine spark`` runs this module.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from privacy_gateway.errors import ConfigError, GatewayError, InvalidInput
from privacy_gateway.types import Actor

log = logging.getLogger(__name__)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="export_job", description="De-identified dataset export on Spark.")
    p.add_argument("--purpose", default="analytics")
    p.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--l", type=int, default=None)
    p.add_argument("--sensitive-column", default=None)
    p.add_argument("--quasi", default="amount_bucket,region,week,channel")
    p.add_argument("--max-suppression", type=float, default=0.05)
    p.add_argument("--residual", default="fail", choices=["fail", "mask"])
    p.add_argument("--link-key", default=None)
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*]).")
    p.add_argument("--conf", action="append", default=[], help="Extra Spark conf KEY=VALUE (repeatable).")
    p.add_argument("--actor", default="spark-job", help="Name recorded as the actor in the audit trail.")
    p.add_argument("--no-progress", action="store_true")
    return p


def run(argv: Sequence[str] | None = None) -> dict[str, object]:
    from privacy_gateway.bootstrap import build_services
    from privacy_gateway.export.errors import ResidualPIIFound
    from privacy_gateway.export.progress import ProgressBars
    from privacy_gateway.export.schemas import ExportRequest
    from privacy_gateway.export.service import ExportService
    from privacy_gateway.jobs.spark_engine import SparkEngine, spark_session
    from privacy_gateway.settings import Settings

    args = parser().parse_args(argv)
    request = ExportRequest(
        purpose=args.purpose,
        format=args.format,
        quasi=tuple(q.strip() for q in args.quasi.split(",") if q.strip()),
        k=args.k,
        l=args.l,
        sensitive_column=args.sensitive_column,
        max_suppression=args.max_suppression,
        residual=args.residual,
        link_key=args.link_key,
    )
    conf = dict(item.split("=", 1) for item in args.conf if "=" in item)
    services = build_services(Settings())
    spark = spark_session(master=args.master, conf=conf)
    bars = ProgressBars(enabled=not args.no_progress)
    try:
        with services.session_factory() as session:
            try:
                manifest = ExportService.from_services(services).export(
                    session,
                    request,
                    out_dir=args.out,
                    actor=Actor(args.actor, "analyst"),
                    engine=SparkEngine(spark),
                    progress=bars,
                    on_total=lambda n: bars.set_total("read", n),
                )
            except ResidualPIIFound:
                session.commit()  # the failed attempt stays on record
                raise
            session.commit()
    finally:
        bars.close()
        services.close()
    return manifest.to_dict()


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        manifest = run(argv)
    except InvalidInput as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 3
    except GatewayError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
