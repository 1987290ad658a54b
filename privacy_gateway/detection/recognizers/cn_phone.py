"""PHONE_NUMBER: a person's mainland mobile or landline number.

Mobiles: 1[3-9] + 9 digits, optionally after +86 / 0086 / 86 / (+86), written in one run or grouped
3-4-4, 3-8 or 7-4 with spaces or dashes. Landlines: an area code (010, 02x, 0xxx) with a separator,
in brackets or after +86 (+86 10 ...), 7-8 subscriber digits, optional extension (-123, 转123,
ext 123); the subscriber number may be grouped 4-4 or 3-4 (0755-8888 6666). A landline written as
one run (075512345678) is ambiguous with other numbers, so it needs a cue word. Company service lines
(95xxx, 400/800, 10086) are a company's, not a person's: no pattern here matches them, and they are
not reported at all (docs/recognizers.md).

Numbers of other countries are matched only when written with + and a country code (+852 9123 4567,
+1 415 555 1234), and checked with the phonenumbers library (a Presidio dependency; its metadata
ships in the wheel) for a length that country's numbers can have. "Possible", not "valid": the + and
the country code already say it is a phone number, and a number outside the allocated ranges (the
UK's +44 7700 900xxx drama range, a new prefix the metadata does not know yet) is still someone's.

Look-arounds keep the match out of longer digit runs (IDs, cards, order numbers); a grouped number
must not follow another digit group (the 138 1234 5678 of 6222 138 1234 5678 belongs to something
longer). What follows a grouped number is not checked the same way: "138 1234 5678 3月2日" is common.
"""

from __future__ import annotations

from typing import ClassVar

import phonenumbers
from presidio_analyzer import Pattern

from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.types import PHONE_NUMBER

_INTL = r"(?:\(\+?(?:86|0086)\)|\+?86|0086)[ -]?"
_NOT_AFTER_DIGITS = r"(?<![0-9])(?<![0-9][ -])"
_AREA = r"(?:10|2[0-9]|[3-9][0-9]{2})"  # without the trunk 0
_SUBSCRIBER_RUN = r"[1-9][0-9]{6,7}"  # real ones start with 2-8; examples (010-12345678) with 1
_SUBSCRIBER = rf"(?:{_SUBSCRIBER_RUN}|[1-9][0-9]{{2,3}}[ -][0-9]{{4}})"  # or grouped 3-4 / 4-4
_EXTENSION = r"(?:\s?(?:-|转|分机|(?i:ext)\.?)\s?[0-9]{1,5})?"


class CnPhoneRecognizer(CnPatternRecognizer):
    ENTITY = PHONE_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("cn_mobile", rf"(?<![0-9])(?:{_INTL})?1[3-9][0-9]{{9}}(?![0-9])", 0.75),
        Pattern(
            "cn_mobile_grouped",
            rf"{_NOT_AFTER_DIGITS}(?:{_INTL})?1[3-9][0-9]"
            rf"(?:[ -][0-9]{{4}}[ -]?[0-9]{{4}}|[0-9]{{4}}[ -][0-9]{{4}})(?![0-9])",
            0.75,
        ),
        Pattern(
            "cn_landline",
            rf"{_NOT_AFTER_DIGITS}(?:{_INTL}\(?0?{_AREA}\)?|\(0{_AREA}\)|0{_AREA})(?:[ -]|(?<=\)))"
            rf"{_SUBSCRIBER}{_EXTENSION}(?![0-9])",
            0.7,
        ),
        Pattern("cn_landline_run", rf"(?<![0-9])0{_AREA}{_SUBSCRIBER_RUN}(?![0-9])", 0.4),
        # Other countries (Hong Kong +852, Macau +853, Taiwan +886...): only with the +, validated.
        Pattern("intl", r"(?<![0-9A-Za-z+])\+(?!86)[1-9][0-9]{0,2}(?:[ -]?[0-9]){6,12}(?![0-9])", 0.7),
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

    def validate_result(self, pattern_text: str) -> bool | None:
        if not pattern_text.startswith("+") or pattern_text.startswith("+86"):
            return None  # the mainland patterns carry their own structure
        try:
            number = phonenumbers.parse(pattern_text, None)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_possible_number(number)
