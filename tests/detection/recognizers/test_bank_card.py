from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.bank_card import BankCardRecognizer, card_number_valid
from tests.detection.recognizers.support import found, scores

REC = BankCardRecognizer()


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("6222021234567890128", True),  # UnionPay 19
        ("6200000000000005", True),  # UnionPay 16
        ("622588123456789016", True),  # UnionPay 18
        ("6013821234567890", True),  # Bank of China domestic BIN
        ("9558801234567890128", True),  # ICBC legacy domestic BIN
        ("4111111111111111", True),  # Visa
        ("5555555555554444", True),  # Mastercard
        ("2223003122003222", True),  # Mastercard 2-series
        ("3530111333300000", True),  # JCB
        ("6011111111111117", True),  # Discover
        ("378282246310005", True),  # American Express
        ("30569309025904", True),  # Diners
        ("6222021234567890127", False),  # Luhn
        ("4111111111111", False),  # Visa 13: obsolete, not accepted
        ("5555555555554444000", False),  # Mastercard is 16 digits
        ("378282246310005000", False),  # Amex is 15 digits
        ("1234567812345670", False),  # Luhn-valid, unknown prefix
        ("2023112012345674", False),  # order-number shaped, not a 2-series BIN
        ("", False),
    ],
)
def test_card_number_valid(digits: str, valid: bool) -> None:
    assert card_number_valid(digits) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("卡号6222021234567890128", ["6222021234567890128"]),
        ("6222021234567890128", ["6222021234567890128"]),
        ("银行卡6222 0212 3456 7890 128谢谢", ["6222 0212 3456 7890 128"]),
        ("信用卡4111-1111-1111-1111", ["4111-1111-1111-1111"]),
        ("卡号6228-4800-1234-5678-11 提现失败", ["6228-4800-1234-5678-11"]),  # 18 digits, last group 2
        ("卡号6228-4800-1234-5678-12 提现失败", []),  # the same grouping, Luhn fails
        ("Visa 4111 1111 1111 1111", ["4111 1111 1111 1111"]),
        ("AMEX 3782 822463 10005", ["3782 822463 10005"]),
        ("储蓄卡：６２０００００００００００００５", ["６２０００００００００００００５"]),
        ("卡号6200\u200b0000\u200b0000\u200b0005", ["6200\u200b0000\u200b0000\u200b0005"]),
        ("两张卡6200000000000005和5555555555554444", ["6200000000000005", "5555555555554444"]),
        # a grouped card right after another number and a space is a second card
        ("6222020000000007 6222 0200 0000 0007，", ["6222020000000007", "6222 0200 0000 0007"]),
        ("卡号6222021234567890128 4111 1111 1111 1111", ["6222021234567890128", "4111 1111 1111 1111"]),
        # failure cases
        ("卡号6222021234567890127", []),  # Luhn
        ("订单号6222021234567890128", []),
        ("流水号：6222021234567890128", []),
        ("交易单号 6200000000000005", []),
        ("身份证号6200000000000005", []),
        ("尾号1234", []),  # last four digits: not a card (see the module docstring)
        ("卡号尾号0005", []),
        ("62220212345678901281", []),  # 20 digits
        ("1234 6222 0200 0000 0007", []),  # the tail of a longer grouped number
        ("卡号6200 0000 0000 0005 3月", ["6200 0000 0000 0005"]),  # a date after it is not a fifth group
        ("13812345678", []),
        ("110105199003071239", []),
    ],
)
def test_bank_cards(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected


def test_cue_raises_the_score() -> None:
    (plain,) = scores(REC, "6222021234567890128")
    (cued,) = scores(REC, "我的银行卡6222021234567890128")
    assert cued > plain >= 0.5
