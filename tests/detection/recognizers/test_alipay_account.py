from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.alipay_account import AlipayAccountRecognizer
from tests.detection.recognizers.support import found

REC = AlipayAccountRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支付宝账号2088123456789012", ["2088123456789012"]),
        ("2088123456789012", ["2088123456789012"]),
        ("支付宝账号：13812345678", ["13812345678"]),
        ("支付宝 zhang123@163.com", ["zhang123@163.com"]),
        # failure cases
        ("13812345678", []),  # without the cue a mobile is only a PHONE_NUMBER
        ("208812345678901", []),  # 15 digits
        ("20881234567890123", []),
        ("支付宝余额100元", []),
    ],
)
def test_alipay_accounts(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize(
    ("text", "above"),
    [
        ("支付宝账号13812345678", True),  # labelled as the account: above any phone score (<= 0.95)
        ("我的支付宝账号是zhangwei_2020@126.com", True),  # and above an e-mail's (0.9)
        ("支付宝 zhang123@163.com", False),  # a bare 支付宝 before it: below them
    ],
)
def test_labelled_logins_outscore_phone_and_email(text: str, above: bool) -> None:
    (result,) = REC.analyze(text, [], None)
    assert (result.score > 0.95) is above
