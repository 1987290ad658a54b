"""CN_TRAVEL_PERMIT (Hong Kong / Macau): the permits for travel between the mainland and HK/Macau.

往来港澳通行证 of mainland residents: C + 8 characters (a digit or, on newer cards, a letter, then
7 digits), or W + 8 digits on the older booklet. 港澳居民来往内地通行证 (回乡证) of HK/Macau
residents: H or M + 8 digits (+ 2 digits of the re-issue count on older cards). A letter and eight
digits is common in product and coupon codes, so a cue word is needed (simplified or traditional:
回乡证, 回鄉證, 通行證), up to 32 characters before the number, as a chat names the card once.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import LETTER_DIGIT, CnPatternRecognizer

CN_TRAVEL_PERMIT = "CN_TRAVEL_PERMIT"


class CnHkMacauPermitRecognizer(CnPatternRecognizer):
    ENTITY = CN_TRAVEL_PERMIT
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_hk_macau_permit",
            r"(?<![A-Za-z0-9])(?:C[0-9A-HJ-NP-Z][0-9]{7}|W[0-9]{8}|[HM][0-9]{8}(?:[0-9]{2})?)(?![A-Za-z0-9])",
            0.4,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "通行证",
        "港澳通行证",
        "往来港澳",
        "回乡证",
        "来往内地",
        "证件号",
        "证件号码",
        "通行證",
        "港澳通行證",
        "往來港澳",
        "回鄉證",
        "來往內地",
        "證件號",
        "證件號碼",
    ]
    CONTEXT_BOOST = 0.4
    CONTEXT_BEFORE = 32
    PREFILTER = LETTER_DIGIT
    FLAGS = re.IGNORECASE
