from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_taiwan_permit import CnTaiwanPermitRecognizer
from tests.detection.recognizers.support import found

REC = CnTaiwanPermitRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("台胞证12345678", ["12345678"]),
        ("台胞证号码：12345678，", ["12345678"]),
        ("台胞证号是 1234567890", ["1234567890"]),
        ("台湾居民来往大陆通行证12345678", ["12345678"]),
        ("往来台湾通行证L12345678", ["L12345678"]),
        ("台胞證號碼23456781，綁卡失敗", ["23456781"]),  # traditional cue
        ("臺胞證 23456781", ["23456781"]),
        # failure cases
        ("12345678", []),  # eight digits alone are a date or a number
        ("台胞证1234567", []),
        ("台胞证123456789", []),
        ("台胞证办了3个月，订单12345678", []),
        ("L12345678", []),
        ("台胞證辦好了，訂單23456781", []),
    ],
)
def test_taiwan_permits(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
