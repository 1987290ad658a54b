from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_passport import CnPassportRecognizer
from tests.detection.recognizers.support import found

REC = CnPassportRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("护照号E12345678", ["E12345678"]),
        ("护照：G12345678", ["G12345678"]),
        ("护照号码是EA1234567", ["EA1234567"]),
        ("passport e12345678", ["e12345678"]),
        ("我的护照 DE1234567", ["DE1234567"]),
        ("护照Ｅ１２３４５６７８", ["Ｅ１２３４５６７８"]),
        ("護照號碼E23456781", ["E23456781"]),  # traditional cue
        # the cue named earlier in the chat, up to 32 characters before the number
        ("客服：请上传新护照，旧的会自动失效 用户：新的是EK3456712", ["EK3456712"]),
        # failure cases
        ("E12345678", []),  # no cue
        ("优惠码G12345678", []),
        ("护照EI1234567", []),  # I is not used
        ("护照E1234567", []),  # too short
        ("护照E123456789", []),
        ("护照XE12345678", []),
        ("护照号码丢了", []),
        # a cue more than 32 characters before
        ("护照的事已经办好了，谢谢你们这几天的耐心帮助。另外想问下，我领的优惠券码是E12345678", []),
    ],
)
def test_passports(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
