"""CN_RESIDENT_ID: the 18-digit resident identity card number (GB 11643-1999) and the legacy 15-digit one.

18 digits: a 6-digit region code, the birth date YYYYMMDD, a 3-digit sequence and an ISO 7064
MOD 11-2 check character (0-9 or X, x accepted). A match must carry the right check character, a real
calendar date between 1900-01-01 and today, and a region code of a real province-level division
(11..65, 71 Taiwan, 81/82 Hong Kong/Macau, 83 the residence permits of Taiwan residents). Only the
province is checked: an ID keeps the county code of where it was first issued, and county codes are
renamed and retired all the time, so a current GB/T 2260 list would reject real, older IDs. The
prefecture digits may only be 00 for 71/81/82/83 (their permits use 810000, 820000, 830000).
15 digits (issued before 1999): region code, YYMMDD in the 1900s, sequence; no check digit, so it
scores lower. Grouped forms (6-8-4, 6-4-4-4, 6-12) are accepted.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.checksums import mod11_2_valid
from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.types import CN_RESIDENT_ID

PROVINCE_CODES = frozenset(
    {
        *("11", "12", "13", "14", "15"),  # 华北
        *("21", "22", "23"),  # 东北
        *("31", "32", "33", "34", "35", "36", "37"),  # 华东
        *("41", "42", "43", "44", "45", "46"),  # 中南
        *("50", "51", "52", "53", "54"),  # 西南
        *("61", "62", "63", "64", "65"),  # 西北
        *("71", "81", "82", "83"),  # 台湾, 香港, 澳门, 台湾居民居住证
    }
)
_PERMIT_PROVINCES = frozenset({"71", "81", "82", "83"})
_MMDD = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"


def resident_id_valid(number: str, *, today: date) -> bool:
    """Whether an 18- or 15-character ID number (separators removed) is well-formed and plausible."""
    if len(number) == 18:
        if not mod11_2_valid(number):
            return False
        birth = number[6:14]
    elif len(number) == 15 and number.isascii() and number.isdigit():
        birth = "19" + number[6:12]
    else:
        return False
    if not region_valid(number[:6]):
        return False
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def region_valid(code: str) -> bool:
    province, prefecture = code[:2], code[2:4]
    if province not in PROVINCE_CODES:
        return False
    return prefecture != "00" or province in _PERMIT_PROVINCES


class CnResidentIdRecognizer(CnPatternRecognizer):
    ENTITY = CN_RESIDENT_ID
    PATTERNS: ClassVar[list[Pattern]] = [
        # One run, or grouped 6-8-4 / 6-4-4-4 / 6-12 with spaces or dashes.
        Pattern(
            "cn_id_18",
            rf"(?<![0-9])[1-8][0-9]{{5}}[ -]?(?:19|20)[0-9]{{2}}[ -]?{_MMDD}[ -]?[0-9]{{3}}[0-9Xx]"
            r"(?![0-9Xx])",
            0.85,
        ),
        Pattern("cn_id_15", rf"(?<![0-9])[1-8][0-9]{{7}}{_MMDD}[0-9]{{3}}(?![0-9])", 0.55),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "身份证",
        "身份证号",
        "身份证号码",
        "身份证编号",
        "居民身份证",
        "公民身份号码",
        "身份号码",
        "证件号",
        "证件号码",
        "证件编号",
        "身份信息",
        "居住证",
        "ID",
    ]
    # Card labels too: a number labelled 卡号 is a card even when it also passes the ID checks.
    NEGATIVE_CONTEXT = (*REFERENCE_NUMBER_CUES, "卡号", "银行卡", "银行卡号", "信用卡", "储蓄卡", "借记卡")

    def validate_result(self, pattern_text: str) -> bool:
        number = pattern_text.replace(" ", "").replace("-", "")
        return resident_id_valid(number, today=date.today())
