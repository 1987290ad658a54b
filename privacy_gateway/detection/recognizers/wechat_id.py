"""WECHAT_ID: WeChat account ids written after a cue (微信号 zhangsan_88, 加我vx: lily2024).

A WeChat id is 6-20 characters, starting with a letter, then letters, digits, _ or -. After an
explicit label (微信号, 微信账号, 微信ID) or a bare cue plus 是/:/为 any id counts; directly after a
bare cue (微信, vx, wx) it must contain a digit, _ or -, so 微信Android and 微信支付 are left alone.
Numeric ids after an explicit label (old QQ-number style) count too, except an 11-digit mobile, which
is a PHONE_NUMBER. The wxid_ form of internal ids needs no cue.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

WECHAT_ID = "WECHAT_ID"

_LABELS = "微信号码|微信号|微信账号|微信帐号|微信id|wechat id|wx号|vx号|v信号"
_BARE = "微信|wechat|weixin|vx|wx|v信|威信|薇信"
_ID = r"[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9])"
_NUMERIC = r"(?!1[3-9][0-9]{9}(?![0-9]))[1-9][0-9]{5,10}(?![0-9])"
_GAP = r"(?:是|为|:|\s){0,3}"


class WechatIdRecognizer(CnPatternRecognizer):
    ENTITY = WECHAT_ID
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("wechat_labelled", rf"(?:{_LABELS}){_GAP}(?P<pii>{_ID}|{_NUMERIC})", 0.55),
        Pattern("wechat_stated", rf"(?:{_BARE})\s?(?:是|为|:)\s?(?P<pii>{_ID})", 0.55),
        Pattern("wechat_adjacent", rf"(?:{_BARE})\s?(?P<pii>(?=[A-Za-z]{{0,19}}[-_0-9]){_ID})", 0.55),
        Pattern("wechat_wxid", r"(?<![A-Za-z0-9_])wxid_[a-z0-9]{8,24}(?![A-Za-z0-9_])", 0.75),
    ]
    CONTEXT: ClassVar[list[str]] = [*_LABELS.split("|"), *_BARE.split("|")]
    # Every cue (and wxid_) contains one of these; ``regex`` searches a case-blind alternation faster.
    PREFILTER = regex.compile(_BARE, regex.IGNORECASE)
    FLAGS = re.IGNORECASE
