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
        # failure cases
        ("E12345678", []),  # no cue
        ("优惠码G12345678", []),
        ("护照EI1234567", []),  # I is not used
        ("护照E1234567", []),  # too short
        ("护照E123456789", []),
        ("护照XE12345678", []),
        ("护照号码丢了", []),
    ],
)
def test_passports(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
