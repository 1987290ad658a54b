"""The Masker with hand-made spans and the shipped policies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacy_gateway.errors import ConfigError, InvalidInput, NotFound
from privacy_gateway.masking.engine import Masker, key_label
from privacy_gateway.policies.loader import PolicySet, load_policies
from privacy_gateway.types import Span

TEXT = (
    "张三的手机13812345678，邮箱zhang.san@qq.com，身份证11010519491231002X，退款一千二百元。再打13812345678"
)


def span(entity_type: str, value: str, *, nth: int = 0, text: str = TEXT, score: float = 0.9) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return Span(entity_type, start, start + len(value), score)


SPANS = [
    span("PERSON", "张三"),
    span("PHONE_NUMBER", "13812345678"),
    span("EMAIL_ADDRESS", "zhang.san@qq.com"),
    span("CN_RESIDENT_ID", "11010519491231002X"),
    span("AMOUNT", "一千二百元"),
    span("PHONE_NUMBER", "13812345678", nth=1),
]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            "default",
            "<PERSON_1>的手机<PHONE_NUMBER_1>，邮箱<EMAIL_ADDRESS_1>，身份证<CN_RESIDENT_ID_1>，"
            "退款<AMOUNT_1>。再打<PHONE_NUMBER_1>",
        ),
        (
            "agent_view",
            "张*的手机138****5678，邮箱z•••@qq.com，身份证1101**********002X，退款<AMOUNT:1000-5000>。再打138****5678",
        ),
        (
            "strict",
            "<REDACTED>的手机<REDACTED>，邮箱<REDACTED>，身份证<REDACTED>，退款<REDACTED>。再打<REDACTED>",
        ),
    ],
)
def test_shipped_policies(masker: Masker, policy: str, expected: str) -> None:
    result = masker.mask(TEXT, SPANS, policy=policy)
    assert result.text == expected
    assert result.policy == policy
    assert result.policy_version.startswith("sha256:")


def test_analytics_tokens(masker: Masker) -> None:
    result = masker.mask(TEXT, SPANS, policy="analytics")
    assert result.text.startswith("<PERSON_")
    assert "<AMOUNT:1000-5000>" in result.text
    phone_tokens = re.findall(r"<PHONE_NUMBER_[a-z]{16}>", result.text)
    assert len(phone_tokens) == 2 and phone_tokens[0] == phone_tokens[1]


def test_entities_index_the_original_text(masker: Masker) -> None:
    result = masker.mask(TEXT, list(reversed(SPANS)), policy="default")
    assert [(e.entity_type, TEXT[e.start : e.end]) for e in result.entities] == [
        (s.entity_type, TEXT[s.start : s.end]) for s in SPANS
    ]
    assert [e.operator for e in result.entities] == [
        "placeholder",
        "vault_token",
        "vault_token",
        "placeholder",
        "placeholder",
        "vault_token",
    ]


def test_vault_items(masker: Masker) -> None:
    result = masker.mask(TEXT, SPANS, policy="default")
    items = result.vault_items
    assert [(i.index, i.entity_type, i.token) for i in items] == [
        (1, "PHONE_NUMBER", "<PHONE_NUMBER_1>"),
        (2, "EMAIL_ADDRESS", "<EMAIL_ADDRESS_1>"),
        (5, "PHONE_NUMBER", "<PHONE_NUMBER_1>"),
    ]
    for item in items:
        entity = result.entities[item.index]
        assert (entity.start, entity.end) == (item.start, item.end)
        assert item.original == TEXT[item.start : item.end]
        assert item.original not in repr(item) and item.original not in repr(result)
    assert masker.mask(TEXT, SPANS, policy="agent_view").vault_items == []


def test_overlapping_spans_leave_nothing_in_clear(masker: Masker) -> None:
    text = "地址北京市朝阳区建国路88号"
    spans = [Span("LOCATION", 2, 14, 0.4), Span("PERSON", 8, 10, 0.85)]
    result = masker.mask(text, spans, policy="default")
    assert result.text == "地址<LOCATION_1>"
    assert [(e.entity_type, e.start, e.end) for e in result.entities] == [("LOCATION", 2, 14)]


def test_unlisted_types_follow_the_default_rule(masker: Masker) -> None:
    text = "微信号wxid_abc123"
    spans = [Span("WECHAT_ID", 3, 14, 0.8)]
    assert masker.mask(text, spans, policy="default").text == "微信号<WECHAT_ID_1>"
    assert masker.mask(text, spans, policy="agent_view").text == "微信号***********"
    assert masker.mask(text, spans, policy="strict").text == "微信号<REDACTED>"
    assert re.fullmatch(r"微信号<WECHAT_ID_[a-z]{16}>", masker.mask(text, spans, policy="analytics").text)


def test_no_spans_no_change(masker: Masker) -> None:
    for name in ("default", "agent_view", "analytics", "strict"):
        result = masker.mask("没有个人信息", [], policy=name)
        assert (result.text, result.entities, result.vault_items) == ("没有个人信息", [], [])


@pytest.mark.parametrize(
    "bad", [Span("PERSON", -1, 2, 0.9), Span("PERSON", 3, 99, 0.9), Span("PERSON", 4, 2, 0.9)]
)
def test_spans_outside_the_text_are_refused(masker: Masker, bad: Span) -> None:
    with pytest.raises(InvalidInput) as info:
        masker.mask("张三你好", [bad], policy="default")
    assert "张三" not in str(info.value)


def test_unknown_policy(masker: Masker) -> None:
    with pytest.raises(NotFound, match="available: agent_view, analytics, default, strict"):
        masker.mask(TEXT, SPANS, policy="nope")


def test_pseudonyms_need_a_key_but_other_policies_do_not(policies: PolicySet) -> None:
    masker = Masker(policies, key_for=None)
    assert masker.mask(TEXT, SPANS, policy="default").text.startswith("<PERSON_1>")
    with pytest.raises(ConfigError, match="no key"):
        masker.mask(TEXT, SPANS, policy="analytics")


def test_keys_are_policy_scoped_and_derived_once(policies: PolicySet) -> None:
    asked: list[str] = []

    def key_for(label: str) -> bytes:
        asked.append(label)
        return b"s" * 32

    masker = Masker(policies, key_for=key_for)
    masker.mask(TEXT, SPANS, policy="default")
    assert asked == []  # no pseudonyms, no key material touched
    for _ in range(3):
        masker.mask(TEXT, SPANS, policy="analytics")
    assert asked == [key_label("analytics")] == ["policy:analytics"]


def test_short_keys_are_refused(policies: PolicySet) -> None:
    masker = Masker(policies, key_for=lambda label: b"short")
    with pytest.raises(ConfigError, match="shorter"):
        masker.mask(TEXT, SPANS, policy="analytics")


def test_location_uses_the_injected_gazetteer(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "description: x\ndefault_rule: {operator: redact}\n"
        "rules:\n  LOCATION: {operator: generalize, level: city}\n"
    )

    class Region:
        province, city, district = "浙江省", "杭州市", "西湖区"

    masker = Masker(load_policies(tmp_path), region_of=lambda text: Region())
    assert (
        masker.mask("住在西湖区文三路", [Span("LOCATION", 2, 8, 0.9)], policy="p").text == "住在浙江省杭州市"
    )
