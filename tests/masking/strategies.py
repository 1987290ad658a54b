"""Hypothesis strategies for generated feedback: Chinese/English filler with PII values embedded.

The values are valid by construction (ID check characters, Luhn card numbers, real-looking mobiles),
and most come with the cue word a customer would write before them, so the detector has a fair chance.
The filler has no digits, so it cannot extend an embedded number.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

FILLER_PHRASES = [
    "数字钱包",
    "回访",
    "客服态度很好",
    "转账一直失败",
    "请尽快处理",
    "我要投诉",
    "退款到账了吗",
    "界面不好用",
    "谢谢",
    "payment failed",
    "refund please",
    "the app crashed",
    "hello",
    "。",
    "，",
    "！",
    " ",
    "\n",
]
# Common characters of complaint texts; no digits, no '@'.
FILLER_CHARS = (
    "的了是我在有不这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前"
    "开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次"
    "度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决"
    "治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极"
    "林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗"
    "包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底"
    "站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校"
    "苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退"
    "既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释"
    "景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均"
    "销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣"
    "姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎"
    "扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵"
)

ID_REGIONS = ["110101", "310104", "440305", "330106", "510107", "420106", "320102"]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "alipay.com"]
CN_DIGITS = "零一二三四五六七八九"


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these sit at odd positions once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def id_complete(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def chinese_numeral(n: int) -> str:
    """1200 -> 一千二百, 10 <= n < 100000 (enough for amounts)."""
    out, zero = "", False
    for unit_value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit_value % 10
        if d:
            out += ("零" if zero and out else "") + CN_DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    number = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(digits, min_size=9, max_size=9)))
    shape = draw(st.sampled_from(["plain", "spaced", "dashed", "country"]))
    if shape == "spaced":
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if shape == "dashed":
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if shape == "country":
        return "+86 " + number
    return number


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)))
    seq = "".join(draw(st.lists(digits, min_size=3, max_size=3)))
    return id_complete(draw(st.sampled_from(ID_REGIONS)) + born.strftime("%Y%m%d") + seq)


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["622202", "622848", "621700", "436742", "518710"]))
    length = draw(st.sampled_from([16, 19])) if prefix.startswith("62") else 16
    body = prefix + "".join(draw(st.lists(digits, min_size=length - 7, max_size=length - 7)))
    card = luhn_complete(body)
    if draw(st.booleans()):
        card = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    return card


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[a-z][a-z0-9]{1,8}(?:[._][a-z0-9]{1,6})?", fullmatch=True))
    return f"{local}@{draw(st.sampled_from(EMAIL_DOMAINS))}"


@st.composite
def amounts(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=10, max_value=99999))
    shape = draw(st.sampled_from(["yuan", "yen", "kuai", "chinese", "rmb"]))
    if shape == "yen":
        return f"¥{n}"
    if shape == "kuai":
        return f"{n}块"
    if shape == "chinese":
        return chinese_numeral(n) + "元"
    if shape == "rmb":
        return f"人民币{n}元"
    return f"{n}元"


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TITLES = ["先生", "女士", "小姐", "经理", "老师"]
PLACES = [
    ("浙江省", "杭州市", "西湖区", "文三路"),
    ("北京市", "", "朝阳区", "建国路"),
    ("广东省", "深圳市", "南山区", "科技园路"),
    ("上海市", "", "浦东新区", "世纪大道"),
    ("四川省", "成都市", "武侯区", "人民南路"),
]


@st.composite
def persons(draw: st.DrawFn) -> str:
    surname = draw(st.sampled_from(SURNAMES))
    if draw(st.booleans()):
        return surname + draw(st.sampled_from(TITLES))
    return surname + "".join(draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2)))


@st.composite
def addresses(draw: st.DrawFn) -> str:
    province, city, district, road = draw(st.sampled_from(PLACES))
    number = draw(st.integers(min_value=1, max_value=999))
    start = draw(st.integers(min_value=0, max_value=1))  # with or without the province
    return "".join([province, city, district][start:]) + f"{road}{number}号"


CUES = {
    "PHONE_NUMBER": ["手机", "电话", "联系方式：", "回电", "mobile "],
    "CN_RESIDENT_ID": ["身份证", "身份证号：", "ID card "],
    "BANK_CARD": ["卡号", "银行卡", "尾号是全号"],
    "EMAIL_ADDRESS": ["邮箱", "email: ", "发邮件到"],
    "AMOUNT": ["扣了", "金额", "退款", "转账"],
    "PERSON": ["我是", "客服", "联系人"],
    "LOCATION": ["地址", "住在", "收货地址："],
}
VALUES = {
    "PHONE_NUMBER": mobiles(),
    "CN_RESIDENT_ID": resident_ids(),
    "BANK_CARD": bank_cards(),
    "EMAIL_ADDRESS": emails(),
    "AMOUNT": amounts(),
    "PERSON": persons(),
    "LOCATION": addresses(),
}

filler = st.one_of(
    st.lists(st.sampled_from(FILLER_PHRASES), max_size=4).map("".join),
    st.text(alphabet=FILLER_CHARS + "abcdefghij ，。", max_size=12),
)


@st.composite
def pii_pieces(draw: st.DrawFn) -> tuple[str, str]:
    entity_type = draw(st.sampled_from(sorted(VALUES)))
    cue = draw(st.sampled_from(CUES[entity_type])) if draw(st.booleans()) or entity_type == "AMOUNT" else ""
    return entity_type, cue + draw(VALUES[entity_type])


@st.composite
def feedback(draw: st.DrawFn) -> str:
    """Filler, then 1-5 cue+value pieces each followed by filler and a separator."""
    parts = [draw(filler)]
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        parts.append(draw(pii_pieces())[1])
        # Never a bare space between two values: the detector does not see a number that directly
        # follows another number and a space (test_known_detector_gaps below).
        parts.append(draw(st.sampled_from(["，", "。", "；", "\n", "，请回电", "!"])))
        parts.append(draw(filler))
    return "".join(parts)
