"""The whole gateway, measured side by side as a user runs it, in one command (not a test).

    .venv/bin/python benchmarks/gateway_bench.py [--quick] [--workers 2] [--skip-postgres] [--json F]
    make bench

Prints, for this machine:

1. the machine: cores, CPU model, RAM, load average (the cores may be shared with other jobs);
2. detection and masking texts/s of the gateway vs stock Presidio vs one regex scan on the same
   generated feedback (50-300 characters) and on one 5,000- and one 20,000-character text, with the
   ratios (engine_bench.py, which reuses detect_bench.py);
3. CPU per ingest stage in process, each optimisation before/after side by side (stages_bench.py);
4. HTTP ingest on loopback, ``privacy-gateway serve --workers N`` in its own process and the load
   generator in another: a warm-up, a fixed offered load of 300 req/s, 500 req/s, then saturation (32
   connections back to back); 201s/s, p50/p95/p99/max latency, server and client CPU per request, the
   server's peak RSS; on SQLite and on PostgreSQL (a database created for the run and dropped after);
   then, with the server stopped, zero lost or duplicated records and ``audit verify`` (http_bench.py);
5. batch masking: ``privacy-gateway mask`` on 100,000 JSON lines, one process vs ``--workers N``
   (mask_bench.py).

``--quick`` runs shorter steps and fewer lines (about 3 minutes instead of 8). Every figure is also
written to ``--json`` if given. The machine and the method are described in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import engine_bench
import http_bench
import mask_bench
import stages_bench

from privacy_gateway import __version__


def machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "gateway": __version__,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def print_engines(figures: engine_bench.EngineFigures) -> None:
    d, m, scan = figures.detection, figures.masking, f"scan-{figures.scan_engine}"
    print(f"{figures.texts} generated texts, mean {figures.mean_chars:.0f} characters (50-300)")
    print(f"{'texts/s':<28}{'gateway':>10}{'presidio':>10}{'1 regex':>10}{'vs presidio':>13}{'of regex':>10}")
    for label, row in (("detection", d), ("masking (detect + mask)", m)):
        print(
            f"{label:<28}{row['gateway']:>10.0f}{row['presidio']:>10.0f}{row[scan]:>10.0f}"
            f"{row['gateway'] / row['presidio']:>12.2f}x{row['gateway'] / row[scan]:>10.0%}"
        )
    print(
        f"{'masking alone (spans given)':<28}{m['gateway-mask-only']:>10.0f}"
        f"   (regex scan: {figures.scan_engine})"
    )
    for size, row in figures.long.items():
        for what in ("detect", "mask"):
            g, p, s = row[f"{what} gateway"], row[f"{what} presidio"], row[f"{what} scan"]
            print(
                f"{f'{size:,}-char text, {what}':<28}{g:>10.1f}{p:>10.1f}{s:>10.1f}"
                f"{g / p:>12.2f}x{g / s:>10.0%}"
            )


def print_stages(kind: str, stages: dict[str, float]) -> None:
    print(f"{kind}: CPU ms per record")
    for name, ms in stages.items():
        print(f"  {name:<28}{ms:8.3f}")


def print_http(run: http_bench.DatabaseRun) -> None:
    print(f"{run.database}, serve --workers {run.workers}")
    print(
        f"  {'step':<10}{'offered':>8}{'201/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'other':>7}"
        f"{'srv cpu':>9}{'cli cpu':>9}{'db cpu':>8}{'load':>6}"
    )
    for step, r in run.steps:
        offered = f"{step.rate:.0f}" if step.rate else f"c{step.concurrency}"
        other = int(r["completed"]) - int(r["status"].get("201", 0)) + sum(r["errors"].values())  # type: ignore[attr-defined, call-overload]
        db = r.get("database_cpu_ms_per_request")
        print(
            f"  {step.label:<10}{offered:>8}{r['rate_201']:>8.0f}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}"
            f"{r['p99_ms']:>8.1f}{r['max_ms']:>8.1f}{other:>7}{r['server_cpu_ms_per_request']:>9.2f}"
            f"{r['client_cpu_ms_per_request']:>9.2f}{(f'{db:.2f}' if db is not None else '-'):>8}"
            f"{r['loadavg_1m']:>6.1f}"
        )
    print("  (latencies in ms; cpu in ms per request; 'other' = non-201 answers and client errors)")
    print(
        f"  peak RSS: {run.peak_rss_mb:.0f} MB over all server processes,"
        f" largest {run.largest_process_rss_mb:.0f} MB"
    )
    i = run.integrity
    print(
        f"  integrity: {i['answered_201']} answered 201, {i['rows']} rows ({i['rows_distinct']} distinct), "
        f"ids unique {i['ids_unique']}, same ids {i['same_ids']}, {i['audit_ingest_entries']} audit entries, "
        f"audit verify exit {i['audit_verify_exit']} -> {'OK' if i['ok'] else 'FAILED'}"
    )
    print(f"  {' '.join(i['audit_verify'])}")  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter steps, fewer texts and lines")
    parser.add_argument("--workers", type=int, default=2, help="server and mask worker processes (default 2)")
    parser.add_argument("--skip-postgres", action="store_true", help="HTTP on SQLite only")
    parser.add_argument("--only", choices=("engines", "stages", "http", "mask"), action="append")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args()
    only = set(args.only or ("engines", "stages", "http", "mask"))
    duration = 5.0 if args.quick else 10.0
    results: dict[str, object] = {"machine": machine(), "quick": args.quick}
    databases = ["sqlite"] if args.skip_postgres else ["sqlite", "postgresql"]

    section("machine")
    print(json.dumps(results["machine"]))
    records = engine_bench.feedback_records(2000)

    if "engines" in only:
        section("detection and masking, texts/s (process CPU time, best of rounds)")
        figures = engine_bench.measure(500 if args.quick else 2000, 2 if args.quick else 3)
        print_engines(figures)
        results["engines"] = asdict(figures)

    if "stages" in only:
        section("CPU per ingest stage, in process (before -> after of each optimisation)")
        stages: dict[str, object] = {}
        for kind in databases:
            with (
                tempfile.TemporaryDirectory(prefix="gw-stages-") as tmp,
                http_bench.database(kind, Path(tmp)) as url,
            ):
                stages[kind] = stages_bench.measure(url, records[: 300 if args.quick else 800])
            print_stages(kind, stages[kind])  # type: ignore[arg-type]
        results["stages"] = stages

    if "http" in only:
        steps = [
            http_bench.Step("warm-up", rate=100, requests=300, duration=3),
            http_bench.Step("300/s", rate=300, requests=int(300 * duration), duration=duration),
            http_bench.Step("500/s", rate=500, requests=int(500 * duration), duration=duration),
            http_bench.Step("saturate", concurrency=32, duration=duration),
        ]
        http: dict[str, object] = {}
        for kind in databases:
            section(f"HTTP ingest on loopback: POST /v1/feedback, {kind}")
            run = http_bench.run_database(kind, steps, records, workers=args.workers)
            print_http(run)
            http[kind] = {**asdict(run), "steps": [{"step": asdict(s), **r} for s, r in run.steps]}
        results["http"] = http

    if "mask" in only:
        count = 20_000 if args.quick else 100_000
        section(
            f"batch masking: privacy-gateway mask on {count:,} JSON lines (wall clock, start-up included)"
        )
        figures_mask = mask_bench.measure(records, count, sorted({1, args.workers}))
        for n, rate in figures_mask["texts_per_s"].items():  # type: ignore[attr-defined]
            print(f"  --workers {n}: {rate:8.0f} texts/s")
        print(
            f"  output in input order: {figures_mask['in_order']};"
            f" identical across workers: {figures_mask['same_output']}"
        )
        results["mask"] = figures_mask

    results["machine_after"] = {"loadavg": [round(x, 2) for x in os.getloadavg()]}
    print(f"\nload average at the end: {results['machine_after']['loadavg']}")  # type: ignore[index]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
