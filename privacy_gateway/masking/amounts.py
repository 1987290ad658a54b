"""Amounts of money as written in Chinese feedback, parsed to yuan (Decimal) for generalisation.

Handles ¥/￥/RMB/CNY/人民币 prefixes, 元/块/圆 and 角/毛/分, thousands separators, Arabic and Chinese
numerals (一千二百元, 壹仟贰佰元, 两千五), the colloquial tails (一千二 = 1200, 三万五 = 35000, 三块五 = 3.5),
and k/w shorthands (12k, 3w). Anything else ("几百块") is None: the caller falls back to a bare type.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_DIGITS = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两贰", 2),
    **dict.fromkeys("三叁", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_SMALL_UNITS = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟kK", 1000)}
_BIG_UNITS = {**dict.fromkeys("万萬wW", 10**4), **dict.fromkeys("亿億", 10**8)}

_TOKEN = re.compile(
    r"(?P<arabic>\d+(?:\.\d+)?)|(?P<digit>[" + "".join(_DIGITS) + r"])"
    r"|(?P<small>[" + "".join(_SMALL_UNITS) + r"])|(?P<big>[" + "".join(_BIG_UNITS) + r"])"
)
# Currency words around the number and approximations ("五百多元" counts as 500: the lower bound).
_NOISE = re.compile(r"人民币|RMB|CNY|rmb|¥|元整|钱|多|余|左右|大约|约|[\s,，+\-]")
_YUAN = re.compile(r"[元块圆]")
_JIAO = re.compile(r"(?P<n>.+?)[角毛]")
_FEN = re.compile(r"(?P<n>.+?)分")


def parse_amount(text: str) -> Decimal | None:
    s = _NOISE.sub("", unicodedata.normalize("NFKC", text))
    if not s:
        return None
    parts = _YUAN.split(s, maxsplit=1)
    if len(parts) == 2:
        yuan_text, cents_text = parts
    elif re.search(r"[角毛分]", s):
        yuan_text, cents_text = "", s
    else:
        yuan_text, cents_text = s, ""
    yuan = parse_number(yuan_text) if yuan_text else Decimal(0)
    cents = _parse_cents(cents_text)
    if yuan is None or cents is None or (not yuan_text and not cents_text):
        return None
    return yuan + cents


def _parse_cents(text: str) -> Decimal | None:
    if not text:
        return Decimal(0)
    total = Decimal(0)
    rest = text
    for pattern, unit in ((_JIAO, Decimal("0.1")), (_FEN, Decimal("0.01"))):
        match = pattern.match(rest)
        if match:
            value = parse_number(match.group("n"))
            if value is None:
                return None
            total += value * unit
            rest = rest[match.end() :]
    if rest:  # a bare tail after 元/块 is jiao: 三块五 = 3.5
        value = parse_number(rest)
        if value is None or (rest == text and value >= 10):
            return None
        total += value * Decimal("0.1")
    return total


def parse_number(text: str) -> Decimal | None:
    """Arabic, Chinese or mixed numerals with units: '1.5万', '一千二', '2万5', '一亿二千万', '12k'."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() != pos:
            return None
        tokens.append((match.lastgroup or "", match.group()))
        pos = match.end()
    if pos != len(text) or not tokens:
        return None
    total = section = Decimal(0)
    number: Decimal | None = None
    last_unit: int | None = None
    last_big = 0
    after_zero = False
    previous = ""
    for kind, raw in tokens:
        if kind == "arabic":
            if number is not None:
                return None
            try:
                number = Decimal(raw)
            except InvalidOperation:  # pragma: no cover - the regex only lets decimals through
                return None
        elif kind == "digit":
            digit = _DIGITS[raw]
            after_zero = after_zero or digit == 0
            # digit by digit (一二零零) extends the number; after a unit it starts a new one
            number = number * 10 + digit if number is not None and previous == "digit" else Decimal(digit)
        elif kind == "small":
            section += (number if number is not None else Decimal(1)) * _SMALL_UNITS[raw]
            number, last_unit, after_zero = None, _SMALL_UNITS[raw], False
        else:
            unit = _BIG_UNITS[raw]
            value = section + (number if number is not None else Decimal(0))
            if value == 0 and total == 0:
                value = Decimal(1)  # 万 alone
            total = (total + value) * unit if total and unit > last_big else total + value * unit
            section, number, last_unit, last_big, after_zero = Decimal(0), None, unit, unit, False
        previous = kind
    tail = Decimal(0)
    if number is not None:
        colloquial = (
            last_unit is not None and not after_zero and previous in ("digit", "arabic") and number < 10
        )
        tail = number * last_unit / 10 if colloquial and last_unit else number
    return total + section + tail
