from __future__ import annotations

import pytest

from privacy_gateway.detection.checksums import luhn_valid, mod11_2_check_char, mod11_2_valid

# GB 11643-1999 written out: the weights and the remainder -> check character table of the standard.
GB_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
GB_CHECK = ("1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2")


def gb_reference(body: str) -> str:
    return GB_CHECK[sum(int(d) * w for d, w in zip(body, GB_WEIGHTS, strict=True)) % 11]


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("11010519491231002", "X"),  # the standard's own example
        ("44052418800101001", "4"),
        ("11010519900307123", "9"),
        ("51010719991231002", "X"),
        ("37020319850606443", "2"),
    ],
)
def test_mod11_2_check_char(body: str, check: str) -> None:
    assert mod11_2_check_char(body) == check == gb_reference(body)


@pytest.mark.parametrize("body", [f"{n:017d}" for n in range(0, 10**17, 10**17 // 97)])
def test_mod11_2_agrees_with_the_standard_table(body: str) -> None:
    assert mod11_2_check_char(body) == gb_reference(body)


@pytest.mark.parametrize(
    "body",
    ["", "1101051949123100", "110105194912310021", "1101051949123100a", "１１０１０５１９４９１２３１００２"],
)
def test_mod11_2_check_char_rejects_malformed_bodies(body: str) -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        mod11_2_check_char(body)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105199003071239", True),
        ("110105199003071238", False),  # wrong check digit
        ("11010519491231002Y", False),
        ("11010519491231002", False),  # 17 characters
        ("1101051949123100２X", False),  # a full-width digit is not normalised here
        ("", False),
    ],
)
def test_mod11_2_valid(number: str, valid: bool) -> None:
    assert mod11_2_valid(number) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),  # Visa test number
        ("5555555555554444", True),  # Mastercard
        ("2223003122003222", True),  # Mastercard 2-series
        ("378282246310005", True),  # American Express
        ("30569309025904", True),  # Diners
        ("3530111333300000", True),  # JCB
        ("6200000000000005", True),  # UnionPay
        ("6205500000000000004", True),  # UnionPay, 19 digits
        ("0", True),
        ("4111111111111112", False),
        ("6200000000000006", False),
        ("", False),
        ("4111 1111 1111 1111", False),  # separators are the caller's job
        ("41111111111111a1", False),
    ],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid
