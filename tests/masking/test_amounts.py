from __future__ import annotations

from decimal import Decimal

import pytest

from privacy_gateway.masking.amounts import parse_amount, parse_number
from privacy_gateway.masking.operators.generalize import amount_bucket


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1200元", "1200"),
        ("¥1,200.50", "1200.50"),
        ("￥８８", "88"),
        ("RMB 500", "500"),
        ("人民币五百元", "500"),
        ("一千二百元", "1200"),
        ("一千二", "1200"),
        ("壹仟贰佰元整", "1200"),
        ("两千五百块钱", "2500"),
        ("三万五", "35000"),
        ("1.5万元", "15000"),
        ("2万5", "25000"),
        ("1万2千元", "12000"),
        ("一亿二千万", "120000000"),
        ("12k", "12000"),
        ("十块", "10"),
        ("十五块", "15"),
        ("一百零五元", "105"),
        ("一二零零元", "1200"),
        ("三块五", "3.5"),
        ("五毛", "0.5"),
        ("3元5角2分", "3.52"),
        ("五百多元", "500"),
    ],
)
def test_parse_amount(text: str, yuan: str) -> None:
    assert parse_amount(text) == Decimal(yuan)


@pytest.mark.parametrize("text", ["几百块", "元", "", "abc元", "一些钱", "5元50"])
def test_unparseable_amounts_are_none(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["", "1.2.3", "x十"])
def test_parse_number_rejects_garbage(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("50元", "<AMOUNT:0-100>"),
        ("100元", "<AMOUNT:100-500>"),
        ("一千二百元", "<AMOUNT:1000-5000>"),
        ("499.99元", "<AMOUNT:100-500>"),
        ("5万", "<AMOUNT:50000+>"),
        ("几百块", "<AMOUNT>"),
    ],
)
def test_amount_bucket(text: str, label: str) -> None:
    assert amount_bucket(text, (100, 500, 1000, 5000, 10000, 50000)) == label
