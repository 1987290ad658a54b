"""PHONE_NUMBER: a person's mainland mobile or landline number.

Mobiles: 1[3-9] + 9 digits, optionally after +86 / 0086 / 86 / (+86), written in one run or grouped
3-4-4, 3-8 or 7-4 with spaces or dashes. Landlines: an area code (010, 02x, 0xxx) with a separator,
in brackets or after +86 (+86 10 ...), 7-8 subscriber digits, optional extension (-123, 转123,
ext 123). A landline written as one run (075512345678) is ambiguous with other numbers, so it needs
a cue word. Company service lines (95xxx, 400/800) are not matched here: see cn_service_hotline.

Look-arounds keep the match out of longer digit runs (IDs, cards, order numbers); a grouped number
must not continue with another group (6222 1381 2345 6789 is a card, not a phone inside it).
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.types import PHONE_NUMBER

_INTL = r"(?:\(\+?(?:86|0086)\)|\+?86|0086)[ -]?"
_NOT_AFTER_DIGITS = r"(?<![0-9])(?<![0-9][ -])"
_NOT_BEFORE_DIGITS = r"(?![0-9])(?![ -][0-9])"
_AREA = r"(?:10|2[0-9]|[3-9][0-9]{2})"  # without the trunk 0
_SUBSCRIBER = r"[1-9][0-9]{6,7}"  # real ones start with 2-8; examples (010-12345678) with 1
_EXTENSION = r"(?:(?:-|转|分机|\s?(?i:ext)\.?\s?)[0-9]{1,5})?"


class CnPhoneRecognizer(CnPatternRecognizer):
    ENTITY = PHONE_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("cn_mobile", rf"(?<![0-9])(?:{_INTL})?1[3-9][0-9]{{9}}(?![0-9])", 0.75),
        Pattern(
            "cn_mobile_grouped",
            rf"{_NOT_AFTER_DIGITS}(?:{_INTL})?1[3-9][0-9]"
            rf"(?:[ -][0-9]{{4}}[ -]?[0-9]{{4}}|[0-9]{{4}}[ -][0-9]{{4}}){_NOT_BEFORE_DIGITS}",
            0.75,
        ),
        Pattern(
            "cn_landline",
            rf"{_NOT_AFTER_DIGITS}(?:{_INTL}\(?0?{_AREA}\)?|\(0{_AREA}\)|0{_AREA})(?:[ -]|(?<=\)))"
            rf"{_SUBSCRIBER}{_EXTENSION}{_NOT_BEFORE_DIGITS}",
            0.7,
        ),
        Pattern("cn_landline_run", rf"(?<![0-9])0{_AREA}{_SUBSCRIBER}(?![0-9])", 0.4),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "手机",
        "手机号",
        "电话",
        "号码",
        "联系方式",
        "联系",
        "回电",
        "致电",
        "来电",
        "打给",
        "拨打",
        "座机",
        "固话",
        "分机",
        "tel",
        "phone",
        "mobile",
    ]
    NEGATIVE_CONTEXT = REFERENCE_NUMBER_CUES
