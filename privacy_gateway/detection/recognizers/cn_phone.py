"""PHONE_NUMBER: mainland mobile numbers (walking-skeleton version; the detection issue replaces it)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class CnPhoneRecognizer(PatternRecognizer):
    PATTERNS = [Pattern("cn_mobile", r"(?<!\d)1[3-9]\d{9}(?!\d)", 0.6)]
    CONTEXT = ["手机", "电话", "联系方式", "回电"]

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )
