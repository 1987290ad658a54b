"""Chart geometry: scales, stacking, and nothing drawn outside the viewBox."""

from __future__ import annotations

import pytest

from privacy_gateway.console import charts


@pytest.mark.parametrize(
    ("largest", "top", "ticks"),
    [
        (0, 1, [0, 1]),
        (1, 1, [0, 1]),
        (3, 3, [0, 1, 2, 3]),
        (7, 8, [0, 2, 4, 6, 8]),
        (33, 40, [0, 10, 20, 30, 40]),
        (50, 50, [0, 10, 20, 30, 40, 50]),
        (67, 80, [0, 20, 40, 60, 80]),
        (1234, 1500, [0, 500, 1000, 1500]),
    ],
)
def test_nice_scale(largest, top, ticks):
    assert charts.nice_scale(largest) == (top, ticks)


def _inside(chart: charts.Chart) -> bool:
    eps = 0.01
    return all(
        -eps <= r.x
        and r.x + r.width <= chart.width + eps
        and -eps <= r.y
        and r.y + r.height <= chart.height + eps
        for r in chart.rects
    )


def test_stacked_columns_stack_in_series_order_and_stay_inside():
    chart = charts.stacked_columns(
        ["11-01", "11-02", "11-03"],
        [("PHONE_NUMBER", "电话号码"), ("PERSON", "姓名")],
        {("11-01", "PHONE_NUMBER"): 3, ("11-01", "PERSON"): 2, ("11-03", "PERSON"): 7},
    )
    assert chart.total == 12 and not chart.empty and _inside(chart)
    first_day = [r for r in chart.rects if r.label.startswith("11-01")]
    phone, person = first_day
    assert phone.css == "s0" and person.css == "s1"
    assert person.y + person.height == pytest.approx(phone.y)  # stacked on top
    assert phone.height / person.height == pytest.approx(3 / 2)
    assert not [r for r in chart.rects if r.label.startswith("11-02")]  # nothing for an empty day
    assert [label.text for label in chart.labels if label.css == "axis" and "-" in label.text] == [
        "11-01",
        "11-02",
        "11-03",
    ]
    assert chart.legend == [("s0", "电话号码"), ("s1", "姓名")]


def test_stacked_columns_label_every_nth_day():
    days = [f"11-{d:02d}" for d in range(1, 31)]
    chart = charts.stacked_columns(days, [("A", "a")], {(d, "A"): 1 for d in days}, label_every=3)
    assert [lb.text for lb in chart.labels if "-" in lb.text] == days[::3]


def test_empty_charts_are_empty():
    assert charts.stacked_columns(["11-01"], [], {}).empty
    assert charts.stacked_bars([]).empty


def test_stacked_bars_share_one_scale():
    chart = charts.stacked_bars(
        [
            ("granted", [("ok", 30, "allow"), ("no", 0, "deny")]),
            ("no_record", [("ok", 0, "allow"), ("no", 15, "deny")]),
        ],
        width=520,
        label_width=130,
    )
    assert _inside(chart)
    allow, deny = chart.rects
    assert allow.width == pytest.approx(2 * deny.width)
    assert {lb.text for lb in chart.labels if lb.css == "value"} == {"30", "15"}
    assert chart.legend == [("allow", "ok"), ("deny", "no")]
