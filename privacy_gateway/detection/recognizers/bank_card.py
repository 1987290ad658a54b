"""BANK_CARD: payment card numbers, Luhn-valid, with a known network prefix and length.

16-19 digits: UnionPay 62 (and the domestic 60/955x BINs, e.g. 6013 BOC, 9558 ICBC), Visa 4
(16/19), Mastercard 51-55 and 2221-2720 (16), JCB 3528-3589, Discover 6011/644-649/65. 14-15 digits:
American Express 34/37 (15), Diners 36/30/38/39 (14). Written in one run, in groups of four, or
Amex-style 4-6-5. Cue words (卡号, 银行卡, 尾号, 信用卡...) raise the score; a number labelled
订单号/流水号/交易单号/身份证 is not a card, however valid its checksum.

"尾号1234" (the last four digits a bank shows on receipts) is deliberately not detected: PCI DSS
allows printing them, four digits identify no one, and masking them would hide the only way an
agent can tell which of a user's cards a complaint is about.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.checksums import luhn_valid
from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer, digits_of
from privacy_gateway.types import BANK_CARD

_ANY_LENGTH = frozenset(range(16, 20))
# (prefix, allowed lengths); the longest matching prefix decides.
_NETWORKS: tuple[tuple[str, frozenset[int]], ...] = (
    ("62", _ANY_LENGTH),  # UnionPay
    ("60", _ANY_LENGTH),  # domestic debit BINs (6013 Bank of China) and Discover 6011
    ("65", _ANY_LENGTH),  # Discover / RuPay
    *((str(p), _ANY_LENGTH) for p in range(644, 650)),  # Discover
    *((p, _ANY_LENGTH) for p in ("9555", "9558", "9559")),  # legacy domestic debit (CMB, ICBC, ABC)
    ("4", frozenset({16, 19})),  # Visa
    *((str(p), frozenset({16})) for p in range(51, 56)),  # Mastercard
    *((str(p), frozenset({16})) for p in range(2221, 2721)),  # Mastercard 2-series
    *((str(p), _ANY_LENGTH) for p in range(3528, 3590)),  # JCB
    ("34", frozenset({15})),  # American Express
    ("37", frozenset({15})),
    ("36", frozenset({14, *_ANY_LENGTH})),  # Diners Club
    *((p, frozenset({14, 16})) for p in ("30", "38", "39")),
)
_LENGTHS_BY_PREFIX = dict(_NETWORKS)
_PREFIX_SIZES = sorted({len(p) for p, _ in _NETWORKS}, reverse=True)


def card_number_valid(digits: str) -> bool:
    """Known network prefix with an allowed length, and the Luhn check."""
    for size in _PREFIX_SIZES:
        lengths = _LENGTHS_BY_PREFIX.get(digits[:size])
        if lengths is not None:
            return len(digits) in lengths and luhn_valid(digits)
    return False


# Not right after a group of one to four digits and a separator (the tail of a longer grouped number);
# one fixed-width look-behind per length, so that ``re`` compiles it as well as ``regex``.
_NOT_AFTER_SHORT_GROUP = "".join(f"(?<!(?<![0-9])[0-9]{{{n}}}[ -])" for n in range(1, 5))


class BankCardRecognizer(CnPatternRecognizer):
    ENTITY = BANK_CARD
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("card_run", r"(?<![0-9])[2-9][0-9]{13,18}(?![0-9])", 0.8),
        Pattern(
            "card_grouped",
            # 4-4-4(-4), and a last group of 3 for 19 digits (6222 0212 3456 7890 128). Not after
            # a short digit group (it would be the tail of a longer grouped number), but after a
            # long run and a space it is a second number (6222020000000007 6222 0200 0000 0007).
            rf"(?<![0-9]){_NOT_AFTER_SHORT_GROUP}"
            r"[2-9][0-9]{3}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{3})?(?![0-9])",
            0.8,
        ),
        Pattern(
            # 4-4-4-4 and a last group of 1-2 (6217-0034-1001-2886-32). A pattern of its own: when
            # the short group is something else (6200 0000 0000 0005 3月), Luhn fails this match
            # and the 16 digits are still found by the pattern above.
            "card_grouped_short_tail",
            rf"(?<![0-9]){_NOT_AFTER_SHORT_GROUP}"
            r"[2-9][0-9]{3}(?:[ -][0-9]{4}){3}[ -][0-9]{1,2}(?![0-9])",
            0.8,
        ),
        Pattern(
            "card_amex_grouped",
            rf"(?<![0-9]){_NOT_AFTER_SHORT_GROUP}3[0-9]{{3}}[ -][0-9]{{6}}[ -][0-9]{{4,5}}(?![0-9])",
            0.8,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "卡号",
        "银行卡",
        "银行卡号",
        "信用卡",
        "储蓄卡",
        "借记卡",
        "贷记卡",
        "尾号",
        "的卡",
        "绑卡",
        "绑定",
        "银联",
        "visa",
        "master",
        "card",
    ]
    NEGATIVE_CONTEXT = (*REFERENCE_NUMBER_CUES, "身份证", "身份证号", "身份证号码", "证件号", "证件号码")

    def validate_result(self, pattern_text: str) -> bool:
        return card_number_valid(digits_of(pattern_text))
