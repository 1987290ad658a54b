"""The quasi-identifying facts a stored (already masked) text still carries, and their removal.

Stored feedback holds no raw PII, but a text masked under a policy that generalises (agent_view,
analytics) still says *which bucket* an amount fell in (``<AMOUNT:100-500>``) and *where* (``浙江省杭州市``
or a district). Those are exactly the facts k-anonymity must control, so an export hoists them out of
the text into the ``amount_bucket`` and ``region`` columns, where they are generalised with the other
quasi-identifiers, and leaves typed markers (``<AMOUNT>``, ``<LOCATION>``) in the text. A text that
kept them would re-identify rows the columns were generalised to hide.

Place names are found with the gazetteer, every alias (朝阳 the word is replaced along with 朝阳 the
city): over-removal costs a little utility, under-removal would leak a region finer than the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from privacy_gateway.types import AMOUNT, LOCATION

# Labels of the generalize operator (masking/operators/generalize.py): <AMOUNT:100-500>, <AMOUNT:50000+>.
AMOUNT_LABEL = re.compile(r"<AMOUNT:(\d+)(?:-(\d+)|\+)>")
AMOUNT_MARKER = f"<{AMOUNT}>"
LOCATION_MARKER = f"<{LOCATION}>"


class Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class RegionFacts(Protocol):
    @property
    def province(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...


PlaceScanner = Callable[[str], Iterable[Span]]
RegionResolver = Callable[[str], RegionFacts | None]


def amount_base(texts: Iterable[str]) -> str:
    """The largest amount interval labelled in the texts, as '100-500' / '50000+'; '' when none."""
    best: tuple[int, float] | None = None
    for text in texts:
        for match in AMOUNT_LABEL.finditer(text):
            low = int(match.group(1))
            high = float(match.group(2)) if match.group(2) else float("inf")
            if best is None or (low, high) > best:
                best = (low, high)
    if best is None:
        return ""
    low, high = best
    return f"{low}+" if high == float("inf") else f"{low}-{int(high)}"


def region_base(text: str, resolve: RegionResolver) -> str:
    """'浙江省|杭州市' for the most specific region the text names; '浙江省|' for a province; '' none."""
    region = resolve(text)
    if region is None or region.province is None:
        return ""
    return f"{region.province}|{region.city or ''}"


def hoist(text: str, places: PlaceScanner) -> str:
    """The text with amount labels and place names replaced by <AMOUNT> / <LOCATION> markers."""
    text = AMOUNT_LABEL.sub(AMOUNT_MARKER, text)
    pieces: list[str] = []
    cursor = 0
    for span in places(text):
        if span.start < cursor:
            continue
        gap = text[cursor : span.start]
        # 浙江省杭州市西湖区 is three mentions in a row: one marker, not three.
        if gap or not pieces or pieces[-1] != LOCATION_MARKER:
            pieces += (gap, LOCATION_MARKER)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
