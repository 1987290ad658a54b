from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_hk_macau_permit import CnHkMacauPermitRecognizer
from tests.detection.recognizers.support import found

REC = CnHkMacauPermitRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("港澳通行证C12345678", ["C12345678"]),
        ("港澳通行证号码：CA1234567", ["CA1234567"]),
        ("往来港澳通行证 W12345678", ["W12345678"]),
        ("回乡证H12345678", ["H12345678"]),
        ("回乡证M1234567801", ["M1234567801"]),
        ("通行证c12345678", ["c12345678"]),
        # failure cases
        ("C12345678", []),  # no cue
        ("港澳通行证C1234567", []),
        ("港澳通行证CI1234567", []),
        ("港澳通行证AC12345678", []),
        ("港澳通行证办理进度", []),
    ],
)
def test_hk_macau_permits(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
