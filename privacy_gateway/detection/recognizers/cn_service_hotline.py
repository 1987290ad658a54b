"""SERVICE_HOTLINE: a company's or public service number (400/800 lines, 95xxx, 10086, 12315).

These identify a company, not a person, so they are not PHONE_NUMBER; reporting them as their own
type lets a policy keep them readable (用户说"打了95588没人接" is useful to an analyst) while the
characters are still claimed, so no other recognizer reads them as something personal.
Short numbers (95xxx, 10xxx, 12xxx) need a cue word: alone they are as likely counts or amounts.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

SERVICE_HOTLINE = "SERVICE_HOTLINE"

_CARRIER_AND_PUBLIC = "10086|10010|10000|10001|10011|12315|12345|12306|12321|12366|12378|12363|12388"


class CnServiceHotlineRecognizer(CnPatternRecognizer):
    ENTITY = SERVICE_HOTLINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_400_800",
            r"(?<![0-9])(?<![0-9][ -])[48]00(?:[ -]?[0-9]){7}(?![0-9])(?![ -][0-9])",
            0.6,
        ),
        Pattern("cn_95xxx", r"(?<![0-9])95[0-9]{3}(?:[0-9]{3})?(?![0-9])", 0.35),
        Pattern("cn_public_short", rf"(?<![0-9])(?:{_CARRIER_AND_PUBLIC})(?![0-9])", 0.35),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "客服",
        "热线",
        "拨打",
        "致电",
        "打电话",
        "打给",
        "电话",
        "官方",
        "投诉",
        "举报",
        "人工",
        "打",
        "没人接",
        "打不通",
    ]
