"""CN_TRAVEL_PERMIT (Taiwan): 台胞证 of Taiwan residents and the mainland residents' permit for Taiwan.

台湾居民来往大陆通行证 (台胞证): 8 digits since 2015 (10 digits on older cards). Eight digits alone are
a date or an order number, so this pattern includes its cue: the number must follow 台胞证 (号码)
and its separators directly (traditional forms too: 台胞證號碼, 臺胞證). 大陆居民往来台湾通行证: L + 8
digits, reported with a cue word up to 32 characters before it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.detection.recognizers.cn_hk_macau_permit import CN_TRAVEL_PERMIT

_TAIBAO_CUES = (
    "台胞证|台湾居民来往大陆通行证|台湾通行证|台胞證|臺胞證|台灣居民來往大陸通行證|台灣通行證|臺灣通行證"
)


class CnTaiwanPermitRecognizer(CnPatternRecognizer):
    ENTITY = CN_TRAVEL_PERMIT
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_taibao_cued",
            rf"(?:{_TAIBAO_CUES})(?:号码|号|號碼|號)?(?:是|为|為|:|\s){{0,3}}(?P<pii>[0-9]{{8}}(?:[0-9]{{2}})?)(?![0-9])",
            0.4,
        ),
        Pattern("cn_taiwan_permit_l", r"(?<![A-Za-z0-9])L[0-9]{8}(?![A-Za-z0-9])", 0.4),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "台胞证",
        "台湾居民来往大陆通行证",
        "台湾通行证",
        "往来台湾",
        "赴台",
        "通行证",
        "台胞證",
        "臺胞證",
        "台灣通行證",
        "往來台灣",
        "通行證",
    ]
    CONTEXT_BOOST = 0.4
    CONTEXT_BEFORE = 32
    FLAGS = re.IGNORECASE
    PREFILTER = re.compile(r"[台臺]|[Ll][0-9]")  # a 台胞证 cue or an L permit number
