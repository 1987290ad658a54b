"""Check-digit algorithms used by the recognizers. Pure functions over digit strings, table-tested."""

from __future__ import annotations

# ISO 7064 MOD 11-2 as GB 11643-1999 applies it: weights 2^(17-i) mod 11, remainder -> check character.
_MOD11_2_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_MOD11_2_CHECK = "10X98765432"


def mod11_2_check_char(body: str) -> str:
    """The check character ('0'-'9' or 'X') of a 17-digit resident ID body."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError("expected 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(body, _MOD11_2_WEIGHTS, strict=True))
    return _MOD11_2_CHECK[total % 11]


def mod11_2_valid(number: str) -> bool:
    """Whether an 18-character resident ID number carries the right check character (x or X)."""
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return False
    return mod11_2_check_char(number[:17]) == number[17].upper()


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of payment card numbers."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
