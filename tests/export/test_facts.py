from __future__ import annotations

import pytest

from privacy_gateway.detection.gazetteer import get_gazetteer, resolve
from privacy_gateway.export.facts import amount_base, hoist, region_base

SCAN = get_gazetteer().scan


@pytest.mark.parametrize(
    ("texts", "base"),
    [
        (["转账<AMOUNT:100-500>失败"], "100-500"),
        (["<AMOUNT:100-500>和<AMOUNT:1000-5000>"], "1000-5000"),  # the largest amount
        (["<AMOUNT:50000+>", "<AMOUNT:1000-5000>"], "50000+"),
        (["<AMOUNT:100-500>", "<AMOUNT:100+>"], "100+"),
        (["转账<AMOUNT_1>失败", "没有金额"], ""),  # placeholders carry no value
        (["<AMOUNT:abc>"], ""),
    ],
)
def test_amount_base(texts: list[str], base: str) -> None:
    assert amount_base(texts) == base


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("我在浙江省杭州市西湖区", "浙江省|杭州市"),
        ("深圳南山科技园", "广东省|深圳市"),
        ("北京市朝阳区", "北京市|北京市"),
        ("浙江省的网点", "浙江省|"),
        ("<LOCATION_1>附近", ""),
        ("没有地点", ""),
    ],
)
def test_region_base(text: str, base: str) -> None:
    assert region_base(text, resolve) == base


@pytest.mark.parametrize(
    ("text", "hoisted"),
    [
        ("转账<AMOUNT:100-500>失败，在浙江省杭州市西湖区", "转账<AMOUNT>失败，在<LOCATION>"),
        ("从北京到上海", "从<LOCATION>到<LOCATION>"),
        ("<AMOUNT:50000+>元", "<AMOUNT>元"),
        ("<PERSON_1>说<AMOUNT_1>", "<PERSON_1>说<AMOUNT_1>"),
        ("没有事实", "没有事实"),
        ("", ""),
    ],
)
def test_hoist_removes_amounts_and_places(text: str, hoisted: str) -> None:
    assert hoist(text, SCAN) == hoisted
