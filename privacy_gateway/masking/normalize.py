"""The comparable form of a detected value, so that one number written two ways is one value.

Placeholder numbering and pseudonyms both key on it: "138 1234 5678", "+86 13812345678" and
"１３８１２３４５６７８" are the same phone number, "Zhang@QQ.com" and "zhang@qq.com" the same address.
"""

from __future__ import annotations

import re
import unicodedata

from privacy_gateway.types import BANK_CARD, CN_RESIDENT_ID, EMAIL_ADDRESS, PHONE_NUMBER

_NOT_DIGIT = re.compile(r"\D")
_SPACE = re.compile(r"\s+")
_MOBILE_WITH_COUNTRY = re.compile(r"(?:0086|86)(1[3-9]\d{9})")


def normalize(entity_type: str, value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    if entity_type == PHONE_NUMBER:
        digits = _NOT_DIGIT.sub("", text)
        mobile = _MOBILE_WITH_COUNTRY.fullmatch(digits)
        return mobile.group(1) if mobile else digits
    if entity_type == BANK_CARD:
        return _NOT_DIGIT.sub("", text)
    if entity_type == CN_RESIDENT_ID:
        return _SPACE.sub("", text).upper()
    if entity_type == EMAIL_ADDRESS:
        return text.casefold()
    return _SPACE.sub(" ", text)
