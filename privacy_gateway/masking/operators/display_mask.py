"""display_mask: what Chinese apps show a person who may see part of a value.

    PHONE_NUMBER    138****5678, +86 138-****-5678, 010-****4321 (landline: area code and last 4)
    CN_RESIDENT_ID  1101**********1234 (keep_first/keep_last from the policy)
    BANK_CARD       6222 **** **** 0123 (fixed shape: the card's length is not shown)
    PERSON          张*, 张**, 欧阳** (surname kept; 张先生 -> 张**: keeping the title would leave the
                    detected value itself in the text)
    EMAIL_ADDRESS   z•••@qq.com (bullets: '*' is legal in an address, and z***@qq.com is detected again)
    LOCATION        浙江省杭州市西湖区**** (region up to ``level`` via the gazetteer; **** if unknown)
    other types     keep_first/keep_last characters (default none), the rest masked

Every shape leaves fewer digits than any number recognizer needs, so a masked value is never detected
again. Params: ``entity_type``, and optionally ``keep_first``, ``keep_last``, ``mask_char``, ``level``,
``region_of`` (the gazetteer's resolve function).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.regions import region_text
from privacy_gateway.types import BANK_CARD, CN_RESIDENT_ID, EMAIL_ADDRESS, LOCATION, PERSON, PHONE_NUMBER

MASK = "*"
EMAIL_MASK = "•"
# (keep_first, keep_last) when the policy does not say.
DEFAULT_KEEP: dict[str, tuple[int, int]] = {PHONE_NUMBER: (3, 4), CN_RESIDENT_ID: (4, 4), BANK_CARD: (4, 4)}
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 "
    "司徒 夏侯 令狐 澹台 端木 南宫 西门 独孤 百里 呼延 轩辕".split()
)


def _keep_ends(chars: list[str], first: int, last: int, mask: str) -> str:
    """Mask all but ``first`` and ``last`` items; all of them when that would keep the whole value."""
    n = len(chars)
    if first + last >= n:
        return mask * n
    return "".join(chars[:first]) + mask * (n - first - last) + "".join(chars[n - last :])


def mask_phone(value: str, first: int, last: int, mask: str) -> str:
    positions = [i for i, c in enumerate(value) if c.isdigit()]
    digits = unicodedata.normalize("NFKC", "".join(value[i] for i in positions))
    skip = (
        4
        if digits.startswith("0086") and len(digits) == 15
        else 2
        if digits.startswith("86") and len(digits) == 13
        else 0
    )
    national = positions[skip:]
    if digits[skip : skip + 1] == "0":  # landline: the area code (010, 02x, 0xxx) locates only a city
        first = 3 if digits[skip + 1 : skip + 2] in ("1", "2") else 4
    out = list(value)
    hidden = range(first, len(national) - last) if first + last < len(national) else range(len(national))
    for k in hidden:
        out[national[k]] = mask
    return "".join(out)


def mask_bank_card(value: str, first: int, last: int, mask: str) -> str:
    digits = [c for c in value if c.isdigit()]
    if first + last >= len(digits):
        first = last = 0
    head = "".join(digits[:first])
    tail = "".join(digits[len(digits) - last :]) if last else ""
    return " ".join(part for part in (head, mask * 4, mask * 4, tail) if part)


def mask_person(value: str, mask: str) -> str:
    if not value or not ("\u4e00" <= value[0] <= "\u9fff"):
        # Latin-script names: the first letter, then every other non-space character masked
        return value[:1] + "".join(c if c.isspace() else mask for c in value[1:]) if len(value) > 1 else mask
    surname = 2 if value[:2] in COMPOUND_SURNAMES else 1
    if len(value) <= surname:
        return mask * len(value)
    return value[:surname] + mask * (len(value) - surname)


def mask_email(value: str, mask: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return mask * len(value)
    return f"{local[0]}{mask * 3}@{domain}"


def mask_address(value: str, level: str, region_of: Callable[..., Any] | None, mask: str) -> str:
    region = region_text(region_of, value, level)
    if region is None:
        return mask * 4
    return region if region == value else region + mask * 4  # idempotent on a bare region


class DisplayMask(Operator):
    NAME = "display_mask"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        entity_type = params["entity_type"]
        default_first, default_last = DEFAULT_KEEP.get(entity_type, (0, 0))
        first = _or(params.get("keep_first"), default_first)
        last = _or(params.get("keep_last"), default_last)
        if entity_type == EMAIL_ADDRESS:
            return mask_email(text, _or(params.get("mask_char"), EMAIL_MASK))
        mask = _or(params.get("mask_char"), MASK)
        if entity_type == PHONE_NUMBER:
            return mask_phone(text, first, last, mask)
        if entity_type == BANK_CARD:
            return mask_bank_card(text, first, last, mask)
        if entity_type == PERSON:
            return mask_person(text, mask)
        if entity_type == LOCATION:
            return mask_address(text, params.get("level") or "district", params.get("region_of"), mask)
        return _keep_ends(list(text), first, last, mask)

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        for name in ("keep_first", "keep_last"):
            value = params.get(name)
            if value is not None and (not isinstance(value, int) or not 0 <= value <= 8):
                raise ConfigError(f"{self.NAME}: {name!r} must be an integer from 0 to 8")
        mask = params.get("mask_char")
        if mask is not None and (not isinstance(mask, str) or len(mask) != 1 or mask.isalnum()):
            raise ConfigError(f"{self.NAME}: 'mask_char' must be one character, not a letter or digit")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value
