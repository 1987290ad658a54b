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
        # a short clause ending in a colon or 是 between cue and code
        ("验证码刚刚发到我手机上了：7731", ["7731"]),
        ("短信验证码已经发过来了，是 604917", ["604917"]),
        # failure cases
        ("验证码5分钟内有效", []),
        ("验证码一直收不到", []),
        ("验证码123", []),  # too short for a one-time code
        ("验证码123456789", []),  # too long
        ("123456", []),  # no cue
        ("验证码一直没收到，打了好几次电话13812345678", []),
        ("CVV 12345", []),
        ("验证码收不到，客服电话是95588", []),  # another number's cue, and a comma
        ("验证码一直收不到客服热线是95566", []),
        ("验证码过了好几分钟才到：2024年", []),  # a year, not a code
    ],
)
def test_verification_codes(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
