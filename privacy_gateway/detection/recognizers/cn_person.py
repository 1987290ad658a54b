"""PERSON: Chinese names (single and compound surnames), surname + title, names after cues, English names.

Chinese has no capital letters and no spaces, so a name is recognised from its shape *and* its
surroundings. The surnames are the complete list of ``data/cn_surnames.tsv`` (百家姓 and the modern
rankings), in tiers by how many common words contain them. In decreasing order of confidence:

1. After a label or self-introduction cue (姓名：, 我叫, 联系人, 收件人, 持卡人, 户名, 申诉人...): a surname
   from the list plus one or two given-name characters that are not function words; surnames that are
   mostly words (展, 步, 帅) with two usual given-name characters that make no word (用户展鹏飞名下);
   我 + a full name opening a clause (我隗长青 已经核对了).
2. Surname (+ given name) + title: 张先生, 李女士, 王经理, 张伟先生, 陈老师, 刘师傅, 赵总, 冼伯, 王姨,
   苗嘉禾律师, 尉迟方先生.
3. After a weak, relation or role cue (我是, 是我, 客户, 朋友, 房东, 老板, 导游, 转给...): a surname plus
   usual given-name characters, a nickname (阿杰, 小美) or a pet name (莉莉); after a role 和 as the
   Naxi surname (导游和丽芳), after a kin word a given name alone (我女儿梓萱).
4. 老/小 + surname: 老王, 小李, 老仇 (not 小程序, 小米, 小心: the lexicon); 张工; 牛二妹, 王三娃.
5. No cue at all (客服张伟说...): a common or distinctive surname (郇, 甄) plus usual given-name
   characters, standing between boundaries (punctuation or particles such as 和/跟/给 before,
   说/表示/反映/的 after), and not a common word (高兴, 李子, 黄金, 王者...); names in lists after one
   found (张伟、李娜和王芳); a name signing off at the end (…太慢了 晏芳); nicknames (强哥, 芳姐,
   给阿旺转了); 我是 + a word that is a name opening a message (你好，我是吉祥，). Scored lower. 于
   before a time word is a preposition (于凌晨), never a name.
6. Tibetan, Uyghur, Kazakh and Mongolian names from their usual name parts (次仁卓玛, 哈斯巴根).
7. English: titles (Mr./Ms./Dr., Officer), "my name is" / "I'm" / "Regards,", a known first name +
   capitalised surname (John Smith), a romanised surname + given name (Zhang Wei, Nguyen Van Hung),
   a known first name alone next to Chinese (谢谢Amy) or after a relation word (my roommate Hannah),
   two capitalised words after 客户/我是 (客户：Rajesh Kumar), Ah Keong, 阿May, patronymics (binti, s/o),
   O'Connor, a Latin name with a Chinese title (Müller先生), Cantonese Ho Man Kit.
8. After a kin word or 用户/客户, a surname and any two given-name characters before a clear edge
   (我丈夫蓝有才在, 用户马进财（）; 我是…开小超市的陶正兵，; a signature before a date; nicknames after
   叫 (她叫小雪), from looks (小胖), 大刘, 马老四, 孙女二丫; 海大妈, 黄太; every other mention of a name
   found with a cue or a title.

Spans cover the name and, for form 2, the title (张先生 is the span; the title is what makes it a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy_gateway.detection.found import merge_found
from privacy_gateway.detection.lexicon import (
    FIRST_NAMES_FILE,
    ROMAN_SURNAMES_FILE,
    Lexicon,
    get_lexicon,
    load_names,
    load_surnames,
)
from privacy_gateway.detection.normalize import normalized
from privacy_gateway.types import PERSON

# The ~120 most frequent surnames: allowed in the weaker forms (3, 4, titles like 总/哥/姐).
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮萧"
    "洪赖"
)
# The complete list (data/cn_surnames.tsv: 百家姓, the modern rankings and ORCID-attested rare surnames;
# data/README.md). A surname that many common words contain (国, 东, 有, 时, 海: more than WORDY) is a
# word far more often than a name and is not used at all; the others are trusted after a cue or with a
# personal title (先生/女士...), and those that few common words contain (郇, 綦, 甄, 鲍: at most
# DISTINCTIVE) also without a cue, like the common ones.
WORDY = 100
DISTINCTIVE = 40
_SURNAME_ROWS = load_surnames()
# Characters far more often words than surnames, whatever their count (和, 与, 师, 班, 帅, 平, 海).
_NEVER_SURNAMES = frozenset(
    "和与于师班帅平海国东有后那能都时家山水云花法年言公相通广生福经干养益但撒操侍须充阿由从别步终爱母斯"
    "衣印居呼展满计修宿普富闭习双盘"
)
# Those of them that are real surnames are names after a cue when two usual given-name characters that
# make no word with them follow (用户展鹏飞名下, 客户：帅建平, 客户：步文静; not 客户平安夜): ``_cue_never``.
CUE_NEVER_SURNAMES = "师班帅平海国东山水云花言公相通广福经干益步终爱印居展满修宿普富双"
RARE_SURNAMES = "".join(
    name
    for name, _, in_words in _SURNAME_ROWS
    if len(name) == 1 and name not in COMMON_SURNAMES and name not in _NEVER_SURNAMES and in_words <= WORDY
)
# Surnames inside more common words that a cue or a title still makes names (联系人单立伟, 室友管佳琪,
# 车先生), as before the complete list; not after 老/小 (小车, 老路) nor without a cue.
CUE_ONLY_SURNAMES = "单成路游管华房解阳古车党费全边商皮权巴"
RARE_SURNAMES += CUE_ONLY_SURNAMES
DISTINCTIVE_SURNAMES = "".join(
    name for name, _, in_words in _SURNAME_ROWS if name in RARE_SURNAMES and in_words <= DISTINCTIVE
)
COMPOUND_SURNAMES = tuple(
    dict.fromkeys(
        [
            *"欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 "
            "南宫 西门 百里 呼延 澹台 钟离 闻人 申屠 太史 濮阳 赫连 万俟 东郭 拓跋 司空 第五 左丘 "
            "公羊 单于 完颜 纳兰".split(),
            *(name for name, _, _ in _SURNAME_ROWS if len(name) == 2),
        ]
    )
)
# Characters common in given names (for uncued names only; cue forms accept any non-function character).
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉飞斌宇浩凯健俊帆旭龙林欣晨雪琳颖倩婷"
    "露瑶怡佳梅莉燕丹蕾薇晶妍茜秋珊莎锦青婕馨瑾琪晗萱涵梓轩睿博宸泽昊然钰嘉思雨诗文志建国海春晓永金"
    "德成光新东峰波亮鑫彬坤楠柏松山川江岩清源淼渊洁玲琴慧惠智捷锋毅伦哲铭鸣鸿翔鹤凤莺娇媛婉娅嫣姗婧"
    "雯霏霖霜月星阳晖曦昭晴朗天宏豪雄威武坚诚信义礼仁孝忠良美雅淑贤彤紫兰菊竹荷莲芝芬蓉蕊茵莹珍珠琦"
    "瑞瑜璐环玥佩君一乐可悦喜庆福寿康宁安和顺泰昌盛旺富贵荣振卫兵小大少耀远航卓彦勤学士桐楷柯栋梁桦"
    "枫杨柳森树冬虹彩琼瑛家铠锐钧铮钦钢键敬伯仲叔季元宝丰云飞义利军娥丫"
    "若溪萌依诺昕奕沐晞妮蓓岚希悠姝冉芸菲凌翊烨煜炜熙骏驰峻嵘勋萱"
    # Characters of jieba's dictionary names (data/README.md) that modern given names use as well.
    "祥立维兴达汉保景恩基才奇廷承绍洪继吉延政泉胜培虎启传权治善邦卿灵尚爱友堂升银麟群登齐贞震兆"
    "仪崇迪仙怀曼梦炳京衡庭冰修汝茂亦晋宣谦恒双龄儒润乾献裕厚济柱奎扬隆宪岭昆越岳烈辅纯秉玄鼎跃"
    "功禄宜湘佐翰炎碧津恭赫尧翠逸焕典宾帅均颜桢辛允策廉舒端慈弘柔宽岗彪聪淳翼驹肇敦澄艺羽豫舟"
    "韵祯舜惟镜坦壮沛潮庚腾灿璋赞寒弼慎巍纲寅徽牧荫昂劲毓墨慕恺啸钊桓蔚盈巧娣蓉姣茹霄韬锦琛璇"
    "瑾琰瑄靖婧芮妤歆彧筱素香冬凤"
    # and everyday ones of names (子豪, 田甜, 小花, 语嫣, 根生, 铁柱)
    "子甜花语熠炫皓辰程财根栓锁妞娃妹草晟昱旻珂琬璟珏珺绮婵娴姿缘爽雁鹃蝶焱垚犇骁骥淇滢潇漫澜长"
    # Further name-like characters among the 800 most frequent of sinonym's ORCID given names
    # (data/README.md), and 雷/风/温/葵/猛 of everyday names (石雷, 王美风, 小葵).
    "亚凡玮剑硕宗楚圣洲盼菁瀚泓祎懿喆仕臻芹攀轶榕沁斐晔琨芷杉卉昀闯绪麒玺茗峥锴佑烁屹灏衍芊丞恬锡"
    "铖菡咏侠伶誉俐靓纬滔铎雷风温葵猛旗禾鸥"
)
# Shapes of names that are everyday words.
NOT_NAMES = frozenset(
    "安卓 高兴 高级 高速 高端 高铁 高效 高手 高清 高新 高考 高中 高峰 高价 "
    "高度 高温 高层 高明 李子 王者 王国 王子 黄金 黄色 白银 白色 白天 "
    "白金 金额 金融 金卡 金色 金牌 金山 金子 马上 方便 方式 方法 方面 "
    "方向 方案 周末 周期 周年 周边 周到 常用 常见 常规 常常 安全 安装 "
    "安心 安排 安静 安稳 安康 安宁 文明 文件 文字 文化 石头 江湖 孙子 "
    "余额 余下 龙华 龙头 宋体 温度 温馨 温暖 温和 康复 施工 任何 任务 "
    "曾经 于是 付款 付费 华为 华丽 关于 关注 全部 全国 全额 解决 申请 "
    "游戏 严重 严格 欧元 宁愿 宁可 尚未 符合 阳光 明星 明天 明白 易用 "
    "平安 朱红 毛病 包括 包含 成功 成为 成本 程序 程度 章程 史上 江山 "
    "于海 杨柳 柳树 梁山 叶子 丁香 邓紫 关键 关系 关闭 陆续 谢谢 "
    "谢天 雷同 侯爷 龚 毛衣 武汉 武林 武器 文学 孟子 庄子 钟表 董事 "
    "田园 苏州 苏宁 林业 林木 杜绝 叶片 许多 许可 许久 "
    "罗列 胡同 胡乱 郑重 梁柱 高丽 宋朝 唐朝 汤圆 向来 向阳 齐全 成都 "
    "程度 万一 万元 万达 钱财 孔明 方圆 戴尔 乔丹 左右 包子 包袱 舒服 "
    "舒适 舒心 金华 常州 温州 丁丁 彭湃 甘心 甘愿 宁波 石家庄 "
    "贺卡 贺喜 贺岁 夏天 夏季 秋天 冬天 春天 田地 韩国 韩元 欧美 "
    "欧洲 高一 小白 小学 小家 小子 "
    # sign-offs at the end of a message
    "祝好 祝安 顺祝 商祺 敬上 谨上 ".split()
)

_CJK = r"\u4e00-\u9fff"
# Characters that end a name: function words, verbs and nouns that typically follow one.
_NOT_GIVEN = (
    "的了在是和与于已对让被向给把也都还说讲问叫称告打来去到要想会能先女老经师总您你我他她它们这那"
    "个等电手号卡账身地邮微支银今昨前后上下反表投致咨询办申请帮找再又就很不没吗呢吧啊呀哦嗯"
    "代七八九十百千万某"
)
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
# Compound surnames that are also everyday words: followed by a word they are that word.
_WORDY_COMPOUNDS = frozenset("东方 西门 南宫 百里 第五 长孙 太史 单于".split())
_RARE_SET = frozenset(RARE_SURNAMES)
_DISTINCTIVE_SET = frozenset(DISTINCTIVE_SURNAMES)


def literal_trie(words: Iterable[str], *, classes: bool = False) -> str:
    """One regex alternation for literal words, factored by their first characters like a trie
    (老公|老婆|老板|老板娘 -> 老(?:公|婆|板(?:娘)?)), longest first. ``re`` tries an alternation's
    branches one by one: 260 cue words spelt flat cost up to 260 comparisons wherever one of their
    first characters occurs, the trie a few. Every branch still begins with a literal, so a pattern
    that begins with the trie is scanned for those first characters in C; ``classes`` gathers the
    one-character words into a character class, which is faster inside a pattern but prevents that
    scan at its start."""

    def build(suffixes: list[str]) -> str:
        groups: dict[str, list[str]] = {}
        for suffix in suffixes:
            groups.setdefault(suffix[0], []).append(suffix[1:])
        branches, singles = [], []
        for first, rests in sorted(groups.items()):
            longer = [rest for rest in rests if rest]
            if not longer:
                singles.append(first)
                continue
            tail = build(longer)
            branches.append(re.escape(first) + (f"(?:{tail})?" if "" in rests else tail))
        if classes and len(singles) > 1:
            branches.append(f"[{''.join(singles)}]")
        else:
            branches.extend(re.escape(single) for single in singles)
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return build(sorted(set(words)))


# Any surname (compound ones before their first character, as the trie is greedy), for the name after
# a cue.
_SURNAME = literal_trie([*COMPOUND_SURNAMES, *COMMON_SURNAMES, *RARE_SURNAMES], classes=True)
# After a cue also the surnames of ``CUE_NEVER_SURNAMES`` (checked by ``_cue_never``).
_CUE_SURNAME = literal_trie(
    [*COMPOUND_SURNAMES, *COMMON_SURNAMES, *RARE_SURNAMES, *CUE_NEVER_SURNAMES], classes=True
)
_CUE_NEVER_SET = frozenset(CUE_NEVER_SURNAMES)
_GIVEN_ANY = rf"(?:[{_CJK}](?<![{_NOT_GIVEN}]))"
_GIVEN_COMMON = f"[{GIVEN_CHARS}]"

_STRONG_CUE_WORDS = (
    r"我叫|我的名字是|名字叫|姓名|名字|联系人|收件人|收货人|寄件人|持卡人|开户名|户名|账户名|开户人|"
    r"本人|乘车人|乘机人|经办人|申请人|投诉人|来电人|被投诉人|署名|落款|真实姓名|预留姓名|实名|"
    r"抄送|转交|交给|对接人|处理人|回访人|审核人|负责人|自称|名叫|叫做|叫|对接的是|"
    # parties of a complaint, a transfer or a letter
    r"申诉人|委托人|代理人|当事人|收款人|付款人|收款方|付款方|报案人|举报人|借款人|出借人|监护人|"
    r"被申请人|被申诉人|签名|客户姓名|用户姓名|联系人姓名|回访坐席"
)
_STRONG_CUE = f"(?:{literal_trie(_STRONG_CUE_WORDS.split('|'))})"
# 是我/我就是: the speaker naming themself (收件人就是我X, 这钱是我X的, 我就是X本人).
_WEAK_CUE = f"(?:{literal_trie('我是 我就是 是我 客户 用户 客服 专员 坐席 顾客 会员 员工'.split())})"
# Relatives and acquaintances: what follows is usually a name, so the second given-name character
# may be any non-function character (我爸冯国强); the first must still be a usual one (not 钱包, 高血压).
# After these a given name alone is a name too (我女儿欣怡, 我老婆丽娟说).
_KIN_CUE = (
    r"老公|老婆|丈夫|妻子|儿子|女儿|父亲|母亲|爸爸|妈妈|我爸|我妈|我哥|我姐|我弟|我妹|同事|朋友|家人|"
    r"其子|其女|其夫|其妻|其母|其父|孩子|爱人|媳妇|老伴|男朋友|女朋友|对象|哥哥|姐姐|弟弟|妹妹|表哥|表姐|"
    # 用户邓德明之妻廖春花接听
    r"之子|之女|之夫|之妻|之母|之父|其兄|其弟|其姐|其妹|"
    r"领导|室友|邻居|俺娘|俺爹|俺妈|俺爸|我娘|我爹|老妈|老爸|婆婆|公公|岳父|岳母|外婆|外公|奶奶|爷爷|"
    r"姥姥|姥爷|舅舅|姑姑|姨妈|伯伯|侄子|侄女|外甥|孙子|孙女|闺女|闺蜜|兄弟|表弟|表妹|堂哥|堂姐|堂弟|堂妹|"
    r"嫂子|同学|前夫|前妻|男友|女友|未婚夫|未婚妻|合伙人|房东|租客|发小|"
    r"儿媳|女婿|亲戚|老乡|好友|网友|家属|丈母娘|舍友|队友|战友|校友|学长|学姐|师兄|师姐|师弟|师妹|"
    r"姐夫|妹夫|大嫂|弟媳|外孙|外孙女|外甥女|小姨子|小舅子|大姨子|小叔子|小姑子|继父|继母|干爹|干妈|"
    r"舅妈|婶婶|姑父|姨父|表叔|表舅|老同学|老同事"
)
_RELATION_CUE_WORDS = (
    rf"{_KIN_CUE}|"
    # people named by their role (商家阙志刚, 物业经理霍建军, 老板蒲志飞, 财务司空敏, 导游和丽芳)
    r"老板|老板娘|商家|店主|店长|店员|经理|财务|会计|出纳|司机|律师|医生|护士|物业|中介|骑手|快递员|"
    r"业务员|销售|导购|服务员|审核员|收银员|保安|工作人员|主管|组长|班主任|老师|教练|买家|卖家|租户|房客|"
    r"对方|居民|业主|导游|领队|地陪|向导|保姆|月嫂|育儿嫂|护工|保洁|厨师|师傅|工人|工头|包工头|装修工|"
    r"维修工|电工|代购|主播|柜员|外卖员|送餐员|送货员|配送员|代驾|前台|助理|秘书|上司|下属|徒弟|师父|"
    r"乘客|店家|摊主|商户|车主|雇主|家教|学员|学生|患者|病人|村民|群主|团长|法人|股东|顾问|经纪人|管家|"
    r"支书|村支书|村长|村主任|主任|书记|队长|站长|所长|院长|校长|局长|科长|处长|厂长|老总|总监|总经理|董事长|"
    r"民警|警察|辅警|法官|接线员|话务员|催收员|调解员|志愿者|网格员|跑腿|骗子|嫌疑人|个体户|个体工商户|"
    r"老人|老人家|"
    r"他爸|他妈|她爸|她妈|他哥|她哥|他姐|她姐|他弟|她弟|他妹|她妹|俺哥|俺姐|"
    # who money went to (转给鲍立群, 转给了王美风)
    r"转给了|转给|转账给|汇给|付给|借给|还给|打给|代付给|"
    # kin with an ordinal: 二舅, 三叔, 小姨, 大伯
    + "|".join(order + kin for order in "大二三四五六小" for kin in "舅叔姨姑伯爷")
)
_RELATION_CUE = f"(?:{literal_trie(_RELATION_CUE_WORDS.split('|'))})"
# One separator run, then optionally 是/叫... and another: two adjacent runs over the same characters
# would split a long run of spaces every possible way before failing (quadratic).
# 是我/就是我本人 in the gap: the speaker is the one named (收件人就是我X).
_CUE_GAP = r"[:：\s]*(?:(?:就是|是|为|叫)(?:我本人|我|本人)?[:：\s]*)?"
_KIN_CUE_RE = re.compile(rf"{literal_trie(_KIN_CUE.split('|'))}{_CUE_GAP}")
_TITLE_WITH_GIVEN = "先生|女士|小姐|经理|老师|师傅|医生|律师|警官|主任|总监|主管|专员"
_TITLE_SURNAME_ONLY = (
    f"{_TITLE_WITH_GIVEN}|总经理|董事长|总(?![裁部额计共数体结之量值公行是和])|董(?<!古董)(?![事卓])"
    "|太太|阿姨|叔叔|大爷|大妈|老板娘|老板|哥(?!们)|姐(?![妹夫])"
    # kin terms said to elders and neighbours (冼伯, 李婶, 王嫂), and ranks (张科长, 刘所长)
    "|伯伯|伯|叔|婶|嫂|姨(?![妈父夫丈])|奶奶|爷爷|婆婆|大姐|大哥|大叔|大婶|老师傅|老太太|老太|老爷子"
    "|阿婆|阿公|阿伯|阿叔|阿婶|阿嫂|大娘"
    "|科长|处长|局长|所长|院长|校长|站长|店长|组长|队长|部长|行长|厂长|村长|老总"
    "|同学|教授|博士|大夫|护士|书记|秘书|助理|师兄|师姐|学长|学姐|教练|同志|会计"
)

# Boundaries for uncued names.
_RIGHT_BODY = (
    rf"(?:[^{_CJK}]|$|说|讲|表示|反映|反馈|称|来电|致电|投诉|打电话|的|在|已|也|今天|昨天|帮|要|和|跟|"
    r"一起|处理|负责|联系|回复|确认|核实|同意|答应|告诉|通知|打了|发了|让我|给我|转|付|汇款|打款|都|是|还|就|又|"
    r"于|对|没|不|住|借|欠|骗|被|啊|呀|呢|吧|名下|名义|身份证|账户|账号|手机|微信|银行卡)"
)
# 阿杰, 小美, 小马: nickname forms, trusted after a cue only (阿姨 is a title, 阿里 a company).
_NICKNAME = rf"[阿小](?![姨里])(?:{_GIVEN_COMMON}|[{COMMON_SURNAMES}])|(?P<dup>{_GIVEN_COMMON})(?P=dup)"
# An agent's nickname as the label of a chat line (客服小蔓：, 坐席阿芸(工号...)): any character.
_AGENT_NICKNAME = re.compile(
    rf"(?:客服|坐席|专员)\s*([阿小](?![一二三四五六七八九十]){_GIVEN_ANY})(\s*[:：(])?"
)
# What an agent is called that is no name: titles and kin words (客服小姐：), roles (客服小编：).
_AGENT_NOT_NAMES = frozenset("小姐 小哥 小妹 小弟 小二 小编 小秘 小助 小号 小组 小孩 阿姨".split())
# Reduplicated words that are not pet names (我妈天天说, 我爸明明知道).
_REDUPLICATED_WORDS = frozenset(
    "天天 刚刚 明明 平平 宝宝 大大 小小 一一 家家 年年 星星 常常 静静 双双 "
    # kin words (警察叔叔, 邻居妹妹)
    "叔叔 伯伯 哥哥 姐姐 弟弟 妹妹 婶婶 姑姑 舅舅 爷爷 奶奶 姥姥 阿姨".split()
)

# The name is read in a lookahead: a candidate that turns out to be a word is not consumed, so a cue
# inside it is still found (转给房东戴国华: 房东 is a word, then a cue).
_STRONG = re.compile(rf"{_STRONG_CUE}{_CUE_GAP}(?=((?:{_CUE_SURNAME}){_GIVEN_ANY}{{1,2}}))")
_WEAK = re.compile(rf"{_WEAK_CUE}{_CUE_GAP}(?=((?:{_CUE_SURNAME}){_GIVEN_COMMON}{{1,2}}|{_NICKNAME}))")
# Older pet names of an ordinal and a pet word, after a kin word (孙女二丫, 我弟三娃).
_PET_TAILS = "丫妞娃蛋伢妹毛"
# After a relation or role cue also: 和 as a surname (导游和丽芳: the Naxi surname; as a conjunction 和
# is followed by a word, 导游和司机), a given name alone after a kin cue (``_given_alone``), and a pet
# name (``_PET_TAILS``).
_RELATION = re.compile(
    rf"{_RELATION_CUE}{_CUE_GAP}(?=((?:{_CUE_SURNAME}){_GIVEN_COMMON}"
    rf"(?:{_GIVEN_COMMON}|{_GIVEN_ANY}(?={_RIGHT_BODY}))?|{_NICKNAME}"
    rf"|(?P<he>和{_GIVEN_COMMON}{{2}})|(?P<given>{_GIVEN_COMMON}{{2}})"
    rf"|(?P<pet>[大二三四五六七八九幺][{_PET_TAILS}])))"
)
# After a kin word or a speaker's cue (我丈夫蓝有才在, 用户马进财（临夏）, 用户蒋顺发来电), a surname and
# two given-name characters of any kind, when the name ends at a clear boundary: punctuation, or a
# verb or particle that follows a person (``_any_given_ok`` rules out words).
_ANY_GIVEN_RIGHT = (
    r"[\s，,。.!！?？;；:：、（(）)]|$|来电|致电|反映|反馈|表示|投诉|"
    r"称|说|在|的|已|于|本人|名下|交|转|付|借|欠"
)
_CUED_ANY = re.compile(
    rf"(?:{literal_trie([*_KIN_CUE.split('|'), *'客户 用户 顾客 会员 客服 坐席'.split()])})"
    rf"{_CUE_GAP}(?=((?:{_SURNAME}){_GIVEN_ANY}{{2}})(?:{_ANY_GIVEN_RIGHT}))"
)
# A self-introduction with what the speaker does (我是…开小超市的陶正兵，): the name after the clause's
# last 的, standing alone before punctuation.
_INTRO_DE = re.compile(
    rf"(?:我是|我就是|本人是)[^，,。.!！?？;；\s]{{0,24}}?的((?:{_SURNAME}){_GIVEN_ANY}{{1,2}})"
    r"(?=[，,。.!！?？;；\s]|$)"
)
# Names without a Chinese surname after a self-introduction (我叫买买提，): two to four characters
# that are not function words, standing alone before punctuation; the lexicon rules out 我叫外卖。
_SELF_NAMED = re.compile(
    rf"(?:我叫|我的名字是|我的名字叫|名字叫|真实姓名是?|姓名是)[:：\s]*((?:[{_CJK}](?<![{_NOT_GIVEN}])){{2,4}})"
    r"(?=[，,。.!！?？;；\s]|$)"
)
_WEAK_CUE_RE = re.compile(_WEAK_CUE)
# A nickname someone is called by (她说她叫小雪, 名叫阿芳的): 小/阿 + a usual given-name character before
# punctuation or what follows a person, whatever word it also is (小雪 is a solar term).
_CALLED_NICKNAME = re.compile(
    rf"(?:叫|名叫|叫做|昵称|网名)[:：\s]*([阿小](?![姨里哥姐弟妹二]){_GIVEN_COMMON})(?![{_CJK}](?<![{_NOT_GIVEN}]))"
)
# A self-introduction opening a message or a sentence (你好，我是吉祥，): a two-character name that is
# also a word (吉祥, 金星, 黎明), when it stands alone before punctuation; ``_introduced_word``.
_INTRO_WORD = re.compile(rf"我是([{_CJK}]{{2}})(?=[，,。.!！?？~～\s]|$)")
_INTRO_BEFORE = ("你好", "您好", "喂", "嗨", "哈喽", "hello", "Hello", "hi", "Hi")
_INTRO_SURNAMES = frozenset(COMMON_SURNAMES + RARE_SURNAMES) - frozenset(CUE_ONLY_SURNAMES)
# Transliterated names (买买提·艾力, 迪丽热巴·迪力木拉提): parts joined by a middle dot.
_DOTTED = re.compile(rf"[{_CJK}]{{2,6}}[·•・][{_CJK}]{{2,8}}(?:[·•・][{_CJK}]{{2,8}})?")
# Where a dotted name's first part begins, after a cue or a particle glued to it (名字是买买提·艾力).
_DOTTED_LEFT = re.compile(r".*[是叫的为在和与跟给了]")
# Names of Tibetan, Uyghur, Kazakh and Mongolian users written without a surname and without a dot
# (次仁卓玛, 努尔兰, 哈斯巴根): frequent transliterated name parts, chosen by hand from the usual forms
# of these names. One to three parts after a cue; two or more (four characters at least) elsewhere.
MINORITY_NAME_PARTS = (
    # Tibetan
    "扎西 次仁 卓玛 多吉 多杰 央金 拉姆 格桑 旦增 丹增 尼玛 达瓦 平措 索朗 德吉 措姆 边巴 普布 巴桑 顿珠 "
    "洛桑 白玛 仁青 益西 曲珍 拉巴 米玛 琼达 桑珠 次旦 嘉措 加措 嘎玛 罗布 贡布 才让 卓嘎 阿旺 强巴 群培 "
    "央宗 德庆 旺姆 次珍 拉珍 桑姆 江村 欧珠 朗杰 贡嘎 土登 赤列 晋美 泽仁 才旦 拉毛 完玛 "
    # Uyghur
    "买买提 麦麦提 艾力 阿不都拉 阿布都拉 阿卜杜拉 阿不都 阿布都 阿卜杜 热依拉 古丽 阿依古丽 帕提古丽 "
    "努尔 吐尔逊 艾合买提 阿里木 "
    "伊力哈木 热合曼 艾尼瓦尔 迪丽 热巴 玛依拉 祖丽 卡德尔 托乎提 吾斯曼 排尔哈提 艾山 库尔班 肉孜 "
    "伊斯拉木 塔依尔 图尔荪 沙吾提 阿迪力 买合木提 亚森 艾克拜尔 艾则孜 阿力木 吐逊 古丽娜尔 热娜 阿丽亚 "
    # Kazakh
    "努尔兰 叶尔兰 阿斯卡尔 哈那提 加娜尔 阿依达娜 木拉提 叶尔江 巴合提 赛力克 达吾列 叶尔波拉提 "
    # Mongolian
    "巴特尔 哈斯 巴根 其其格 苏和 宝音 朝鲁 额尔敦 阿拉坦 阿拉腾 图雅 斯琴 高娃 塔娜 格日勒 满都拉 "
    "乌云 孟和 布和 吉日嘎拉 额尔德尼 巴雅尔 敖日格勒 娜仁 托娅 萨仁 毕力格 巴图 特木尔 宝力道 "
    "阿木尔 吉雅 那日苏 乌力吉 孟根 其木格 苏日娜"
).split()
_MINORITY_PART = literal_trie(MINORITY_NAME_PARTS)  # longest first where parts share a beginning
# A run of parts (an alternation of literals first: ``re`` scans for its first characters in C), and
# whether a cue ends right before it.
_MINORITY = re.compile(rf"(?:{_MINORITY_PART})(?:{_MINORITY_PART}){{0,2}}")
_MINORITY_ONE = re.compile(_MINORITY_PART)
_MINORITY_TITLE = re.compile(f"(?:{_TITLE_SURNAME_ONLY})(?![{_CJK}](?<![{_NOT_GIVEN}]))")
_CUE_BEFORE = re.compile(rf"(?:{_STRONG_CUE}|{_WEAK_CUE}|{_RELATION_CUE}){_CUE_GAP}$")
# A name signing off a message (... 到账太慢了 晏芳, ...清楚一点。--祁若曦): after a space, a dash or the
# end of a sentence, at the very end of the text.
_SIGNATURE = re.compile(rf"(?:{_SURNAME}){_GIVEN_ANY}{{1,2}}(?=[\s.!~。！～]*$)")
_SIGNATURE_BEFORE = frozenset(" \t\n.!?;~。！？；～-")
# A letter's date after the signature (此致 陶正兵 2024.3.16): where the signature must end instead.
_SIGNATURE_DATE = re.compile(
    r"[\s,，]+\d{4}\s*[.\-/年]\s*\d{1,2}(?:\s*[.\-/月]\s*\d{1,2}\s*[日号]?)?[\s.。]*$"
)
# Names in a list (檀志强、贝秀英和左丘明轩; 赵磊、钱多多和我): after a name found and 、/和/与/及/跟.
_LIST_JOINERS = "、和与及跟"
_LIST_VERB_AFTER = frozenset("各俩两三几也还说讲的在给把又就已先让帮被向对是分均共一")
# The last name of a list ends before what the list does (樊晓琳各转了我, 管志杰三人都, 路遥一起).
_LIST_NEXT = re.compile(
    rf"(?:{_SURNAME}){_GIVEN_ANY}{{1,2}}?"
    r"(?=[、和与及跟等都,，.。;；!！?？\s]|$|[各俩两三几也还说讲的在给把又就已先让帮被向对是分均共]|一起|一共)"
)
# Surname-first patterns come in two: single surnames as one character class and compound ones as
# literals. An alternation of ~500 literals is tried one by one at every surname character; a class is
# one lookup, and a pattern that begins with either is still scanned for its first characters in C.
# The second given-name character before a title may be any (苗嘉禾律师), and after a compound surname
# both (尉迟方先生): ``_titled_given_ok`` then rules out words (高新区主任).
_TITLE_TAIL = rf"(?:(?P<given>{_GIVEN_COMMON}{_GIVEN_ANY}?)(?:{_TITLE_WITH_GIVEN})|(?:{_TITLE_SURNAME_ONLY}))"
_TITLED = re.compile(rf"[{COMMON_SURNAMES}{RARE_SURNAMES}]{_TITLE_TAIL}")
_TITLED_COMPOUND = re.compile(
    rf"(?:{'|'.join(COMPOUND_SURNAMES)})"
    rf"(?:(?P<given>{_GIVEN_ANY}{{1,2}})(?:{_TITLE_WITH_GIVEN})|(?:{_TITLE_SURNAME_ONLY}))"
)
# Surnames otherwise read as words (海, 花, 云: CUE_NEVER_SURNAMES) before a personal title of two
# characters (海大妈说, 云阿姨): a name where the surname does not end a word (上海大妈, 白云阿姨).
# (Each of these three is the title alone; the surname before it is checked in code: ``re`` scans for
# a literal beginning in C, and tries a class or a lookbehind at the start position by position.)
_NEVER_TITLED = re.compile("(?:大妈|大爷|大娘|大叔|大婶|大姐|大哥|阿姨|先生|女士|小姐|师傅|奶奶|爷爷|婆婆)")
# Cantonese 太 for 太太 (回访黄太，, 陈太说): at the end of the name only, before punctuation or a verb of
# speech (not 高太贵, 李太白).
_CANTONESE_TAI = re.compile(f"太(?=[^{_CJK}]|$|[说讲话的让叫])")
# An older nickname of a surname, 老 and a birth order (马老四, 王老五): between word edges.
_SURNAME_ELDER_ORDER = re.compile("老[二三四五六七八九十幺]")
_COMMON_SET = frozenset(COMMON_SURNAMES)
# 老王/小李: surnames that do not start a word after 老/小 (小程序, 小熊, 老顾客, 小康 are words).
OLD_YOUNG_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶魏吕丁沈姚卢姜"
    "崔钟谭陆汪范廖贾夏韦邹孟秦邱尹薛闫段雷侯陶黎贺郝龚邵严覃戴莫温"
)
# 张工 (engineer Zhang): only at a boundary, and not 工作/工资/施工队...
# After another Chinese character only at word edges (请转告聂工，; not 的施工).
_GONG = re.compile(rf"[{COMMON_SURNAMES}]工(?![作资具厂程人商业艺期单位号会地伤龄种序钱费时队])")
# Older given names of an ordinal and a kin or pet word (牛二妹, 王三娃, 李四毛): between word edges.
_ORDINAL_TAILS = "妹娃妞丫毛蛋伢"
_ORDINAL_NAME = re.compile(rf"[{COMMON_SURNAMES}][二三四五六七八九][{_ORDINAL_TAILS}]")
# 我 + a full name opening a clause, without 是 (我隗长青 已经核对了, 用户：我马晓鸥，上周...).
_ME_NAME = re.compile(rf"我((?:{_SURNAME}){_GIVEN_COMMON}{_GIVEN_ANY})(?=[\s,，.。!！?？:：;；、]|$)")
# Surnames that are also prepositions or verbs: before a word they are those (我向银行，, 我管理员).
_ME_NOT_SURNAMES = frozenset("向于管解应同朝替比按照据离自在对给跟为把被过")
_ME_NAME_BEFORE = frozenset(" \t\n,，.。!！?？:：;；")
_OLD_YOUNG = re.compile(rf"[老小][{OLD_YOUNG_SURNAMES}](?![子女车末围打头儿])")
# 大刘, 大陈: 大 before a common surname, as 老/小 (not the dynasties 大宋, 大唐, 大秦; 大王 and 大张旗鼓
# are words).
_BIG_SURNAME = re.compile("大[" + "".join(c for c in OLD_YOUNG_SURNAMES if c not in "宋唐韩秦周夏汉") + "]")
# 老仇, 小滕, 老季: the other surnames after 老/小, when neither the pair nor the surname with what
# follows is a word (老板, 小米, 小区, 小心 are; see ``_old_young_rare``).
_OLD_YOUNG_RARE = re.compile(
    "[老小]["
    + "".join(c for c in COMMON_SURNAMES + RARE_SURNAMES if c not in OLD_YOUNG_SURNAMES + CUE_ONLY_SURNAMES)
    + "]"
)

# Uncued names (帮我查下陆建平给我转的, 早上马晓东打电话): every surname followed by a given-name character
# is a candidate (only the surname is consumed, so the next one is looked for right after it);
# ``_uncued`` keeps those whose edges are
# plausible word boundaries and which do not read better as common words (``detection.lexicon``).
# Every common surname, even 钱/付/余/金: 钱包, 付款, 余额, 金额 are words the lexicon knows, and 钱荣星,
# 金虹瑜 are names.
_CANDIDATE = re.compile(rf"([{COMMON_SURNAMES}{DISTINCTIVE_SURNAMES}])(?=[{GIVEN_CHARS}])")
_CANDIDATE_COMPOUND = re.compile(rf"({'|'.join(COMPOUND_SURNAMES)})(?=[{GIVEN_CHARS}])")
# 阿杰/小美 alone: at the start of a clause, or after a particle or verb that takes a person (给阿旺转了,
# 跟小美说); not after other characters (大小, 一阿).
# Besides given-name characters, nicknames from looks (小胖, 阿胖, 小黑).
_NICKNAME_CANDIDATE = re.compile(rf"[阿小](?![姨里])[{GIVEN_CHARS}胖黑]")
# 还 as a verb (还小黑的钱), 后 ending a clause (收款后小胖一直没付).
_NICKNAME_LEFT = frozenset("给和跟与同找问叫让请帮替向被由把称及、还后")
# 阿 also after 的/是 (接电话的阿强); 小 not (的小区, 是小学).
_A_NICKNAME_LEFT = _NICKNAME_LEFT | frozenset("的是了到")
# A given-name character + 哥/姐/叔/姨 is a nickname (强哥, 芳姐, 华叔, 兰姨) unless that character makes
# a word of it (帅哥, 大姐, 小哥, 学姐, 空姐, 表哥) or a kin word follows (姐妹, 哥们, 姨妈).
# Places abroad spelt with 哥 (温哥华, 圣地亚哥, 安哥拉) are ruled out by their character before it.
_KIN_NICKNAME = re.compile("[哥姐叔姨](?![哥姐叔姨们妹夫弟妈父嫂婶俩])")
_KIN_NICKNAME_NOT = frozenset("大小帅老表堂师学二三一家阿空美富亲干长乐少天温安亚西洛多加")
# Brands and assistants named like nicknames (小鹏汽车, 小艺, 小红书), and endearments (小可爱, 小宝贝).
_NICKNAME_BRANDS = frozenset(
    "小鹏 小艺 小度 小布 小冰 小红书 小天才 小猿 小熊 阿迪 小可爱 小宝贝 小哥哥 小姐姐 小伙伴 小朋友".split()
)
_GIVEN_SET = frozenset(GIVEN_CHARS)
# Before a name: particles and verbs that take a person (给/和/找/投诉...), time words, and the people
# words that precede a name (快递小哥张强, 业务员莫小军, 我姐王芳).
_LEFT_CHARS = frozenset("给和跟与同找问叫让请帮替向被由把是称及、下到了哥姐叔姨爷妈爸娘弟妹嫂员师的")
_LEFT_WORDS = (
    "投诉",
    "自称",
    "感谢",
    "谢谢",
    "表扬",
    "联系",
    "通知",
    "告诉",
    "今天",
    "昨天",
    "早上",
    "上午",
    "中午",
    "下午",
    "晚上",
    "刚才",
    "后来",
    "然后",
    "之前",
    "当时",
    "结果",
    "一下",
    "麻烦",
    "还有",
    "以及",
    "包括",
    "就是",
)
# A time right before a name (11点多, 3号, 下午): the name is the subject of what follows.
_TIME_BEFORE = re.compile(
    r"(?:[\d一二三四五六七八九十两]+(?:点多|点半|点|号|日|月)|[上下]午|晚上|凌晨|中午|[上下这本]个?月|[上下这本]周"
    r"|[去今前]年)$"
)
# After a name: verbs and particles that follow a subject or an object.
_RIGHT_CHARS = frozenset(
    "说的在给和跟与也都还就又是已把被让帮要打来去收问回称讲告发转付拿用这那他她你您我等先于对啊呀呢吧嘛"
    "住借欠骗没不想带买卖找看送退充提存取刷扫交开办签寄老总很非觉认知以每只再却竟各俩"
    "扣删跑骂催偷抢盗私擅突居从"
    # who advanced, received, lost or invited (老何垫了, 小蒋领了红包, 跟大刘打赌输了)
    "垫领输赢请约陪"
)
_RIGHT_WORDS = frozenset(
    "表示 反映 反馈 来电 致电 投诉 今天 昨天 处理 负责 联系 回复 确认 核实 同意 答应 告诉 通知 "
    "一起 本人 代付 代缴 代充 客服 名下 名义 那边 这边 手机 账户 账号 微信 电话".split()
)


# 生 ends many older given names (春生, 根生, 海生) but makes words of people with a few usual ones.
_SHENG_WORDS = frozenset("学生 新生 小生 一生 平生 天生".split())


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _left_ok(text: str, start: int, words: Words) -> bool:
    """Whether a name may begin at ``start``: after a non-Chinese character, a listed particle or
    word, or a common word that ends there and does not continue into the surname (上马 of 早上马晓东
    is no reason to doubt 马晓东, since 早上 ends there)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before == ">":  # right after a masking placeholder (<PERSON_1>王伟): part of what was masked
        return False
    if not _is_cjk(before):
        return True
    if before in _LEFT_CHARS and text[start - 1 : start + 1] not in words:  # 师傅和徒弟: 傅 ends 师傅
        return True
    if text.endswith(_LEFT_WORDS, 0, start):
        return True
    if _TIME_BEFORE.search(text, max(0, start - 6), start) is not None:  # 昨晚11点多黄志伟用我的手机
        return True
    if text[start - 1 : start + 1] in words:  # 对于新用户: 于 belongs to 对于
        return False
    return text[start - 2 : start] in words or text[start - 3 : start] in words


def _right_ok(text: str, end: int, words: Words) -> bool:
    """Whether a name may end at ``end``: the mirror image of ``_left_ok``."""
    if end >= len(text):
        return True
    after = text[end]
    if after == "<":  # right before a masking placeholder
        return False
    if not _is_cjk(after):
        return True
    if after in _RIGHT_CHARS or text[end : end + 2] in _RIGHT_WORDS:
        return True
    if text[end - 1 : end + 1] in words:  # 王明白了: 明 belongs to 明白
        return False
    return text[end : end + 2] in words or text[end : end + 3] in words


# Clear edges for a name that begins with a word (谷雨晴说, 黎明辉客服说): before it the start of a
# clause or a particle that takes a person; after it a verb of speech or transfer.
_WORD_NAME_LEFT = frozenset("给和跟与同找问叫让请帮替向被由把是")
_WORD_NAME_RIGHT = frozenset("说讲告让帮给把被已也都还就又问叫称借欠骗转付打收")


def _word_start_name(text: str, start: int, words: Words) -> bool:
    """A surname and two usual given-name characters whose first two make a word (谷雨晴, 黎明辉) are a
    name only between clear edges, when the two given characters and the three are no word, and
    the first two are not one of the words that are never names (高兴)."""
    end = start + 3
    name = text[start:end]
    if len(name) < 3 or name[2] not in _GIVEN_SET or name[1:] in words or name in words or _is_word(name):
        return False
    if start > 0 and _is_cjk(before := text[start - 1]):
        if before not in _WORD_NAME_LEFT and not text.endswith(_LEFT_WORDS, 0, start):
            return False
    if end == len(text) or not _is_cjk(after := text[end]):
        return True
    return after in _WORD_NAME_RIGHT or text[end : end + 2] in _RIGHT_WORDS


def _clear_left_full_name(text: str, start: int, end: int, words: Words) -> bool:
    """A surname and two given-name characters after 的 or a particle that takes a person (卖菜的聂建国跑了,
    给林志坚开车): whatever verb follows, as long as the last character does not begin a word with it."""
    if start > 0 and _is_cjk(before := text[start - 1]):
        if before != "的" and before not in _WORD_NAME_LEFT and not text.endswith(_LEFT_WORDS, 0, start):
            return False
    return text[end - 1 : end + 1] not in words and text[end - 1 : end + 2] not in words


def _cue_never(text: str, start: int, words: Words) -> int | None:
    """Where a name after a cue that begins with one of ``CUE_NEVER_SURNAMES`` ends: a surname and two
    usual given-name characters (用户展鹏飞名下, 客户：步文静) when neither the first two nor the
    three are a word (客户平安夜, 用户满意度, 客户广东) and the name ends at a boundary."""
    end = start + 3
    name = text[start:end]
    if len(name) < 3 or name[1] not in _GIVEN_SET or name[2] not in _GIVEN_SET:
        return None
    if name[:2] in words or name in words or text[start : end + 1] in words or _is_word(name):
        return None
    return end if _right_ok(text, end, words) else None


def _titled_given_ok(text: str, match: re.Match[str], words: Words) -> bool:
    """A titled name whose given name has a character that names rarely use (苗嘉禾律师, 尉迟方先生):
    not when the surname and given name, or the given name, are words (高新区主任)."""
    given = match.group("given")
    if given is None or all(c in _GIVEN_SET for c in given):
        return True
    name = text[match.start() : match.start("given") + len(given)]
    return _first_two(name) not in words and given not in words and name not in words


def _titled(pattern: re.Pattern[str], text: str, words: Words) -> list[re.Match[str]]:
    """The matches of a titled-name pattern whose given name passes ``_titled_given_ok``; after one
    that does not, the search goes on right after its first character (房东李先生: not 房东李 +
    先生, then 李先生)."""
    matches = list(pattern.finditer(text))
    for match in matches:
        if match.group("given") is not None and not _titled_given_ok(text, match, words):
            break
    else:
        return matches
    kept = []
    pos = 0
    while (found := pattern.search(text, pos)) is not None:
        if _titled_given_ok(text, found, words):
            kept.append(found)
            pos = found.end()
        else:
            pos = found.start() + 1
    return kept


def _uncued(text: str, words: Words, frequent: Words) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    for match in (*_CANDIDATE_COMPOUND.finditer(text), *_CANDIDATE.finditer(text)):
        start, given = match.start(), match.end(1)
        if given - start == 1 and text[start : start + 2] in _COMPOUND_SET:  # 欧阳: the compound one
            continue
        first = text[start : given + 1]
        if first in words and given - start == 1 and _word_start_name(text, start, words):
            found.append((start, start + 3, 0.55))
            continue
        if first in words or _is_word(first) or not _left_ok(text, start, words):
            continue
        if text[start : start + 4] in words:  # 井然有序: an idiom
            continue
        end = given + 1
        if (
            end < len(text)
            and (
                text[end] in _GIVEN_SET or (text[end] == "生" and text[end - 1 : end + 1] not in _SHENG_WORDS)
            )
            and text[end] not in _RIGHT_CHARS  # 陶伟和夏侯杰: 和 joins two names
            and text[start : end + 1] not in words
            and (_right_ok(text, end + 1, words) or _clear_left_full_name(text, start, end + 1, words))
        ):
            end += 1
        elif not _right_ok(text, end, words):
            continue
        if match.group(1) in _WORDY_COMPOUNDS and text[given:end] in words:  # 东方财富, 东方明珠
            continue
        end = _trim(text, start, end, words, frequent)
        if text[start] == "于" and text[given:end] in words:  # 于武汉, 于国庆: the preposition
            continue
        if not _is_word(text[start:end]):
            found.append((start, end, 0.55))
    kin_nickname = "哥" in text or "姐" in text or "叔" in text or "姨" in text  # (scans in C)
    for match in _KIN_NICKNAME.finditer(text) if kin_nickname else ():
        start, end = match.start() - 1, match.end()
        if (
            start >= 0
            and (nick := text[start]) in _GIVEN_SET
            and nick not in _KIN_NICKNAME_NOT
            and text[start:end] not in words
            and _left_ok(text, start, words)
            and (_right_ok(text, end, words) or text[end - 1 : end + 1] not in words)
        ):
            found.append((start, end, 0.6))
    for match in _NICKNAME_CANDIDATE.finditer(text) if "阿" in text or "小" in text else ():
        start, end = match.span()
        left_word = strict_right = False
        if start > 0 and _is_cjk(before := text[start - 1]):
            if before == "是" and text[start] == "小":  # 是小宇用他号交的; not 是小雨
                strict_right = True
            elif before not in (_A_NICKNAME_LEFT if text[start] == "阿" else _NICKNAME_LEFT):
                left_word = True  # 谢谢阿珍, 还有小美: checked last (the rarest)
        if strict_right and (end == len(text) or text[end] not in _RIGHT_CHARS):
            continue
        if text[start:end] in _NICKNAME_BRANDS or text[start : end + 1] in _NICKNAME_BRANDS:
            continue
        if text[start:end] in words or not _right_ok(text, end, words):
            continue
        if left_word and not text.endswith(_LEFT_WORDS, 0, start):
            continue
        found.append((start, end, 0.55))
    return found


_EN_FIRST = (
    "Mike|Bob|Jim|Joe|Bill|Steve|Chris|Alex|Andy|Nick|Dan|Tim|Sophie|Kelly|Jennifer|Jessie|"
    "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|"
    "Anthony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kevin|Brian|George|Edward|Ronald|Timothy|Jason|Jeffrey|"
    "Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Frank|Gregory|"
    "Alexander|Patrick|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Peter|Adam|Nathan|Zachary|Kyle|Harry|Tom|Tony|"
    "Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Nancy|Lisa|Betty|Margaret|"
    "Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Dorothy|Carol|Amanda|Melissa|Deborah|Stephanie|Rebecca|"
    "Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Anna|Emma|Olivia|Sophia|Grace|Alice|Lucy|Helen|Kate|Jane|"
    "Julia|Rachel|Amber|Chloe|Lily|Vivian|Cindy|Tina|Jenny|Sally|Wendy|Coco|Iris|Eason|Leo|Max|Sam|Ben|"
    "Lucas|Ethan|Oliver|Noah|Liam|Mia|Ella|Zoe|Ivy|Ada|Eva|Nina|Joyce|Irene|Judy|Cathy|Annie|Bella|Fiona"
)
_PINYIN_SURNAME = (
    "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Zheng|Liang|Xie|"
    "Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Yuan|Pan|Yu|Jiang|Cai|Du|Ye|Cheng|Su|Wei|Lv|Ding|"
    "Ren|Shen|Yao|Lu|Cui|Zhong|Tan|Fan|Jin|Shi|Liao|Jia|Xia|Fang|Bai|Zou|Meng|Xiong|Qin|Qiu|Yin|Xue|Yan|"
    "Duan|Lei|Hou|Long|Tao|Gu|Mao|Hao|Gong|Shao|Wan|Qian|Dai|Kong|Ouyang"
)
# Irish and Italian surnames with an apostrophe (O'Connor, D'Angelo) and hyphenated parts.
_CAP = r"(?:[OD]['’](?=[A-Z]))?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-Z]?[a-zß-öø-ÿ]+)?"
# First names: the list above and the first names of Faker's English and Western European person
# providers (data/en_first_names.txt, 4,300 names); romanised surnames: pinyin above and the Cantonese,
# Wade-Giles, Korean and Vietnamese ones of data/roman_surnames.txt (Tsang, Wong, Hsieh, Nguyen).
# Looked up in sets: a capitalised word is matched first, then checked.
_FIRST_NAMES = frozenset(_EN_FIRST.split("|")) | frozenset(load_names(FIRST_NAMES_FILE))
_PINYIN_SET = frozenset(_PINYIN_SURNAME.split("|"))
_ROMAN_SURNAMES = _PINYIN_SET | frozenset(load_names(ROMAN_SURNAMES_FILE))
_EN_TITLED = re.compile(
    rf"(?<![A-Za-z])(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?|Officer|Inspector|Detective|Sergeant|Captain|"
    rf"Doctor|Professor|Uncle|Auntie|Aunt|Madam|Mister)\s+{_CAP}(?:\s+{_CAP})?(?![A-Za-z])"
)
_EN_CUED = re.compile(
    rf"(?:(?<![A-Za-z])(?:[Mm]y name is|[Nn]ame\s*:|[Cc]ontact(?: person)?\s*:|[Cc]ardholder\s*:|"
    rf"[Ss]igned,?|[Rr]egards,|[Ss]incerely,|[Tt]hanks,|[Cc]heers,|[Bb]est,|[Dd]ear|[Cc]alled|[Hh]i|[Hh]ello|"
    rf"[Tt]hx,?|[Tt]hank you,?|[Mm]any thanks,?|[Bb]est regards,?|[Kk]ind regards,?|[Yy]ours,|--)\s*)"
    rf"({_CAP}(?:\s+{_CAP}){{0,2}})"
)
# A self-introduction (I'm Marco, I am Hannah Becker, this is Daniel Okafor): a known first name or a
# romanised surname first, then up to two capitalised words (I am Chinese is not a name).
_EN_INTRO = re.compile(rf"(?<![A-Za-z])(?:I'm|I am|[Tt]his is|[Ii]t's)\s+({_CAP}(?:\s+{_CAP}){{0,2}})")
# A capitalised word standing alone in Chinese text (Jason在群里说, 谢谢Amy, 坐席(Kelly):): a first name
# when no English word or number is next to it (not "Pro Max的", "Nova 12").
_EN_WORD = re.compile(rf"(?<![A-Za-z0-9])({_CAP})(?![A-Za-z0-9])")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# A known first name as the subject of an English sentence (Mike from your team promised...).
_EN_FIRST_SUBJECT = re.compile(
    rf"(?<![A-Za-z])({_CAP})\s+(?=(?:from|here|said|says|told|promised|called|asked|helped|sent|paid|"
    r"transferred|gave|borrowed|lent|used|has|had|is|was|and I|and me)(?![A-Za-z]))"
    rf"|(?<![A-Za-z])(?:friend|brother|sister|colleague|wife|husband|mother|father|mom|dad|son|daughter|"
    rf"manager|agent|boss|named|called|cousin|partner|landlord|roommate|flatmate|housemate|neighbou?r|"
    rf"classmate|co-?worker|teammate|uncle|aunt|grandma|grandpa|grandmother|grandfather|nephew|niece|"
    rf"boyfriend|girlfriend|fianc[eé]e?|tenant|assistant|driver|courier|technician|supervisor|"
    rf"representative|rep|teller|cashier|owner|seller|buyer|merchant|accountant|nanny|tutor|teacher),?\s+"
    rf"({_CAP})(?![A-Za-z])"
)
# After my/our/his/her + a relation word, any capitalised word is a name (my colleague Shreya).
_EN_POSSESSED = re.compile(
    rf"(?<![A-Za-z])(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er)\s+(?:friend|brother|sister|colleague|wife|husband|mother|"
    rf"father|mom|mum|dad|son|daughter|cousin|partner|landlord|landlady|roommate|flatmate|housemate|"
    rf"neighbou?r|classmate|co-?worker|teammate|uncle|aunt|boss|boyfriend|girlfriend|tenant|nanny|tutor)"
    rf",?\s+({_CAP})(?![A-Za-z])"
)
# Two or three capitalised words: a known first name and a surname (Kelvin Tsang, Vincent Huang), or a
# romanised surname and a given name (Zhang Wei, Nguyen Van Hung).
_EN_PAIR = re.compile(rf"(?<![A-Za-z])({_CAP})\s+({_CAP})(?:\s+([A-Z][a-z]{{1,6}}))?(?![A-Za-z])")
# Chinese cues before a name in Latin letters (叫Nguyen Van Hung的人, 收款方显示Kelvin Tsang).
_CN_CUE_LATIN = re.compile(
    rf"(?:叫|名叫|户名|姓名|收款方|收款人|付款方|持卡人|联系人|我是|本人|客户|用户)[:：\s]*"
    rf"({_CAP}(?:\s+{_CAP}){{0,2}})"
)
# Cantonese and Hokkien nicknames: Ah + a name (Ah Keong from your team), 阿 + a Latin name (客服阿May).
_EN_AH = re.compile(rf"(?<![A-Za-z])Ah\s+({_CAP})(?![A-Za-z])")
_AH_NOT = frozenset(
    "I Ok Okay Yes No So Well Right See Got Sorry Never Really Sure Great Nice Cool Oh Wait That This "
    "Then Now Finally Actually My What How Why When Where Alright Understood Thank Please Forget "
    # Hokkien and Cantonese kin words (Ah Ma, Ah Gong: grandma, grandpa; Ah Pek, Ah Soh: uncle, aunt)
    "Ma Mah Pa Ba Gong Kong Po Pek Soh Boy Girl Yi".split()
)
_A_LATIN = re.compile(r"阿([A-Z][a-z]{1,9})(?![A-Za-z])")
# A name in Latin letters with a Chinese title (来电用户Müller先生, Tan女士).
# The title is found first, then the name right before it.
_CN_TITLE = re.compile("先生|女士|小姐|太太|老师|医生|律师|经理")
_LATIN_BEFORE_TITLE = re.compile(rf"(?<![A-Za-z])({_CAP}(?:\s+{_CAP})?)\s*$")
# Cantonese names of a two-letter surname and a two-syllable given name (Ho Man Kit, Ng Ka Wai): the
# two-letter spellings that sinonym 0.5.1's surname_romanizations.csv marks as attested (target share
# 1.0; data/README.md), which roman_surnames.txt leaves out as too short to stand alone.
_CANTONESE_SHORT = re.compile(
    r"(?:Au|Ho|Ip|Lo|Mo|Ng|So|Li|Ma|Wu|Yu)\s+([A-Z][a-z]{1,4})\s+([A-Z][a-z]{1,4})(?![A-Za-z'])"
)
# English words that two capitalised syllables after such a surname may be (So Did It, Ho Chi Minh).
_CANTONESE_NOT = frozenset(
    "Do It Is Me My We Go No So To Of On In At By Up Be He She The And Not Did Can Get Got Has Had Was Are "
    "You Her His Him Our But For Chi Minh".split()
)
# Malay and Tamil names with a patronymic (Siti Aminah binti Yusof, Ravi s/o Muthu).
_EN_PATRONYMIC = re.compile(
    rf"(?<![A-Za-z])({_CAP}(?:\s+{_CAP}){{0,2}})\s+(?:bin|binti|bte|a/l|a/p|s/o|d/o)\s+({_CAP}(?:\s+{_CAP})?)"
    r"(?![A-Za-z])"
)
# Words after a capitalised pair that make it the name of a place (Sun Yat-sen University).
_EN_PLACE_AFTER = re.compile(
    r"\s+(?:University|College|School|Institute|Academy|Hospital|Road|Street|Avenue|Park|Memorial|"
    r"Building|Station|Airport|Center|Centre|Library|Hall|Foundation|Bridge|Square|Plaza|Mall|Tower|"
    r"Hotel|Museum|Stadium|Mausoleum)(?![A-Za-z])"
)
# Words that follow "Hi"/"Dear"/"Thanks," but are not names, and capitalised words of UI text,
# brands and places that a name list holds too.
_EN_NOT_NAMES = frozenset(
    "Sir Madam Team Customer Support Service Team All There Everyone Hello Thank Thanks Best Kind Regards "
    "The This That Please Dear Hi Hello Yes No Ok Okay Again Sorry Apple Google Android Pay Wallet "
    "App Nova Alexa Zara Milan Siri Mate Honor Visa Master Union Card Bank Top Up Road Street Avenue "
    "Lane Drive District City Airport Station Park Plaza Garden Gardens Building Tower Hotel Mall Center "
    "Centre Square Village Town County Province State University College School Hospital Store Shop "
    "Market Group Company Ltd Inc Co Period Sale Member Account Balance Transfer Refund Order Wechat "
    "Alipay Tencent Huawei Xiaomi Samsung Iphone Ipad Pro Max Plus Mini Ultra Lite Air Chinese English "
    "Happy Fine Good Here New "
    # places that a cue may precede (我是Hong Kong人)
    "Hong Kong Macau Macao Singapore Malaysia Taiwan Kuala Lumpur York Jersey Zealand Kingdom States".split()
)


_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")


Words = frozenset[str]
# The given-name characters of the first list above: a name-tagged dictionary entry of this shape
# (李娜, 刘翔) is a name; other name-tagged entries (关怀, 周转, 林立) are words.
_USUAL_GIVEN = frozenset(GIVEN_CHARS[: GIVEN_CHARS.index("祥立维")])
# Name-tagged entries of the distinctive rarer surnames are nearly all words or places (荣耀, 柏林, 桂林,
# 蓝天): for them the tag is not trusted.
_ANY_SURNAME = frozenset(COMMON_SURNAMES + RARE_SURNAMES) - frozenset(DISTINCTIVE_SURNAMES)


def common_words(lexicon: Lexicon) -> Words:
    """The words a name candidate must not be: the lexicon's words plus its name-tagged entries that
    are not shaped like a surname and a usual given-name character."""
    not_names = (w for w in lexicon.name_tagged if not (w[0] in _ANY_SURNAME and w[1] in _USUAL_GIVEN))
    return lexicon.words | lexicon.four_character | frozenset(not_names)


def _full_name_after_word(name: str, words: Words) -> bool:
    """A surname and two usual given-name characters after a cue whose first two make a word that is
    never a name (我儿子李子轩在: 李子 is a plum, 子轩 a given name): a name when neither the given name
    nor the whole is a word."""
    return (
        len(name) == 3
        and name[1] in _GIVEN_SET
        and name[2] in _GIVEN_SET
        and name[1:] not in words
        and name not in words
        and name not in NOT_NAMES
        and name not in PUBLIC_FIGURES
        and not _time_preposition(name)
    )


# A kin title after a surname (冼伯, 王姨) and verbs that follow a name rather than end one.
_KIN_TITLE_CHARS = frozenset("伯叔婶嫂姨哥姐爷奶婆公")
_VERBS_AFTER_NAME = frozenset("住带买卖找看送退充提存取刷扫交开办签寄借欠骗用拿")


def _any_given_ok(text: str, start: int, end: int, words: Words) -> bool:
    """A surname and given-name characters of any kind after a cue (蓝有才, 马进财): none of the
    surname and the first given character, the given name or the whole is a word (用户余额, 客户信息),
    and a rarer surname does not read as a word (``_rare_and_doubtful``)."""
    name = text[start:end]
    surname = len(_first_two(name)) - 1
    if name[surname] in _KIN_TITLE_CHARS or name[-1] in _VERBS_AFTER_NAME:  # 我是冼伯住在
        return False
    return not (
        _first_two(name) in words
        or name in words
        or name[surname:] in words
        or _is_word(name)
        or text[start : end + 1] in words
        or _rare_and_doubtful(text, name, end, words)
    )


def _rare_and_doubtful(text: str, name: str, end: int, words: Words) -> bool:
    """A rarer surname (车, 成, 应) after a cue must not begin a common word or run into one:
    叫车费, 客户成功, 用户应保持 are not names; common surnames are trusted after a cue. A word at the
    start is no objection when two usual given-name characters that are not a word follow the surname
    and the name ends at a boundary (我朋友揭晓东在: 揭晓 is a word, 晓东 a given name)."""
    if name[0] not in _RARE_SET or name[:2] in _COMPOUND_SET:
        return False
    two_given = len(name) == 3 and name[1] in _GIVEN_SET and name[2] in _GIVEN_SET and name[1:] not in words
    if name[:2] not in words and (name[0] in _DISTINCTIVE_SET or two_given):
        return False  # 开户名亓秀兰没问题, 联系人管春燕未接听: no word to doubt, whatever follows
    if not _right_ok(text, end, words):
        return True
    if _first_two(name) not in words:
        return False
    return not two_given


def _trim(text: str, start: int, end: int, words: Words, frequent: Words) -> int:
    """Where a name ends when its second given-name character begins a frequent word with what
    follows, and what follows does not begin a word of its own: that character belongs to the word
    (郑磊一直, 樊浩利用, 夏侯雪一下; not 陈思远处理, 尹楠晴和)."""
    surname = 2 if text[start : start + 2] in _COMPOUND_SET else 1
    if (
        end - start - surname == 2
        and end < len(text)
        and text[end - 1 : end + 1] in frequent
        and text[end : end + 2] not in words
    ):
        return end - 1
    return end


def _first_two(name: str) -> str:
    """The surname and the first given character (欧阳威毅 -> 欧阳威): a common word there (成功, 高手)
    means the candidate is that word, not a name."""
    return name[:3] if name[:2] in _COMPOUND_SET else name[:2]


# Public figures named in complaints about them, not users' data; matched whole (马云飞 is someone else).
PUBLIC_FIGURES = frozenset("马云 马化腾 刘强东 董明珠 冯小刚 韦小宝 秦始皇 薛定谔".split())


# 于 is a preposition of time far more often than a surname (账户于凌晨被登录, 本人于次日): before a time
# word it is never a name, even after a cue.
_TIME_WORDS = frozenset(
    "凌晨 清晨 早晨 晨间 上午 中午 下午 午间 晚上 晚间 夜里 夜间 半夜 深夜 傍晚 黄昏 早上 今早 明早 "
    "今天 昨天 明天 前天 后天 今日 昨日 明日 次日 当日 当天 同日 翌日 近日 日前 该日 某日 每日 每天 "
    "本月 上月 下月 当月 次月 月初 月底 月中 月末 每月 年初 年底 年中 年末 近期 本周 上周 下周 每周 "
    "周一 周二 周三 周四 周五 周六 周日 周末 星期 春节 国庆 元旦 中秋 端午 清明 春天 夏天 秋天 冬天 "
    "今年 去年 明年 前年 当年 当晚 昨晚 今晚 当时 此前 之前 之后 节日 假期 暑假 寒假 期间 同年 次年".split()
)


def _is_word(name: str) -> bool:
    return name in NOT_NAMES or name[:2] in NOT_NAMES or name in PUBLIC_FIGURES or _time_preposition(name)


# Numerals after 于 begin a date (本人于二〇二四年, 于3月): 一 only before another numeral or a date unit,
# as it begins given names (于一鸣).
_DATE_NUMERALS = frozenset("〇零二三四五六七八九十两")
_DATE_AFTER_ONE = frozenset("〇零一二三四五六七八九十年月日号")


def _time_preposition(name: str) -> bool:
    if name[0] not in "于於":
        return False
    return (
        name[1:3] in _TIME_WORDS
        or name[1] in _DATE_NUMERALS
        or (name[1] == "一" and len(name) > 2 and name[2] in _DATE_AFTER_ONE)
    )


# Characters that begin a given name alone only rarely: surnames (the surname forms are tried first),
# 和 (a conjunction), the nickname prefixes and pronoun-like words.
_NOT_GIVEN_ALONE = frozenset(COMMON_SURNAMES + RARE_SURNAMES + "和小阿大老一")


def _introduced_word(text: str, match: re.Match[str]) -> bool:
    """我是 + a surname and a usual given-name character that make a word (我是吉祥，): a name when 我是
    opens the message or a sentence, possibly after a greeting (你好，我是金星，); not the words that are
    never names (我是高兴), not inside a sentence (他说我是高一，: what one is, not who)."""
    name = match.group(1)
    if name[0] not in _INTRO_SURNAMES or name[1] not in _GIVEN_SET or _is_word(name):
        return False
    start = match.start()
    head = text[:start].rstrip(" ,，!！~～")
    return not head or head[-1] in "。.!！?？\n" or head.endswith(_INTRO_BEFORE)


def _given_alone(text: str, match: re.Match[str], words: Words) -> tuple[int, int, float] | None:
    """A name without a usual surname after a relation cue: 和 + a given name after a role (导游和丽芳,
    the Naxi surname; after a kin word 和 is a conjunction: 我老婆和丽芳 names 丽芳), or a given name
    alone after a kin word (我女儿欣怡, 我老婆丽娟说). Neither may be or begin a common word
    (导游和平台, 我女儿英语, 朋友家宝宝) and the name must end at a boundary."""
    start, end = match.span(1)
    kin = _KIN_CUE_RE.fullmatch(text, match.start(), start) is not None
    if match.group("he") is not None:
        if not kin:
            given = text[start + 1 : end]
            if text[start : start + 2] in words or given in words or given[0] == given[1]:
                return None
            return (start, end, 0.7) if _right_ok(text, end, words) else None
        start += 1  # 我老婆和丽芳: the name after the conjunction
    elif not kin:
        return None
    end = start + 2
    name = text[start:end]
    if name[0] in _NOT_GIVEN_ALONE or name[0] == name[1] or name in words or _is_word(name):
        return None
    return (start, end, 0.6) if _right_ok(text, end, words) else None


def _in_lists(text: str, found: list[tuple[int, int, float]], words: Words) -> list[tuple[int, int, float]]:
    """Names that follow a name found in a list (檀志强、贝秀英和左丘明轩): surname + one or two
    characters up to the next joiner or boundary, not a common word."""
    added: list[tuple[int, int, float]] = []
    reach = -1  # where the walk along a list stopped: the names before it were seen (linear time)
    for _, end, _ in found:
        if end <= reach:
            continue
        while end < len(text) and text[end] in _LIST_JOINERS:
            match = _LIST_NEXT.match(text, end + 1)
            if match is None:
                break
            name = match.group()
            if name in words or _first_two(name) in words or _is_word(name):
                break
            # before a verb rather than a joiner or punctuation: usual given-name characters only
            # (樊晓琳各转了; not 张伟和高管说)
            after = text[match.end()] if match.end() < len(text) else ""
            surname = len(_first_two(name)) - 1
            if after in _LIST_VERB_AFTER and not all(c in _GIVEN_SET for c in name[surname:]):
                break
            added.append((match.start(), match.end(), 0.6))
            end = match.end()
        reach = end
    return merge_found(found + added) if added else found


def _two_parts(text: str, start: int, end: int) -> bool:
    """Whether the run of minority name parts at ``start`` is more than one part (哈斯巴根, not 巴特尔)."""
    first = _MINORITY_ONE.match(text, start)
    return first is not None and first.end() < end


# Two-character name parts that are also words or read as words in a sentence (才让我, 乌云密布, 江村).
_MINORITY_AMBIGUOUS = frozenset(
    "才让 尼玛 乌云 江村 德庆 罗布 拉毛 苏和 布和 孟和 贡嘎 肉孜 拉巴 哈斯 努尔 迪丽 热巴 祖丽".split()
)


def _minority_alone(text: str, start: int, end: int, words: Words) -> bool:
    """One two-character name part without a cue (巴图说, 给达瓦转了, 扎西告诉我): only between a clear
    left boundary (start, punctuation, a particle such as 给/和/跟, a listed word) and a verb or particle
    that follows a person right after it, and not a word."""
    name = text[start:end]
    if name in _MINORITY_AMBIGUOUS or name in words:
        return False
    if start > 0 and _is_cjk(before := text[start - 1]):
        pair_word = text[start - 1 : start + 1] in words
        if not ((before in _LEFT_CHARS and not pair_word) or text.endswith(_LEFT_WORDS, 0, start)):
            return False
    if end == len(text) or not _is_cjk(after := text[end]):
        return True
    return after in _RIGHT_CHARS or text[end : end + 2] in _RIGHT_WORDS


def _known_first(token: str) -> bool:
    return token in _FIRST_NAMES and token not in _EN_NOT_NAMES


def _english(text: str) -> list[tuple[int, int, float]]:
    """Names in Latin letters (the text has a capitalised word)."""
    found: list[tuple[int, int, float]] = []
    for match in _EN_TITLED.finditer(text):
        found.append((match.start(), match.end(), 0.85))
    for match in _EN_CUED.finditer(text):
        tokens = match.group(1).split()
        while tokens and tokens[-1] in _EN_NOT_NAMES:
            tokens.pop()
        if tokens and tokens[0] not in _EN_NOT_NAMES:
            end = match.start(1) + len(" ".join(tokens))
            found.append((match.start(1), end, 0.8))
    for pattern in (_EN_INTRO, _CN_CUE_LATIN):
        for match in pattern.finditer(text):
            tokens = match.group(1).split()
            while tokens and tokens[-1] in _EN_NOT_NAMES:
                tokens.pop()
            # a known first name or surname, or two capitalised words that are neither UI nor places
            # (客户：Rajesh Kumar, 我是Siti Nur)
            if tokens and (
                _known_first(tokens[0])
                or tokens[0] in _ROMAN_SURNAMES
                or (len(tokens) >= 2 and not any(t in _EN_NOT_NAMES for t in tokens))
            ):
                found.append((match.start(1), match.start(1) + len(" ".join(tokens)), 0.75))
    for match in _EN_AH.finditer(text):
        if match.group(1) not in _EN_NOT_NAMES and match.group(1) not in _AH_NOT:
            found.append((match.start(), match.end(), 0.7))
    for match in _EN_PATRONYMIC.finditer(text):
        if not any(t in _EN_NOT_NAMES for t in (*match.group(1).split(), *match.group(2).split())):
            found.append((match.start(), match.end(), 0.8))
    for title in _CN_TITLE.finditer(text):
        before = text[title.start() - 1] if title.start() > 0 else ""
        if not (before == " " or (before.isalpha() and not _is_cjk(before))):
            continue
        latin = _LATIN_BEFORE_TITLE.search(text, max(0, title.start() - 40), title.start())
        if latin is not None and not any(t in _EN_NOT_NAMES for t in latin.group(1).split()):
            found.append((latin.start(1), title.end(), 0.8))
    for match in _CANTONESE_SHORT.finditer(text):
        if match.start() > 0 and text[match.start() - 1].isalpha():  # not inside a word (Also Man Kit)
            continue
        if match.group(1) not in _CANTONESE_NOT and match.group(2) not in _CANTONESE_NOT:
            found.append((match.start(), match.end(), 0.7))
    for match in _A_LATIN.finditer(text) if "阿" in text else ():
        if match.group(1) not in _EN_NOT_NAMES:
            found.append((match.start(), match.end(), 0.7))
    if _HAS_CJK.search(text) is not None:
        for match in _EN_WORD.finditer(text):
            start, end = match.span(1)
            if _known_first(match.group(1)) and _alone_in_chinese(text, start, end):
                found.append((start, end, 0.6))
    for match in _EN_FIRST_SUBJECT.finditer(text):
        group = 1 if match.group(1) else 2
        if _known_first(match.group(group)):
            found.append((match.start(group), match.end(group), 0.7))
    for match in _EN_POSSESSED.finditer(text):
        if match.group(1) not in _EN_NOT_NAMES:
            found.append((match.start(1), match.end(1), 0.7))
    for match in _EN_PAIR.finditer(text):
        first, second, third = match.group(1), match.group(2), match.group(3)
        if second in _EN_NOT_NAMES or _EN_PLACE_AFTER.match(text, match.end()) is not None:
            continue
        # a romanised surname and given name; a third short word is a Vietnamese, Korean or Cantonese
        # given name's second part (Nguyen Van Hung, Lee Min Ho), not after a pinyin name (Zhang Wei Said)
        roman = first in _ROMAN_SURNAMES and len(second) <= 8
        if roman and third is not None and third not in _EN_NOT_NAMES and first not in _PINYIN_SET:
            found.append((match.start(), match.end(3), 0.7))
        elif _known_first(first) or roman:
            found.append((match.start(), match.end(2), 0.7))
    return found


def _alone_in_chinese(text: str, start: int, end: int) -> bool:
    """No letter or digit next to the word (spaces aside), and Chinese on one side at least (brackets
    and colons aside): 谢谢Amy, 坐席(Kelly):, Jason 在群里说; not "Pro Max的", "Nova 12"."""
    before = _neighbour(text, start - 1, -1, " ")
    after = _neighbour(text, end, 1, " ")
    if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
        return False
    return _is_cjk(_neighbour(text, start - 1, -1, " ([:")) or _is_cjk(_neighbour(text, end, 1, " )]:"))


def _neighbour(text: str, i: int, step: int, skip: str) -> str:
    """The first character from ``i`` on in direction ``step`` that is not in ``skip`` ("" at an end);
    at most four are skipped."""
    for _ in range(5):
        if not 0 <= i < len(text):
            return ""
        if text[i] not in skip:
            return text[i]
        i += step
    return text[i - step]


def find_persons(text: str, words: Words, frequent: Words = frozenset()) -> list[tuple[int, int, float]]:
    """PERSON spans in ``text`` (already normalised): merged, sorted (start, end, score) triples.
    ``words``: ``common_words``; ``frequent``: the lexicon's frequent words (``_trim``)."""
    found: list[tuple[int, int, float]] = []
    for match in _STRONG.finditer(text):
        start, end = match.start(1), _trim(text, match.start(1), match.end(1), words, frequent)
        if text[start] in _CUE_NEVER_SET and text[start : start + 2] not in _COMPOUND_SET:
            if (never_end := _cue_never(text, start, words)) is not None:
                found.append((start, never_end, 0.75))
            continue
        name = text[start:end]
        if not _rare_and_doubtful(text, name, end, words) and not _time_preposition(name):
            found.append((start, end, 0.85))
    for match in (*_WEAK.finditer(text), *_RELATION.finditer(text)):
        if match.re is _RELATION and (match.group("he") or match.group("given")):
            alone = _given_alone(text, match, words)
            if alone is not None:
                found.append(alone)
            continue
        if match.re is _RELATION and match.group("pet"):
            start, end = match.span(1)
            if (
                _KIN_CUE_RE.fullmatch(text, match.start(), start) is not None
                and text[start:end] not in words
                and _right_ok(text, end, words)
            ):
                found.append((start, end, 0.7))
            continue
        start, end = match.start(1), _trim(text, match.start(1), match.end(1), words, frequent)
        if text[start] in _CUE_NEVER_SET and text[start : start + 2] not in _COMPOUND_SET:
            if (never_end := _cue_never(text, start, words)) is not None:
                found.append((start, never_end, 0.7))
            continue
        name = text[start:end]
        if (_is_word(name) and not _full_name_after_word(name, words)) or (
            name[0] == name[-1] and name in _REDUPLICATED_WORDS
        ):
            continue
        if text[start : end + 1] in _NICKNAME_BRANDS:  # 客服小可爱
            continue
        # 是我 is followed by what the speaker did as often as by their name (是我马虎了, 是我钟爱的)
        if text.startswith("是我", match.start()) and _first_two(name) in words:
            continue
        # A rarer surname (成, 应, 阎) after a weak cue must not read as a word: 客户成功, 用户应保持.
        if _rare_and_doubtful(text, name, end, words):
            continue
        found.append((start, end, 0.75))
    for match in _CUED_ANY.finditer(text):
        start, end = match.span(1)
        if _any_given_ok(text, start, end, words):
            found.append((start, end, 0.7))
    if "我是" in text or "本人是" in text:
        for match in _INTRO_DE.finditer(text):
            start, end = match.span(1)
            if _any_given_ok(text, start, end, words):
                found.append((start, end, 0.65))
    agent = "客服" in text or "坐席" in text or "专员" in text
    for match in _AGENT_NICKNAME.finditer(text) if agent else ():
        start, end = match.span(1)
        if match.group(1) in _AGENT_NOT_NAMES or text[start : end + 1] in _NICKNAME_BRANDS:
            continue
        # labelling a chat line (客服小蔓：, 客服小鹿： though 小鹿 is a word), or before what the agent
        # did (客服小蔓态度差; not 客服小程序)
        if match.group(2) is not None or (
            match.group(1) not in words and text[start : end + 1] not in words and _right_ok(text, end, words)
        ):
            found.append((start, end, 0.75))
    for match in _ME_NAME.finditer(text) if "我" in text else ():
        start, end = match.span(1)
        if match.start() > 0 and text[match.start() - 1] not in _ME_NAME_BEFORE:
            continue
        name = match.group(1)
        if (
            _first_two(name) in words
            or name in words
            or (name[0] in _ME_NOT_SURNAMES and name[1:] in words)  # 我向银行，
            or _is_word(name)
            or _rare_and_doubtful(text, name, end, words)
        ):
            continue
        found.append((start, end, 0.7))
    called = ("叫" in text or "昵称" in text or "网名" in text) and ("小" in text or "阿" in text)
    for match in _CALLED_NICKNAME.finditer(text) if called else ():
        start, end = match.span(1)
        if text[start:end] not in _NICKNAME_BRANDS and text[start : end + 1] not in words:
            found.append((start, end, 0.75))
    for match in _SELF_NAMED.finditer(text):
        name = match.group(1)
        if name[:2] not in words and not _WEAK_CUE_RE.match(name):  # 我叫外卖, 我叫客服小王
            found.append((match.start(1), match.end(1), 0.75))
    if "我是" in text:
        for match in _INTRO_WORD.finditer(text):
            if _introduced_word(text, match):
                found.append((match.start(1), match.end(1), 0.6))
    for match in _MINORITY.finditer(text):
        start, end = match.span()
        title = _MINORITY_TITLE.match(text, end)
        if title is not None:  # 卓玛阿姨
            found.append((start, title.end(), 0.75))
        elif not _right_ok(text, end, words):
            continue
        elif _CUE_BEFORE.search(text, max(0, start - 12), start) is not None:
            found.append((start, end, 0.75))
        elif (end - start >= 4 and _two_parts(text, start, end)) or end - start >= 3:
            if _left_ok(text, start, words):  # 哈斯巴根说, 巴特尔说; not one two-character part alone
                found.append((start, end, 0.6))
        elif _minority_alone(text, start, end, words):  # 巴图说, 给达瓦转了
            found.append((start, end, 0.6))
    tail = len(text)
    if text[-1:].isdigit() or text[-1:] in "日号. 。":
        dated = _SIGNATURE_DATE.search(text, max(0, len(text) - 24))
        if dated is not None:
            tail = dated.start()
    signature = _SIGNATURE.search(text, max(0, tail - 8), tail)
    if signature is not None and (signature.start() == 0 or text[signature.start() - 1] in _SIGNATURE_BEFORE):
        start, end = signature.span()
        name = text[start:end]
        if name not in words and _first_two(name) not in words and not _is_word(name):
            found.append((start, end, 0.7))
    if "·" in text or "•" in text or "・" in text:
        for match in _DOTTED.finditer(text):
            start = match.start()
            cut = _DOTTED_LEFT.match(text, start, text.index(match.group()[-1], start))
            first_part_end = min(i for i in (text.find(c, start) for c in "·•・") if i >= 0)
            if cut is not None and cut.end() < first_part_end - 1:
                start = cut.end()
            end = match.end()
            if text[end - 1] in _RIGHT_CHARS and text[end - 3] not in "·•・":  # 迪力木拉提说: 说 follows it
                end -= 1
            found.append((start, end, 0.75))
    for match in (*_titled(_TITLED_COMPOUND, text, words), *_titled(_TITLED, text, words)):
        start, end = match.span()
        if text[start : start + 2] in _COMPOUND_SET and match.re is _TITLED:
            continue
        # 健身房老板, 书房老师: the surname ends a word; 温哥华: the title begins one
        # 谢谢师傅: the surname ends a word (老刘师傅 aside: 老刘 is a form of the name)
        if start > 0 and text[start - 1] not in "老小" and text[start - 1 : start + 1] in words:
            continue
        if text[start] in _RARE_SET or text[end - 1] in "哥姐叔伯婶嫂姨":
            if text[max(0, start - 2) : start + 1] in words:
                continue
            if text[start : end + 1] in words or text[end - 1 : end + 1] in words:
                continue
        # a one-character kin title must end the name: 王哥说, not 温哥华 (a place jieba does not list)
        if text[end - 1] in "哥姐叔伯婶嫂" and not _right_ok(text, end, words):
            continue
        if text[end - 1] == "姨" and text[end - 1 : end + 1] in words:  # 王姨 托我; not 姨妈
            continue
        found.append((start, end, 0.85))
    # Patterns that begin with a character class are scanned position by position: skipped when the
    # text lacks the characters they need (a substring test runs in C).
    for match in _NEVER_TITLED.finditer(text):
        start, end = match.start() - 1, match.end()
        if start < 0 or text[start] not in _CUE_NEVER_SET:
            continue
        if (
            text[start - 1 : start + 1] not in words
            and text[start:end] not in words
            and _left_ok(text, start, words)
        ):
            found.append((start, end, 0.75))
    for match in _CANTONESE_TAI.finditer(text):
        start, end = match.start() - 1, match.end()
        if start < 0 or text[start] not in _COMMON_SET:
            continue
        if (
            text[start - 1 : start + 1] not in words
            and text[start:end] not in words
            and _left_ok(text, start, words)
        ):
            found.append((start, end, 0.7))
    for match in _SURNAME_ELDER_ORDER.finditer(text):
        start, end = match.start() - 1, match.end()
        if start < 0 or text[start] not in _COMMON_SET:
            continue
        if (
            text[start : start + 2] not in words
            and text[start:end] not in words
            and _left_ok(text, start, words)
            and _right_ok(text, end, words)
        ):
            found.append((start, end, 0.65))
    for match in _GONG.finditer(text) if "工" in text else ():
        start, end = match.span()
        if start > 0 and _is_cjk(text[start - 1]):  # 转告聂工, not 的施工
            if text[start:end] in words or text[start - 1 : start + 1] in words:
                continue
            if not (_left_ok(text, start, words) and _right_ok(text, end, words)):
                continue
        found.append((start, end, 0.6))
    ordinal = (
        "妹" in text
        or "娃" in text
        or "妞" in text
        or "丫" in text
        or "毛" in text
        or "蛋" in text
        or "伢" in text
    )
    for match in _ORDINAL_NAME.finditer(text) if ordinal else ():
        start, end = match.span()
        if (
            text[start : start + 2] not in words  # 周二
            and text[start:end] not in words
            and _left_ok(text, start, words)
            and _right_ok(text, end, words)
        ):
            found.append((start, end, 0.6))
    old_young = "老" in text or "小" in text
    for match in _OLD_YOUNG.finditer(text) if old_young else ():
        start, end = match.span()
        # 老张/小李 are listed as words (they refer to people): only their edges are checked.
        if _left_ok(text, start, words) and _right_ok(text, end, words):
            found.append((start, end, 0.6))
    for match in _BIG_SURNAME.finditer(text) if "大" in text else ():
        start, end = match.span()
        if (
            text[start:end] not in words
            and text[start + 1 : end + 1] not in words  # 大周末
            and text[start : end + 1] not in words
            and _left_ok(text, start, words)
            and _right_ok(text, end, words)
        ):
            found.append((start, end, 0.6))
    for match in _OLD_YOUNG_RARE.finditer(text) if old_young else ():
        start, end = match.span()
        if (
            text[start:end] not in words
            and not _is_word(text[start:end])  # 我是小白 (a beginner)
            and text[start + 1 : end + 1] not in words
            and text[start : end + 1] not in words
            and _left_ok(text, start, words)
            and _right_ok(text, end, words)
        ):
            found.append((start, end, 0.6))
    found.extend(_uncued(text, words, frequent))
    if _CAPITALISED.search(text) is not None:  # English patterns only when there is an English word
        found.extend(_english(text))
    merged = merge_found(found)
    if any(end < len(text) and text[end] in _LIST_JOINERS for _, end, _ in merged):
        merged = _in_lists(text, merged, words)
    if merged:
        merged = _repeated(text, merged, words)
    return merged


def _repeated(text: str, found: list[tuple[int, int, float]], words: Words) -> list[tuple[int, int, float]]:
    """The other mentions of a Chinese name found after a cue or with a title (用户陶正兵… 此致 陶正兵;
    客服小鹿：… 小鹿帮您查了): the same characters, when neither edge runs into a word."""
    added: list[tuple[int, int, float]] = []
    for start, end, score in found:
        if score < 0.7 or not 2 <= end - start <= 6:
            continue
        name = text[start:end]
        if text.count(name) < 2 or not (_is_cjk(name[0]) and _is_cjk(name[-1])):  # (counts in C)
            continue
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (
                (pos == 0 or text[pos - 1] != ">")
                and text[end : end + 1] != "<"
                and text[pos - 1 : pos + 1] not in words
                and text[end - 1 : end + 1] not in words
            ):
                added.append((pos, end, 0.6))
            pos = text.find(name, end)
    return merge_found(found + added) if added else found


class CnPersonRecognizer(EntityRecognizer):
    """Chinese and English person names; see the module docstring for the forms and their scores."""

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entities=[PERSON], name="CnPersonRecognizer", supported_language=supported_language
        )

    def load(self) -> None:
        lexicon = get_lexicon()
        self._words = common_words(lexicon)
        self._frequent = lexicon.frequent

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        norm = normalized(text)
        results = []
        for start, end, score in find_persons(norm.text, self._words, self._frequent):
            original_start, original_end = norm.to_original(start, end)
            results.append(RecognizerResult(PERSON, original_start, original_end, score))
        return results
