"""VERIFICATION_CODE: one-time codes and card security codes that users paste into feedback.

Only a number right after its cue is reported (验证码 123456, 收到的动态码是：8842, 短信验证码为
20240517): 4-8 digits after 验证码/校验码/动态码/短信码/动态密码/确认码, and 3-4 digits after a card
security-code cue (CVV, CVN2, 安全码). A few characters of filler may stand between cue and number
(验证码发的是123456), or a short clause ending in 是/为/a colon (验证码发到我手机上了：3917), never a
digit, so 验证码5分钟内有效 is not a code.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

VERIFICATION_CODE = "VERIFICATION_CODE"

_OTP_CUES = "短信验证码|验证码|校验码|动态码|短信码|动态密码|动态口令|确认码|OTP|verification code"
_CVV_CUES = "CVV2|CVV|CVN2|CVC2|CVC|安全码"
# Up to four characters of filler (验证码发的是123456), or a longer clause that ends in 是/为/a colon
# (验证码发到我手机上了：3917, ...上了，是3917) with no other comma and no other number's cue (电话, 客服,
# 订单...) in it.
_FILLER = (
    r"(?:[^0-9。!?！？\n]{0,4}?"
    r"|(?:(?!电话|热线|客服|工号|订单|单号|尾号|手机号|号码)[^0-9。!?！？\n，,；;]){3,14}?[，,]?[是为:：]\s?)"
)


# Not a year, a date or a count (验证码过了好几分钟才到：2024年).
_NOT_A_DATE = r"(?![0-9年月日号点时分秒次个元块天])"


class VerificationCodeRecognizer(CnPatternRecognizer):
    ENTITY = VERIFICATION_CODE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("otp_cued", rf"(?:{_OTP_CUES}){_FILLER}(?<![0-9])(?P<pii>[0-9]{{4,8}}){_NOT_A_DATE}", 0.65),
        Pattern("cvv_cued", rf"(?:{_CVV_CUES}){_FILLER}(?<![0-9])(?P<pii>[0-9]{{3,4}})(?![0-9])", 0.65),
    ]
    CONTEXT: ClassVar[list[str]] = [*_OTP_CUES.split("|"), *_CVV_CUES.split("|")]
    FLAGS = re.IGNORECASE
    # Every pattern begins with a cue: a text without one is skipped after one search.
    PREFILTER = regex.compile(f"{_OTP_CUES}|{_CVV_CUES}", regex.IGNORECASE)
