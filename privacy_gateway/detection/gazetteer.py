"""China's administrative divisions: every province, prefecture-level city and county-level division,
with the short forms people write (广东省/广东, 深圳市/深圳, 南山区/南山).

The data is ``data/cn_divisions.csv``, converted once from the MIT-licensed ``cpca`` package (see
``data/README.md``); nothing is fetched at run time. A compiled character class of the names' first
characters finds candidate positions in C, and a table of the name lengths for each pair of first
characters says which slices to look up there (longest first), so a scan is linear and about 7x faster
than one big alternation (``re`` tries the ~1,500 top-level branches one by one; a character trie
walked in Python was a third slower than the table). The class is followed by a look-ahead class of
second characters, which skips most common characters (东, 中, 新...) at once.

Public surface:

- ``resolve(text) -> Region | None``: the most specific region a location text names (used by masking to
  generalise an address to its city or province).
- ``get_gazetteer()``: the process-wide ``Gazetteer`` (``scan(text)``, ``aliases_at(text, pos)``)
  that the LOCATION recognizer builds its address grammar on.

Places beyond China's divisions (``data/world_places.tsv``, built from CLDR, GeoNames and jieba: see
``data/README.md``) share the scan: countries, regions and cities abroad, and named landmarks (千岛湖,
峨眉山). ``scan(text)`` reports divisions only, as before (``resolve`` and the export's place removal
are about Chinese regions); ``scan(text, places=True)`` reports both, leftmost-longest over the union,
and a place's alias carries a ``Place`` instead of divisions. English names (Munich, Guilin, Futian)
are looked up word by word in capitalised runs: ``english(text)``.

Township-level divisions (``data/cn_towns.tsv``: 镇, 乡, 街道, 苏木 under each county, from the National
Bureau of Statistics' codes: ``data/README.md``) are not scanned for: their short forms are words too
often (长安, 城关, 新华). ``town_end(text, pos, parents)`` looks one up right after a division it belongs
to (东莞长安, 顺德乐从, 上海七宝): a few dictionary lookups at the end of a chain.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "cn_divisions.csv"
PLACES_FILE = Path(__file__).parent / "data" / "world_places.tsv"
TOWNS_FILE = Path(__file__).parent / "data" / "cn_towns.tsv"
T2S_FILE = Path(__file__).parent / "data" / "zh_t2s.tsv"

# Ethnic group names that appear inside autonomous-division names (广西壮族自治区 -> 广西).
_ETHNIC = (
    "维吾尔 柯尔克孜 哈萨克 蒙古 土家 布依 哈尼 傈僳 景颇 朝鲜 达斡尔 鄂温克 鄂伦春 仡佬 仫佬 毛南 "
    "纳西 拉祜 撒拉 保安 裕固 东乡 锡伯 塔吉克 普米 阿昌 独龙 德昂 基诺 黎 壮 回 满 苗 彝 藏 侗 瑶 白 傣 "
    "畲 佤 水 羌 土 怒 京 各"
).split()
_ETHNIC_TAIL = re.compile("(?:" + "|".join(sorted(_ETHNIC, key=len, reverse=True)) + ")族?$")
_AUTONOMOUS = re.compile(r"自治(?:区|州|县|旗)$")
_SUFFIXES = {
    "province": ("特别行政区", "省", "市"),
    "city": ("地区", "市", "盟"),
    "district": ("新区", "林区", "特区", "区", "县", "市", "旗"),
}

# Short forms that are everyday words far more often than places; they count only inside an admin
# chain (河南开封) or with their suffix (开封市). See docs/recognizers.md.
AMBIGUOUS_SHORT_FORMS = frozenset(
    {"开封", "白银", "来宾", "大同", "三明", "阿里", "安康", "四平", "长治", "安顺", "海口", "中卫", "吉安"}
)
# Short forms of big-city districts that people use alone (住浦东, 在海淀上班): standalone although
# district short forms in general are not (南山, 朝阳, 鼓楼, 白云 are also ordinary words).
FAMOUS_DISTRICT_SHORT_FORMS = frozenset(
    "浦东 海淀 徐汇 静安 闵行 福田 罗湖 宝安 龙岗 天河 越秀 番禺 海珠 余杭 萧山 武侯 青羊 渝中 丰台 昌平 "
    "顺义 大兴 房山 虹口 杨浦 长宁 嘉定 松江 青浦 奉贤 崇明 江宁 秦淮 建邺 栖霞 黄浦 石景山".split()
)
# Extra colloquial aliases not derivable by suffix stripping.
_EXTRA_ALIASES = {"内蒙": "内蒙古自治区"}
# Autonomous prefectures and counties are also written as the short form and a plain suffix
# (黔东南州, 凉山州, 长阳县): official-looking forms with their suffix, so standalone.
_AUTONOMOUS_PLAIN = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


class Level(enum.IntEnum):
    PROVINCE = 1
    CITY = 2
    DISTRICT = 3


@dataclass(frozen=True, slots=True)
class Region:
    """Full official names; ``None`` where the text does not determine that level."""

    province: str | None
    city: str | None
    district: str | None


@dataclass(frozen=True, slots=True)
class Division:
    adcode: str
    level: Level
    name: str
    province: str
    city: str | None

    @property
    def region(self) -> Region:
        if self.level is Level.PROVINCE:
            municipality = self.name if self.name.endswith("市") else None
            return Region(self.name, municipality, None)
        if self.level is Level.CITY:
            return Region(self.province, self.name, None)
        return Region(self.province, self.city, self.name)

    def contains(self, other: Division) -> bool:
        """True when ``other`` is this division or lies inside it."""
        if self.level is Level.PROVINCE:
            return other.province == self.name
        if self.level is Level.CITY:
            return other.province == self.province and (other.name == self.name or other.city == self.name)
        return other == self


class PlaceKind(enum.IntEnum):
    """Places beyond the divisions, from the widest to the narrowest (a chain goes down: 日本东京)."""

    COUNTRY = 0
    REGION = 1
    CITY = 2
    LANDMARK = 3
    DISTRICT = 4  # a Chinese county-level division in Latin letters (Futian): only after a city


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lang: str  # "zh" or "en"
    kind: PlaceKind
    country: str  # ISO 3166 alpha-2, "" where unknown
    alone: bool  # a place mention on its own; else only in a chain (日本 + 大分) or after a city


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form and every division it may denote (or the place beyond them it names)."""

    text: str
    divisions: tuple[Division, ...]
    full: bool  # an official full name (深圳市), not a short form (深圳)
    place: Place | None = None
    landmark: bool = False  # a short form that is also a famous landmark's name (九寨沟, 峨眉山)

    @property
    def standalone(self) -> bool:
        """Whether the form alone, outside an address, is a place mention worth reporting."""
        if self.place is not None:
            return self.place.alone
        if self.full:
            return len(self.text) >= 3 or self.text.endswith(("县", "市", "省"))
        if self.text in AMBIGUOUS_SHORT_FORMS:
            return False
        if self.text in FAMOUS_DISTRICT_SHORT_FORMS or self.landmark:
            return True
        # 老河口, 都江堰, 山海关: a name, not a word (an ethnic group's is not: 鄂伦春, 东乡族)
        if len(self.text) >= 3 and not self.text.endswith("族") and self.text not in _ETHNIC:
            return True
        return any(d.level is not Level.DISTRICT for d in self.divisions)

    @property
    def min_level(self) -> Level:
        return min(d.level for d in self.divisions)

    @property
    def rank(self) -> int:
        """Where the name sits in a chain from country to landmark: a division counts as a region
        (province) or a city (prefecture and county level)."""
        if self.place is not None:
            return int(self.place.kind)
        return PlaceKind.REGION if self.min_level is Level.PROVINCE else PlaceKind.CITY


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    alias: Alias


def plain_suffix_form(name: str) -> str | None:
    """黔东南苗族侗族自治州 -> 黔东南州, 长阳土家族自治县 -> 长阳县; None for other names."""
    for autonomous, plain in _AUTONOMOUS_PLAIN.items():
        if name.endswith(autonomous):
            stems = short_forms(name, Level.CITY)
            return stems[0] + plain if stems else None
    return None


def short_forms(name: str, level: Level) -> list[str]:
    """The colloquial forms of an official name, e.g. 宁夏回族自治区 -> [宁夏], 南山区 -> [南山]."""
    stem = name
    if _AUTONOMOUS.search(stem):
        stem = _AUTONOMOUS.sub("", stem)
        while (stripped := _ETHNIC_TAIL.sub("", stem)) != stem and len(stripped) >= 2:
            stem = stripped
    else:
        for suffix in _SUFFIXES[level.name.lower()]:
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
    return [stem] if stem != name and len(stem) >= 2 else []


# The suffix of an ethnic township's name (得力其鄂温克民族乡, 回族乡); the others end in 镇, 乡, 街道, 苏木
# or 地区 (长安镇, 红星乡, 粤海街道, 达尔罕苏木, 南磨房地区): plain string tests, ~40,000 names at start-up.
_ETHNIC_TOWN_SUFFIX = re.compile("(?:" + "|".join(sorted(_ETHNIC, key=len, reverse=True)) + ")?民?族乡$")


def town_forms(name: str) -> list[str]:
    """长安镇 -> [长安镇, 长安]; 石岐区街道 -> [石岐区街道, 石岐区, 石岐]; a short form has two characters at
    least."""
    forms = [name]
    if name.endswith("族乡"):
        short = _ETHNIC_TOWN_SUFFIX.sub("", name)
    elif name.endswith(("街道", "苏木", "地区")):
        short = name[:-2]
    elif name.endswith(("镇", "乡")):
        short = name[:-1]
    else:
        return forms
    if len(short) >= 2:
        forms.append(short)
        if short.endswith("区") and len(short) >= 3:
            forms.append(short[:-1])
    return forms


@dataclass(frozen=True, slots=True)
class Towns:
    """The townships of ``cn_towns.tsv``: county (or city) adcode -> official names, and the short
    forms that are also common words (人民, 留下: they need a context)."""

    names: dict[str, list[str]]
    words: frozenset[str]


def load_towns(path: Path = TOWNS_FILE) -> Towns:
    names: dict[str, list[str]] = {}
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names[row["adcode"]] = row["towns"].split()
            words.update(row["words"].split())
    return Towns(names, frozenset(words))


# County-level divisions created after the vintage of cn_divisions.csv and cn_towns.tsv's sources (深圳
# 2016/2018, 杭州 2021), with their subdistricts (written to cn_towns.tsv by build_cn_divisions.py). The
# gazetteer adds them at load time; ``load_divisions`` stays the shipped snapshot (the corpus generator
# draws from it).
NEWER_DIVISIONS: dict[Division, str] = {
    Division("440309", Level.DISTRICT, "龙华区", "广东省", "深圳市"): (
        "观湖街道 民治街道 龙华街道 大浪街道 福城街道 观澜街道"
    ),
    Division("440310", Level.DISTRICT, "坪山区", "广东省", "深圳市"): (
        "坪山街道 坑梓街道 马峦街道 碧岭街道 石井街道 龙田街道"
    ),
    Division("440311", Level.DISTRICT, "光明区", "广东省", "深圳市"): (
        "光明街道 公明街道 新湖街道 凤凰街道 玉塘街道 马田街道"
    ),
    Division("330113", Level.DISTRICT, "临平区", "浙江省", "杭州市"): (
        "临平街道 东湖街道 南苑街道 星桥街道 运河街道 乔司街道 崇贤街道 塘栖镇"
    ),
    Division("330114", Level.DISTRICT, "钱塘区", "浙江省", "杭州市"): (
        "下沙街道 白杨街道 河庄街道 义蓬街道 新湾街道 临江街道 前进街道"
    ),
}


def load_divisions(path: Path = DATA_FILE) -> list[Division]:
    with path.open(encoding="utf-8") as fh:
        return [
            Division(
                row["adcode"], Level[row["level"].upper()], row["name"], row["province"], row["city"] or None
            )
            for row in csv.DictReader(fh)
        ]


# A capitalised run of English words, with the lower-case joints of names (Isle of Man, Trinidad and
# Tobago): the English names are looked up word by word inside it.
_EN_RUN = re.compile(
    r"(?<![A-Za-z])[A-Z][A-Za-z'.-]*(?:[ ](?:(?:of|and|de|da|do|du|la|el|upon)[ ])?[A-Z][A-Za-z'.-]*)*"
)
_EN_WORD = re.compile(r"[A-Za-z'.-]+")


class Gazetteer:
    """Alias lookup over the divisions (and places beyond them); build once (``get_gazetteer``),
    immutable afterwards."""

    def __init__(
        self,
        divisions: Iterable[Division],
        places: Iterable[Place] = (),
        towns: Towns | None = None,
    ) -> None:
        divisions = list(divisions)
        forms: dict[str, list[Division]] = {}
        full_names: set[str] = set()
        for division in divisions:
            full_names.add(division.name)
            for form in [division.name, *short_forms(division.name, division.level)]:
                forms.setdefault(form, []).append(division)
        for division in [d for ds in forms.values() for d in ds]:
            plain = plain_suffix_form(division.name)
            if plain is not None and plain not in forms:
                forms[plain] = [division]
                full_names.add(plain)
        by_name = {d.name: d for ds in forms.values() for d in ds if d.level is Level.PROVINCE}
        for alias, target in _EXTRA_ALIASES.items():
            forms.setdefault(alias, []).append(by_name[target])
        self.aliases: dict[str, Alias] = {
            text: Alias(text, tuple(ds), text in full_names) for text, ds in forms.items()
        }
        self.places: dict[str, Alias] = {}
        self.english: dict[str, Place] = {}
        # Places in Hong Kong, Macau or Taiwan named like a mainland division (九龙, 罗湖): not in the
        # scan (the division is found), but a chain below their region reads them as that place.
        self.regional: dict[str, Place] = {}
        for place in places:
            if place.lang == "en":
                self.english.setdefault(place.name, place)
            elif place.name in self.aliases:
                if place.kind is PlaceKind.LANDMARK:  # 九寨沟 the county is also 九寨沟 the landmark
                    self.aliases[place.name] = dataclasses.replace(self.aliases[place.name], landmark=True)
                elif place.country in ("HK", "MO", "TW"):
                    self.regional.setdefault(place.name, place)
            else:
                self.places.setdefault(place.name, Alias(place.name, (), False, place))
        # A township's forms -> the county-level divisions (or cities without counties) it lies in.
        by_code = {d.adcode: d for d in divisions}
        self.towns: dict[str, list[Division]] = {}
        self.town_words = towns.words if towns is not None else frozenset()
        for code, names in (towns.names if towns is not None else {}).items():
            parent = by_code.get(code)
            if parent is not None:
                for name in names:
                    for form in town_forms(name):
                        self.towns.setdefault(form, []).append(parent)
        self._town_len = max(map(len, self.towns), default=0)
        self._town_heads = frozenset(form[:2] for form in self.towns)  # a bail-out before the lookups
        self._english_words = max((len(name.split()) for name in self.english), default=0)
        self._max_len = max(map(len, self.aliases))
        # The lengths of the names that begin with each pair of characters, longest first: at a
        # candidate, a few slices are looked up (faster in Python than a character trie's walk).
        self._lengths = _lengths_by_prefix(self.aliases)
        self._lengths_any = _lengths_by_prefix([*self.aliases, *self.places])
        # Every name has two characters at least: a candidate is a first character followed by a
        # possible second one (a third of the positions a first-character class alone would stop at).
        self._first = self._candidates(self.aliases)
        self._first_any = self._candidates({**self.aliases, **self.places})

    @staticmethod
    def _candidates(names: Iterable[str]) -> re.Pattern[str]:
        firsts = {name[0] for name in names}
        seconds = {name[1] for name in names}
        return re.compile(
            "[" + "".join(re.escape(c) for c in sorted(firsts)) + "]"
            "(?=[" + "".join(re.escape(c) for c in sorted(seconds)) + "])"
        )

    def town_end(self, text: str, pos: int, parents: Iterable[Division]) -> int:
        """The end of the longest township name at ``pos`` that lies in one of ``parents`` (a county,
        or a city or municipality through its counties; not a province: 广东 + a word is no address);
        ``pos`` when there is none."""
        if text[pos : pos + 2] not in self._town_heads:
            return pos
        parents = tuple(p for p in parents if p.level is not Level.PROVINCE or p.name.endswith("市"))
        for n in range(min(self._town_len, len(text) - pos), 1, -1):
            inside = self.towns.get(text[pos : pos + n])
            if inside is not None and any(p.contains(d) for p in parents for d in inside):
                return pos + n
        return pos

    def aliases_at(self, text: str, pos: int) -> list[Alias]:
        """Every division alias that starts at ``pos``, longest first."""
        window = text[pos : pos + self._max_len]
        found = [self.aliases[window[:n]] for n in range(len(window), 1, -1) if window[:n] in self.aliases]
        return found

    def scan(
        self, text: str, pos: int = 0, endpos: int | None = None, *, places: bool = False
    ) -> Iterator[Mention]:
        """Leftmost-longest, non-overlapping alias occurrences (no filtering); with ``places``, the
        places beyond the divisions as well."""
        end = len(text) if endpos is None else endpos
        first, lengths = (self._first_any, self._lengths_any) if places else (self._first, self._lengths)
        aliases, abroad = self.aliases, self.places
        while (candidate := first.search(text, pos, end)) is not None:
            start = candidate.start()
            for n in lengths.get(text[start : start + 2], ()):
                if start + n > end:
                    continue
                name = text[start : start + n]
                alias = aliases.get(name)  # a division's form wins over a place of the same name
                if alias is None and places:
                    alias = abroad.get(name)
                if alias is not None:
                    yield Mention(start, start + n, alias)
                    pos = start + n
                    break
            else:
                pos = start + 1

    def english_places(self, text: str) -> Iterator[tuple[int, int, Place]]:
        """English names in capitalised runs, leftmost-longest by whole words (New York, Munich)."""
        for run in _EN_RUN.finditer(text):
            words = [(w.start(), w.end()) for w in _EN_WORD.finditer(text, run.start(), run.end())]
            i = 0
            while i < len(words):
                for n in range(min(self._english_words, len(words) - i), 0, -1):
                    start, end = words[i][0], words[i + n - 1][1]
                    name = text[start:end]
                    place = self.english.get(name) or self.english.get(name.rstrip("."))
                    if place is not None:
                        yield start, start + len(place.name), place
                        i += n
                        break
                else:
                    i += 1

    def resolve(self, text: str) -> Region | None:
        """The most specific region consistent with the most names in ``text``."""
        mentions = [m.alias.divisions for m in self.scan(text)]
        if not mentions:
            return None
        candidates = {d for divisions in mentions for d in divisions}

        def support(division: Division) -> int:
            return sum(
                any(c.contains(division) or division.contains(c) for c in divisions) for divisions in mentions
            )

        best = max(support(d) for d in candidates)
        top = [d for d in candidates if support(d) == best]
        deepest = max(d.level for d in top)
        regions = [d.region for d in top if d.level == deepest]
        province = _agreed(r.province for r in regions)
        city = _agreed(r.city for r in regions)
        district = _agreed(r.district for r in regions)
        if province is None and city is None and district is None:
            return None
        return Region(province, city, district)


def _lengths_by_prefix(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[:2], set()).add(len(name))
    return {prefix: tuple(sorted(found, reverse=True)) for prefix, found in lengths.items()}


def _agreed(values: Iterable[str | None]) -> str | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def load_places(path: Path = PLACES_FILE) -> list[Place]:
    with path.open(encoding="utf-8") as fh:
        return [
            Place(
                row["name"], row["lang"], PlaceKind[row["kind"].upper()], row["country"], row["alone"] == "1"
            )
            for row in csv.DictReader(fh, delimiter="\t")
        ]


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (data read and regex compiled once)."""
    return Gazetteer([*load_divisions(), *NEWER_DIVISIONS], load_places(), load_towns())


@functools.cache
def _t2s_table(path: Path = T2S_FILE) -> tuple[dict[int, str], re.Pattern[str]]:
    table: dict[int, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            traditional, simplified = line.rstrip("\n").split("\t")
            table[ord(traditional)] = simplified
    return table, re.compile("[" + "".join(sorted(map(chr, table))) + "]")


def to_simplified(text: str) -> str:
    """``text`` with traditional characters written simplified, one for one (澳門 -> 澳门; offsets do not
    move), from ``data/zh_t2s.tsv`` (OpenCC's character table); ``text`` itself when it has none (one scan
    in C for most texts)."""
    table, traditional = _t2s_table()
    return text.translate(table) if traditional.search(text) is not None else text


def resolve(text: str) -> Region | None:
    """Region named by a location text: ``resolve("深圳南山科技园")`` -> 广东省/深圳市/南山区."""
    return get_gazetteer().resolve(text)
