from __future__ import annotations

import pytest

from privacy_gateway.errors import InvalidInput
from privacy_gateway.export.hierarchies import TOP, UNKNOWN, bucket_label, generalise, hierarchies, label_map

H = hierarchies()


@pytest.mark.parametrize(
    ("quasi", "base", "level", "label"),
    [
        ("week", "2024-03-04", 0, "2024-W10"),
        ("week", "2024-12-30", 0, "2025-W01"),  # ISO week-year, not the calendar year
        ("week", "2024-03-04", 1, "2024-03"),
        ("week", "2024-03-04", 2, "2024-Q1"),
        ("week", "2024-11-04", 2, "2024-Q4"),
        ("week", "2024-03-04", 3, "2024"),
        ("week", "2024-03-04", 4, TOP),
        ("month", "2024-03-04", 0, "2024-03"),
        ("month", "2024-03-04", 3, TOP),
        ("amount_bucket", "100-500", 0, "100-500"),
        ("amount_bucket", "10-50", 0, "0-100"),  # agent_view's finer buckets fold into the policy's
        ("amount_bucket", "50000-100000", 0, "50000+"),
        ("amount_bucket", "100000+", 0, "50000+"),
        ("amount_bucket", "100-500", 1, "0-1000"),
        ("amount_bucket", "1000-5000", 1, "1000-10000"),
        ("amount_bucket", "50000+", 1, "10000+"),
        ("amount_bucket", "50-200", 0, "0-1000"),  # straddles a fine edge: the coarse bucket holds it
        ("amount_bucket", "500-20000", 0, UNKNOWN),  # wider than any bucket
        ("amount_bucket", "100-500", 2, TOP),
        ("region", "浙江省|杭州市", 0, "浙江省杭州市"),
        ("region", "北京市|北京市", 0, "北京市"),
        ("region", "浙江省|", 0, "浙江省"),
        ("region", "浙江省|杭州市", 1, "浙江省"),
        ("region", "浙江省|杭州市", 2, TOP),
        ("channel", "phone", 0, "phone"),
        ("channel", "phone", 1, TOP),
        ("category", "refund", 0, "refund"),
        ("region", "", 0, UNKNOWN),
        ("amount_bucket", "", 1, UNKNOWN),
        ("week", "", 3, UNKNOWN),
        ("week", "", 4, TOP),
    ],
)
def test_generalise(quasi: str, base: str, level: int, label: str) -> None:
    assert generalise(H[quasi], base, level) == label


@pytest.mark.parametrize(("quasi", "level"), [("week", 5), ("channel", -1), ("region", 3)])
def test_level_out_of_range_is_refused(quasi: str, level: int) -> None:
    with pytest.raises(InvalidInput):
        generalise(H[quasi], "x", level)


@pytest.mark.parametrize(
    ("low", "high", "edges", "label"),
    [
        (0, 100, (100, 500), "0-100"),
        (100, 500, (100, 500), "100-500"),
        (600, None, (100, 500), "500+"),
        (100, None, (100, 500), None),
        (50, 150, (100, 500), None),
    ],
)
def test_bucket_label(low: int, high: int | None, edges: tuple[int, ...], label: str | None) -> None:
    assert bucket_label(low, high, edges) == label


def test_every_hierarchy_ends_in_top_and_label_map_covers_distinct_values() -> None:
    assert all(h.levels[-1] == TOP for h in H.values())
    assert label_map(H["week"], ["2024-03-04", "2024-03-05", "2024-03-04", ""], 0) == {
        "2024-03-04": "2024-W10",
        "2024-03-05": "2024-W10",
        "": UNKNOWN,
    }


def test_custom_amount_edges() -> None:
    assert generalise(hierarchies((50, 200))["amount_bucket"], "60-70", 0) == "50-200"
