from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_service_hotline import CnServiceHotlineRecognizer
from tests.detection.recognizers.support import found

REC = CnServiceHotlineRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客服热线400-820-8820", ["400-820-8820"]),
        ("4008208820", ["4008208820"]),
        ("4008 123 456", ["4008 123 456"]),
        ("800-810-8888", ["800-810-8888"]),
        ("打95588没人接", ["95588"]),
        ("客服电话95188", ["95188"]),
        ("拨打10086投诉", ["10086"]),
        ("打12315举报", ["12315"]),
        ("95017转1", []),  # no cue: 95xxx alone is not reported
        # failure cases
        ("95588", []),
        ("花了10000", []),
        ("40082088201", []),  # 11 digits
        ("订单4008208820123", []),
        ("13812345678", []),
    ],
)
def test_service_hotlines(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
