from __future__ import annotations

from datetime import date

import pytest

from privacy_gateway.detection.recognizers.cn_resident_id import (
    CnResidentIdRecognizer,
    region_valid,
    resident_id_valid,
)
from tests.detection.recognizers.support import found, scores

REC = CnResidentIdRecognizer()
TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105199003071239", True),
        ("51010719991231002X", True),
        ("310115200002294567", True),  # 29 February of a leap year
        ("810000199001010019", True),  # Hong Kong residents' residence permit
        ("830000199001010020", True),  # Taiwan residents' residence permit
        ("11010519000101001X", True),  # 1900-01-01, the earliest accepted
        ("110105240101151", True),  # 15 digits: 1924-01-01
        ("110105490229123", False),  # 15 digits: 1949 had no 29 February
        ("110105199003071238", False),  # wrong check digit
        ("440524188001010014", False),  # born 1880: before 1900
        ("110105189912310015", False),
        ("110105209912310029", False),  # born in the future
        ("110105202406020010", False),  # born tomorrow (check digit aside, date is rejected)
        ("910105199003071233", False),  # no province 91
        ("110005199003071235", False),  # prefecture 00 outside the permits
        ("110105199013071230", False),  # month 13
        ("11010519900307123", False),  # 17 characters
        ("", False),
    ],
)
def test_resident_id_valid(number: str, valid: bool) -> None:
    assert resident_id_valid(number, today=TODAY) is valid


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("110105", True),
        ("650102", True),
        ("810000", True),
        ("100000", False),
        ("110000", False),
        ("990101", False),
    ],
)
def test_region_valid(code: str, valid: bool) -> None:
    assert region_valid(code) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证11010519491231002X", ["11010519491231002X"]),
        ("身份证号码：11010519491231002x。", ["11010519491231002x"]),
        ("我的证件号是110105199003071239，请核实", ["110105199003071239"]),
        ("110105 19900307 1239", ["110105 19900307 1239"]),
        ("110105-19900307-1239", ["110105-19900307-1239"]),
        ("身份证号码 110105-1990-0307-1239", ["110105-1990-0307-1239"]),
        ("１１０１０５１９９００３０７１２３９", ["１１０１０５１９９００３０７１２３９"]),
        ("ID:51010719991231002X", ["51010719991231002X"]),
        ("老身份证110105490101123", ["110105490101123"]),
        ("身份证编号110105199003071239", ["110105199003071239"]),
        # failure cases
        ("身份证110105199003071238", []),  # checksum
        ("440524188001010014", []),
        ("订单号110105199003071239", []),
        ("银行卡号110105199003071239", []),
        ("1110105199003071239", []),  # inside a longer run
        ("11010519900307123912", []),
        ("110105199003071239X", []),
        ("20231120123456789X", []),  # order-number shaped: no province 20
        ("110105991301123", []),  # 15 digits with month 13
    ],
)
def test_resident_ids(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected


def test_cue_and_checksum_score_higher_than_checksum_alone() -> None:
    (plain,) = scores(REC, "110105199003071239")
    (cued,) = scores(REC, "身份证号110105199003071239")
    (legacy,) = scores(REC, "110105490101123")
    assert cued > plain > legacy >= 0.5
