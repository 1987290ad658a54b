"""LOCATION: Chinese addresses, city/district mentions and POIs, from the gazetteer plus an address grammar.

An address is ONE span from the first administrative name to the room number:
广东省深圳市南山区科技园南路88号3栋2单元501室. How it is found, in one left-to-right pass:

1. The gazetteer finds every division name (full or short form) in one regex scan.
2. Adjacent names that nest (广东省 > 深圳市 > 南山区, 深圳 > 南山) form a chain.
3. The address tail after a chain is matched by ``_TAIL``: repeated components, each a short name plus
   a component suffix (街道/镇/村/路/街/巷/弄/号/栋/单元/室/小区/花园/大厦/广场/科技园/大学...).
4. Without an admin prefix, a road with a house number (人民路88号), a residential complex with a
   building (阳光花园3栋), or anything address-like after an address cue (地址：, 住在) is an address too.
5. Places beyond the divisions come from the same scan (``scan(text, places=True)``): countries, regions
   and cities abroad and named landmarks join a chain going down (英国曼彻斯特, 杭州千岛湖) and take a
   tail (大阪心斋桥); names that are also words need a chain (德国汉堡). English names are looked up in
   capitalised runs (Munich; Shenzhen Futian, the district's pinyin only after a city). Places below
   香港/澳门/台湾 (台北, 旺角, 氹仔) are among them and chain only below their own region.
6. A township right after its county or city (东莞塘厦, 上海七宝: ``Gazetteer.town_end``), and towns and
   villages the gazetteer does not know in the order of an address (X县X镇X村, X乡X村).

Precision rules (docs/recognizers.md): a place name that starts an organisation's or product's name
(上海银行, 深圳航空, 北京时间, 四川话) is not a location; short district names (南山, 朝阳, 鼓楼) count only
inside a chain, before an address component or after a residence cue; short forms that are mostly
words (开封, 大同, 三明...) need their suffix or a chain; 中国 is not in the gazetteer.

Linear time: every regex has bounded repetition, and tails are matched with ``endpos`` at most
``MAX_TAIL`` characters ahead, so a run of 10,000 号 or 路 costs O(n).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy_gateway.detection.gazetteer import (
    Alias,
    Gazetteer,
    Level,
    Mention,
    Place,
    PlaceKind,
    get_gazetteer,
    to_simplified,
)
from privacy_gateway.detection.lexicon import get_lexicon, load_entries
from privacy_gateway.detection.normalize import normalized
from privacy_gateway.detection.recognizers.cn_person import COMMON_SURNAMES
from privacy_gateway.types import LOCATION

MAX_TAIL = 64

# Characters that never occur inside a road/complex name: function words, pronouns, verbs of motion.
# They stop a name from swallowing the sentence around it (住在人民路 -> 人民路).
_STOP = (
    "的了是我你他她它们在被把给从往去到住寄送搬说想要请帮让叫问找着吗呢吧啊呀哦嗯"
    "也都还就很不没已这那些每又再才但而因所如能该需您个址逛某"
)
_NAME_CHAR = rf"(?:(?![{_STOP}])[\u4e00-\u9fffA-Za-z])"
# A name does not start with a numeral or demonstrative and a measure word: 一家超市 is not a place name.
_NOT_COUNTED = r"(?![一两这那每某几哪][家个间所座条只])"
_NAME = rf"{_NOT_COUNTED}{_NAME_CHAR}{{1,8}}?"
_NUM = r"(?:\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})"
_LETTER_OR_NUM = rf"(?:[A-Za-z]|{_NUM})"

_SUBDIVISION = "街道|镇|乡|村|社区|开发区|高新区|新区|工业园|工业区|园区|屯|组"
_ROAD = "大道|大街|路|街|巷|弄|胡同"
# Place types that are a POI on their own after an admin name (深圳火车站, 阳泉矿区会展中心).
_POI = (
    "购物中心|会展中心|体育中心|大悦城|步行街|科技园|软件园|产业园|工业园|大学城|火车站|高铁站|地铁站|"
    "汽车站|东站|西站|南站|北站|机场|人民医院|中心医院|第一中学|实验小学|小区|花园|大厦|公寓|家园|新村|交叉口|十字路口|路口|市区|城区|郊区|县城|老城区|"
    "万达广场|万达|万象城|吾悦广场|宝龙广场|印象城|银泰城|银泰|天街|大学|学院|医院|中学|小学|塔|湿地|景区|"
    "古镇|古城|老街|夜市|码头|博物馆|体育馆|图书馆|会展中心|游乐园|动物园|植物园|度假区|电脑城|数码城|"
    "批发市场|农贸市场|商业街|美食街|百货公司|百货商店|百货|奥特莱斯|口岸"
)
_COMPLEX = (
    "小区|花园|大厦|公寓|家园|新村|山庄|公馆|华府|华庭|名苑|雅苑|花苑|大楼|商场|商城|中心|"
    "广场|天街|国际(?!广场|中心|大厦|公寓|花园|机场|城|酒店|商务|金融|会展|社区|商城|名苑|公馆)|大学|学院|中学|小学|医院|法院|公园|酒店|宾馆|超市|菜市场|市场|写字楼|宿舍|大院|苑|园|城|(?<![进出到过换])站|"
    "府|湾|庭|阁|院"
)
_BUILDING = "号楼|号院|栋|幢|座|塔|号|单元|室|楼|层|房|户|区|期|门|组|社(?!区)"  # 社: a village team (三社)
# Parts of a transport hub or a station (T3航站楼, 2号航站楼, B出口, 3号口).
_HUB_PART = (
    # the car park of an airport's terminal (虹桥机场T2停车场; not a street's or a station's: 观前街停车场,
    # 西安北站停车场 is at 西安北站)
    r"(?:(?:(?<=T\d)|(?<=机场)|(?<=航站楼))(?:停车场|停车楼|[A-Z\d]号?停车场)"
    r"|(?:T\d{1,2}|[一二三四五\d]号)?(?:航站楼|候机楼|候机厅|航站区)|T\d{1,2}(?![A-Za-z\d])"
    r"|[A-Z\d]{1,2}号?(?:出口|入口|出站口|进站口|检票口|登机口))"
)
# A named landmark after a place (大阪心斋桥, 杭州西湖, 西安大雁塔): a short name and a landmark
# word (山湖 first: 松山湖); not a verb and what it does to a landscape (看海, 游湖, 爬山: no names).
_LANDMARK_SUFFIX = "山湖|桥|寺|庙|宫|湖|岛|山|窟|峡|谷|神社|海滩|沙滩|乐园|度假村|温泉|故居|陵|峡谷|瀑布"
_LANDMARK_NAME_CHAR = rf"(?:(?![{_STOP}看游逛玩过爬登坐乘泡划赏观拍泛近绕跨上下进出回里])[\u4e00-\u9fff])"

# What someone does at a place, not its name: 上大学, 读中学, 看医院; a visit (逛夜市, 吃夜市; but 玩具城
# and 游乐园 are names).
_NOT_A_POI_NAME = "(?![上读考念进看](?:大学|学院|中学|小学|医院|幼儿园)|[逛吃喝买]|玩(?!具)|游(?!乐))"
_COMPONENT = (
    # 顾村镇 is a town, not 顾村 and a stray 镇; 城中村 (an urban village) is no name, but what comes
    # before it is (白石洲城中村 is at 白石洲)
    rf"(?:(?!城[中郊边]村){_NAME}(?!(?<=城[中郊边])村)(?:{_SUBDIVISION})(?![镇乡]))"
    rf"|(?:{_NAME}(?=城[中郊边]村))"
    rf"|(?:{_NAME}(?:{_ROAD})(?:[东西南北中一二三四五六七八九十]段|[东西南北中](?=\d))?(?:{_NUM}(?:-{_NUM})?(?:号|弄|巷)(?![楼院]))?)"
    rf"|(?:{_NAME}道{_NUM}(?:-{_NUM})?号(?![楼院]))"  # 高新南九道10号: 道 is a road only with its number
    rf"|(?:{_HUB_PART})"
    rf"|(?:{_NOT_A_POI_NAME}(?:{_NAME_CHAR}{{0,8}}?(?:{_POI})))"
    rf"|(?:{_NOT_A_POI_NAME}{_NAME}(?:{_COMPLEX}))"
    rf"|(?:{_LETTER_OR_NUM}(?:-{_LETTER_OR_NUM}){{0,2}}(?:{_BUILDING}))"
    r"|(?:[东西南北中]?[一二三四五六七八九十\d]{1,2}[区期]|[东西南北中][区苑院])"  # 北一区, 二期, 东区
    r"|(?:[东西南北正侧后大]门(?!口))"  # 小区南门 (门口, like 附近, says "near", it is not part of it)
    # a wing or tower of a complex (海岸城东座1706, 北塔, 南馆, 裙楼, 地下一层, B1层, 负二楼)
    r"|(?=[东西南北中裙主副配辅塔地负LB\d])(?:[东西南北中][座栋塔楼翼馆]|[裙主副配辅塔]楼|(?:地下|负)[一二三四五\d]层"
    r"|B\d层|[LB]\d{1,2}(?![\dA-Za-z])|\d{1,2}F(?![\dA-Za-z]))"
    r"|(?:SOHO|CBD|IFC|ICC|IFS|K11|MALL|Mall)"  # 望京SOHO
    r"|(?:\d{1,5}(?:-\d{1,5}){1,2})"  # 3-2-501
    r"|(?:(?<=[栋幢座塔单元楼层号翼F])\d{2,5})"  # 2单元501: the room number after a building part
    # 富力盈凯广场2803, 嘉里城2期1801: a room number right after a complex (not a year or a sum)
    r"|(?:(?<=[场厦心期城园苑])\d{3,5}(?![\d年月日号元块万千百个次%.:：]))"
    # a station, a campus or a border crossing named after the place before it (徐家汇站, 嘉定校区,
    # 深圳湾口岸); not 站着, 站长
    r"|(?:站(?![长台点务票稳住起着立在了]))|(?:校区|分校|院区|口岸)"
    # last: 虹桥站 is a station, not the landmark 虹桥 and a stray 站
    rf"|(?:{_LANDMARK_NAME_CHAR}{{1,4}}?(?:{_LANDMARK_SUFFIX}))"
)
# On the street or in the village of the place before (以勒镇街上开小超市), or a time there (出差迪拜期间):
# no component.
_LOCATIVE = "(?![街路镇村乡][上里]|期间|时候|之后|以后|之前|以前)"
_TAIL = re.compile(rf"(?:{_LOCATIVE}(?:{_COMPONENT})|[ ](?=[A-Za-z0-9])(?:{_COMPONENT}))+")

# A university's campus (同济大学嘉定校区, 中山大学南校区): the university and the campus, one span.
_CAMPUS = re.compile(
    rf"{_NOT_A_POI_NAME}{_NAME_CHAR}{{2,8}}?(?:大学|学院)(?:{_NAME_CHAR}{{1,4}}?)?(?:校区|分校|院区)"
)

# Addresses without an admin name in front.
_ROAD_NUMBER = re.compile(rf"{_NAME_CHAR}{{2,5}}(?:{_ROAD}|道)(?:[东西南北中]段)?{_NUM}(?:-{_NUM})?号")
_COMPLEX_BUILDING = re.compile(
    rf"{_NAME_CHAR}{{1,6}}(?:小区|花园|公寓|家园|新村|山庄|苑|大厦|华庭|广场|中心|天街|园|城|湾|府|庭|阁)"
    rf"(?=[ ]?(?:{_LETTER_OR_NUM}(?:{_BUILDING})|[东西南北中]?[一二三四五六七八九十\d]{{1,2}}[区期]))"
)
# A residential complex named alone (住的幸福里小区, 锦绣家园): after a boundary, not a description
# (高档小区, 附近小区, 我们小区).
_RESIDENCE = re.compile(
    rf"(?:(?<=[{_STOP}])|(?<![\u4e00-\u9fff]))({_NAME_CHAR}{{2,6}}?(?:小区|家园|新村|公寓|花园|山庄|华庭|名苑|雅苑|花苑))"
)
_NOT_RESIDENCE_NAMES = frozenset(
    "高档 老旧 附近 周边 旁边 对面 隔壁 整个 其他 别的 一个 哪个 普通 封闭 开放 新建 同一 本 该 某个 "
    "空中 屋顶 楼下 楼上 老 新 大型 小型 高端 豪华 安置 拆迁 回迁 商品房 保障房 公租房 廉租房 学区 "
    "这边 那边 今年 去年 明年 前年 当年 今天 昨天 明天 前天 每天 春天 夏天 秋天 冬天 上周 下周 本周 上月 "
    "下月 本月 城中 城郊 城边 城乡".split()
)


# The name-first patterns above and below are run only in windows around their suffixes: a pattern
# that begins with a name character is tried by ``re`` at every position, while a literal-first
# alternation of suffixes is scanned in C. (name-first pattern, its suffixes, the longest name, how far
# the pattern reaches after the suffix.)
# (suffixes, before, after, what must come right after the suffix or None: a bail-out before the window
# is searched.)
_Anchor = tuple[re.Pattern[str], int, int, frozenset[str] | None]


def _anchor(suffixes: str, *, before: int, after: int, then: str | None = None) -> _Anchor:
    return re.compile(suffixes), before, after, None if then is None else frozenset(then)


# A number, a letter or a direction: what a house number or a building part begins with.
_NUMBER_OR_DIRECTION = "0123456789一二三四五六七八九十百零〇两东西南北中"


_ROAD_ANCHOR = _anchor(_ROAD + "|道", before=5, after=16, then=_NUMBER_OR_DIRECTION)
_COMPLEX_ANCHOR = _anchor(
    "小区|花园|公寓|家园|新村|山庄|苑|大厦|华庭|广场|中心|天街|园|城|湾|府|庭|阁",
    before=6,
    after=10,
    then=_NUMBER_OR_DIRECTION + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_RESIDENCE_ANCHOR = _anchor("小区|家园|新村|公寓|花园|山庄|华庭|名苑|雅苑|花苑", before=6, after=0)
_SUBDIVISION_ANCHOR = _anchor("街道办事处|街道办|街道|镇|乡|村", before=4, after=1)  # 1: the look-ahead


def _near_suffixes(pattern: re.Pattern[str], anchor: _Anchor, text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` restricted to windows around the suffixes its matches end with (a
    match found from two overlapping windows is reported twice; ``_merge`` unites them)."""
    suffixes, before, after, then = anchor
    for suffix in suffixes.finditer(text):
        if then is not None:  # 人民路 + 88号, 阳光花园 + 3栋: the next character (after a space) decides
            end = suffix.end()
            following = text[end + 1 : end + 2] if text[end : end + 1] == " " else text[end : end + 1]
            if following not in then:
                continue
        low, high = max(0, suffix.start() - before), min(len(text), suffix.end() + after)
        yield from pattern.finditer(text, low, high)


# A subdistrict, town or village named alone (华阳街道办旁边, 在城关镇): after a boundary; not a
# description (整个社区) nor a word ending in the suffix (新农村: 农村 is a word), nor a suffix that
# begins one (美丽乡村, 村镇银行).
_SUBDIVISION_ALONE = re.compile(
    rf"(?:(?<=[{_STOP}])|(?<![\u4e00-\u9fff]))({_NAME_CHAR}{{2,4}}?(?:街道办事处|街道办|街道|镇|乡|村))(?![乡镇村])"
)
# Villages and towns whose names the gazetteer does not know, in the order of an address: a county, a
# town and a village (平溪县青石镇柳塘村), a county and a town, or a town and a village (青石乡柳塘村); two
# levels say it is an address. Names of two characters or more, not a quantifier or a determiner
# (全县各镇, 每个乡镇每个村).
_RURAL_NAME = rf"(?![各每全本该某此邻外这那哪几一两其同])(?:{_NAME_CHAR})"
_RURAL_START = rf"(?:(?<=[{_STOP}])|(?<![\u4e00-\u9fff]))"
_COUNTY = rf"{_RURAL_NAME}{{2,3}}?[县旗]"
_TOWN = rf"{_RURAL_NAME}{{2,4}}?[镇乡](?![镇乡村])"
_RURAL_VILLAGE = re.compile(rf"{_RURAL_START}((?:{_COUNTY})?{_TOWN}{_RURAL_NAME}{{2,4}}?村)")
_RURAL_TOWN = re.compile(rf"{_RURAL_START}({_COUNTY}{_TOWN})")
_VILLAGE_ANCHOR = _anchor("村", before=16, after=0)
# Two of the suffixes close together, or the patterns are not tried (one scan, in C, for most texts).
_RURAL_GATE = re.compile(r"[县旗镇乡][^，,。！!？?\s]{2,4}[镇乡村]")
_TOWN_ANCHOR = _anchor("镇|乡", before=10, after=0)
# After an admin chain, a short locality name that a locative word follows (朝阳区双桥这边, 首尔明洞免税店):
# the locative says it is a place even without a suffix; a very frequent word is no name (东方 +
# 市场那边), nor is an urban village (城中村那边).
_LOCALITY = re.compile(
    rf"{_NOT_COUNTED}(?!城[中郊边]村){_NAME_CHAR}{{2,4}}?(?=这边|那边|附近|一带|周边|旁边|那块|这块|对面|免税店|商圈)"
)
# A POI with an unmistakable suffix after 在/到/去/从 (我在石桥铺电脑城买的): the name must not be a
# common word (网上商城, 手机商城 are not places).
_POI_AFTER_VERB = re.compile(
    rf"({_NAME_CHAR}{{2,6}}?(?:电脑城|数码城|商城|广场|批发市场|农贸市场|市场|景区|公园|湿地|古镇|"
    r"火车站|汽车站|高铁站|地铁站|机场|大学|学院|医院|中学|小学|写字楼|大厦|酒店|宾馆|购物中心|商场|步行街|夜市|"
    r"博物馆|博物院|百货公司|百货商店|百货|奥特莱斯|口岸))"
)
# Institutions and hubs are named after words as often as not (协和医院, 复旦大学, 五一广场, 人民医院):
# their name counts unless it only qualifies the suffix (附近医院, 私立大学, 当地医院).
_INSTITUTIONS = (
    "火车站",
    "汽车站",
    "高铁站",
    "地铁站",
    "机场",
    "大学",
    "学院",
    "医院",
    "中学",
    "小学",
    "广场",
    "步行街",
    "景区",
    "古镇",
    "博物馆",
    "博物院",
    "百货",  # 新世界百货, 老佛爷百货
    "百货公司",
    "百货商店",
    "奥特莱斯",
    "口岸",
)
_GENERIC_POI_NAMES = frozenset(
    "私立 公立 民办 民营 私人 社区 综合 专科 重点 名牌 三甲 正规 附近 当地 本地 大型 小型 国外 国内 外地 "
    "普通 一般 乡镇 县级 市级 省级 区级 老家 城里 市里 县里 镇上 村里 全国 各大 很多 好多 别的 其他 "
    "隔壁 旁边 对面 周边 部队 野鸡 一所 大的 小的 新的 老的 最近 附属 森林 主题 文化".split()
)
# A landmark named after 在/到/去/从 (去灵隐寺烧香): a name that is no common word, not a verb and its
# object (登泰山, 爬山 has no name), and a landmark suffix.
_LANDMARK_AFTER_VERB = re.compile(
    rf"({_LANDMARK_NAME_CHAR}{{2,4}}?(?:寺|庙|宫|湖|山|岛|峡|谷|窟|海滩|瀑布|温泉))"
)
# Theme parks people name without a city (去迪士尼, 在欢乐谷).
_THEME_PARK = re.compile("(?:迪士尼乐园|迪士尼|环球影城|欢乐谷|长隆|方特)")
# A road named without a number where someone is (在建设路那家火锅店): road names are often words
# (建设, 人民, 解放), so the boundary after it decides.
# The four patterns above and below are tried right after these characters (one scan for all):
# POIs after 在/到/去/从/住/叫, roads after 在/到/去/从/住, landmarks and theme parks after 在/到/去/从.
_PLACE_VERB = re.compile("[在到去从住叫]")
_ROAD_AFTER_VERB = re.compile(
    rf"({_NAME_CHAR}{{2,4}}?(?:大道|大街|路|街))(?=[那这上边旁口附对，,。！!？?\s]|$)"
)
# A visit, not a name: 去北京逛夜市, 到商场吃饭 (but 玩具城, 游乐园 are names).
_VISITING = re.compile("[逛吃喝买]|玩(?!具)|游(?!乐)")
_DOING_AT_POI = re.compile(r"[上读考念进看](?:大学|学院|中学|小学|医院)$")  # 在郑州上大学
_POI_SUFFIX = re.compile(
    r"(?:电脑城|数码城|商城|广场|批发市场|农贸市场|市场|景区|公园|湿地|古镇|火车站|汽车站|高铁站|地铁站|机场|大学|"
    r"学院|医院|中学|小学|写字楼|大厦|酒店|宾馆|购物中心|商场|步行街|夜市|博物馆|博物院|百货公司|百货商店|百货|"
    r"奥特莱斯|口岸)$"
)
# Developers' estates (碧桂园凤凰城, 万科城): the brand, a name and a complex suffix.
_ESTATE_BRANDS = (
    "碧桂园 万科 恒大 保利 绿地 龙湖 融创 中海 华润 金地 世茂 富力 雅居乐 绿城 远洋 旭辉 金科 蓝光 "
    "招商".split()
)
_ESTATE_SUFFIX = "城|园|府|苑|湾|里|郡|庭|公馆|花园|广场|小区|家园|天地|华府|名苑|国际"
_ESTATE_NAME = rf"(?:{_NAME_CHAR}{{0,6}}?(?:{_ESTATE_SUFFIX}))"
# Neighbourhoods and landmarks people name without a city (住华强北, 在陆家嘴上班): well-known ones only.
# China's big airports by their short names, with or without 国际 (首都国际机场, 天府机场); spelt out
# as literals so that ``re`` scans for them in C.
_AIRPORTS = "|".join(
    f"{name}机场|{name}国际机场"
    for name in (
        "虹桥 浦东 首都 大兴 白云 宝安 双流 天府 天河 萧山 禄口 江北 长水 咸阳 高崎 新郑 黄花 美兰 凤凰 "
        "流亭 桃仙 "
        "太平 地窝堡 遥墙 滨海 周水子 龙洞堡 吴圩 硕放 栎社 晋江 揭阳潮汕"
    ).split()
)
_LANDMARK = re.compile(
    "(?:中关村|国贸|三里屯|望京|五道口|西二旗|上地|回龙观|天通苑|亦庄|后沙峪|西单|王府井|南锣鼓巷|五棵松|公主坟|"
    "双井|金融街|亮马桥|酒仙桥|宋家庄|陆家嘴|徐家汇|人民广场|南京东路|南京西路|静安寺|五角场|张江|漕河泾|莘庄|"
    "新天地|田子坊|外滩|打浦桥|世纪公园|外高桥|珠江新城|天河城|体育西|上下九|岗顶|客村|琶洲|华强北|车公庙|蛇口|"
    "华侨城|福田口岸|罗湖口岸|皇岗口岸|深圳湾|钱江新城|武林广场|湖滨|春熙路|太古里|宽窄巷子|天府广场|解放碑|"
    "观音桥|洪崖洞|三峡广场|光谷|江汉路|楚河汉街|新街口|夫子庙|小寨|大雁塔|曲江新区|鼓浪屿|西湖|中山公园|"
    + _AIRPORTS
    + "|"
    "乌镇|周庄|西塘|同里|凤凰古城|丽江古城|平遥古城|东方明珠|"
    # Macau's integrated resorts, named as places (澳门氹仔威尼斯人)
    "威尼斯人|巴黎人|伦敦人|新濠天地|新濠影汇|永利皇宫|美高梅|金沙城中心|银河综合度假城|新葡京|上葡京|摩珀斯)"
)
_CUE_WORDS = (
    r"(?:收货地址|家庭住址|联系地址|通讯地址|地址|住址|家住|住在|现住|居住在|"
    r"寄到|送到|位于|来自|老家在?|人在|住的|我住)(?:[:： ]|[写填]的?是?|是|为|改成|改为)?"
)
_ADDRESS_CUE = re.compile(_CUE_WORDS + "$")  # searched with an end position: a cue right before
_ADDRESS_CUES = re.compile(_CUE_WORDS)  # every cue in a text
_CUE_WINDOW = 6

# A place name directly followed by these is part of an organisation/product/time name, not a location.
_NOT_A_PLACE_AFTER = re.compile(
    r"(?:[\u4e00-\u9fff]{0,3}?(?:银行|农商行|证券|保险|集团|控股|航空|卫视|电视台|日报|晚报|地铁公司|委员会|协会|消委会))"
    r"|时间|话|方言|口音|菜|烤鸭|火锅|队|户口"
    # where a phone number, a currency or a transit card is from, not where someone is (澳门手机号,
    # 台湾号码, 澳门币, 澳门通, 深圳通卡; but 北京通州, 深圳通知)
    r"|手机号|手机卡|号码|电话号|座机|币|通(?![\u4e00-\u9fff])|通(?:卡|充|余额|刷|扣|[同和与跟或及])"
)
# A full name whose last character forms a word with the next one (东方市场, 深圳市值) is not that name.
_BLOCKED_BIGRAMS = frozenset(
    {
        "市区",
        "市场",
        "市值",
        "市面",
        "市价",
        "区域",
        "区别",
        "区分",
        "区块",
        "区间",
        "省钱",
        "省心",
        "省事",
        "省去",
        "省略",
        "省得",
    }
)

# English: a few big cities by their usual romanisation, and street addresses.
_EN_CITIES = (
    "Beijing|Shanghai|Guangzhou|Shenzhen|Hangzhou|Chengdu|Wuhan|Nanjing|Tianjin|Chongqing|Xi'an|Xian|Suzhou|"
    "Hong Kong|Macau|Macao|Taipei|Xiamen|Qingdao|Dalian|Shenyang|Changsha|Zhengzhou|Kunming|Harbin|Jinan|"
    "Fuzhou|Hefei|Dongguan|Foshan|Ningbo|Wuxi|Zhuhai|Sanya|Haikou|Nanning|Guiyang|Lanzhou|Urumqi|Lhasa|"
    "Singapore|Japan|Tokyo|Osaka|Thailand|Bangkok|Korea|Seoul|Malaysia|Kuala Lumpur|Vietnam|Australia|Sydney|"
    "Melbourne|Canada|Toronto|Vancouver|New York|Los Angeles|San Francisco|London|Paris|Dubai|Taiwan|Macao"
)
# The parts of an English address before its street, in any order: a flat or floor (Room 1502, 23/F,
# 5F.), a block or tower, a named complex (Xinghe Garden, Harbour Place).
_EN_UNIT = (
    r"(?:(?:Room|Rm|Flat|Unit|Apt|Suite|Floor|Level|Shop)\.?\s*[A-Z0-9-]+|\d{1,3}/F|[GUL]/F|\d{1,3}F\.?"
    r"|(?:Building|Bldg|Block|Blk|Tower|Phase|Wing)\.?\s*[A-Z0-9-]+)"
)
_EN_COMPLEX = (
    r"(?:[A-Z][a-z']+\s){1,3}(?:Garden|Gardens|Estate|Court|Plaza|Mansion|Mansions|Apartments?|Residences?|"
    r"Village|Community|Park|Towers?|Center|Centre|Building|Square|Complex|Heights|Villas?|Compound|Place|"
    r"House|Terrace|Lodge)"
)
_EN_ADDRESS = re.compile(
    # Up to four parts before the street: Room 1502, Building 3, Xinghe Garden,
    rf"(?<![A-Za-z0-9])(?:(?:{_EN_UNIT}|{_EN_COMPLEX}),\s*){{0,4}}"
    r"(?:(?:No\.\s*)?\d{1,5}[A-Z]?\s+(?:[A-Z][a-z']+\s+){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Lu|Jie|Dadao|Boulevard|Blvd|Drive|Crescent)\b\.?"
    # Taiwan's order: No. 216, Ln. 12, Sec. 4, Zhongxiao E. Rd.
    r"|No\.\s*\d{1,5}(?:-\d{1,3})?,\s*(?:(?:Aly|Alley|Ln|Lane)\.?\s*\d{1,4},\s*){0,2}(?:Sec\.\s*\d,\s*)?"
    r"(?:[A-Z][a-z']*\.?\s){1,3}(?:Rd|Road|St|Street|Blvd|Ave)\b\.?)"
    r"(?:,\s*(?:[A-Z][a-z']+\s+)?(?:District|Dist|Qu)\b\.?)?"
    rf"(?:,\s*(?:{_EN_CITIES})(?:\sCity)?(?:\s\d{{3}}(?:\d{{2,3}})?(?![\dA-Za-z]))?)?"  # Taipei City 106
    # ... or no street: a flat in a block of a named estate (Rm 1502, Block B, Wah Fu Estate)
    rf"|(?<![A-Za-z0-9]){_EN_UNIT},\s*(?:{_EN_UNIT},\s*){{0,2}}{_EN_COMPLEX}(?![A-Za-z])"
)
# Shopping-centre brands people name without a city (在万达广场吃饭).
_BRAND_POI = re.compile(
    r"(?:万达广场|大悦城|万象城|来福士|吾悦广场|龙湖天街|印象城|银泰城|银泰百货|太古里|环球港|正佳广场|"
    r"凯德广场|宝龙广场|新世界百货|K11)"
)
# Shanghai Pudong Airport, Beijing West Railway Station, Times Square Mall: capitalised words + a place type.
_EN_POI = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+(?:['-][a-z]+)?\s){1,3}(?:International\s)?"
    r"(?:Airport|Railway Station|Train Station|Station|Mall|Plaza|Square|Park|Hospital|University|Tower|"
    r"Center|Centre|Road|Street|Avenue)"
    r"(?![A-Za-z])"
)
# Landmarks, brands and estates in one flat alternation of branches that each begin with a literal
# (``re`` then scans for their first characters in C; a nested group would make it try every position):
# one scan of the text instead of three.
_NAMED_POI = re.compile(
    f"{_LANDMARK.pattern[:-1]}|{_BRAND_POI.pattern[3:-1]}|"
    + "|".join(f"{brand}{_ESTATE_NAME}" for brand in _ESTATE_BRANDS)
    + ")"
)
_BRANDS = frozenset(_BRAND_POI.pattern[3:-1].split("|"))
_LANDMARKS = frozenset(_LANDMARK.pattern[3:-1].split("|"))
# Places beyond the divisions (countries, cities abroad, landmarks: the gazetteer's ``places``) are
# not part of these names: 美国银行, 日本料理, 泰国菜, 朝鲜族, 印尼盾, 英国籍; nor are cuisines, products
# and media named after them (意大利面, 巴西烤肉, 大阪烧, 澳洲奶粉, 纽约时报, 伦敦金, 巴黎世家).
_NOT_A_PLACE_AFTER_ABROAD = re.compile(
    r"[\u4e00-\u9fff]{0,3}?(?:公司|大使馆|领事馆|使馆)|人民币|料理|籍|族|语|盾|元|币|文(?!化)|式|产|货|牌|制造"
    r"|面(?![前对])|烤肉|烧|饼|餐(?!厅|馆)|奶粉|化妆品|护肤品|保健品|零食|大片|电影|电视剧|时报|邮报|世家|金(?!融)"
)
# A two-character name from abroad is often a piece of a longer word or transliteration (沿海地区 has
# 海地, 丹尼斯 has 尼斯): it counts after a non-Chinese character or one of these words.
_ABROAD_AFTER = frozenset("在去到从往回飞住是了和与跟及或自赴于至返离经过示为喺")
# ... or one of these verbs of travel (出差迪拜期间, 留学东京).
_ABROAD_AFTER_VERBS = frozenset(
    "出差 留学 旅游 旅行 游学 移民 定居 常驻 外派 派驻 前往 飞往 去往 抵达 到达 转机".split()
)
# English: what follows a city name when the name belongs to an organisation or a thing, not a place.
_EN_NOT_PLACE_AFTER = frozenset(
    "Bank Airlines Airways Air Securities Insurance Group Telecom Mobile Unicom Daily Post Times Time "
    "Dollar Dollars Yuan ID Card Cuisine Food Style Standard Stock Exchange Pharmaceutical Motors Holdings "
    "Limited Ltd Co Inc Corp Company Bureau Police Customs Government Tax Team FC Club".split()
)
# Capitalised words that end a run rather than extend a place (Shenzhen Futian, Chengdu Taikoo Li).
_EN_NOT_PART = frozenset(
    "I I'm I've I'd My We Our You Your He His She Her They Their It Its The This That These Those A An "
    "And But Or So Then When While Because Please Thanks Thank Hi Hello Dear Regards Best Sincerely Kind "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Mr Mrs Ms Dr Sir Madam On In At To For From By With Via "
    "Yesterday Today Tomorrow Last Next Is Was Are Were Has Had Have Do Did Does Can Could Will Would "
    "Should OK Ok Also Not No Yes Why What How Where Who Which WeChat Alipay Pay App Apple Google Visa "
    "Mastercard UnionPay Card Order Refund Payment".split()
)
# A capitalised name with an administrative word after it is a place (Nanshan District, Mexico City).
_EN_ADMIN = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+(?:['-][a-z]+)?[ ]){1,3}"
    r"(?:District|County|Province|Prefecture|City|Town|Township|Village|Subdistrict|New Area)(?![A-Za-z])"
)
# A pinyin place right after a capitalised surname is a given name (Liu Yichun, Chen Jinhua).
_EN_SURNAMES = frozenset(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song "
    "Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Du Ye Cheng Su Wei Lu Lv Ding Ren "
    "Shen Yao Cui Zhong Tan Fan Jin Shi Liao Jia Xia Fu Fang Bai Zou Meng Xiong Qin Qiu Yin Xue Yan Duan Lei "
    "Hou Long Tao Mao Hao Gu Gong Shao Wan Qian Dai Mo Kong Xiang Chang Wen Kang Qi Qiao Ou Yue".split()
)
_EN_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")
_EN_ADMIN_WORD = re.compile("District|County|Province|Prefecture|City|Town|Village|New Area")
_EN_NEXT_WORD = re.compile(r"[ ]([A-Z][A-Za-z'-]*)(?![\dA-Za-z'-])")
# A phone number's or a currency's origin (UK mobile, HK number, Singapore dollars): no place of anyone.
_EN_NUMBER_AFTER = re.compile(
    r"[ ](?:mobile|cell|phone|number|SIM|sim|dollars?|card)(?![A-Za-z])", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    score: float
    joins: bool = False  # a landmark or brand that continues a place right before it (厦门鼓浪屿)


def _chains(text: str, mentions: list[Mention], regional: dict[str, Place]) -> list[list[Mention]]:
    """Group adjacent, nested admin names: 广东省深圳市南山区 is one chain, 上海北京 two; a place abroad
    or a landmark joins a chain that goes down (日本东京, 美国加州洛杉矶, 杭州千岛湖), and so does a
    place in Hong Kong, Macau or Taiwan named like a mainland division (香港九龙, 台湾台北中山区)."""
    chains: list[list[Mention]] = []
    for mention in mentions:
        if chains:
            last = chains[-1][-1]
            gap = text[last.end : mention.start]
            place = mention.alias.place or regional.get(mention.alias.text)
            nested = any(
                p.contains(d) and p != d for p in last.alias.divisions for d in mention.alias.divisions
            ) or (
                place is not None
                and (place.kind if mention.alias.place is None else mention.alias.rank) > last.alias.rank
                and _same_region(last, place, regional)
            )
            if gap in ("", " ") and nested:
                chains[-1].append(mention)
                continue
        chains.append([mention])
    return chains


# Places below 香港, 澳门 and 台湾 (the divisions stop there) chain only below their own region.
_SAR_TW_PROVINCES = {"HK": "香港特别行政区", "MO": "澳门特别行政区", "TW": "台湾省"}


def _same_region(last: Mention, place: Place, regional: dict[str, Place]) -> bool:
    """Whether ``place`` may go down a chain from ``last``: a place in Hong Kong, Macau or Taiwan only
    from its own region (台湾台北信义区, not 北京 + 山上); other places from anything above them."""
    province = _SAR_TW_PROVINCES.get(place.country)
    if province is None:
        return True
    above = last.alias.place or regional.get(last.alias.text)
    if above is not None:
        return above.country == place.country
    return any(d.province == province for d in last.alias.divisions)


def _admin_mentions(text: str, gazetteer: Gazetteer, words: frozenset[str]) -> list[Mention]:
    """Gazetteer hits, with a full name that ends inside a word (东方市场) cut back to a shorter form;
    places abroad and landmarks that are part of a longer word or a name (海地 in 沿海地区, 日本料理)
    are left out."""
    found: list[Mention] = []
    for mention in gazetteer.scan(text, places=True):
        if mention.start and text[mention.start] in _DATE_UNITS and text[mention.start - 1].isdigit():
            continue  # 8日本人: the 日 of a date (8日) and 本人, not 日本
        if mention.alias.place is not None:
            if _abroad_inside_word(text, mention, found, words):
                continue
        elif text[mention.end - 1 : mention.end + 1] in _BLOCKED_BIGRAMS:
            shorter = [
                a for a in gazetteer.aliases_at(text, mention.start) if len(a.text) < len(mention.alias.text)
            ]
            if not shorter:
                continue
            mention = Mention(mention.start, mention.start + len(shorter[0].text), shorter[0])
        found.append(mention)
    return found


_DATE_UNITS = frozenset("年月日号时点分秒")


def _abroad_inside_word(text: str, mention: Mention, before: list[Mention], words: frozenset[str]) -> bool:
    if _NOT_A_PLACE_AFTER_ABROAD.match(text, mention.end, min(len(text), mention.end + 4)):
        return True
    if mention.end - mention.start > 2 or mention.start == 0:
        return False
    place = mention.alias.place
    if place is not None and place.alone and place.country in _SAR_TW_PROVINCES:
        return False  # 台北, 旺角: read like a Chinese division, no transliteration
    if before and before[-1].end == mention.start:  # 日本 + 大阪: the chain decides
        return False
    previous = text[mention.start - 1]
    if not _is_cjk(previous) or previous in _ABROAD_AFTER:
        return False
    if text[max(0, mention.start - 2) : mention.start] in _ABROAD_AFTER_VERBS:
        return False
    # A country's name is rarely a piece of a transliteration: a word before it (沿海地区) or a surname
    # (王泰国, a person) says so; other names need one of the words above.
    return (
        place is None
        or place.kind is not PlaceKind.COUNTRY
        or previous in COMMON_SURNAMES
        or text[mention.start - 1 : mention.end - 1] in words
    )


def _cued(text: str, start: int) -> bool:
    return _ADDRESS_CUE.search(text, max(0, start - _CUE_WINDOW), start) is not None


# A place someone is, goes to or comes from, and does something in (在海口出差, 去大同旅游): enough for
# the short forms that are words elsewhere (夸下海口) or district names (在朝阳上班).
_BEING_IN = frozenset("在到去从回住来喺")  # 喺: Cantonese 在
_STAY = re.compile(
    r"出差|旅游|旅行|工作|上班|上学|读书|生活|打工|做生意|开店|进货|玩|定居|买|这边|那边|附近|一带|本地|当地|市区|的时候|时"
)


def _staying(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in _BEING_IN and _STAY.match(text, end) is not None


# What someone does in a place besides staying there (在镇远交了新农合, 在彭水办的卡): after 在/到/去...,
# enough for a division's short form that is no everyday word (not 平安, 长安, 中方: ``_word_like``).
_DOING = re.compile(r"[交缴办付扫刷取存充用住开卖种养读念]|看病|就医|务工|摆摊|过年|落户|买房|租房")
# A short form alone in brackets after a name (用户雷振华（安康）) or as a clause of its own after one
# (来电：冉启明，彭水。): the writer says where someone is.
_BRACKETS = frozenset(["（）", "()"])
_CLAUSE_BEFORE = frozenset("，,：:；;、")
_CLAUSE_AFTER = frozenset("。.，,；;！!？?、")
# jieba's count at or above which a two-character short form reads as a word first where a place is
# expected (平安 1,438, 中方 1,408, 新华 549 are words; 镇远 122, 安康 124 are places there). A clause
# of its own is a weaker context: there, the short form must be no word at all (彭水; not 安康).
WORD_LIKE_FREQUENCY = 300
WORD_FREQUENCY = 20


@functools.cache
def _word_frequencies() -> dict[str, int]:
    """jieba's counts of the two-character words of ``cn_words.tsv`` (name-tagged ones too: 安康)."""
    return {word: frequency for word, frequency, _ in load_entries() if len(word) == 2}


def _placed(text: str, start: int, end: int, name: str) -> bool:
    """Whether a division's short form that needs a context (彭水, 镇远, 安康) has one: where someone
    does something (在镇远交了), where someone is from (是彭水人), in brackets (（安康）) or as a clause of
    its own (，彭水。)."""
    if start == 0:
        return False
    before, after = text[start - 1], text[end : end + 1]
    frequency = _word_frequencies().get(name, 0)
    if (
        (before in _BEING_IN and _DOING.match(text, end) is not None)
        or before + after in _BRACKETS
        or (before == "是" and after == "人")
    ):
        return frequency < WORD_LIKE_FREQUENCY
    return before in _CLAUSE_BEFORE and (after in _CLAUSE_AFTER or not after) and frequency < WORD_FREQUENCY


# After a township's short form that is also a word (长安, 人民, 留下): what says it is the place.
_AFTER_TOWN = re.compile(r"[\s，,。.！!？?；;：:、)）】」』\"'/]|$|干活|做生意|开店|住|租|" + _STAY.pattern)


def _town_tail(text: str, end: int, last: Mention, gazetteer: Gazetteer) -> int:
    """The end of a township named right after its city or county (东莞长安, 顺德乐从, 上海七宝) and of
    the address after it; ``end`` when there is none. A short form that is also a word counts only
    where nothing continues it (杭州留下了 is not 留下镇)."""
    town = gazetteer.town_end(text, end, last.alias.divisions)
    if town == end or (text[end:town] in gazetteer.town_words and _AFTER_TOWN.match(text, town) is None):
        return end
    return _tail_end(text, town)


# No component of the tail begins with one of these: a bail-out before the regex (most places are
# followed by 的, 了, 在 or punctuation).
_NO_TAIL = frozenset(_STOP + "，,。.！!？?；;：:、“”\"'（）()【】《》\n\t")


def _tail_end(text: str, pos: int) -> int:
    if pos >= len(text) or text[pos] in _NO_TAIL:
        return pos
    match = _TAIL.match(text, pos, min(len(text), pos + MAX_TAIL))
    return match.end() if match else pos


_CAPITALISED = re.compile(r"[A-Z][a-z]")

# After an English street address: up to three ", Place Name" parts (Tsim Sha Tsui, Kowloon).
_EN_PART = re.compile(r",\s*((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s[A-Z][a-z]+){0,2})(?![A-Za-z])")
_EN_NOT_PLACE = frozenset(
    "Please Thanks Thank Best Regards Kind Sincerely Dear Hi Hello I My We The This It".split()
)


# A postcode after a place (London NW1 6XE, Sydney NSW 2000, NY 10001); digits alone only after an
# address's city (Taipei City 106, above): after a name they are a count or a year (London 200 times).
_EN_POSTCODE = re.compile(
    r",?\s(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]{2,3}\s\d{4,5}(?:-\d{4})?)(?![A-Za-z0-9])"
)


def _en_tail_end(text: str, pos: int) -> int:
    for _ in range(3):
        match = _EN_PART.match(text, pos)
        if match is None or match.group(1).split()[0] in _EN_NOT_PLACE:
            break
        pos = match.end()
    return _en_postcode_end(text, pos)


def _en_postcode_end(text: str, pos: int) -> int:
    match = _EN_POSTCODE.match(text, pos)
    return match.end() if match else pos


def _suffix_start(name: str) -> int:
    """Where the subdivision suffix of ``name`` begins (华阳街道办 -> 2)."""
    for suffix in ("街道办事处", "街道办", "街道", "镇", "乡", "村"):
        if name.endswith(suffix):
            return len(name) - len(suffix)
    return len(name)


def _joined(text: str, start: int, words: frozenset[str]) -> bool:
    """Whether the boundary character before a name forms a word with its first character (去年冬天小区:
    去 ends the phrase before only if 去年 is not a word). 在, 到, 住... are read as the preposition
    (在建设路 is on 建设路, though 在建 is a word)."""
    return start > 0 and text[start - 1] not in "在到从住" and text[start - 1 : start + 1] in words


def _short_county(alias: Alias) -> bool:
    return not alias.full and all(d.level is Level.DISTRICT for d in alias.divisions)


def _named_or_joined(text: str, start: int, words: frozenset[str]) -> bool:
    """A county's short form read as a name after 叫 (我叫张家川) or into the word before it (楼下花园)."""
    return (start > 0 and text[start - 1] == "叫") or _joined(text, start, words)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def find_locations(text: str, gazetteer: Gazetteer, words: frozenset[str]) -> list[tuple[int, int, float]]:
    """LOCATION spans in ``text`` (already normalised): merged, sorted (start, end, score) triples.
    Traditional characters are read as their simplified forms (香港九龍彌敦道 is 香港九龙弥敦道)."""
    text = to_simplified(text)
    found: list[_Found] = []
    for chain in _chains(text, _admin_mentions(text, gazetteer, words), gazetteer.regional):
        start, end = chain[0].start, chain[-1].end
        if _NOT_A_PLACE_AFTER.match(text, end, min(len(text), end + 8)):
            continue
        tail = _tail_end(text, end)
        if tail == end and chain[-1].alias.divisions:
            tail = _town_tail(text, end, chain[-1], gazetteer)
        if tail < len(text) and text[tail] not in _NO_TAIL:  # a locality begins with a name character
            locality = _LOCALITY.match(text, tail, min(len(text), tail + 8))
            if locality is not None and locality.group() not in get_lexicon().frequent:
                tail = locality.end()
        head = chain[0].alias
        if head.place is not None and len(chain) == 1:
            # A place abroad or a landmark: alone when the name is one (3+ characters outrank a
            # two-character person name read into it, 温哥华 over 温哥), else only in a chain.
            if head.standalone:
                found.append(_Found(start, tail, 0.85 if tail - start >= 3 else 0.6))
            elif _cued(text, start) or _staying(text, start, end):  # 在汉堡出差, 在中环上班
                found.append(_Found(start, tail, 0.6))
        elif len(chain) > 1 or tail > end:
            found.append(_Found(start, tail, 0.85))
        elif head.standalone and not (_short_county(head) and _named_or_joined(text, start, words)):
            found.append(_Found(start, end, 0.7))  # 老河口; not 楼下 + 花园 (下花园区), 叫张家川
        elif _cued(text, start) or _staying(text, start, end) or _placed(text, start, end, head.text):
            found.append(_Found(start, end, 0.65))
    if "号" in text:
        for match in _near_suffixes(_ROAD_NUMBER, _ROAD_ANCHOR, text):
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.8))
    for match in _near_suffixes(_COMPLEX_BUILDING, _COMPLEX_ANCHOR, text):
        found.append(_Found(match.start(), _tail_end(text, match.end()), 0.8))
    for match in _ADDRESS_CUES.finditer(text):
        end = _tail_end(text, match.end())
        if end > match.end():
            found.append(_Found(match.end(), end, 0.7))
    for match in _near_suffixes(_RESIDENCE, _RESIDENCE_ANCHOR, text):
        name = match.group(1)
        if not any(name.startswith(d) for d in _NOT_RESIDENCE_NAMES) and not _joined(
            text, match.start(1), words
        ):
            found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.6))
    for match in _near_suffixes(_SUBDIVISION_ALONE, _SUBDIVISION_ANCHOR, text):
        name = match.group(1)
        suffix_start = _suffix_start(name)
        if (
            not any(name.startswith(d) for d in _NOT_RESIDENCE_NAMES)
            and not _joined(text, match.start(1), words)
            and name not in words
            and name[suffix_start - 1 : suffix_start + 1] not in words
        ):
            found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.6))
    rural = ("村" in text or "镇" in text or "乡" in text) and _RURAL_GATE.search(text) is not None
    for pattern, anchor in ((_RURAL_VILLAGE, _VILLAGE_ANCHOR), (_RURAL_TOWN, _TOWN_ANCHOR)) if rural else ():
        for match in _near_suffixes(pattern, anchor, text):
            if not _joined(text, match.start(1), words):
                found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.7))
    for verb in _PLACE_VERB.finditer(text):
        found.extend(_after_verb(text, verb.end(), verb.group(), words))
    for match in _NAMED_POI.finditer(text):  # landmarks, brands and estates in one scan
        name = match.group()
        end = match.end()
        if name in _BRANDS or (
            name in _LANDMARKS and not _NOT_A_PLACE_AFTER.match(text, end, min(len(text), end + 8))
        ):
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.6, joins=True))
        elif name not in _LANDMARKS:  # an estate
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.7))
    if "校区" in text or "分校" in text or "院区" in text:
        for match in _CAMPUS.finditer(text):
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.7))
    if _CAPITALISED.search(text) is not None:
        found.extend(_english(text, gazetteer))
    return _merge(found)


def _after_verb(text: str, pos: int, verb: str, words: frozenset[str]) -> list[_Found]:
    """POIs, landmarks, theme parks and roads named right after 在/到/去/从/住/叫 (``pos``)."""
    found: list[_Found] = []
    if pos >= len(text) or text[pos] in _NO_TAIL:  # every name begins with a name character
        return found
    if (match := _POI_AFTER_VERB.match(text, pos)) is not None:
        poi = match.group(1)
        name = _POI_SUFFIX.sub("", poi)
        # 网上商城, 手机商城: a word and a suffix. An institution or a hub is named after a word as often
        # as not (协和医院, 虹桥火车站): only a qualifier is not its name (附近医院).
        institution = poi.endswith(_INSTITUTIONS) and name not in _GENERIC_POI_NAMES
        if (
            (name not in words or institution)
            and not _joined(text, pos, words)
            and _DOING_AT_POI.search(poi) is None
            and _VISITING.search(name) is None
        ):
            found.append(_Found(pos, _tail_end(text, match.end(1)), 0.6))
    if verb == "叫":
        return found
    if verb != "住":
        if (match := _LANDMARK_AFTER_VERB.match(text, pos)) is not None:
            name = match.group(1)
            if name not in words and name[:-1] not in words and not _joined(text, pos, words):
                found.append(_Found(pos, _tail_end(text, match.end(1)), 0.6))
        if (match := _THEME_PARK.match(text, pos)) is not None:
            found.append(_Found(pos, _tail_end(text, match.end()), 0.6))
    if (match := _ROAD_AFTER_VERB.match(text, pos)) is not None and not _joined(text, pos, words):
        found.append(_Found(pos, match.end(1), 0.6))
    return found


def _english(text: str, gazetteer: Gazetteer) -> list[_Found]:
    """English addresses, POIs and places (Haidian District, Beijing is one span: the parts after an
    address or an administrative name are its tail)."""
    found: list[_Found] = []
    for match in _EN_POI.finditer(text):
        if match.group().split()[0] in _EN_NOT_PART:  # The Road, My Station: no name
            continue
        end = match.end()
        if text.startswith(", ", end) and (address := _EN_ADDRESS.match(text, end + 2)) is not None:
            end = address.end()  # Zhejiang University, 866 Yuhangtang Road
        found.append(_Found(match.start(), end, 0.7))
    for match in _EN_ADDRESS.finditer(text):
        found.append(_Found(match.start(), _en_tail_end(text, match.end()), 0.75))
    for match in _EN_ADMIN.finditer(text) if _EN_ADMIN_WORD.search(text) else ():
        if match.group().split()[0] not in _EN_NOT_PART:
            found.append(_Found(match.start(), _en_tail_end(text, match.end()), 0.7))
    places: list[_Found] = []
    named = list(gazetteer.english_places(text))
    for i, (start, end, place) in enumerate(named):
        first = _EN_NEXT_WORD.match(text, end)
        # a name that needs a context has one before the place it lies in (Futian, Shenzhen)
        after = named[i + 1] if i + 1 < len(named) else None
        placed = after is not None and after[2].alone and _EN_COMMA.fullmatch(text, end, after[0]) is not None
        if not (place.alone or placed) or (first is not None and first.group(1) in _EN_NOT_PLACE_AFTER):
            continue  # Jordan; Shenzhen Airlines, Hong Kong Dollar
        if _EN_NUMBER_AFTER.match(text, end) is not None:
            continue  # UK mobile: +44..., a HK number: where the number is from
        surname = _EN_WORD_BEFORE.search(text, max(0, start - 8), start)
        if place.country == "CN" and surname is not None and surname.group(1) in _EN_SURNAMES:
            continue
        for _ in range(3):  # the district or POI after the city: Shenzhen Futian, Chengdu Taikoo Li
            word = _EN_NEXT_WORD.match(text, end)
            if word is None or word.group(1) in _EN_NOT_PART or word.group(1) in _EN_NOT_PLACE_AFTER:
                break
            end = word.end()
        end = _en_postcode_end(text, end)
        if places and places[-1].end in (start - 1, start - 2) and _EN_COMMA.match(text, places[-1].end):
            places[-1] = _Found(places[-1].start, end, 0.6)  # Shinjuku, Tokyo: one place and where it is
        else:
            places.append(_Found(start, end, 0.6))
    # ... but not a list (Tokyo, Osaka and Kyoto; Tokyo, Osaka, Kyoto): three names, or two and more
    for run in places:
        if "," in text[run.start : run.end] and (
            text.count(",", run.start, run.end) > 1 or _EN_LIST_AFTER.match(text, run.end)
        ):
            found.extend(_split_list(text, run))
        else:
            found.append(run)
    return found


_EN_COMMA = re.compile(r",\s?")
_EN_LIST_AFTER = re.compile(r",?\s(?:and|or|&)\s|,\s?[A-Z]")


def _split_list(text: str, place: _Found) -> list[_Found]:
    """A comma-joined run that continues as a list is a list: its parts apart."""
    parts, start = [], place.start
    for comma in _EN_COMMA.finditer(text, place.start, place.end):
        parts.append(_Found(start, comma.start(), 0.6))
        start = comma.end()
    parts.append(_Found(start, place.end, 0.6))
    return parts


def _merge(found: list[_Found]) -> list[tuple[int, int, float]]:
    """Overlapping spans become one; so do a place and a landmark or brand right after it (北京朝阳区三里屯
    + 太古里)."""
    merged: list[tuple[int, int, float]] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and (item.start < merged[-1][1] or (item.joins and item.start == merged[-1][1])):
            start, end, score = merged[-1]
            merged[-1] = (start, max(end, item.end), max(score, item.score))
        else:
            merged.append((item.start, item.end, item.score))
    return merged


class CnLocationRecognizer(EntityRecognizer):
    """Addresses, administrative divisions and POIs of China (and a few English address forms)."""

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entities=[LOCATION], name="CnLocationRecognizer", supported_language=supported_language
        )

    def load(self) -> None:
        self._gazetteer = get_gazetteer()
        self._words = get_lexicon().words
        _word_frequencies()  # read once at start-up, not on the first text that needs it
        to_simplified("")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        norm = normalized(text)
        results = []
        for start, end, score in find_locations(norm.text, self._gazetteer, self._words):
            original_start, original_end = norm.to_original(start, end)
            results.append(RecognizerResult(LOCATION, original_start, original_end, score))
        return results
