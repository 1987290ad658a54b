"""EMAIL_ADDRESS: e-mail addresses, including ones glued to Chinese text (请发到zhang.san@qq.com谢谢).

Presidio's recognizer delimits addresses with ``\\b``, which treats Chinese characters as word
characters, and validates the domain with tldextract, which fetches a suffix list on first use. Here
the address is delimited by what may not be part of it (look-arounds on the ASCII address alphabet),
and the top-level domain comes from the shipped ``email_tlds`` list: a known TLD scores 0.9, any other
alphabetic TLD 0.35 (it needs a cue such as 邮箱 to be reported). Internationalised addresses
(张三@公司.中国) are not matched.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer
from privacy_gateway.detection.recognizers.email_tlds import KNOWN_TLDS
from privacy_gateway.types import EMAIL_ADDRESS

# The local part starts where the address alphabet starts, so only one start per run is tried: linear.
# Leading dots are left out of the reported value; other dot typos (zhang..san@) still identify someone.
_LOCAL = r"(?<![A-Za-z0-9._%+-])\.*(?P<pii>[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}"
_DOMAIN = r"(?:[A-Za-z0-9-]{1,63}\.){1,8}"
_KNOWN = "|".join(sorted(KNOWN_TLDS, key=len, reverse=True))
_END = r"(?![A-Za-z0-9-])"


class CnEmailRecognizer(CnPatternRecognizer):
    ENTITY = EMAIL_ADDRESS
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("email_known_tld", rf"{_LOCAL}@{_DOMAIN}(?:{_KNOWN}){_END})", 0.9),
        Pattern("email_other_tld", rf"{_LOCAL}@{_DOMAIN}[A-Za-z]{{2,24}}{_END})", 0.35),
    ]
    CONTEXT: ClassVar[list[str]] = ["邮箱", "邮件", "电子邮件", "email", "e-mail", "mail", "发到", "发送至"]
    PREFILTER = re.compile("@")
    FLAGS = re.IGNORECASE

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rpartition("@")[2]
        return all(
            label and not label.startswith("-") and not label.endswith("-") for label in domain.split(".")
        )
