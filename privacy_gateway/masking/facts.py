"""Generalised quasi-identifiers of one text, computed from the raw values at ingest time.

Stored feedback keeps no amount and no place in clear (the `default` policy writes placeholders), but
data scientists need the *class* an amount falls in and the city a complaint came from. These are
computed once, while the originals are still in memory, with the same generalisation the `analytics`
policy applies (amount buckets, places up to the city) and kept beside the masked text as a short
string such as ``<AMOUNT:1000-5000> 浙江省杭州市``. The export hoists them into its `amount_bucket` and
`region` columns and generalises them further under k-anonymity; nothing finer than a bucket or a
city is ever stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy_gateway.masking.operators.generalize import DEFAULT_BUCKETS, amount_bucket
from privacy_gateway.masking.regions import RegionResolver, region_text
from privacy_gateway.types import AMOUNT, LOCATION, Span


def quasi_facts(
    text: str,
    spans: Sequence[Span],
    *,
    region_of: RegionResolver | None,
    buckets: Sequence[int] = DEFAULT_BUCKETS,
) -> str:
    """'<AMOUNT:lo-hi> 省市' for the largest amount and the first place the gazetteer knows; '' if none."""
    labels: list[str] = []
    best: tuple[float, str] | None = None
    for span in spans:
        if span.entity_type == AMOUNT:
            label = amount_bucket(text[span.start : span.end], buckets)
            if ":" in label:
                low = float(label.split(":", 1)[1].split("-", 1)[0].rstrip("+>"))
                if best is None or low > best[0]:
                    best = (low, label)
    if best is not None:
        labels.append(best[1])
    for span in spans:
        if span.entity_type == LOCATION:
            region = region_text(region_of, text[span.start : span.end], "city")
            if region:
                labels.append(region)
                break
    return " ".join(labels)
