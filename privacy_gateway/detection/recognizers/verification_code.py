"""VERIFICATION_CODE: one-time codes and card security codes that users paste into feedback.

Only a number right after its cue is reported (验证码 123456, 收到的动态码是：8842, 短信验证码为
20240517): 4-8 digits after 验证码/校验码/动态码/短信码/动态密码/确认码, and 3-4 digits after a card
security-code cue (CVV, CVN2, 安全码). A few characters of filler may stand between cue and number
(验证码发的是123456), or a short clause ending in 是/为/a colon (验证码发到我手机上了：3917), never a
digit, so 验证码5分钟内有效 is not a code. Two more shapes carry a code further from its cue, in the
same sentence or the next turn of a chat: a number handed over (让我报验证码 我已经把492816发给他了) and a
number received (重新发送验证码 用户：收到了506218). Traditional forms of the cues count (驗證碼, 簡訊驗證碼).
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

VERIFICATION_CODE = "VERIFICATION_CODE"

_OTP_CUES = (
    "短信验证码|验证码|校验码|动态码|短信码|动态密码|动态口令|确认码|OTP|verification code"
    "|簡訊驗證碼|短信驗證碼|驗證碼|验証码|驗証碼|認證碼|校驗碼|動態碼|動態密碼|確認碼"
)
_CVV_CUES = "CVV2|CVV|CVN2|CVC2|CVC|安全码"
# Up to four characters of filler (验证码发的是123456), or a longer clause that ends in 是/为/a colon
# (验证码发到我手机上了：3917, ...上了，是3917) with no other comma and no other number's cue (电话, 客服,
# 订单...) in it.
_FILLER = (
    r"(?:[^0-9。!?！？\n]{0,4}?"
    r"|(?:(?!电话|热线|客服|工号|订单|单号|尾号|手机号|号码)[^0-9。!?！？\n，,；;]){3,14}?[，,]?[是为:：]\s?)"
)


# Not a year, a date or a count (验证码过了好几分钟才到：2024年), nor the first group of a longer
# number (收到了 2345 6789).
_NOT_A_DATE = r"(?![0-9年月日号點点时時分秒次个個元块塊天]|[ -][0-9])"
# A clause between the cue and a number handed over (我已经把492816发给他了) or received (用户：收到了
# 506218): no sentence end or comma, no other number and no other number's cue in it.
_CLAUSE = (
    r"(?:(?!电话|電話|热线|客服电话|工号|订单|單號|单号|尾号|手机号|号码|號碼)[^0-9。!?！？，,；;\n]){0,16}?"
)
_HANDED = "发给|發給|发过去|發過去|告诉|告訴|报给|報給|给了|給了|给他|給他|给她|給她|给对方|給對方"
_RECEIVED = "收到(?:了|的是)?"  # one literal: the engine searches for it before trying the cue
# A service number is not a code (收到了95588的短信): numbers followed by 的/发 are left alone.
_NOT_A_SENDER = r"(?![的发發])"


class VerificationCodeRecognizer(CnPatternRecognizer):
    ENTITY = VERIFICATION_CODE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("otp_cued", rf"(?:{_OTP_CUES}){_FILLER}(?<![0-9])(?P<pii>[0-9]{{4,8}}){_NOT_A_DATE}", 0.65),
        Pattern(
            "otp_handed_over",
            rf"(?:{_OTP_CUES}){_CLAUSE}把\s?(?<![0-9])(?P<pii>[0-9]{{4,8}})(?![0-9])\s?(?:{_HANDED})",
            0.65,
        ),
        Pattern(
            "otp_received",
            rf"(?:{_OTP_CUES}){_CLAUSE}(?:{_RECEIVED})\s?(?<![0-9])(?P<pii>[0-9]{{4,8}}){_NOT_A_DATE}{_NOT_A_SENDER}",
            0.65,
        ),
        Pattern("cvv_cued", rf"(?:{_CVV_CUES}){_FILLER}(?<![0-9])(?P<pii>[0-9]{{3,4}})(?![0-9])", 0.65),
    ]
    CONTEXT: ClassVar[list[str]] = [*_OTP_CUES.split("|"), *_CVV_CUES.split("|")]
    FLAGS = re.IGNORECASE
    # Every pattern begins with a cue: a text without one is skipped after one search.
    PREFILTER = regex.compile(f"{_OTP_CUES}|{_CVV_CUES}", regex.IGNORECASE)
