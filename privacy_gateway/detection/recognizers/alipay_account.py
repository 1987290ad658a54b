"""ALIPAY_ACCOUNT: Alipay accounts written after a cue, and Alipay user ids (2088 + 12 digits).

An Alipay login is a mobile number or an e-mail address. Labelled as an account (支付宝账号：, 支付宝
账户是...) it is that account, and is reported as ALIPAY_ACCOUNT at a score above PHONE_NUMBER's and
EMAIL_ADDRESS's, so it wins the overlap: the corpus guidelines label a value by what it is in context,
and so did the independent held-out texts. After a bare 支付宝 ("支付宝 zhang123@163.com") it scores
below them, and only covers what they miss. The 16-digit user id (2088...) is reported on its own and
more strongly with a cue.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

ALIPAY_ACCOUNT = "ALIPAY_ACCOUNT"

_LABELS = "支付宝账号|支付宝帐号|支付宝账户|支付宝帐户|支付宝ID"
_CUES = f"{_LABELS}|支付宝|alipay"
_LOGIN = (
    r"1[3-9][0-9]{9}(?![0-9])"
    r"|[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)


class AlipayAccountRecognizer(CnPatternRecognizer):
    ENTITY = ALIPAY_ACCOUNT
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("alipay_login_labelled", rf"(?:{_LABELS})(?:是|为|:|：|\s){{0,3}}(?P<pii>{_LOGIN})", 0.8),
        Pattern("alipay_login_cued", rf"(?:{_CUES})(?:是|为|:|：|\s){{0,3}}(?P<pii>{_LOGIN})", 0.4),
        Pattern("alipay_user_id", r"(?<![0-9])2088[0-9]{12}(?![0-9])", 0.55),
    ]
    CONTEXT: ClassVar[list[str]] = _CUES.split("|")
    NEGATIVE_CONTEXT = REFERENCE_NUMBER_CUES
    FLAGS = re.IGNORECASE
    # A login needs a cue before it, a user id starts with 2088: a text with neither is skipped.
    PREFILTER = regex.compile(f"{_CUES}|2088", regex.IGNORECASE)
