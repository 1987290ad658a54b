"""Pathological text for every recognizer, the detector and the masker, under a hard deadline.

The cases are those of benchmarks/pathological_bench.py (100k digits, runs of 号/路/元/先生, repeated
separators, "@" and dotted runs, cue words followed by long runs...). It runs in a child process that
reports each measurement as it starts and ends; a measurement that does not end within the deadline
kills the child and fails the test, naming the recognizer and the case. A linear recognizer needs well
under a second for 100,000 characters; one that backtracks catastrophically or quadratically needs
minutes, so the generous deadline catches it without timing anything finely.

PATHOLOGICAL_SIZE (default 100000) and PATHOLOGICAL_DEADLINE (seconds, default 20) tune the run.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pathological_bench.py"
SIZE = int(os.environ.get("PATHOLOGICAL_SIZE", "100000"))
DEADLINE = float(os.environ.get("PATHOLOGICAL_DEADLINE", "20"))
STARTUP = 120.0  # building the detector, on a slow machine


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


@pytest.mark.slow
def test_every_recognizer_is_linear_on_pathological_text(tmp_path):
    err = (tmp_path / "bench.err").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(BENCH), "--size", str(SIZE), "--stream", "--single"],
        stdout=subprocess.PIPE,
        stderr=err,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    current, measured, summary = None, 0, None
    try:
        while True:
            try:
                line = lines.get(timeout=STARTUP if current is None and measured == 0 else DEADLINE)
            except queue.Empty:
                pytest.fail(f"no answer within {DEADLINE:.0f} s: {current} (catastrophic backtracking?)")
            if line is None:
                break
            event = json.loads(line)
            if "start" in event:
                current = f"{event['what']} on {event['start']!r} ({event['chars']:,} characters)"
            elif "done" in event:
                measured += 1
                current = None
            else:
                summary = event["summary"]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
        reader.join(10)  # the child's end closed the pipe: the reader has seen EOF
        proc.stdout.close()
        err.close()
    assert proc.returncode == 0, (tmp_path / "bench.err").read_text()[-3000:]
    assert summary is not None
    from privacy_gateway.detection.engine import get_detector

    recognizers = {r.name for r in get_detector().recognizers}
    assert recognizers | {"detect", "mask"} == set(summary)  # every recognizer was measured
    assert measured >= len(summary) * 40
