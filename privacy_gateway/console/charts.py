"""Server-side SVG charts as plain geometry: the template draws the shapes, this module only computes them.

No chart library and no script in the page: a chart is a list of rectangles, lines and labels in a
viewBox, coloured by CSS classes ("s0".."s7", or named ones like "allow"/"deny") so that the page's
strict CSP (no inline style) holds. Every chart comes with the same numbers as a table in the page.
Pure functions of their inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

PALETTE_SIZE = 8


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str  # tooltip (<title>)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor
    css: str = "axis"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str = "grid"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, text)
    total: int = 0

    @property
    def empty(self) -> bool:
        return self.total == 0


def series_class(index: int) -> str:
    return f"s{index % PALETTE_SIZE}"


def nice_step(value: float) -> int:
    """The smallest 1, 2 or 5 x 10^k that is >= value (at least 1: counts are whole numbers)."""
    if value <= 1:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * 10**exponent >= value:
            return int(step * 10**exponent)
    return int(10 ** (exponent + 1))  # pragma: no cover - the loop always returns


def nice_scale(largest: int, *, target_ticks: int = 5) -> tuple[int, list[int]]:
    """(axis maximum, tick values) for whole-number data whose largest value is `largest`:
    round steps (1, 2, 5 x 10^k), about `target_ticks` of them, the maximum a multiple of the step."""
    step = nice_step(max(largest, 1) / target_ticks)
    top = max(math.ceil(largest / step), 1) * step
    return top, list(range(0, top + 1, step))


def stacked_columns(
    columns: Sequence[str],
    series: Sequence[tuple[str, str]],
    values: Mapping[tuple[str, str], int],
    *,
    width: int = 760,
    height: int = 260,
    label_every: int = 1,
) -> Chart:
    """One column per entry of `columns` (e.g. days), stacked by `series` ((key, label) pairs).

    values[(column, series key)] is the height; missing means 0.
    """
    left, right, top, bottom = 48.0, 12.0, 12.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values.get((c, key), 0) for key, _ in series) for c in columns]
    y_max, y_ticks = nice_scale(max(totals, default=0))
    chart = Chart(width, height, total=sum(totals))
    for t in y_ticks:
        y = top + plot_h - plot_h * t / y_max
        chart.lines.append(Line(left, y, width - right, y, "grid" if t else "axis-line"))
        chart.labels.append(Label(left - 6, y + 4, f"{t:,}", "end"))
    slot = plot_w / max(len(columns), 1)
    bar_w = max(slot * 0.64, 2.0)
    for i, column in enumerate(columns):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for s, (key, name) in enumerate(series):
            n = values.get((column, key), 0)
            if n <= 0:
                continue
            h = plot_h * n / y_max
            base -= h
            chart.rects.append(Rect(x, base, bar_w, h, series_class(s), f"{column} · {name}: {n:,}"))
        if i % max(label_every, 1) == 0:
            chart.labels.append(Label(x + bar_w / 2, height - 10, column))
    chart.legend.extend((series_class(s), name) for s, (_, name) in enumerate(series))
    return chart


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
    *,
    width: int = 760,
    row_height: int = 30,
    label_width: int = 150,
) -> Chart:
    """Horizontal bars, one per row label, each stacked by (segment label, value, css class).

    All rows share one scale; the row's total is written after its bar.
    """
    top, right = 8.0, 56.0
    height = int(top * 2 + row_height * max(len(rows), 1))
    plot_w = width - label_width - right
    totals = [sum(v for _, v, _ in segments) for _, segments in rows]
    x_max, _ = nice_scale(max(totals, default=0))
    chart = Chart(width, height, total=sum(totals))
    bar_h = row_height * 0.56
    for i, (name, segments) in enumerate(rows):
        y = top + row_height * i + (row_height - bar_h) / 2
        chart.labels.append(Label(label_width - 10, y + bar_h / 2 + 4, name, "end", "row-label"))
        x = float(label_width)
        for segment, value, css in segments:
            if value <= 0:
                continue
            w = plot_w * value / x_max
            chart.rects.append(Rect(x, y, w, bar_h, css, f"{name} · {segment}: {value:,}"))
            x += w
        chart.labels.append(Label(x + 6, y + bar_h / 2 + 4, f"{totals[i]:,}", "start", "value"))
    chart.lines.append(Line(label_width, top, label_width, height - top, "axis-line"))
    seen: dict[str, str] = {}
    for _, segments in rows:
        for segment, _, css in segments:
            seen.setdefault(css, segment)
    chart.legend.extend((css, text) for css, text in seen.items())
    return chart
