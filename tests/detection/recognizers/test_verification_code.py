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
        ("驗證碼：482913", ["482913"]),  # traditional cue
        ("簡訊驗證碼是 2046", ["2046"]),
        # a code handed over or received later in the sentence or the next chat turn
        ("对方让我报验证码 我已经把583014发给他了", ["583014"]),
        ("已幫您重新發送驗證碼 用戶：收到了617392", ["617392"]),
        ("重新发送验证码 用户：收到 4821", ["4821"]),
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
        ("验证码没收到 后来收到了95588的短信", []),  # a sender, not a code
        ("验证码没收到，钱倒是收到了5000", []),  # another clause
        ("验证码收不到 收到了2次短信", []),
        ("让我报验证码 我把订单号20231234发给他了", []),  # an order number
        ("验证码没收到 我把手机号13812345678发给你", []),
        ("验证码不对 我把航班号CA1234发给你", []),  # a flight number
        ("验证码收到了 2345 6789 是预订号", []),  # the first group of a longer number
    ],
)
def test_verification_codes(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
