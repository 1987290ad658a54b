from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_license_plate import CnLicensePlateRecognizer
from tests.detection.recognizers.support import found

REC = CnLicensePlateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("京A12345", ["京A12345"]),
        ("车牌粤B·D12345的车", ["粤B·D12345"]),
        ("粤BD12345", ["粤BD12345"]),
        ("沪A 12345F", ["沪A 12345F"]),
        ("川A1B2C3", ["川A1B2C3"]),
        ("苏E1234挂", ["苏E1234挂"]),
        ("浙a88888", ["浙a88888"]),
        ("鲁Ｂ１２３４５", ["鲁Ｂ１２３４５"]),  # full-width
        ("京A12345和沪C67890", ["京A12345", "沪C67890"]),
        # failure cases
        ("京AB1CDE", []),  # at most two letters in the serial
        ("京I12345", []),  # I is not an office letter
        ("京A1234", []),
        ("京A1234567", []),
        ("北京123456", []),
        ("京东A12345", []),
        ("A12345", []),
    ],
)
def test_license_plates(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
