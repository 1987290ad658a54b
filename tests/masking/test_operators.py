"""Each operator on its own, with the params the Masker (or a Presidio user) passes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.numbering import Numbering
from privacy_gateway.masking.operators import (
    DisplayMask,
    Generalize,
    Placeholder,
    Pseudonym,
    Redact,
    VaultToken,
)

KEY = b"k" * 32


@dataclass(frozen=True)
class FakeRegion:
    province: str | None
    city: str | None
    district: str | None


REGIONS = {
    "杭州市西湖区文三路100号": FakeRegion("浙江省", "杭州市", "西湖区"),
    "浙江省杭州市西湖区": FakeRegion("浙江省", "杭州市", "西湖区"),
    "北京市朝阳区建国路88号": FakeRegion("北京市", "北京市", "朝阳区"),
    "杭州": FakeRegion("浙江省", "杭州市", None),
}


def fake_resolve(text: str) -> FakeRegion | None:
    return REGIONS.get(text)


def display(entity_type: str, value: str, **params: Any) -> str:
    return DisplayMask().operate(value, {"entity_type": entity_type, "region_of": fake_resolve, **params})


@pytest.mark.parametrize(
    ("entity_type", "value", "params", "expected"),
    [
        ("PHONE_NUMBER", "13812345678", {}, "138****5678"),
        ("PHONE_NUMBER", "138 1234 5678", {}, "138 **** 5678"),
        ("PHONE_NUMBER", "+86 138-1234-5678", {}, "+86 138-****-5678"),
        ("PHONE_NUMBER", "008613812345678", {}, "0086138****5678"),
        ("PHONE_NUMBER", "13812345678", {"keep_first": 0, "keep_last": 4}, "*******5678"),
        ("PHONE_NUMBER", "010-87654321", {}, "010-****4321"),
        ("PHONE_NUMBER", "0571-88886666", {}, "0571-****6666"),
        ("PHONE_NUMBER", "１３８１２３４５６７８", {}, "１３８****５６７８"),
        ("PHONE_NUMBER", "1381", {}, "****"),  # too short to keep 3 + 4: all masked
        ("CN_RESIDENT_ID", "11010519491231002X", {}, "1101**********002X"),
        ("CN_RESIDENT_ID", "11010519491231002X", {"keep_first": 6, "keep_last": 4}, "110105********002X"),
        ("CN_RESIDENT_ID", "11010519491231002X", {"keep_first": 1, "keep_last": 1}, "1****************X"),
        ("BANK_CARD", "6222021234567890123", {}, "6222 **** **** 0123"),
        ("BANK_CARD", "6222 0212 3456 7890", {}, "6222 **** **** 7890"),
        ("BANK_CARD", "6222021234567890", {"keep_first": 0}, "**** **** 7890"),
        ("PERSON", "张三", {}, "张*"),
        ("PERSON", "张三丰", {}, "张**"),
        ("PERSON", "张先生", {}, "张**"),
        ("PERSON", "欧阳娜娜", {}, "欧阳**"),
        ("PERSON", "张", {}, "*"),
        ("PERSON", "John Smith", {}, "J*** *****"),
        ("EMAIL_ADDRESS", "zhang.san@qq.com", {}, "z•••@qq.com"),
        ("EMAIL_ADDRESS", "a@163.com", {}, "a•••@163.com"),
        ("EMAIL_ADDRESS", "not-an-address", {}, "••••••••••••••"),
        ("LOCATION", "杭州市西湖区文三路100号", {}, "浙江省杭州市西湖区****"),
        ("LOCATION", "杭州市西湖区文三路100号", {"level": "city"}, "浙江省杭州市****"),
        ("LOCATION", "北京市朝阳区建国路88号", {}, "北京市朝阳区****"),
        ("LOCATION", "浙江省杭州市西湖区", {}, "浙江省杭州市西湖区"),  # idempotent on its own output
        ("LOCATION", "某小区3栋", {}, "****"),  # unknown to the gazetteer
        ("AMOUNT", "1200元", {}, "*****"),
        ("AMOUNT", "1200元", {"keep_last": 1}, "****元"),
        ("WECHAT_ID", "wxid_abc123", {}, "***********"),
        ("PHONE_NUMBER", "13812345678", {"mask_char": "#"}, "138####5678"),
    ],
)
def test_display_mask(entity_type: str, value: str, params: dict[str, Any], expected: str) -> None:
    assert display(entity_type, value, **params) == expected


def test_display_mask_without_gazetteer_hides_the_place() -> None:
    assert DisplayMask().operate("杭州市西湖区文三路100号", {"entity_type": "LOCATION"}) == "****"


@pytest.mark.parametrize(
    "params",
    [{"keep_first": 9}, {"keep_last": -1}, {"keep_first": "3"}, {"mask_char": "x"}, {"mask_char": "**"}],
)
def test_display_mask_rejects_bad_params(params: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        DisplayMask().validate({"entity_type": "PHONE_NUMBER", **params})


def test_placeholder_numbers_per_document_and_type() -> None:
    op, numbering = Placeholder(), Numbering()

    def p(t: str, v: str) -> str:
        return op.operate(v, {"entity_type": t, "numbering": numbering})

    assert [
        p("PHONE_NUMBER", "13812345678"),
        p("PHONE_NUMBER", "13987654321"),
        p("PHONE_NUMBER", "+86 138 1234 5678"),  # the same number written differently
        p("EMAIL_ADDRESS", "A@qq.com"),
        p("EMAIL_ADDRESS", "a@QQ.com"),
    ] == [
        "<PHONE_NUMBER_1>",
        "<PHONE_NUMBER_2>",
        "<PHONE_NUMBER_1>",
        "<EMAIL_ADDRESS_1>",
        "<EMAIL_ADDRESS_1>",
    ]
    fresh = Numbering()
    assert (
        op.operate("13987654321", {"entity_type": "PHONE_NUMBER", "numbering": fresh}) == "<PHONE_NUMBER_1>"
    )
    assert "13812345678" not in repr(numbering)


@pytest.mark.parametrize("op", [Placeholder(), VaultToken()])
def test_placeholder_needs_numbering(op: Placeholder) -> None:
    with pytest.raises(ConfigError, match="numbering"):
        op.validate({"entity_type": "PERSON"})


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, "<REDACTED>"), ({"marker": "［已删除］"}, "［已删除］"), ({"marker": ""}, "")],
)
def test_redact(params: dict[str, Any], expected: str) -> None:
    assert Redact().operate("张三", {"entity_type": "PERSON", **params}) == expected


def test_pseudonym_shape_and_stability() -> None:
    op = Pseudonym()
    token = op.operate("张三", {"entity_type": "PERSON", "key": KEY})
    assert re.fullmatch(r"<PERSON_[abcdefghjkmnqrsu]{16}>", token)
    assert op.operate("张三", {"entity_type": "PERSON", "key": KEY}) == token
    assert op.operate("张三", {"entity_type": "PERSON", "key": b"j" * 32}) != token
    assert op.operate("张三", {"entity_type": "LOCATION", "key": KEY}) != token.replace("PERSON", "LOCATION")
    phone = {"entity_type": "PHONE_NUMBER", "key": KEY}
    assert op.operate("13812345678", phone) == op.operate("+86 138 1234 5678", phone)
    assert (
        len(op.operate("张三", {"entity_type": "PERSON", "key": KEY, "length": 10})) == len("<PERSON_>") + 10
    )
    assert (
        len(op.operate("张三", {"entity_type": "PERSON", "key": KEY, "length": 32})) == len("<PERSON_>") + 32
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"key": None},
        {"key": b""},
        {"key": b"short"},
        {"key": "k" * 32},  # a str is not key bytes
        {"key": KEY, "length": 9},
        {"key": KEY, "length": 33},
    ],
)
def test_pseudonym_refuses_without_a_usable_key(params: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Pseudonym().operate("张三", {"entity_type": "PERSON", **params})


@pytest.mark.parametrize(
    ("entity_type", "value", "params", "expected"),
    [
        ("AMOUNT", "一千二百元", {}, "<AMOUNT:1000-5000>"),
        ("AMOUNT", "50元", {"buckets": (10, 100)}, "<AMOUNT:10-100>"),
        ("AMOUNT", "几百块", {}, "<AMOUNT>"),
        ("LOCATION", "杭州市西湖区文三路100号", {"level": "city"}, "浙江省杭州市"),
        ("LOCATION", "杭州市西湖区文三路100号", {"level": "district"}, "浙江省杭州市西湖区"),
        ("LOCATION", "杭州市西湖区文三路100号", {"level": "province"}, "浙江省"),
        ("LOCATION", "北京市朝阳区建国路88号", {"level": "city"}, "北京市"),
        ("LOCATION", "杭州", {"level": "district"}, "浙江省杭州市"),
        ("LOCATION", "某小区3栋", {"level": "city"}, "<LOCATION>"),
    ],
)
def test_generalize(entity_type: str, value: str, params: dict[str, Any], expected: str) -> None:
    params = {"entity_type": entity_type, "region_of": fake_resolve, **params}
    assert Generalize().operate(value, params) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"entity_type": "PERSON"},
        {"entity_type": "AMOUNT", "buckets": (500, 100)},
        {"entity_type": "AMOUNT", "buckets": (0, 100)},
        {"entity_type": "LOCATION", "level": "street"},
    ],
)
def test_generalize_rejects_bad_params(params: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Generalize().validate(params)


def test_operators_work_inside_presidio_anonymizer_engine() -> None:
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    from privacy_gateway.masking.operators import register_operators

    engine = register_operators(AnonymizerEngine())
    text = "手机13812345678，邮箱a@qq.com"
    results = [RecognizerResult("PHONE_NUMBER", 2, 13, 0.9), RecognizerResult("EMAIL_ADDRESS", 16, 24, 0.9)]
    out = engine.anonymize(
        text,
        results,
        {
            "PHONE_NUMBER": OperatorConfig("display_mask"),
            "EMAIL_ADDRESS": OperatorConfig("pseudonym", {"key": KEY}),
        },
    )
    assert out.text.startswith("手机138****5678，邮箱<EMAIL_ADDRESS_")
