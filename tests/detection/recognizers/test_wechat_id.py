from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.wechat_id import WechatIdRecognizer
from tests.detection.recognizers.support import found

REC = WechatIdRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("微信号 zhangsan_88", ["zhangsan_88"]),
        ("微信号：lilyzhang", ["lilyzhang"]),
        ("加我vx: lily2024", ["lily2024"]),
        ("微信wang-wu99", ["wang-wu99"]),
        ("微信是abcdef", ["abcdef"]),
        ("WeChat ID Jack_Ma2020", ["Jack_Ma2020"]),
        ("微信号123456789", ["123456789"]),  # numeric id after an explicit label
        ("wxid_abc123def456", ["wxid_abc123def456"]),
        # failure cases
        ("微信Android版本", []),  # a bare cue needs a digit, _ or - in the id
        ("微信支付失败", []),
        ("微信号13812345678", []),  # a mobile number is a PHONE_NUMBER
        ("微信号 abc", []),  # too short
        ("微信号 1abcdef", []),  # must start with a letter
        ("zhangsan_88", []),  # no cue
    ],
)
def test_wechat_ids(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
