"""docs/policies.md stays honest: every key, operator and parameter is documented, the shipped-policy
table matches the files, and the worked example is what the Masker really writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacy_gateway.masking.engine import Masker
from privacy_gateway.masking.operators import OPERATORS_BY_NAME
from privacy_gateway.policies.loader import load_policies
from privacy_gateway.policies.models import PolicySpec, Rule
from privacy_gateway.types import Span
from tests.masking.conftest import key_for

DOC = (Path(__file__).resolve().parents[2] / "docs" / "policies.md").read_text(encoding="utf-8")
RULE_MODELS = Rule.__origin__.__args__  # type: ignore[attr-defined]


@pytest.mark.parametrize("operator", sorted(OPERATORS_BY_NAME))
def test_every_operator_has_a_section(operator: str) -> None:
    assert f"### `{operator}`" in DOC


@pytest.mark.parametrize(
    ("model", "field"),
    [(m, f) for m in RULE_MODELS for f in m.model_fields if f != "operator"]
    + [(PolicySpec, f) for f in PolicySpec.model_fields],
)
def test_every_key_is_documented(model: type, field: str) -> None:
    assert f"| `{field}` |" in DOC, f"{model.__name__}.{field}"


def test_rule_models_cover_the_operators() -> None:
    names = {m.model_fields["operator"].annotation.__args__[0] for m in RULE_MODELS}
    assert names == set(OPERATORS_BY_NAME)


@pytest.mark.parametrize("name", load_policies().names())
def test_shipped_policy_table_matches_the_files(name: str) -> None:
    policy = load_policies().get(name)
    row = next(line for line in DOC.splitlines() if line.startswith(f"| `{name}` |"))
    assert f"`{policy.spec.default_rule.operator}`" in row
    for entity_type, rule in policy.spec.rules.items():
        assert f"`{entity_type}`" in row and f"`{rule.operator}`" in row


def test_worked_example_is_real_output() -> None:
    block = DOC.split("The same feedback under each:")[1].split("```")[1]
    lines = dict(re.match(r"(\w+)\s+(.*)", line).groups() for line in block.strip().splitlines())  # type: ignore[union-attr]
    text = lines.pop("text")
    values = {
        "PERSON": "张三",
        "PHONE_NUMBER": "13812345678",
        "EMAIL_ADDRESS": "zhang.san@qq.com",
        "CN_RESIDENT_ID": "11010519491231002X",
        "AMOUNT": "一千二百元",
    }
    spans = [Span(t, text.index(v), text.index(v) + len(v), 0.9) for t, v in values.items()]
    masker = Masker(load_policies(), key_for=key_for)
    assert lines == {name: masker.mask(text, spans, policy=name).text for name in lines}
