# ruff: noqa: E501, S311  (data tables and templates; random is for synthetic data, not security)
"""Generate the labelled synthetic feedback corpus (corpus/README.md explains the design and labels).

    python corpus/generate.py --seed 20240601 --count 1600 --out corpus/feedback.jsonl

Deterministic for a given seed: every random choice comes from one ``random.Random(seed)``. A text is
a few clauses (opening, complaint, personal details, request, closing) drawn from per-channel and
per-category pools; each clause is a template whose slots are filled by generators that return the
surface string and its gold label (or no label, for the near misses: order numbers, hotlines, dates,
versions, counts, coupon rules). Offsets are computed while the text is assembled, so they are exact.

All personal data is synthetic: names from surname/given-name pools, phone numbers with random
subscriber digits, resident IDs with a real region code, a random birth date and a correct check
digit, Luhn-valid card numbers, addresses built from the gazetteer's divisions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from collections.abc import Callable
from pathlib import Path

from privacy_gateway.detection.gazetteer import AMBIGUOUS_SHORT_FORMS, Level, load_divisions, short_forms

Filler = tuple[str, str | None]  # surface text, entity type (None: a near miss, not labelled)

# --- value generators --------------------------------------------------------------------------------

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "慕容", "司徒", "夏侯"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉飞斌宇浩凯健俊帆旭龙林欣晨雪琳颖倩婷露瑶怡佳梅莉燕丹蕾薇晶妍茜珊莎锦青馨瑾琪晗萱涵梓轩睿博宸泽昊然钰嘉思雨诗文志建国海春晓永德成光新东峰波亮鑫彬坤楠松山川岩清源洁玲琴慧智锋毅哲铭鸿翔凤娇媛婉婧雯霖月星阳晖曦晴朗天宏豪雄威武诚义礼仁忠良美雅淑贤彤兰菊梅莲芝芬蓉蕊萍茵莹珍琦瑞瑜璐环佩君一乐可悦庆福康宁安顺泰昌盛荣振卫兵小少耀远航卓彦勤桐楷柯栋梁枫杨柳森冬虹彩琼瑛家锐钧铮钦键敬"
)
TITLES = ["先生", "女士", "小姐", "经理", "老师", "师傅", "总", "医生", "主任", "阿姨"]
EN_FIRST = [
    "John",
    "Emily",
    "Michael",
    "Sarah",
    "David",
    "Jessica",
    "Kevin",
    "Linda",
    "Tom",
    "Grace",
    "Peter",
    "Amy",
    "Jason",
    "Cindy",
    "Eric",
    "Vivian",
]
EN_LAST = [
    "Smith",
    "Brown",
    "Johnson",
    "Lee",
    "Wang",
    "Chen",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Clark",
    "Zhang",
    "Liu",
    "Lewis",
    "Walker",
    "Young",
]
PINYIN = [
    "zhang",
    "wang",
    "li",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "lin",
    "he",
    "gao",
]
MAIL_DOMAINS = [
    "qq.com",
    "163.com",
    "126.com",
    "gmail.com",
    "outlook.com",
    "foxmail.com",
    "sina.com",
    "hotmail.com",
    "yeah.net",
    "139.com",
    "company.com.cn",
    "mail.example.cn",
]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
AREA_CODES = [
    "010",
    "021",
    "022",
    "023",
    "020",
    "0755",
    "0571",
    "025",
    "027",
    "028",
    "029",
    "0731",
    "0532",
    "0591",
    "0871",
]
ROADS = [
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "科技园南路",
    "文三路",
    "体育西路",
    "长安街",
    "幸福大道",
    "学府路",
    "工业大道",
    "滨河路",
    "东风路",
    "新华街",
    "和平路",
    "光明巷",
    "青年路",
    "金桥路",
    "深南大道",
    "南京东路",
    "淮海中路",
    "天府大道",
    "珞喻路",
    "友谊路",
    "胜利街",
    "朝阳北路",
    "桃园路",
    "江滨路",
]
COMPLEXES = [
    "阳光花园",
    "碧桂园",
    "万科城",
    "翠苑小区",
    "华润城",
    "金地名苑",
    "幸福家园",
    "锦绣江南小区",
    "世纪新村",
    "滨江公寓",
    "紫薇花园",
    "绿地中心",
    "时代广场",
    "国贸大厦",
    "龙湖天街",
    "保利花园",
    "东方雅苑",
    "盛世华庭",
    "曙光新村",
    "丽景湾",
]
POIS = [
    "科技园",
    "大悦城",
    "万达广场",
    "火车站",
    "人民医院",
    "软件园",
    "第一中学",
    "银泰城",
    "高铁站",
    "步行街",
    "体育中心",
    "大学城",
    "会展中心",
    "工业园",
]
EN_ROADS = [
    "Keyuan Road",
    "Renmin Road",
    "Nanjing East Road",
    "Jianguo Road",
    "Shennan Avenue",
    "Tianfu Avenue",
]
EN_CITIES = ["Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Chengdu"]

_FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in string.digits}


class Values:
    """Synthetic PII values; one instance per corpus, driven by the corpus's ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        divisions = load_divisions()
        self.districts = [
            d for d in divisions if d.level is Level.DISTRICT and d.city and d.name[-1] in "区县市"
        ]
        self.cities = [d for d in divisions if d.level is Level.CITY]
        self.region_codes = [d.adcode for d in self.districts]

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    # PERSON --------------------------------------------------------------------------------------------
    def surname(self) -> str:
        return self.pick(COMPOUND) if self.rng.random() < 0.06 else self.pick(SURNAMES)

    def chinese_name(self) -> str:
        return self.surname() + "".join(self.pick(GIVEN) for _ in range(self.rng.choice((1, 2, 2, 2))))

    def titled(self) -> str:
        if self.rng.random() < 0.2:
            return self.chinese_name() + self.pick(["先生", "女士", "经理", "老师"])
        return self.pick(SURNAMES) + self.pick(TITLES)

    def english_name(self) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return f"{self.pick(['Mr.', 'Ms.', 'Mrs.', 'Dr.'])} {self.pick(EN_LAST)}"
        if roll < 0.5:
            return f"{self.pick(PINYIN).title()} {self.pick(['Wei', 'Fang', 'Na', 'Lei', 'Jing', 'Yang', 'Min', 'Hao'])}"
        return f"{self.pick(EN_FIRST)} {self.pick(EN_LAST)}"

    # PHONE_NUMBER --------------------------------------------------------------------------------------
    def mobile_digits(self) -> str:
        return self.pick(MOBILE_PREFIXES) + "".join(self.rng.choice(string.digits) for _ in range(8))

    def phone(self) -> str:
        d = self.mobile_digits()
        form = self.rng.randrange(12)
        if form == 0:
            return f"{d[:3]} {d[3:7]} {d[7:]}"
        if form == 1:
            return f"{d[:3]}-{d[3:7]}-{d[7:]}"
        if form == 2:
            return self.pick(["+86 ", "+86-", "+86", "0086 ", "(+86)", "86-"]) + d
        if form == 3:
            return d.translate(_FULLWIDTH)
        if form == 4:
            return f"+86 {d[:3]} {d[3:7]} {d[7:]}"
        if form in (5, 6):
            area = self.pick(AREA_CODES)
            # Subscriber numbers start with 2-8: 8 digits, or 7 in some 4-digit-area-code cities.
            size = 8 if len(area) == 3 or self.rng.random() < 0.7 else 7
            number = self.pick(list("2345678")) + "".join(
                self.rng.choice(string.digits) for _ in range(size - 1)
            )
            forms = [f"{area}-{number}", f"({area}){number}", f"{area} {number}"]
            if size == 8:
                forms.append(f"{area}-{number[:4]} {number[4:]}")
            return self.pick(forms)
        return d

    # CN_RESIDENT_ID ------------------------------------------------------------------------------------
    def resident_id(self) -> str:
        region = self.pick(self.region_codes)
        year = self.rng.randint(1950, 2005)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        seq = f"{self.rng.randrange(1000):03d}"
        if self.rng.random() < 0.05:  # legacy 15-digit: yymmdd, no check digit
            return f"{region}{year % 100:02d}{month:02d}{day:02d}{seq}"
        body = f"{region}{year}{month:02d}{day:02d}{seq}"
        check = id_check_digit(body)
        if check == "X" and self.rng.random() < 0.4:
            check = "x"
        return body + check

    # BANK_CARD -----------------------------------------------------------------------------------------
    def bank_card(self) -> str:
        prefix, length = self.rng.choice(
            [
                ("622202", 19),
                ("622848", 19),
                ("621700", 19),
                ("622588", 16),
                ("625", 16),
                ("4", 16),
                ("51", 16),
                ("55", 16),
                (str(self.rng.randint(3528, 3589)), 16),
                ("37", 15),
            ]
        )
        digits = prefix + "".join(self.rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
        digits += luhn_check_digit(digits)
        if self.rng.random() < 0.35:
            groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
            return self.pick([" ", "-"]).join(groups) if self.rng.random() < 0.3 else " ".join(groups)
        return digits

    # EMAIL_ADDRESS -------------------------------------------------------------------------------------
    def email(self) -> str:
        local = self.rng.choice(
            [
                self.pick(PINYIN) + self.pick(PINYIN) + str(self.rng.randint(1, 9999)),
                "".join(self.rng.choice(string.digits) for _ in range(self.rng.randint(6, 10))),
                f"{self.pick(PINYIN)}.{self.pick(PINYIN)}",
                f"{self.pick(EN_FIRST).lower()}_{self.pick(EN_LAST).lower()}",
            ]
        )
        return f"{local}@{self.pick(MAIL_DOMAINS)}"

    # AMOUNT --------------------------------------------------------------------------------------------
    def amount(self) -> str:
        n = self.rng.choice(
            [self.rng.randint(1, 99), self.rng.randint(100, 999), self.rng.randint(1000, 50000)]
        )
        cents = f"{self.rng.randint(0, 99):02d}"
        forms: list[Callable[[], str]] = [
            lambda: f"{n}元",
            lambda: f"{n}.{cents}元",
            lambda: f"¥{n}",
            lambda: f"￥{n:,}.{cents}",
            lambda: f"{n}块",
            lambda: f"{n}块钱",
            lambda: f"RMB {n}",
            lambda: f"人民币{n}元",
            lambda: f"CNY{n}",
            lambda: f"{n:,}元",
            lambda: f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 9)}万",
            lambda: f"{self.rng.randint(1, 20)}万元",
            lambda: f"{n}多块",
            lambda: f"{n}余元",
            lambda: self.chinese_amount(),
            lambda: self.chinese_amount(),
            lambda: self.pick(
                ["三块五", "五块八", "两块五毛", "十块", "二十块钱", "一百多块", "几百块", "上千元", "两万多"]
            ),
            lambda: f"{self.rng.randint(1, 9)}毛钱",
        ]
        return self.rng.choice(forms)()

    def chinese_amount(self) -> str:
        digits = "一二三四五六七八九"
        value = self.rng.choice(
            [
                self.pick(list(digits)) + "百",
                self.pick(list("两三四五六七八九")) + "千",
                "一千" + self.pick(list(digits)) + "百",
                self.pick(list("两三四五")) + "万",
                self.pick(list(digits)) + "十",
                self.pick(list(digits)) + "百" + self.pick(list(digits)) + "十",
            ]
        )
        return value + self.pick(["元", "块", "块钱", "元"])

    def amount_en(self) -> str:
        n = self.rng.randint(5, 5000)
        return self.pick(
            [
                f"${n}.{self.rng.randint(0, 99):02d}",
                f"{n} yuan",
                f"RMB {n:,}",
                f"{n} RMB",
                f"USD {n}",
                f"¥{n}",
            ]
        )

    # LOCATION ------------------------------------------------------------------------------------------
    def _short(self, name: str, level: Level) -> str:
        forms = [f for f in short_forms(name, level) if f not in AMBIGUOUS_SHORT_FORMS]
        return forms[0] if forms else name

    def address(self) -> str:
        d = self.pick(self.districts)
        city = d.city or ""
        municipality = d.province == city
        road = self.pick(ROADS) + f"{self.rng.randint(1, 999)}号"
        building = self.rng.choice(
            [
                "",
                f"{self.rng.randint(1, 30)}栋{self.rng.randint(1, 6)}单元{self.rng.randint(1, 33)}0{self.rng.randint(1, 4)}室",
                f"{self.rng.randint(1, 20)}号楼{self.rng.randint(1, 30)}0{self.rng.randint(1, 8)}",
                f"{self.pick(list('ABCD'))}座{self.rng.randint(5, 40)}0{self.rng.randint(1, 9)}室",
                f"{self.rng.randint(1, 12)}-{self.rng.randint(1, 4)}-{self.rng.randint(1, 30)}0{self.rng.randint(1, 4)}",
            ]
        )
        complex_ = self.pick(COMPLEXES) if self.rng.random() < 0.6 else ""
        form = self.rng.randrange(10)
        if form <= 2:  # full: province city district road number complex building
            head = (d.province if municipality else d.province + city) + d.name
            return head + road + complex_ + building
        if form == 3:
            return (city if not municipality else d.province) + d.name + road + building
        if form == 4:  # short forms with a space or two
            return self._short(city, Level.CITY) + self.pick(["", " "]) + d.name + road
        if form == 5:  # POI after an admin prefix
            return self._short(city, Level.CITY) + self._short(d.name, Level.DISTRICT) + self.pick(POIS)
        if form == 6:
            return road + (complex_ or self.pick(COMPLEXES)) + building
        if form == 7:
            return self.pick(COMPLEXES) + f"{self.rng.randint(1, 30)}栋{self.rng.randint(101, 2802)}"
        if form == 8:
            return d.province + city if not municipality else d.province + d.name
        return city + d.name

    def place(self) -> str:
        c = self.pick(self.cities)
        # A bare district needs its full name of 3+ characters (东区, 城区 alone are words, not places).
        district = self.pick([d for d in self.districts if len(d.name) >= 3])
        return self.rng.choice([c.name, self._short(c.name, Level.CITY), district.name])

    def address_en(self) -> str:
        return (
            f"Room {self.rng.randint(101, 2808)}, {self.rng.randint(1, 999)} {self.pick(EN_ROADS)}, "
            f"{self.pick(['Nanshan District', 'Chaoyang District', 'Xihu District', 'Tianhe District'])}, {self.pick(EN_CITIES)}"
        )

    # other structured types ----------------------------------------------------------------------------
    def passport(self) -> str:
        return self.pick(["E", "G"]) + "".join(self.rng.choice(string.digits) for _ in range(8))

    def travel_permit(self) -> str:
        return (
            "C"
            + self.pick(list("0123456789ABCDEFGH"))
            + "".join(self.rng.choice(string.digits) for _ in range(7))
        )

    def plate(self) -> str:
        prov = self.pick(list("京沪粤浙苏川鄂湘豫鲁闽皖津渝陕"))
        letter = self.pick(list("ABCDEFGHJK"))
        chars = [self.rng.choice(string.digits) for _ in range(5)]
        for i in self.rng.sample(range(5), k=self.rng.choice((0, 0, 1, 2))):  # at most two letters
            chars[i] = self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        number = "".join(chars)
        if self.rng.random() < 0.2:
            return f"{prov}{letter}{self.pick(['D', 'F'])}{''.join(self.rng.choice(string.digits) for _ in range(5))}"
        return f"{prov}{letter}{self.pick(['', '·'])}{number}"

    def code(self) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(self.rng.choice((4, 6, 6))))

    def password(self) -> str:
        return (
            self.pick(PINYIN)
            + "".join(self.rng.choice(string.digits) for _ in range(self.rng.randint(3, 6)))
            + self.pick(["", "!", "@", "#"])
        )

    def ip(self) -> str:
        return self.pick(
            [
                f"192.168.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                f"{self.rng.choice([self.rng.randint(11, 126), self.rng.randint(128, 223)])}.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
            ]
        )

    def wechat(self) -> str:
        return self.pick(
            [
                "wxid_" + "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(12)),
                self.pick(PINYIN) + "_" + self.pick(PINYIN) + str(self.rng.randint(1, 999)),
            ]
        )

    # near misses (never labelled) ---------------------------------------------------------------------
    def order_no(self) -> str:
        return "20" + "".join(
            self.rng.choice(string.digits) for _ in range(self.rng.choice((14, 16, 18, 20)))
        )

    def hotline(self) -> str:
        return self.pick(
            [
                "95588",
                "95533",
                "95188",
                "95017",
                "10086",
                "400-820-8888",
                "4006-888-999",
                "800-830-1234",
                "400 123 4567",
            ]
        )

    def date(self) -> str:
        m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.pick(
            [
                f"2024年{m}月{d}日",
                f"{m}月{d}号",
                f"2024-{m:02d}-{d:02d}",
                f"{m}月{d}日",
                f"2023/{m}/{d}",
                "上周五",
                "昨天",
            ]
        )

    def time(self) -> str:
        return self.pick(
            [
                f"{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}",
                f"下午{self.rng.randint(1, 6)}点",
                f"晚上{self.rng.randint(7, 11)}点半",
                f"上午{self.rng.randint(8, 11)}点{self.rng.randint(1, 5)}0分",
            ]
        )

    def version(self) -> str:
        return self.pick(
            [
                f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 9)}",
                f"V{self.rng.randint(1, 9)}.{self.rng.randint(0, 9)}.{self.rng.randint(0, 9)}",
                f"{self.rng.randint(5, 12)}.{self.rng.randint(0, 9)}",
            ]
        )

    def count(self) -> str:
        return f"{self.rng.randint(2, 9)}{self.pick(['次', '笔', '天', '个小时', '个工作日', '分钟', '遍'])}"

    def promo(self) -> str:
        a = self.rng.choice([50, 100, 199, 200, 300])
        return self.pick(
            [f"满{a}减{a // 10}", f"满{a}元减{a // 20}元", f"满{a}送{a // 10}", f"每满{a}减{a // 10}"]
        )


def id_check_digit(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def luhn_check_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


# --- templates -------------------------------------------------------------------------------------------

SLOTS: dict[str, tuple[str, str | None]] = {
    "name": ("chinese_name", "PERSON"),
    "titled": ("titled", "PERSON"),
    "en_name": ("english_name", "PERSON"),
    "phone": ("phone", "PHONE_NUMBER"),
    "id": ("resident_id", "CN_RESIDENT_ID"),
    "card": ("bank_card", "BANK_CARD"),
    "email": ("email", "EMAIL_ADDRESS"),
    "amount": ("amount", "AMOUNT"),
    "amount_en": ("amount_en", "AMOUNT"),
    "addr": ("address", "LOCATION"),
    "place": ("place", "LOCATION"),
    "addr_en": ("address_en", "LOCATION"),
    "passport": ("passport", "CN_PASSPORT"),
    "permit": ("travel_permit", "CN_TRAVEL_PERMIT"),
    "plate": ("plate", "CN_LICENSE_PLATE"),
    "code": ("code", "VERIFICATION_CODE"),
    "pwd": ("password", "PASSWORD"),
    "ip": ("ip", "IP_ADDRESS"),
    "wechat": ("wechat", "WECHAT_ID"),
    "order": ("order_no", None),
    "hotline": ("hotline", None),
    "date": ("date", None),
    "time": ("time", None),
    "ver": ("version", None),
    "count": ("count", None),
    "promo": ("promo", None),
}

OPENINGS: dict[str, list[str]] = {
    "phone": [
        "电话回访记录：",
        "【电话回访】",
        "回访备注：",
        "{date}{time}电话回访，",
        "客服{name}回访：",
        "外呼回访结果：",
        "回访工单{order}：",
        "",
    ],
    "sms": ["【满意度回复】", "回复：", "短信回复：", "", "", "不满意。", "满意，"],
    "email": ["您好：", "客服你好，", "尊敬的客服：", "Hi，", "", "你们好！"],
    "in_app": ["", "", "反馈：", "【意见反馈】", "APP反馈：", "问题描述："],
    "app_push": ["推送调查回复：", "评分2星，", "评分5星，", "", "点了推送进来反馈一下，"],
}
CATEGORY_CLAUSES: dict[str, list[str]] = {
    "account_stolen": [
        "我的账户被盗了，{date}{time}被转走{amount}",
        "有人在{place}登录了我的账号，登录IP是{ip}",
        "收到验证码{code}，不是我本人操作的",
        "我的银行卡{card}被盗刷了{amount}，请马上冻结",
        "账号被盗，对方把余额{amount}全转走了",
        "登录密码{pwd}好像泄露了，账户里少了{amount}",
        "半夜收到短信验证码{code}，然后就被扣了{amount}",
        "客户称账户异常登录{count}，地点显示{place}",
    ],
    "topup_delay": [
        "充值{amount}到现在还没到账",
        "{date}用尾号{card4}的卡充值了{amount}，流水号{order}，一直没到账",
        "充值了{count}都失败，但是扣了{amount}",
        "话费充值{amount}没到账，手机号{phone}",
        "充值{amount}显示成功，余额没变",
    ],
    "withdraw_delay": [
        "提现{amount}到银行卡{card}，已经{count}了还没到",
        "提现申请单号{order}一直显示处理中",
        "{date}提现的{amount}什么时候到账？",
        "提现到尾号{card4}的卡，{count}了没到，金额{amount}",
        "提现{amount}被退回，原因不明",
    ],
    "payment_failed": [
        "在{place}的店里付款{amount}失败，但是钱扣了",
        "支付时一直提示系统繁忙，版本号{ver}",
        "扫码付款{amount}失败了{count}",
        "付款失败，订单号{order}，扣款{amount}",
        "用{card}付款时提示卡片异常",
        "交易失败，交易单号{order}，金额{amount}",
    ],
    "refund": [
        "申请退款{amount}，{count}了还没退",
        "订单号{order}申请退款，客服说{count}内到账",
        "活动写的{promo}，结算时没减，要求退差价{amount}",
        "退款{amount}退到哪里去了？",
        "商品已退货，退款{amount}请退回原卡{card}",
        "{date}申请的退款还没到，共{amount}",
    ],
    "customer_service": [
        "客服{name}态度很差，直接挂我电话",
        "打{hotline}一直没人接，等了{count}",
        "在线客服让我等{count}，到现在没人回复",
        "{titled}处理得很及时，表扬一下",
        "客服工号{order}的{titled}服务很好",
        "转人工转了{count}，还是机器人",
        "客服{titled}说{date}之前给我答复",
    ],
    "survey": [
        "整体满意，{titled}服务很耐心",
        "一般，希望到账速度快一点",
        "非常满意，{count}就处理好了",
        "不太满意，问题拖了{count}",
        "满意度：满意。建议：{promo}的活动多搞几次",
    ],
    "suggestion": [
        "希望增加账单导出功能",
        "新版本{ver}很卡，希望优化",
        "界面太复杂了，老人不会用",
        "建议{promo}的券能叠加使用",
        "更新到{ver}后闪退{count}",
        "能不能支持{place}的公交卡",
    ],
}
PII_CLAUSES: list[str] = [
    "我叫{name}，手机号{phone}",
    "联系人：{name}，电话：{phone}",
    "身份证号{id}",
    "身份证：{id}，姓名{name}",
    "卡号{card}",
    "银行卡号是{card}",
    "邮箱{email}",
    "结果发到我邮箱{email}吧",
    "地址：{addr}",
    "我住在{addr}",
    "收货地址{addr}，收件人{name}",
    "护照号{passport}",
    "港澳通行证{permit}",
    "车牌号{plate}",
    "微信号{wechat}",
    "有事打{phone}找{titled}",
    "{name}，{phone}",
    "我人在{place}",
    "持卡人{name}，卡号{card}",
    "回电请打{phone}",
    "电话{phone}（{titled}）",
    "本人{name}，身份证{id}",
    "户名{name}，开户行在{place}",
    "我的手机是{phone}，邮箱是{email}",
    "麻烦{titled}回个电话：{phone}",
    "{name}说会给我回电",
    "家里地址是{addr}，电话{phone}",
    "寄到{addr}",
    "我是{titled}，{phone}",
    "客户{titled}，联系电话{phone}",
    "用户{name}，{place}人",
    "老用户了，手机{phone}",
    "今天{name}帮我查了，说是银行的问题",
    "和{name}一起开的户",
    "转给{name}处理吧",
    "收件人: {name} / {phone}",
    "my phone: {phone}, email: {email}",
    "姓名 {name} 身份证 {id}",
    "联系人 {titled} 手机 {phone}",
    "我老婆{name}的卡{card}也被扣了",
    "住址 {addr}",
    "快递送到{addr}就行",
    "我现在在{place}出差",
    "给我打电话 {phone} 或者发邮件 {email}",
    "我爸{name}七十多岁了，不会用手机",
    "帮朋友{name}代付了{amount}",
    "{name}和{name}都是我介绍来的",
    "提现到{name}的卡上了",
    "本人{name}，现住{addr}",
    "户名就是{name}啊",
    "请联系我爱人{name}，电话{phone}",
    "额度只有{amount}",
    "多扣了{amount}，请退回",
    "在{addr}附近付款失败",
    "人在{place}，卡在{place}办的",
]
# A customer-service chat (客服 chats are feedback too): speaker labels carry the agent's name.
CHAT_TURNS_AGENT = [
    "客服{name}：您好，请问有什么可以帮您？",
    "[客服]{name}：已为您加急处理，请耐心等待",
    "坐席{name}：麻烦提供一下注册手机号",
    "客服（{name}）：您的退款预计{count}内到账",
    "客服小{surname_only}：好的，帮您登记了",
]
CHAT_TURNS_USER = [
    "用户：我的提现{amount}还没到",
    "用户：手机号{phone}",
    "用户：卡号{card}，充值{amount}没到账",
    "用户：地址是{addr}",
    "用户：我叫{name}，身份证{id}",
    "用户：订单号{order}，退款呢？",
    "用户：邮箱{email}",
    "用户：都{count}了！",
]
CLOSINGS = [
    "请尽快处理",
    "谢谢",
    "麻烦尽快回复",
    "再不处理我就投诉了",
    "急！",
    "辛苦了",
    "",
    "",
    "望回复",
    "期待改进",
]
EN_TEMPLATES = [
    "Dear support team, my name is {en_name}. I was charged {amount_en} twice on {date}. Please call me at {phone} or reply to {email}.",
    "Hi, this is {en_name}. My refund of {amount_en} has not arrived yet, order {order}. Address: {addr_en}.",
    "Withdrawal of {amount_en} to card {card} is still pending after {count}. Contact: {email}",
    "{en_name} here, account hacked from IP {ip}, please freeze it. Phone {phone}.",
    "Payment failed in app version {ver}, but {amount_en} was deducted. Regards, {en_name}",
    "Please ship the replacement card to {addr_en}. Thanks, {en_name}",
    "{en_name} from your team promised a refund of {amount_en}. Still nothing. Call {phone}.",
    "To whom it may concern: I was charged {amount_en} at a shop in {place}. Best regards, {en_name}",
    "我在{place}出差，my card {card} was declined, 损失了{amount}，please help. {email}",
]
CHANNELS = ["phone", "sms", "email", "in_app", "app_push"]
CATEGORIES = list(CATEGORY_CLAUSES)
_SLOT = re.compile(r"\{(\w+)\}")


def render(template: str, values: Values) -> tuple[str, list[dict[str, object]]]:
    """Fill the slots of ``template``; returns the text and the gold entities with exact offsets."""
    out: list[str] = []
    entities: list[dict[str, object]] = []
    pos = 0
    length = 0
    for match in _SLOT.finditer(template):
        literal = template[pos : match.start()]
        out.append(literal)
        length += len(literal)
        slot = match.group(1)
        if slot == "card4":
            surface, label = "".join(values.rng.choice(string.digits) for _ in range(4)), None
        elif slot == "surname_only":  # 客服小{surname_only}: the label covers 小 + surname
            surface, label = values.pick(SURNAMES[:40]), "PERSON"
            entities.append({"entity_type": label, "start": length - 1, "end": length + 1})
            label = None
        else:
            method, label = SLOTS[slot]
            surface = getattr(values, method)()
        if label is not None:
            entities.append({"entity_type": label, "start": length, "end": length + len(surface)})
        out.append(surface)
        length += len(surface)
        pos = match.end()
    out.append(template[pos:])
    return "".join(out), entities


def compose_chat(values: Values) -> str:
    rng = values.rng
    turns = []
    for _ in range(rng.choice((2, 3, 4))):
        turns.append(rng.choice(CHAT_TURNS_AGENT))
        turns.append(rng.choice(CHAT_TURNS_USER))
    return rng.choice(["\n", " ", "；"]).join(turns)


def compose(values: Values, channel: str, category: str) -> str:
    """A template for one feedback text: clauses joined with varied punctuation."""
    rng = values.rng
    if channel == "in_app" and rng.random() < 0.25:
        return compose_chat(values)
    if channel == "email" and rng.random() < 0.3:
        return rng.choice(EN_TEMPLATES)
    clauses = [rng.choice(OPENINGS[channel])]
    clauses += rng.sample(
        CATEGORY_CLAUSES[category], k=min(len(CATEGORY_CLAUSES[category]), rng.choice((1, 1, 2)))
    )
    clauses += rng.sample(PII_CLAUSES, k=rng.choice((1, 1, 2, 2, 3)))
    middle = clauses[1:]
    rng.shuffle(middle)
    clauses[1:] = middle
    clauses.append(rng.choice(CLOSINGS))
    sep = rng.choice(["，", "，", "。", ", ", "；", " ", "！"])
    body = ""
    for clause in clauses:
        if not clause:
            continue
        if body and not body.endswith(("：", ":", "】", "，", "。", "！")):
            body += sep
        body += clause
    return body + rng.choice(["。", "", "!", "！", "~", "。。。", "?"])


def generate(seed: int, count: int) -> list[dict[str, object]]:
    values = Values(random.Random(seed))
    records = []
    for i in range(count):
        channel = CHANNELS[i % len(CHANNELS)]
        category = CATEGORIES[(i // len(CHANNELS)) % len(CATEGORIES)]
        text, entities = render(compose(values, channel, category), values)
        records.append(
            {
                "id": f"gen-{seed}-{i:05d}",
                "text": text,
                "channel": channel,
                "category": category,
                "entities": entities,
            }
        )
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--count", type=int, default=1600)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "feedback.jsonl")
    args = parser.parse_args(argv)
    records = generate(args.seed, args.count)
    with args.out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}")


if __name__ == "__main__":
    main()
