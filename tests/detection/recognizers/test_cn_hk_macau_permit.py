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
        ("回鄉證號碼H23456781", ["H23456781"]),  # traditional cue
        ("港澳通行證 C23456781", ["C23456781"]),
        ("已告知需先完成来往内地通行证认证，证件号M23456781已核对", ["M23456781"]),
        ("请上传回乡证正反面 用户：好的 号码是H34567812", ["H34567812"]),  # cue earlier in the chat
        # failure cases
        ("C12345678", []),  # no cue
        ("港澳通行证C1234567", []),
        ("港澳通行证CI1234567", []),
        ("港澳通行证AC12345678", []),
        ("港澳通行证办理进度", []),
        # a cue more than 32 characters before
        ("回乡证的事已经办好了，谢谢你们这几天的耐心帮助。另外想问下，我领的优惠券码是M12345678", []),
    ],
)
def test_hk_macau_permits(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
