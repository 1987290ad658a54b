"""Progress bars on stderr for long exports (tqdm), one per phase: rows read, rows written.

The engines only call ``progress(phase, rows)``; shells (CLI, Spark job) choose to show it.
"""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm

PHASES = {"read": "read (consent-filtered)", "write": "written"}


class ProgressBars:
    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.totals: dict[str, int] = {}
        self._bars: dict[str, Any] = {}

    def set_total(self, phase: str, total: int) -> None:
        self.totals[phase] = total

    def __call__(self, phase: str, rows: int) -> None:
        if not self.enabled:
            return
        bar = self._bars.get(phase)
        if bar is None:
            bar = self._bars[phase] = tqdm(
                total=self.totals.get(phase),
                desc=PHASES.get(phase, phase),
                unit="rows",
                file=sys.stderr,
                unit_scale=True,
                leave=True,
            )
        bar.update(rows)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()
