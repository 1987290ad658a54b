"""PHONE_NUMBER: a person's mobile or landline number, mainland or foreign.

Mobiles: 1[3-9] + 9 digits, optionally after +86 / 0086 / 86 / (+86), written in one run or grouped
3-4-4, 3-8 or 7-4 with spaces or dashes. Landlines: an area code (010, 02x, 0xxx) with a separator,
in brackets or after +86 (+86 10 ...), 7-8 subscriber digits, optional extension (-123, 转123,
ext 123); the subscriber number may be grouped 4-4 or 3-4 (0755-8888 6666). A landline written as
one run (075512345678) is ambiguous with other numbers, so it needs a cue word. Company service lines
(95xxx, 400/800, 10086) are a company's, not a person's: no pattern here matches them, and they are
not reported at all (docs/recognizers.md).

Numbers of other countries are matched when written with + and a country code (+852 9123 4567,
+1 415 555 1234), and checked with the phonenumbers library (a Presidio dependency; its metadata
ships in the wheel) for a length that country's numbers can have. "Possible", not "valid": the + and
the country code already say it is a phone number, and a number outside the allocated ranges (the
UK's +44 7700 900xxx drama range, a new prefix the metadata does not know yet) is still someone's.
Without the +, three national forms are distinct enough to match: Taiwan mobiles 09xx-xxx-xxx
(grouped 4-3-3 or 4-6; one run of ten digits needs a cue), UK mobiles 07xxx xxxxxx (grouped 5-6),
and a local number of 7-8 digits (Hong Kong and Macau numbers, a landline without its area code)
right after a phone label (回拨号码5632 7018, 電話：2345 6789). That label must not be a company's
(客服电话, 热线电话, 服务电话 announce a service line), and the number has 7-8 digits, not starting
with 0 or 1: 95588, 12315, 96110 and 1069... SMS gateways stay out, and so does an 8-digit date.

Look-arounds keep the match out of longer digit runs (IDs, cards, order numbers); a grouped number
must not follow another digit group (the 138 1234 5678 of 6222 138 1234 5678 belongs to something
longer). What follows a grouped number is not checked the same way: "138 1234 5678 3月2日" is common.
"""

from __future__ import annotations

import re
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
# A label that says the number after it is someone's phone (simplified and traditional forms). The
# labels open the pattern as plain literals (a look-behind in front would make the engine try every
# position); the checks on what precedes a label follow it, as fixed-width look-behinds:
# - 号码 alone labels any number (订单号码, 证件号码): only 留(了个)号码, a number someone left;
# - an English label is a word of its own (not the tel of hotel);
# - no company word up to four characters before the label, within the clause: 客服电话,
#   客服联系电话 and 官方热线电话 announce a service line.
_LABEL = (
    "电话|電話|手机|手機|座机|座機|固话|固話|回拨|回撥|回电|回電|致电|致電|拨打|撥打|打给|打給|联系|聯繫"
    "|聯絡|联络|号码|號碼|telephone|Telephone|tel|Tel|TEL|phone|Phone|PHONE|mobile|Mobile|MOBILE"
    "|whatsapp|WhatsApp"
)
_LEFT_NUMBER = r"(?:(?<![号號][码碼])|(?<=(?:留下|留了|留个|留個|了个|了個)..)|(?<=留..))"
_EN_WORD = r"(?<![A-Za-z]tel)(?<![A-Za-z]Tel)(?<![A-Za-z]phone)(?<![A-Za-z]mobile)"
_COMPANY = "(?:客服|热线|熱線|服务|服務|官方|人工|投诉|投訴|公司)"
_IN_CLAUSE = r"[^\s，。,;；:]"
_NOT_A_COMPANY_LABEL = "".join(f"(?<!{_COMPANY}{_IN_CLAUSE * n}..)" for n in range(5))
# Patterns that open with an alternation of literals run on the standard re engine: it skips ahead to
# the labels' first characters, where regex tries every position (2 against 7 µs per feedback text).
_STANDARD_ENGINE = frozenset({"local_labelled"})
_LABEL_SEP = r"(?:\s?(?:[是为為:]|是:)?\s?)"
_NOT_A_DATE = r"(?!(?:19|20)[0-9]{2}[01][0-9][0-3][0-9](?![0-9]))"  # 20231120
# Not part of a longer number, a date, a count or a sum.
_LOCAL_END = r"(?![0-9]|[ -.][0-9]|[年月日号號元块塊次个個分秒天%])"


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
        # Taiwan 09xx-xxx-xxx / 09xx-xxxxxx and UK 07xxx xxxxxx, grouped as each country writes them
        Pattern(
            "foreign_mobile_grouped",
            rf"{_NOT_AFTER_DIGITS}0(?:9[0-9]{{2}}(?:[ -][0-9]{{3}}[ -]?[0-9]{{3}}|-[0-9]{{6}})"
            rf"|7[1-9][0-9]{{2}} [0-9]{{6}})(?![0-9])",
            0.6,
        ),
        Pattern("tw_mobile_run", r"(?<![0-9])09[0-9]{8}(?![0-9])", 0.4),
        Pattern(
            "local_labelled",
            rf"(?:{_LABEL}){_LEFT_NUMBER}{_EN_WORD}{_NOT_A_COMPANY_LABEL}(?:号码|號碼|号|號)?{_LABEL_SEP}"
            rf"(?P<pii>{_NOT_A_DATE}[2-9][0-9]{{2,3}}[ -]?[0-9]{{4}}){_LOCAL_END}",
            0.6,
        ),
        # Other countries (Hong Kong +852, Macau +853, Taiwan +886...): only with the +, validated.
        Pattern("intl", r"(?<![0-9A-Za-z+])\+(?!86)[1-9][0-9]{0,2}(?:[ -]?[0-9]){6,12}(?![0-9])", 0.7),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "手機",
        "電話",
        "號碼",
        "聯絡",
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

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(supported_language)
        self._compiled = [
            (score, re.compile(pattern.regex) if pattern.name in _STANDARD_ENGINE else compiled)
            for pattern, (score, compiled) in zip(self.patterns, self._compiled, strict=True)
        ]

    def validate_result(self, pattern_text: str) -> bool | None:
        if not pattern_text.startswith("+") or pattern_text.startswith("+86"):
            return None  # the mainland patterns carry their own structure
        try:
            number = phonenumbers.parse(pattern_text, None)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_possible_number(number)
