"""Batch masking: ``privacy-gateway mask`` on N JSON lines, one process vs ``--workers`` (gateway_bench.py).

Best of two interleaved runs per worker count.

The lines are the generated feedback (50-300 characters) cycled with unique ids. Wall-clock time of the
whole command (start-up and engine building included), so texts/s is what a user sees; the output is
checked: one line per input, in input order, and the same with and without workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

CLI = str(Path(sys.executable).parent / "privacy-gateway")


def write_lines(records: Sequence[dict[str, object]], count: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            record = records[i % len(records)]
            fh.write(json.dumps({"id": f"line-{i}", "text": record["text"]}, ensure_ascii=False) + "\n")


def run(path: Path, out: Path, workers: int, cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_GATEWAY_")}
    env["PRIVACY_GATEWAY_KEY_FILE"] = str(cwd / "keys" / "keys.json")
    started = time.perf_counter()
    with path.open("rb") as stdin, out.open("wb") as stdout:
        done = subprocess.run(
            [CLI, "mask", "--workers", str(workers)], stdin=stdin, stdout=stdout, env=env, cwd=cwd
        )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"mask --workers {workers} exited with {done.returncode}")
    return elapsed


def measure(
    records: Sequence[dict[str, object]], count: int, workers: Sequence[int], *, rounds: int = 2
) -> dict[str, object]:
    """texts/s per worker count, best of ``rounds`` interleaved runs (1, N, 1, N...): the cores are
    shared, and a burst of other work during one run says nothing about the command."""
    with tempfile.TemporaryDirectory(prefix="gw-mask-") as tmp:
        folder = Path(tmp)
        source = folder / "in.jsonl"
        write_lines(records, count, source)
        rates: dict[int, float] = dict.fromkeys(workers, 0.0)
        outputs: dict[int, Path] = {}
        for _ in range(rounds):
            for n in workers:
                outputs[n] = folder / f"out-{n}.jsonl"
                rates[n] = max(rates[n], count / run(source, outputs[n], n, folder))
        first = outputs[workers[0]].read_bytes()
        ids = [json.loads(line)["id"] for line in first.splitlines()]
        return {
            "lines": count,
            "texts_per_s": rates,
            "in_order": ids == [f"line-{i}" for i in range(count)],
            "same_output": all(path.read_bytes() == first for path in outputs.values()),
        }
