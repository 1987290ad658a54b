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


def test_logins_score_below_phone_and_email() -> None:
    (result,) = REC.analyze("支付宝账号13812345678", [], None)
    assert result.score < 0.75  # CnPhoneRecognizer's uncued mobile score
