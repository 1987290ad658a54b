from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.verification_code import VerificationCodeRecognizer
from tests.detection.recognizers.support import found

REC = VerificationCodeRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("验证码123456", ["123456"]),
        ("验证码：8842，别告诉别人", ["8842"]),
        ("收到的短信验证码是 20240517", ["20240517"]),
        ("动态码为６６８８", ["６６８８"]),
        ("校验码 1234", ["1234"]),
        ("验证码发的是123456", ["123456"]),
        ("OTP: 654321", ["654321"]),
        ("verification code 246810", ["246810"]),
        ("信用卡背面CVV 123", ["123"]),
        ("安全码是 0123", ["0123"]),
        # failure cases
        ("验证码5分钟内有效", []),
        ("验证码一直收不到", []),
        ("验证码123", []),  # too short for a one-time code
        ("验证码123456789", []),  # too long
        ("123456", []),  # no cue
        ("验证码一直没收到，打了好几次电话13812345678", []),
        ("CVV 12345", []),
    ],
)
def test_verification_codes(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
