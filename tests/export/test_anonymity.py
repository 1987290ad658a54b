from __future__ import annotations

import random

import pandas as pd
import pytest

from privacy_gateway.export.anonymity import apply_plan, frequency_table, make_plan, merge_frequencies
from privacy_gateway.export.hierarchies import TOP, hierarchies
from privacy_gateway.export.schemas import ExportRequest

H = hierarchies()


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Transformed rows: (week base day, region base, channel, category)."""
    return pd.DataFrame(
        {
            "subject": [f"p_{i:04d}" for i in range(len(rows))],
            "_b_week": [r[0] for r in rows],
            "_b_region": [r[1] for r in rows],
            "_b_channel": [r[2] for r in rows],
            "category": [r[3] for r in rows],
            "text": ["t"] * len(rows),
        }
    )


def population(n: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    days = [f"2024-{m:02d}-{d:02d}" for m in (1, 2, 3, 4) for d in (3, 11, 19, 27)]
    regions = ["浙江省|杭州市", "浙江省|宁波市", "广东省|深圳市", "广东省|广州市", "四川省|成都市", ""]
    rows = [
        (
            rng.choice(days),
            rng.choice(regions),
            rng.choice(["phone", "in_app", "sms"]),
            rng.choice(["a", "b", "c"]),
        )
        for _ in range(n)
    ]
    return frame(rows)


def request(**kwargs: object) -> ExportRequest:
    return ExportRequest(quasi=("week", "region", "channel"), **kwargs)  # type: ignore[arg-type]


def classes(out: pd.DataFrame, quasi: tuple[str, ...]) -> pd.core.groupby.DataFrameGroupBy:
    return out.groupby(list(quasi))


@pytest.mark.parametrize(
    ("n", "k", "ell", "max_suppression"),
    [
        (50, 2, None, 0.05),
        (300, 5, None, 0.05),
        (300, 10, None, 0.0),
        (300, 5, 2, 0.05),
        (300, 5, 3, 0.1),
        (1000, 25, 2, 0.02),
        (40, 3, None, 1.0),
    ],
)
def test_every_class_of_the_output_holds_k_rows_and_l_values(
    n: int, k: int, ell: int | None, max_suppression: float
) -> None:
    req = request(k=k, l=ell, max_suppression=max_suppression)
    data = population(n)
    plan = make_plan(frequency_table(data, req), req, H)
    out = apply_plan(data, plan, req, H)
    grouped = classes(out, req.quasi)
    assert len(out) == plan.rows_out == n - plan.suppressed_k - plan.suppressed_l
    assert plan.suppressed_k + plan.suppressed_l <= max(int(max_suppression * n), 0) or all(
        level == H[q].top for q, level in plan.levels
    )
    if len(out):
        assert grouped.size().min() >= k
        assert plan.k_achieved == grouped["subject"].nunique().min()
        if ell:
            assert grouped["category"].nunique().min() >= ell
            assert plan.l_achieved == grouped["category"].nunique().min()


def test_no_generalisation_when_the_data_is_already_k_anonymous() -> None:
    data = frame([("2024-03-04", "浙江省|杭州市", "phone", "a")] * 5 + [("2024-03-11", "", "sms", "b")] * 5)
    req = request(k=5)
    plan = make_plan(frequency_table(data, req), req, H)
    assert dict(plan.levels) == {"week": 0, "region": 0, "channel": 0}
    assert plan.rows_out == 10 and plan.k_achieved == 5 and plan.suppressed_k == 0


def test_outliers_within_the_budget_are_suppressed_not_generalised() -> None:
    data = frame(
        [("2024-03-04", "浙江省|杭州市", "phone", "a")] * 99 + [("2024-09-09", "四川省|成都市", "sms", "b")]
    )
    req = request(k=5, max_suppression=0.05)
    plan = make_plan(frequency_table(data, req), req, H)
    assert dict(plan.levels) == {"week": 0, "region": 0, "channel": 0}
    assert plan.suppressed_k == 1 and plan.rows_out == 99


def test_the_widest_quasi_identifier_is_generalised_first() -> None:
    rows = [(f"2024-0{m}-{d:02d}", "浙江省|杭州市", "phone", "a") for m in (1, 2) for d in (1, 8, 15, 22)]
    data = frame(rows * 2)
    req = request(k=4, max_suppression=0.0)
    plan = make_plan(frequency_table(data, req), req, H)
    assert plan.level_names(H) == {"week": "month", "region": "city", "channel": "channel"}


def test_too_few_rows_for_k_suppresses_everything() -> None:
    data = frame([("2024-03-04", "浙江省|杭州市", "phone", "a")] * 3)
    req = request(k=5)
    plan = make_plan(frequency_table(data, req), req, H)
    assert plan.rows_out == 0 and plan.suppressed_k == 3 and plan.k_achieved is None
    assert all(level == H[q].top for q, level in plan.levels)
    assert apply_plan(data, plan, req, H).empty


def test_l_diversity_suppresses_classes_with_one_sensitive_value() -> None:
    data = frame(
        [("2024-03-04", "浙江省|杭州市", "phone", "a")] * 6 + [("2024-03-04", "", "sms", c) for c in "abab"]
    )
    req = request(k=2, l=2, max_suppression=0.6)
    plan = make_plan(frequency_table(data, req), req, H)
    assert plan.suppressed_l == 6 and plan.suppressed_k == 0 and plan.l_achieved == 2


def test_empty_input() -> None:
    req = request(k=5)
    plan = make_plan(merge_frequencies([]), req, H)
    assert plan.rows_in == plan.rows_out == 0 and plan.k_achieved is None


def test_plan_does_not_depend_on_partitioning_or_row_order() -> None:
    req = request(k=6, l=2)
    data = population(400)
    whole = make_plan(frequency_table(data, req), req, H)
    shuffled = data.sample(frac=1.0, random_state=3)
    parts = [shuffled.iloc[i : i + 37] for i in range(0, len(shuffled), 37)]
    merged = make_plan(merge_frequencies(frequency_table(p, req) for p in parts), req, H)
    assert merged == whole
    assert apply_plan(data, whole, req, H).equals(apply_plan(shuffled, whole, req, H))


def test_output_has_only_the_exported_columns_and_generalised_labels() -> None:
    data = frame([("2024-03-04", "浙江省|杭州市", "phone", "a")] * 3)
    req = request(k=3)
    out = apply_plan(data, make_plan(frequency_table(data, req), req, H), req, H)
    assert tuple(out.columns) == req.output_columns
    assert out.iloc[0].to_dict() == {
        "subject": "p_0000",
        "week": "2024-W10",
        "region": "浙江省杭州市",
        "channel": "phone",
        "category": "a",
        "text": "t",
    }
    assert TOP not in set(out["week"])


def test_class_size_counts_subjects_not_records() -> None:
    one_person = frame([("2024-03-04", "浙江省|杭州市", "phone", "a")] * 10)
    one_person["subject"] = "p_same"
    others = frame([("2024-03-11", "", "sms", "b")] * 5)
    data = pd.concat([one_person, others], ignore_index=True)
    req = request(k=3, max_suppression=0.7)
    plan = make_plan(frequency_table(data, req), req, H)
    assert plan.suppressed_k == 10 and plan.rows_out == 5 and plan.k_achieved == 5
    assert "p_same" not in set(apply_plan(data, plan, req, H)["subject"])
