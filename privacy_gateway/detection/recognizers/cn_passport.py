"""CN_PASSPORT: passports of the People's Republic of China.

Ordinary passports: E + 8 digits, or E + a letter (not I/O) + 7 digits once the E-digit numbers ran
out, and G + 8 digits (2008-2012 booklets). Diplomatic, service and public-affairs passports: D, S, P,
DE, SE, PE + 7 digits. A letter and eight digits is also a product code or a coupon, so the pattern
alone scores below the threshold: a cue word (护照, 護照, passport) is needed. It may stand up to 32
characters before the number: in a chat the passport is named once and its number follows in a later
turn (需要上传新护照，旧证件会自动失效哦 用户：新的是EJ...).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import LETTER_DIGIT, CnPatternRecognizer

CN_PASSPORT = "CN_PASSPORT"


class CnPassportRecognizer(CnPatternRecognizer):
    ENTITY = CN_PASSPORT
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_passport_ordinary",
            r"(?<![A-Za-z0-9])(?:[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7})(?![A-Za-z0-9])",
            0.45,
        ),
        Pattern("cn_passport_official", r"(?<![A-Za-z0-9])(?:[DSP]E?)[0-9]{7}(?![A-Za-z0-9])", 0.3),
    ]
    CONTEXT: ClassVar[list[str]] = ["护照", "护照号", "护照号码", "護照", "護照號碼", "passport", "出入境"]
    CONTEXT_BOOST = 0.4
    CONTEXT_BEFORE = 32
    PREFILTER = LETTER_DIGIT
    FLAGS = re.IGNORECASE
