"""generalize: a value replaced by the class it falls in.

    AMOUNT    '一千二百元' -> <AMOUNT:1000-5000> with ``buckets`` (ascending edges in whole yuan);
              below the first edge <AMOUNT:0-100>, from the last one <AMOUNT:50000+>; unparseable
              amounts ("几百块") -> <AMOUNT>. Labels carry no currency sign or unit, so the masked text
              holds no amount a detector would find again.
    LOCATION  '杭州市西湖区文三路100号' -> 浙江省杭州市 with ``level`` city (province, city or district)
              via the gazetteer; unknown places -> <LOCATION>.

Params: ``entity_type``, ``buckets``, ``level``, ``region_of`` (the gazetteer's resolve function).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.amounts import parse_amount
from privacy_gateway.masking.regions import region_text
from privacy_gateway.types import AMOUNT, LOCATION

DEFAULT_BUCKETS = (100, 500, 1000, 5000, 10000, 50000)


def amount_bucket(value: str, buckets: Sequence[int]) -> str:
    amount = parse_amount(value)
    if amount is None:
        return f"<{AMOUNT}>"
    i = bisect_right(buckets, amount)
    if i == len(buckets):
        return f"<{AMOUNT}:{buckets[-1]}+>"
    low = buckets[i - 1] if i else 0
    return f"<{AMOUNT}:{low}-{buckets[i]}>"


class Generalize(Operator):
    NAME = "generalize"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        if params["entity_type"] == AMOUNT:
            return amount_bucket(text, params.get("buckets") or DEFAULT_BUCKETS)
        region = region_text(params.get("region_of"), text, params.get("level") or "city")
        return region if region is not None else f"<{LOCATION}>"

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        if params.get("entity_type") not in (AMOUNT, LOCATION):
            raise ConfigError(f"{self.NAME}: only applies to {AMOUNT} and {LOCATION}")
        buckets = params.get("buckets") or DEFAULT_BUCKETS
        if list(buckets) != sorted(set(buckets)) or buckets[0] <= 0:
            raise ConfigError(f"{self.NAME}: 'buckets' must be positive and strictly increasing")
        if params.get("level", "city") not in ("province", "city", "district"):
            raise ConfigError(f"{self.NAME}: 'level' must be province, city or district")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
