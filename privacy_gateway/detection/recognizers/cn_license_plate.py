"""CN_LICENSE_PLATE: mainland vehicle registration plates.

A province abbreviation (京, 粤...), the issuing-office letter (A-Z without I/O), an optional
separator (粤B·12345, 粤B 12345) and the serial: five characters with at least three digits (a
plate has at most two letters in its serial), possibly ending in 挂/学/警/港/澳/领/使; or six for
new-energy vehicles: D/F + a letter or digit + 4 digits (small cars, 粤B·D12345) or 5 digits + D/F
(large vehicles).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer, digits_of

CN_LICENSE_PLATE = "CN_LICENSE_PLATE"

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"
_PREFIX = rf"[{PROVINCES}][{_LETTER}][·•・. -]?"  # province, issuing office, optional separator


class CnLicensePlateRecognizer(CnPatternRecognizer):
    ENTITY = CN_LICENSE_PLATE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_plate_new_energy",
            rf"{_PREFIX}(?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF])(?![A-Za-z0-9])",
            0.75,
        ),
        Pattern(
            "cn_plate",
            rf"{_PREFIX}[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警港澳领使](?![A-Za-z0-9])",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["车牌", "车牌号", "牌照", "车辆", "车主", "停车", "违章", "挪车", "的车"]
    PREFILTER = re.compile(f"[{PROVINCES}][A-Za-z]")
    FLAGS = re.IGNORECASE

    def validate_result(self, pattern_text: str) -> bool:
        serial = pattern_text[2:].lstrip("·•・. -")
        return len(serial) == 6 or len(digits_of(serial)) >= 3
