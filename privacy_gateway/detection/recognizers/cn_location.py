"""LOCATION: Chinese addresses, city/district mentions and POIs, from the gazetteer plus an address grammar.

An address is ONE span from the first administrative name to the room number:
广东省深圳市南山区科技园南路88号3栋2单元501室. How it is found, in one left-to-right pass:

1. The gazetteer finds every division name (full or short form) in one regex scan.
2. Adjacent names that nest (广东省 > 深圳市 > 南山区, 深圳 > 南山) form a chain.
3. The address tail after a chain is matched by ``_TAIL``: repeated components, each a short name plus
   a component suffix (街道/镇/村/路/街/巷/弄/号/栋/单元/室/小区/花园/大厦/广场/科技园/大学...).
4. Without an admin prefix, a road with a house number (人民路88号), a residential complex with a
   building (阳光花园3栋), or anything address-like after an address cue (地址：, 住在) is an address too.

Precision rules (docs/recognizers.md): a place name that starts an organisation's or product's name
(上海银行, 深圳航空, 北京时间, 四川话) is not a location; short district names (南山, 朝阳, 鼓楼) count only
inside a chain, before an address component or after a residence cue; short forms that are mostly
words (开封, 大同, 三明...) need their suffix or a chain; 中国 is not in the gazetteer.

Linear time: every regex has bounded repetition, and tails are matched with ``endpos`` at most
``MAX_TAIL`` characters ahead, so a run of 10,000 号 or 路 costs O(n).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy_gateway.detection.gazetteer import Gazetteer, Mention, get_gazetteer
from privacy_gateway.detection.lexicon import get_lexicon
from privacy_gateway.detection.normalize import normalized
from privacy_gateway.types import LOCATION

MAX_TAIL = 64

# Characters that never occur inside a road/complex name: function words, pronouns, verbs of motion.
# They stop a name from swallowing the sentence around it (住在人民路 -> 人民路).
_STOP = (
    "的了是我你他她它们在被把给从往去到住寄送搬说想要请帮让叫问找着吗呢吧啊呀哦嗯"
    "也都还就很不没已这那些每又再才但而因所如能该需您个址"
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
    "批发市场|农贸市场|商业街|美食街"
)
_COMPLEX = (
    "小区|花园|大厦|公寓|家园|新村|山庄|公馆|华府|华庭|名苑|雅苑|花苑|大楼|商场|商城|中心|"
    "广场|天街|国际|大学|学院|中学|小学|医院|法院|公园|酒店|宾馆|超市|菜市场|市场|写字楼|宿舍|大院|苑|园|城|站|"
    "府|湾|庭|阁|院"
)
_BUILDING = "号楼|号院|栋|幢|座|塔|号|单元|室|楼|层|房|户|区|期|门|组"

_COMPONENT = (
    rf"(?:{_NAME}(?:{_SUBDIVISION}))"
    rf"|(?:{_NAME}(?:{_ROAD})(?:[东西南北中一二三四五六七八九十]段)?(?:{_NUM}(?:-{_NUM})?(?:号|弄|巷)(?![楼院]))?)"
    rf"|(?:{_NAME_CHAR}{{0,8}}?(?:{_POI}))"
    rf"|(?:{_NAME}(?:{_COMPLEX}))"
    rf"|(?:{_LETTER_OR_NUM}(?:-{_LETTER_OR_NUM}){{0,2}}(?:{_BUILDING}))"
    r"|(?:[东西南北中]?[一二三四五六七八九十\d]{1,2}[区期]|[东西南北中][区苑院])"  # 北一区, 二期, 东区
    r"|(?:[东西南北正侧后大]门(?!口))"  # 小区南门 (门口, like 附近, says "near", it is not part of it)
    r"|(?:SOHO|CBD|IFC|ICC|IFS|K11|MALL|Mall)"  # 望京SOHO
    r"|(?:\d{1,5}(?:-\d{1,5}){1,2})"  # 3-2-501
    r"|(?:(?<=[栋幢座塔单元楼层号])\d{2,5})"  # 2单元501: the room number after a building part
)
_TAIL = re.compile(rf"(?:(?:{_COMPONENT})|[ ](?=[A-Za-z0-9])(?:{_COMPONENT}))+")

# Addresses without an admin name in front.
_ROAD_NUMBER = re.compile(rf"{_NAME_CHAR}{{2,5}}(?:{_ROAD})(?:[东西南北中]段)?{_NUM}(?:-{_NUM})?号")
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
    "这边 那边".split()
)


# The name-first patterns above and below are run only in windows around their suffixes: a pattern
# that begins with a name character is tried by ``re`` at every position, while a literal-first
# alternation of suffixes is scanned in C. (name-first pattern, its suffixes, the longest name, how far
# the pattern reaches after the suffix.)
def _anchor(suffixes: str, *, before: int, after: int) -> tuple[re.Pattern[str], int, int]:
    return re.compile(suffixes), before, after


_ROAD_ANCHOR = _anchor(_ROAD, before=5, after=16)
_COMPLEX_ANCHOR = _anchor(
    "小区|花园|公寓|家园|新村|山庄|苑|大厦|华庭|广场|中心|天街|园|城|湾|府|庭|阁", before=6, after=10
)
_RESIDENCE_ANCHOR = _anchor("小区|家园|新村|公寓|花园|山庄|华庭|名苑|雅苑|花苑", before=6, after=0)
_SUBDIVISION_ANCHOR = _anchor("街道办事处|街道办|街道|镇|乡|村", before=4, after=0)


def _near_suffixes(
    pattern: re.Pattern[str], anchor: tuple[re.Pattern[str], int, int], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` restricted to windows around the suffixes its matches end with (a
    match found from two overlapping windows is reported twice; ``_merge`` unites them)."""
    suffixes, before, after = anchor
    for suffix in suffixes.finditer(text):
        low, high = max(0, suffix.start() - before), min(len(text), suffix.end() + after)
        yield from pattern.finditer(text, low, high)


# A subdistrict, town or village named alone (华阳街道办旁边, 在城关镇): after a boundary; not a
# description (整个社区) nor a word ending in the suffix (新农村, 美丽乡村: 农村, 乡村 are words).
_SUBDIVISION_ALONE = re.compile(
    rf"(?:(?<=[{_STOP}])|(?<![\u4e00-\u9fff]))({_NAME_CHAR}{{2,4}}?(?:街道办事处|街道办|街道|镇|乡|村))"
)
# After an admin chain, a short locality name that a locative word follows (朝阳区双桥这边): the
# locative says it is a place even without a suffix.
_LOCALITY = re.compile(rf"{_NOT_COUNTED}{_NAME_CHAR}{{2,4}}?(?=这边|那边|附近|一带|周边|旁边|那块|这块|对面)")
# A POI with an unmistakable suffix after 在/到/去/从 (我在石桥铺电脑城买的): the name must not be a
# common word (网上商城, 手机商城 are not places).
_POI_AFTER_VERB = re.compile(
    rf"(?<=[在到去从住叫])({_NAME_CHAR}{{2,6}}?(?:电脑城|数码城|商城|广场|批发市场|农贸市场|市场|景区|公园|湿地|古镇|"
    r"火车站|汽车站|高铁站|地铁站|机场|大学|学院|医院|中学|小学|写字楼|大厦|酒店|宾馆|购物中心|商场|步行街|夜市))"
)
# A road named without a number where someone is (在建设路那家火锅店): road names are often words
# (建设, 人民, 解放), so the boundary after it decides.
_ROAD_AFTER_VERB = re.compile(
    rf"(?<=[在到去从住])({_NAME_CHAR}{{2,4}}?(?:大道|大街|路|街))(?=[那这上边旁口附对，,。！!？?\s]|$)"
)
_TRANSPORT_HUBS = ("火车站", "汽车站", "高铁站", "地铁站", "机场")
_POI_SUFFIX = re.compile(
    r"(?:电脑城|数码城|商城|广场|批发市场|农贸市场|市场|景区|公园|湿地|古镇|火车站|汽车站|高铁站|地铁站|机场|大学|"
    r"学院|医院|中学|小学|写字楼|大厦|酒店|宾馆|购物中心|商场|步行街|夜市)$"
)
# Developers' estates (碧桂园凤凰城, 万科城): the brand, a name and a complex suffix.
_ESTATE = re.compile(
    r"(?:碧桂园|万科|恒大|保利|绿地|龙湖|融创|中海|华润|金地|世茂|富力|雅居乐|绿城|远洋|旭辉|金科|蓝光|"
    rf"招商)(?:{_NAME_CHAR}{{0,6}}?(?:城|园|府|苑|湾|里|郡|庭|公馆|花园|广场|小区|家园|天地|华府|名苑|国际))"
)
# Neighbourhoods and landmarks people name without a city (住华强北, 在陆家嘴上班): well-known ones only.
_LANDMARK = re.compile(
    "(?:中关村|国贸|三里屯|望京|五道口|西二旗|上地|回龙观|天通苑|亦庄|后沙峪|西单|王府井|南锣鼓巷|五棵松|公主坟|"
    "双井|金融街|亮马桥|酒仙桥|宋家庄|陆家嘴|徐家汇|人民广场|南京东路|南京西路|静安寺|五角场|张江|漕河泾|莘庄|"
    "新天地|田子坊|外滩|打浦桥|世纪公园|外高桥|珠江新城|天河城|体育西|上下九|岗顶|客村|琶洲|华强北|车公庙|蛇口|"
    "华侨城|福田口岸|罗湖口岸|皇岗口岸|深圳湾|钱江新城|武林广场|湖滨|春熙路|太古里|宽窄巷子|天府广场|解放碑|"
    "观音桥|洪崖洞|三峡广场|光谷|江汉路|楚河汉街|新街口|夫子庙|小寨|大雁塔|曲江新区|鼓浪屿|西湖|中山公园|"
    "虹桥机场|浦东机场|首都机场|大兴机场|白云机场|宝安机场|双流机场|天河机场|萧山机场|禄口机场|"
    "乌镇|周庄|西塘|同里|凤凰古城|丽江古城|平遥古城|东方明珠)"
)
_CUE_WORDS = (
    r"(?:收货地址|家庭住址|联系地址|通讯地址|地址|住址|家住|住在|现住|居住在|"
    r"寄到|送到|位于|来自|老家在?|人在|住的|我住)[:： ]?"
)
_ADDRESS_CUE = re.compile(_CUE_WORDS + "$")  # searched with an end position: a cue right before
_ADDRESS_CUES = re.compile(_CUE_WORDS)  # every cue in a text
_CUE_WINDOW = 6

# A place name directly followed by these is part of an organisation/product/time name, not a location.
_NOT_A_PLACE_AFTER = re.compile(
    r"(?:[\u4e00-\u9fff]{0,3}?(?:银行|农商行|证券|保险|集团|控股|航空|卫视|电视台|日报|晚报|地铁公司))"
    r"|时间|话|方言|口音|菜|烤鸭|火锅|队|户口"
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
_EN_ADDRESS = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:Room|Rm|Flat|Unit|Apt)\.?\s*[A-Z0-9-]+,\s*)?"
    r"(?:(?:Building|Bldg|Block|Tower)\.?\s*[A-Z0-9-]+,\s*)?"
    r"(?:No\.\s*)?\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Lu|Jie|Dadao)\b\.?"
    r"(?:,\s*(?:[A-Z][a-z]+\s+)?(?:District|Qu)\b)?"
    rf"(?:,\s*(?:{_EN_CITIES}))?"
)
# Shopping-centre brands people name without a city (在万达广场吃饭).
_BRAND_POI = re.compile(
    r"(?:万达广场|大悦城|万象城|来福士|吾悦广场|龙湖天街|印象城|银泰城|银泰百货|太古里|环球港|正佳广场|"
    r"凯德广场|宝龙广场|新世界百货|K11)"
)
# Shanghai Pudong Airport, Beijing West Railway Station, Times Square Mall: capitalised words + a place type.
_EN_POI = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+\s){1,3}(?:International\s)?"
    r"(?:Airport|Railway Station|Train Station|Station|Mall|Plaza|Square|Park|Hospital|University|Tower|"
    r"Center|Centre)"
    r"(?![A-Za-z])"
)
_EN_CITY = re.compile(rf"(?<![A-Za-z])(?:{_EN_CITIES})(?![A-Za-z])")
# Other countries and big foreign cities locate a person (我在美国用不了); 中国 does not (every user).
# Literal-first (fast to scan); the character before is checked after the name: not inside a word.
_FOREIGN = re.compile(
    "(?:美国|日本|韩国|英国|法国|德国|加拿大|澳大利亚|澳洲|新加坡|马来西亚|泰国|越南|俄罗斯|意大利|西班牙|"
    "新西兰|迪拜|纽约|东京|伦敦|巴黎|首尔|曼谷|悉尼|洛杉矶|温哥华|多伦多|墨尔本|大阪|吉隆坡|缅甸|老挝|柬埔寨|"
    "印度尼西亚|印尼|印度|菲律宾|巴基斯坦|阿联酋|沙特|土耳其|埃及|南非|巴西|阿根廷|墨西哥|荷兰|瑞士|瑞典|"
    "挪威|丹麦|芬兰|比利时|奥地利|葡萄牙|希腊|波兰|乌克兰|以色列|伊朗|尼泊尔|斯里兰卡|哈萨克斯坦|蒙古国)"
    "(?![\u4e00-\u9fff]{0,3}?(?:银行|公司|集团|大使馆|领事馆)|人民币|菜|料理|队|籍)"
)
_FOREIGN_AFTER = frozenset("在去到从往回飞住的")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    score: float


def _chains(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Group adjacent, nested admin names: 广东省深圳市南山区 is one chain, 上海北京 two."""
    chains: list[list[Mention]] = []
    for mention in mentions:
        if chains:
            last = chains[-1][-1]
            gap = text[last.end : mention.start]
            nested = any(
                p.contains(d) and p != d for p in last.alias.divisions for d in mention.alias.divisions
            )
            if gap in ("", " ") and nested:
                chains[-1].append(mention)
                continue
        chains.append([mention])
    return chains


def _admin_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Gazetteer hits, with a full name that ends inside a word (东方市场) cut back to a shorter form."""
    found: list[Mention] = []
    for mention in gazetteer.scan(text):
        if text[mention.end - 1 : mention.end + 1] in _BLOCKED_BIGRAMS:
            shorter = [
                a for a in gazetteer.aliases_at(text, mention.start) if len(a.text) < len(mention.alias.text)
            ]
            if not shorter:
                continue
            mention = Mention(mention.start, mention.start + len(shorter[0].text), shorter[0])
        found.append(mention)
    return found


def _cued(text: str, start: int) -> bool:
    return _ADDRESS_CUE.search(text, max(0, start - _CUE_WINDOW), start) is not None


# A place someone is, goes to or comes from, and does something in (在海口出差, 去大同旅游): enough for
# the short forms that are words elsewhere (夸下海口) or district names (在朝阳上班).
_BEING_IN = frozenset("在到去从回住")
_STAY = re.compile(
    r"出差|旅游|旅行|工作|上班|上学|读书|生活|打工|玩|定居|买|这边|那边|附近|一带|本地|当地|市区|的时候|时"
)


def _staying(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in _BEING_IN and _STAY.match(text, end) is not None


def _tail_end(text: str, pos: int) -> int:
    match = _TAIL.match(text, pos, min(len(text), pos + MAX_TAIL))
    return match.end() if match else pos


_CAPITALISED = re.compile(r"[A-Z][a-z]")

# After an English street address: up to three ", Place Name" parts (Tsim Sha Tsui, Kowloon).
_EN_PART = re.compile(r",\s*((?:[A-Z][a-z]+)(?:\s[A-Z][a-z]+){0,2})(?![A-Za-z])")
_EN_NOT_PLACE = frozenset(
    "Please Thanks Thank Best Regards Kind Sincerely Dear Hi Hello I My We The This It".split()
)


def _en_tail_end(text: str, pos: int) -> int:
    for _ in range(3):
        match = _EN_PART.match(text, pos)
        if match is None or match.group(1).split()[0] in _EN_NOT_PLACE:
            break
        pos = match.end()
    return pos


def _suffix_start(name: str) -> int:
    """Where the subdivision suffix of ``name`` begins (华阳街道办 -> 2)."""
    for suffix in ("街道办事处", "街道办", "街道", "镇", "乡", "村"):
        if name.endswith(suffix):
            return len(name) - len(suffix)
    return len(name)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def find_locations(text: str, gazetteer: Gazetteer, words: frozenset[str]) -> list[tuple[int, int, float]]:
    """LOCATION spans in ``text`` (already normalised): merged, sorted (start, end, score) triples."""
    found: list[_Found] = []
    for chain in _chains(text, _admin_mentions(text, gazetteer)):
        start, end = chain[0].start, chain[-1].end
        if _NOT_A_PLACE_AFTER.match(text, end, min(len(text), end + 8)):
            continue
        tail = _tail_end(text, end)
        locality = _LOCALITY.match(text, tail, min(len(text), tail + 8))
        if locality is not None:
            tail = locality.end()
        if len(chain) > 1 or tail > end:
            found.append(_Found(start, tail, 0.85))
        elif chain[0].alias.standalone:
            found.append(_Found(start, end, 0.7))
        elif _cued(text, start) or _staying(text, start, end):
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
        if not any(name.startswith(d) for d in _NOT_RESIDENCE_NAMES):
            found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.6))
    for match in _near_suffixes(_SUBDIVISION_ALONE, _SUBDIVISION_ANCHOR, text):
        name = match.group(1)
        suffix_start = _suffix_start(name)
        if (
            not any(name.startswith(d) for d in _NOT_RESIDENCE_NAMES)
            and name not in words
            and name[suffix_start - 1 : suffix_start + 1] not in words
        ):
            found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.6))
    for match in _POI_AFTER_VERB.finditer(text):
        poi = match.group(1)
        name = _POI_SUFFIX.sub("", poi)
        # 网上商城, 手机商城: a word and a suffix. A transport hub is always a place (虹桥火车站).
        if name not in words or poi.endswith(_TRANSPORT_HUBS):
            found.append(_Found(match.start(1), _tail_end(text, match.end(1)), 0.6))
    for match in _ROAD_AFTER_VERB.finditer(text):
        found.append(_Found(match.start(1), match.end(1), 0.6))
    for match in _ESTATE.finditer(text):
        found.append(_Found(match.start(), _tail_end(text, match.end()), 0.7))
    for match in _LANDMARK.finditer(text):
        if not _NOT_A_PLACE_AFTER.match(text, match.end(), min(len(text), match.end() + 8)):
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.6))
    for match in _BRAND_POI.finditer(text):
        found.append(_Found(match.start(), _tail_end(text, match.end()), 0.6))
    for match in _FOREIGN.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if not before or not _is_cjk(before) or before in _FOREIGN_AFTER:
            found.append(_Found(match.start(), _tail_end(text, match.end()), 0.6))
    if _CAPITALISED.search(text) is not None:
        found.extend(_english(text))
    return _merge(found)


def _english(text: str) -> list[_Found]:
    found: list[_Found] = []
    for match in _EN_POI.finditer(text):
        found.append(_Found(match.start(), match.end(), 0.7))
    for match in _EN_ADDRESS.finditer(text):
        found.append(_Found(match.start(), _en_tail_end(text, match.end()), 0.75))
    for match in _EN_CITY.finditer(text):
        found.append(_Found(match.start(), match.end(), 0.6))
    return found


def _merge(found: list[_Found]) -> list[tuple[int, int, float]]:
    merged: list[tuple[int, int, float]] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and item.start < merged[-1][1]:
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

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        norm = normalized(text)
        results = []
        for start, end, score in find_locations(norm.text, self._gazetteer, self._words):
            original_start, original_end = norm.to_original(start, end)
            results.append(RecognizerResult(LOCATION, original_start, original_end, score))
        return results
