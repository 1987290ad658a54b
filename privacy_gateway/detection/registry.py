"""The recognizers the gateway's analyzer loads, in one explicit list.

Add a recognizer: write recognizers/<name>.py (one class), import it here and add it to
``recognizer_classes()``. Nothing is discovered implicitly.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

LANGUAGE = "zh"


def recognizer_classes() -> list[type[EntityRecognizer]]:
    from privacy_gateway.detection.recognizers.cn_phone import CnPhoneRecognizer

    return [
        CnPhoneRecognizer,
    ]


def build_registry() -> RecognizerRegistry:
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for cls in recognizer_classes():
        registry.add_recognizer(cls(supported_language=LANGUAGE))  # type: ignore[call-arg]
    return registry
