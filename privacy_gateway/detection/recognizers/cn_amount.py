"""AMOUNT: sums of money in Chinese and English feedback.

Forms (docs/recognizers.md has the table):

- currency prefix: ¥99, ￥1,299.00, RMB 500, CNY1000, 人民币3000, $25.50, USD 100, HK$80, ₩385,000, AED 4,200,
  and a currency's Chinese name before the number (港币2,000元, 美金200, 新台币3万);
- traditional characters read as simplified ones (新台幣3萬, 14萬多日圓, 兩千塊);
- number + unit: 500元, 3.5万元, 2千块, 50块钱, 5角, 5毛钱, 两毛四, 200 yuan, 100 dollars, 1000 RMB, 30美元;
- Chinese numerals: 五百元, 两千块, 一千二百元, 三块五, 三块五毛, 一块二毛五, 壹仟元整;
- approximate: 100多块, 1000来块, 500余元, 两千出头, 六十几块, 一百几十块, 两块多钱, 几百块, 几毛钱, 上千元,
  数千元, 百把块, 百来块, 千多块, 小一千, 大几千, 一万多元, 20多万日元; ranges 一两百, 三四万, 100-200元;
- a sign: -20元, 负两百块, -¥12.50, 余额：-36 (not the dash of a range or a date);
- 万/亿 without a unit (3.5万, 两万, 一万二千多): money unless a counter follows (3万人, 2万步);
- after a money cue (充值500, 转账 1,000.00, 余额：23.5, 还我1200, 转给表哥的两千八, 物业费1500,
  转出去的1500, 转成了50000, refund of 30), as the answer to a question about a sum (退款金额是多少？
  用户：4180), or joined to a sum (转了6200和3100): the bare number; in a text about money also after
  weak cues (还有三十, 大概七八千, 差的三百, 理财里那5w) and 2k/5w; before the verb that took or moved it
  (二百六扣了两次, 把八百退回来, 六百到现在都没追回来).

Not amounts (decided, see corpus/README.md): promotion rules 满100减10 / 满200元送20元 (the rule of an
offer, not anyone's money), counts (3次, 2笔), durations and scores (5分钟, 打了5分), dates, times,
versions (3.2.1), percentages, and 块 as a measure word (一块去, 两块蛋糕).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import NamedTuple

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy_gateway.detection.found import merge_found
from privacy_gateway.detection.normalize import normalized
from privacy_gateway.types import AMOUNT

# Thousands groups are exactly three digits: ¥10,110101200001010002 is ¥10 and an ID, not ¥10,110.
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_MAG = "十百千万亿拾佰仟"
# Starts with a digit or 十 (千万 alone is "by all means"); bounded, so a run of 一 stays linear.
_CN_NUM = rf"(?:(?<![{_CN_DIGIT}{_CN_MAG}])[{_CN_DIGIT}十拾][{_CN_DIGIT}{_CN_MAG}]{{0,11}})"
_ARABIC = rf"(?:{_DIGITS}(?:\s?(?:万亿|[万千百亿kKwW](?![A-Za-z])))?)"
_NUMBER = rf"(?:{_ARABIC}|{_CN_NUM})"
# 多/余/来 (not 余额, not the verb 来), 出头 (两千出头), and 几 after a magnitude (八十几, 一百几十, 两千几);
# 万/亿 may follow the approximation (20多万, 三十来万, 50几万).
_APPROX = (
    r"(?:(?:多|余(?![额下])|来(?=[块元钱万千百亿\s，,。！？!?]|$))[万亿]?|出头"
    r"|(?<=[0十百千万拾佰仟])几[十百千万亿]?)"
)
# Vague sums: 几百, 大几千, 小一千, 上万, 近千, 十几, 数千 (formal); a magnitude alone, spoken for "about"
# one of it: 百把, 百来 (块), 千多, 万余, 百十, 百八十, 千儿八百.
_VAGUE = (
    rf"(?:(?:好|上|近|大|小)?几[十百千万]+|[上近][百千万]|小[一两]?[千万]|[{_CN_DIGIT}]?十几|数[十百千万]+"
    rf"|(?<![{_CN_DIGIT}{_CN_MAG}])[百千万](?:把|(?=[多余来])|儿?八[十百千]|十))"
)
# Currencies by their Chinese names (a closed class, written by hand): after a number (30美元, 5000港币),
# or before it (港币2,000元, 新台币3万, 美金200); 100欧 and 50美刀 are how people say it.
_CURRENCY_NAMES = (
    "人民币|美元|美金|美刀|港币|港元|澳元|澳币|欧元|日元|日圆|日币|英镑|韩元|韩币|新台币|台币|泰铢|泰币|卢布|越南盾|"
    "新加坡元|新币|澳门币|澳门元|加元|加币|瑞郎|瑞士法郎|林吉特|马币|比索|卢比|迪拉姆|里亚尔|兰特|雷亚尔|"
    "新西兰元|纽币|菲律宾比索|印尼盾|柬埔寨瑞尔|里拉"
)
_UNIT = (
    r"(?:块钱|元钱|元整|元|圆|块|円|毛钱|毛(?![衣巾病笔线孔发豆绒皮料])|分钱|"
    # 欧 right after the number, ending the words (not 欧阳, 欧洲, a name after a version: 5.3 欧海)
    rf"{_CURRENCY_NAMES}|大洋|(?<=[\d十百千万])欧(?=[了的吧啊呀呢左多就都也，,。！!？?\s]|$)"
    r")"
)
# ISO 4217 codes of the currencies users travel, trade or send money in (a closed class; not those that
# are common words or names: PHP, TRY, ALL, CUP).
_CURRENCY_CODES = (
    "RMB|rmb|CNY|USD|HKD|EUR|GBP|JPY|CAD|AUD|SGD|NZD|TWD|NTD|MOP|KRW|CHF|MYR|THB|VND|IDR|AED|SAR|QAR|KWD|"
    "INR|PKR|LKR|NPR|BDT|MMK|KHR|LAK|MNT|KZT|RUB|UAH|SEK|NOK|DKK|PLN|CZK|HUF|ILS|ZAR|EGP|NGN|KES|BRL|MXN|"
    "ARS|CLP|COP|PEN|RM"
)
_EN_UNIT = rf"(?:{_CURRENCY_CODES}|yuan|Yuan|kuai|dollars?|euros?|pounds?|bucks)(?![A-Za-z])"
# What may follow 元/块: jiao and fen parts (三块五, 5元8角, 3块5毛2), but not a count (两万块三天, 38块一杯).
_NOT_JIAO = (
    r"(?![天个次号月年日点周小分秒笔单遍回直起共样定般些"
    r"杯瓶斤包盒箱袋碗份张条双套支只串罐桶本位顿]|\d)"
)
# 零 of 零钱/零花钱 is no jiao (十几块零钱); 三块零五分 has no jiao but fen.
_SUB = (
    rf"(?:零[{_CN_DIGIT}](?:分(?!钟)|{_NOT_JIAO})"
    rf"|(?:\d|(?!零[钱花头食售碎用])[{_CN_DIGIT}]){_NOT_JIAO}(?:[角毛](?:(?:\d|[{_CN_DIGIT}])分?)?)?)?"
)
# The fen after 毛/角 (两毛四, 5毛8, 2角5分), not a count (五毛一个).
_FEN = rf"(?:(?:\d|[{_CN_DIGIT}]){_NOT_JIAO}分?)"
_MAO_FEN = rf"(?:毛(?![衣巾病笔线孔发豆绒皮料]){_FEN})"
# After one digit + 块, a CJK character other than these means 块 is a measure word (两块蛋糕, 一块去).
_KUAI_OK_NEXT = r"钱多左的了啊吧呢都也就还给被到没呀哦嘛，"

# Feedback from Hong Kong, Macau and Taiwan is written in traditional characters (新台幣3萬, 人民幣300元,
# 14萬多日圓): the characters the patterns below use, in their traditional forms, are read as their
# simplified ones (one for one, so offsets do not move). A closed list, written by hand.
_TRADITIONAL = str.maketrans(
    "萬億兩貳陸塊錢圓幣額餘幾來頭轉還費價買賣購賠匯給貸繳賬帳戶號碼個張條單點時歲樓層輛臺頁顆場節項級輪屆種門週筆噸貨獎補領現"
    "損償騙詐虧輸罰訂報銷紅證違約結郵遞車過飯資劃續務會員話電學運標實應這們盜掙賺歐韓鎊盧銖馬蘭羅亞爾沒進錯凍總計說請問裡裏後"
    "發與邊夠嗎麼讓聯鈔託帶贈減滿倆雙隻盤積檔際據壓",
    "万亿两贰陆块钱圆币额余几来头转还费价买卖购赔汇给贷缴账账户号码个张条单点时岁楼层辆台页颗场节项级轮届种门周笔吨货奖补领现"
    "损偿骗诈亏输罚订报销红证违约结邮递车过饭资划续务会员话电学运标实应这们盗挣赚欧韩镑卢铢马兰罗亚尔没进错冻总计说请问里里后"
    "发与边够吗么让联钞托带赠减满俩双只盘积档际据压",
)
_TRADITIONAL_CHARS = re.compile("[" + "".join(sorted(map(chr, _TRADITIONAL))) + "]")

# Each prefix is its own literal alternative (a letter code not glued to a word before it), so that
# ``re`` looks for their first characters only.
# Currency signs: yuan/yen, dollar, euro, pound, won, rupee, peso, baht, rouble, dong, lira, shekel, naira,
# hryvnia.
_SIGN_CHARS = "¥￥$€£₩₹₱฿₽₫₺₪₦₴"
_PREFIX_FIRST = "|".join(
    [re.escape(c) for c in _SIGN_CHARS]
    + [
        rf"{re.escape(code)}(?<![A-Za-z\d]{re.escape(code)})"
        for code in ("US$", "HK$", "A$", "C$", "S$", "NT$")
    ]
    + [rf"{code}(?<![A-Za-z\d]{code})" for code in _CURRENCY_CODES.split("|")]
    + ["人民币"]
)
_PREFIXED_TAIL = rf"\s?-?{_NUMBER}{_APPROX}?(?:\s?(?:{_UNIT}|{_EN_UNIT}))?"
_PREFIXED = re.compile(rf"(?:{_PREFIX_FIRST}){_PREFIXED_TAIL}")
_RANGE = rf"(?:{_NUMBER}\s?[-~～到至]\s?)"
# Every amount starts with one of these; checking it first lets ``re`` skip other positions at once.
_START = rf"(?=[\d{_CN_DIGIT}十拾几上好近大小数百千万])"
# 两块多钱, 十块来钱: the approximation after the unit.
_SUFFIX_UNIT = (
    rf"(?:(?:块钱|元钱|元整|毛钱|分钱|(?:块|元)多钱?|块来钱|(?:元|块|圆){_SUB}|{_MAO_FEN}|{_UNIT})(?:人民币|RMB)?"
    rf"|{_EN_UNIT})"
)
_SUFFIXED = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第*])(?<!\*\s){_RANGE}?(?:{_NUMBER}|{_VAGUE}|好?几){_APPROX}?"
    rf"[ \t]?{_SUFFIX_UNIT}"
    rf"|(?=\d)(?<![\d.,*])(?<!\*\s){_DIGITS}\s?角(?![形度落]){_FEN}?"
)
_BARE_WAN = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第*])(?<!\*\s)(?:{_DIGITS}|{_CN_NUM}|[{_CN_DIGIT}]?十几|几十|几)(?<![万亿])[万亿]"
    # 一万二千多, 两万三千五; 一万五, 2万3
    rf"(?:[{_CN_DIGIT}][千百](?:[零{_CN_DIGIT}][百十]?){{0,3}}{_APPROX}?|{_APPROX}"
    rf"|[一二三四五六七八九两](?![{_CN_DIGIT}{_CN_MAG}])|\d(?![\d.]))?"
    r"(?![人次个条步名字公米粉台件份单笔张家户位年天元块\d]|火急|分之)"
)
# Words a one-character money verb below is part of (提交, 成交: not a payment).
_NOT_AFTER = {"交": "(?<![提递移成]交)"}
_MONEY_CUE = (
    r"(?:金额|余额|充值|充了|冲值|冲了|借走了?|年卡|月卡|季卡|次卡|提现|转账|转了|转走了?|盗刷了?|被扣了?|多扣了?|多收了?|付款|支付|付了|扣款|扣了|"
    r"扣费|退款|退了|到账|消费|花了|损失|赔偿|现金|领了|领到|中了|返现|补贴|交了|缴了|缴费|交费|额度|限额|"
    r"代付了?|工资|房租|骗了|被骗|骗走了?|诈骗|亏了|输了|赔了|罚了|罚款|押金|定金|订金|利息|本金|差价|货款|"
    r"补偿|补偿金|赔付|报销|奖金|奖励|返利|佣金|提成|分红|收益|收入|保证金|违约金|尾款|首付|结算款|款项|"
    r"价值|邮费|年费|月费|快递费|停车费|过路费|门票|票价|房费|餐费|饭钱|车钱|月薪|年薪|薪水|薪资|底薪|"
    r"还差|差了|房贷|车贷|贷款|月供|转过去了?|打过去了?|汇过去了?|月租|租金|欠了|欠我|拖欠|借款|存了|存入|存进去?|取了|取出|取现|取款|赚了|挣了|省了|"
    r"被刷了?|刷走了?|划走了?|划扣了?|少退了?|少付了?|少给了?|少转了?|少到了?|多付了?|多转了?|多退了?|多充了?|"
    r"手续费|服务费|会员费|话费|电费|水费|学费|车费|运费|价格|售价|标价|原价|实付|应付|"
    r"那笔钱[，,]?|这笔钱[，,]?|钱[，,]?|收了|收我|扣我|收取|收费|"
    # any fee (物业费1500, 医药费三千多); a verb with its direction (转出去的1500, 扣掉了380, 垫了800)
    r"费用?|转出去?了?|转进去?了?|转入了?|转回来?了?|扣掉了?|扣走了?|退回来?了?|汇出了?|汇入了?|垫付了?|垫了|"
    # a one-character money verb: at the start of a clause, after 给/向 or a person (我转, 他扣), right
    # before a number (转800, 垫付三千八) or before the person it is paid to (还我, 欠他, 借你)
    + "".join(
        rf"{verb}{_NOT_AFTER.get(verb, '')}"
        rf"(?:(?<![\u4e00-\u9fff]{verb})|(?<=[给向我你他她们]{verb})|(?=[\d{_CN_DIGIT}十])|(?=了?[我你他她]))|"
        for verb in "提扣转充付退赔借还收欠补花存交"
    )
    + r"欠款|借了|还款|红包|收款|打款|汇款|加起来|总计|总额|总价|退休金|养老金|公积金|生活费|抚养费|补助金?|"
    r"助学金|奖学金|救济金|压岁钱|礼金|彩礼|份子钱|网贷|"
    r"price|amount|charged|refund(?:ed)?(?: of)?|paid|cost|balance|received|transferred|withdrew|withdrawn|"
    r"deposited|topped up|spent|debited|sent me|fee)"
)
# Every alternative above begins with a literal character, so ``re`` scans for their first characters
# in C instead of trying the whole alternation at every position (a quarter of the time).
# A bare number is not money when a counter, a measure or a masked digit follows (充值了7遍, 退款三天).
# Also checked after an approximation (30多次, 十几天); a Chinese numeral must be whole (not 三 of 三百), and
# a time is not a sum (大概22:40).
_COUNTER = (
    # 下个月 and 户名 are no counts
    r"(?:(?!下[个午周月旬半]|户[名号主头])[次遍回趟下张份件个天周月年日号位笔条单分秒人期岁楼层栋室点公米斤克吨步页"
    r"句声辆台部家户所门架只头颗根瓶杯盒包袋箱票场局集章节项度级倍折星码圈轮届代版种格段路平*]|小时|积分|金币|钻石|点券|流量|"
    # o'clock, not after three digits or a hundred (转账二百五时: "when"); books, not 本来/本人/本金
    rf"时(?<!\d\d\d时)(?<![百千万佰仟]时)(?<![百千万佰仟][{_CN_DIGIT}]时)|本(?![来人身金地月周次年息想应该])|"
    r"days?|times?|hours?|minutes?|seconds?|weeks?|months?|years?|items?|orders?|points?|emails?|messages?|calls?|"
    r"texts?|transactions?|attempts?|tries|cards?|accounts?|people|persons?|stars?|pcs|GB|MB|km|kg|%)"
)
_NOT_COUNTED = (
    rf"(?!\.\d|[\d%*A-Za-z万亿])(?!(?<=[{_CN_DIGIT}{_CN_MAG}])[{_CN_MAG}])(?!\s?[-~～到至]\s?[\d*])(?!\s(?:\d{{3,4}}(?!\d)|\*)|[:：]\d)"
    rf"(?![多余来几]{{0,2}}\s?{_COUNTER})"
)
# A currency's Chinese name before the number, not right after another one (100美元 200港币 are two sums),
# and not a count or a date (美元2024年).
_NAMES = re.compile(_CURRENCY_NAMES)  # the gate of the pattern below
_NAME_PREFIXED = re.compile(
    rf"(?<![\d{_CN_DIGIT}{_CN_MAG}多余几])(?<![\d{_CN_DIGIT}{_CN_MAG}多余几]\s)(?:{_CURRENCY_NAMES}){_PREFIXED_TAIL}"
    rf"{_NOT_COUNTED}"
)
# A bare amount: Arabic digits (at most nine before the point: longer runs are ids, cards, phones), or a
# Chinese numeral with a magnitude, ending with it or one digit after it (三百多, 五千, 四千二, 一两百).
_BARE_NUMBER = (
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|(?<!\d)\d{{1,9}}(?!\d))(?:\.\d+)?(?:\s?(?:万亿|[万千百亿kKwW](?![A-Za-z])))?"
    rf"|(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}(?:(?<=[{_CN_MAG}])|(?<=[{_CN_MAG}][{_CN_DIGIT}]))|{_VAGUE})"
)
_CUE_FILLER = (
    r"(?:了|金额|为|是|共|总共|一共|共计|合计|大约|大概|约|现金|只有|还有|剩下?|才|显示|变成|变为|成|[涨降调]到|[涨降]了|只剩|剩余|"
    r"还剩|有|在|就|都|也|又|足足|整整|至少|最少|最多|起码|将近|接近|差不多|不到|超过|多在|大多|一般|平均|"
    r"[一两二三四五六七八九十几\d]次|[我你他她的那这个]|[:：]|\s|"
    r"(?:is|was|of|me|us|only|just|still|now|about|around|nearly|almost|over|shows?|showing|says)(?![A-Za-z])|"
    r"从){0,6}"
)
_CUED = re.compile(rf"{_MONEY_CUE}{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
# A balance below zero keeps its sign (余额：-36, 变成负两百): these variants run on texts with a sign only.
_SIGN = r"(?:-(?=\d)|负)?"
_CUED_SIGNED = re.compile(rf"{_MONEY_CUE}{_CUE_FILLER}({_SIGN}(?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
# Words that make a number money only when the text is about money (一次25，一共75; 只到了36).
_WEAK_MONEY_CUE = (
    r"(?:一共|总共|合计|共计|一次|每次|每月|每个月|一个月|月供|到了|到账|只到|收到|给了我|转我|给我|还剩|剩了|"
    r"一笔|单笔|每笔|每人|每家|每户|每位|每份|因为这|为了这|就这|人均|一人|变成|变为|显示|只有|明明有|每学期|每年|每期|每季度|一学期|一年|"
    r"还有|剩下|少了|多了|丢了|平均|差的|少的|缺的|缺了|剩的|欠的|差(?![评不点])|缺|加起来|算下来|前后|前前后后|每天|每周|每单|单价|大概|大约|差不多|将近|接近|"
    r"钱包里|卡里|账户里|余额里|零钱里|理财里|零钱通里|余额宝里|基金里|账上|账户上|卡上|里面|里头)"
)
# A number right after 号/码 is an identifier (批次号 88990011), not a sum.
_NOT_AN_ID = r"(?<![号码])(?<![号码]\s)"
_WEAK_CUED = re.compile(rf"{_WEAK_MONEY_CUE}{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
_WEAK_CUED_SIGNED = re.compile(
    rf"{_WEAK_MONEY_CUE}{_CUE_FILLER}({_SIGN}(?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}"
)
# A number the sentence then says was taken, lost or sent (工资卡里5k被转走了, 钱包里三百多没了,
# 打了两千过去), or deducted, refunded, sent or paid back (二百六扣了两次, 把六百六十六退回来, 1200退给我,
# 三百五转过去了): the verb with what completes it, not a noun (退票; 退款 is a word); not a model number
# or an order (iPhone 15退了, 订单123456退了).
_LOST_AFTER = re.compile(
    rf"{_START}(?<![\d.,/\-A-Za-z第*])(?<![\d\sA-Za-z号码间期][:：])(?<!^[:：])(?<!\*\s)(?<![A-Za-z]\s)(?<![订工]单){_NOT_AN_ID}"
    rf"((?:{_BARE_NUMBER}){_APPROX}?)\s?"
    r"(?=(?:到现在|到今天|至今|现在)?(?:怎么|咋|就|都|全部?|又|也|还|竟然|居然|已经|直接|先|给我|一下子?)?"
    r"(?:被(?:转走|扣|盗|骗|刷|划走|冻结)|没了|(?:搞|弄)(?:没了|丢了?)|"
    r"不见了|不翼而飞|没到账|还没到|没有?到账|到账了|打水漂|没有?(?:退|还|给|追回|要回|拿回|收到)|未到账|未退|过去"
    r"|[扣退转付赔汇充交补返划还](?:了(?![票货单])|回|给|过去?|掉|走|进|到|我|还)|打(?:过去?|给|到|回)))"
)
# A number followed by the money it is (送200话费, 里面有十几万货款, 一千出头的工资).
_VALUE_OF = re.compile(
    # not a room number (2栋1032 退款)
    rf"{_START}(?<![\d.,:：/\-A-Za-z第*栋幢座室层])(?<!\*\s)(?<![订工]单){_NOT_AN_ID}"
    rf"((?:{_BARE_NUMBER}|{_VAGUE}){_APPROX}?)\s?"
    r"(?=的?(?:退款|话费|现金|红包|余额|零钱|货款|工资|奖金|补贴|返现|手续费|运费|邮费|年费|会员费|押金|利息|欠款|"
    r"生活费|学费|房租|车费|油费))"
)
# A Chinese numeral with a magnitude, alone, in a text about money (转错人了……五千啊！).
_CN_ALONE = re.compile(
    rf"(?:(?<![\u4e00-\u9fff\d])((?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}{_APPROX}?|小[一两]?[千万])"
    rf"|(?<=[有是了剩还只才共在约概计差欠就])((?:(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}|(?:好|上|近|大|小)?几[百千万]+"
    rf"|小[一两]?[千万]){_APPROX}?))"
    r"(?=[啊呀吧呢了啦哦嘛！!？?，,。.\s]|左右|上下|$)"
)
# Searched as a character class first (in C, and it finds most money texts at once), then as words.
_MONEY_CHARS = re.compile(r"[钱元块款费账付扣充转退赔买卖购借欠赚¥￥$价]")
_MONEY_WORDS = re.compile(
    r"余额|金额|额度|限额|红包|工资|结算|补差|差额|会员|续费|花了|提现|支付|收款|汇款|refund|paid|charge|balance|price|cost|money"
)
# 一笔99的扣费: a number directly described as a charge.
_DESCRIBED = re.compile(
    rf"(?<![\d.,*])(?<!\*\s){_START}((?:{_BARE_NUMBER}){_APPROX}?)"
    r"(?=的(?:扣费|扣款|费用|消费|账单|款项|红包|退款|付款|转账|订单|交易|充值|提现|会员|话费|手续费|货款|欠款|"
    r"押金|工资|奖金|补偿|赔偿))"
)
# In a text about money, a number written like a price: thousands separators or a one- or two-digit
# fraction (19.9, 0.00, 12,560.50). Not a version (版本6.2, v6.2.3, iOS 17.3), a rating or a measure (4.5星).
_PRICE_LIKE = re.compile(
    r"(?<![\d.,:：/\-A-Za-z号码第版型*])(?<!\*\s)(?<!评分)(?<!分数)(?<!打分)"
    # a system's version (iOS 17.3, 系统版本 12.1, 升级到4.2)
    r"(?<![Oo][Ss]\s)(?<!Android\s)(?<!鸿蒙)(?<!鸿蒙\s)(?<!版本)(?<!版本\s)(?<!系统)(?<!系统\s)(?<![级新]到)(?<![级新]至)"
    r"((?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,7}\.\d{1,2}|\d{1,4}(?:\.\d{1,2})?[kKwW]))"
    r"(?![\d.,%*+]|\s?(?!(?:each|per|but|and|to|from|was|is|were|on|in|at|yesterday|today|instead|only|so|for|"
    r"which|that|twice|already|back|again|please)\b)"
    r"[A-Za-z\u4e00-\u9fff](?<![元块啊呀吧呢了啦哦嘛的，,。！？迟到没还就才都也被给一每而吗左不但可却结怎咋所]))"
)
# 转给表哥的两千八, 借给他五千: money given to someone (a name or a pronoun, 的) and then the sum; not
# an id (转给他的QQ12345678, 还给我发了验证码...).
_GIVEN_TO = re.compile(
    r"(?:转|打|汇|付|借|还|赔|退|补)给(?:[^\dA-Za-z\s，,。！？!?：:；;号码\-]{1,6}?)的?"
    rf"((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}"
)
# The answer to a question about a sum (退款金额是多少？用户：4180; how much was it? - 45).
_ASKED = re.compile(
    r"(?:(?:钱|金额|款|费|余额|转|扣|付|充|花|骗|损失|价|提|收|退|赔|借|欠|还)[^\d。！!？?\n号码时日期间]{0,8}?多少|多少钱"
    rf"|[Hh]ow much)(?!\s?{_COUNTER})"
    r"[^\d。！!？?\n]{0,12}?[？?]\s*(?:[^\d\s，,。？?！!：:\-]{1,8}[：:]\s*|[-–—]\s*)?"
    rf"{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}"
)
# A request for the sum answered by the next speaker (请提供一下提现金额 用户：2360.5); the gate is the
# request itself, searched once (literal first).
_REQUEST = re.compile(
    r"(?:提供|告知|告诉我?|说一?下|确认|核实|报一下)[^\d。！!？?\n]{0,8}?(?:金额|钱数|数额)"
)
_REQUESTED = re.compile(
    rf"{_REQUEST.pattern}[。.]?\s*[^\d\s，,。？?！!：:\-]{{1,8}}[：:]\s*"
    rf"{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}"
)
# In a text about money, a number that ends a clause: (1) a clause of its own right after a clause that
# moved money (发给了别人，520啊，对方不退; 工资转到我这里 被风控了 7千多): two digits or more, or a numeral
# with a magnitude, a particle allowed; not an age or a model after a name (Li, 72, / iPhone 15，);
# (2) the price after an item (一碗烩面十五, 一杯奶茶18). Checked at the number, looking back in code.
_CLAUSE_NUMBER = re.compile(
    # after a clause mark or a space: the whole clause, or the last word of the text
    rf"(?<=[，,。！!？?；;\s])((?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,7}})(?:\.\d{{1,2}})?(?:[千万kKwW]{_APPROX}?)?"
    rf"|(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}{_APPROX}?)[啊呀吧呢哦嘛啦]{{0,2}}(?=[，,。！!？?；;]|\s*$)"
    # after an item's name: ending a clause
    rf"|(?<=[\u4e00-\u9fff])((?:\d{{1,4}}(?:\.\d{{1,2}})?|(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}){_APPROX}?)"
    r"(?=[，,。！!？?；;\s]|$)"
)
_CLAUSE_MARKS = "，,。！!？?；;"
_CLAUSE_CUT = re.compile(r"[，,。！!？?；;\d\n]")
_MOVED_MONEY = re.compile("[转发付扣充退赔借还汇打交缴]")
_ITEM_BEFORE = re.compile(r"一[碗杯份瓶盒袋包斤件张串个只套双][\u4e00-\u9fff]{1,4}$")
# What may follow a number that ends a clause, among the two characters after its tail.
_CLAUSE_NEXT = frozenset(_CLAUSE_MARKS + " \t\n啊呀吧呢哦嘛啦")


def _ends_clause(text: str, match: re.Match[str]) -> bool:
    """Whether a number ending a clause (``_CLAUSE_NUMBER``) follows an item (group 2), or stands
    alone after a clause that moved money (group 1: two characters at least)."""
    if match.group(2) is not None:
        start = match.start(2)
        return _ITEM_BEFORE.search(text, max(0, start - 6), start) is not None
    start = match.start(1)
    if len(match.group(1)) < 2:
        return False
    sep = start - 1
    while sep > 0 and text[sep - 1].isspace():
        sep -= 1
    if (
        sep
        and text[sep].isspace()  # spaces before the number
        and ((text[sep - 1].isascii() and text[sep - 1].isalpha()) or text[sep - 1] in ")）")
    ):
        return False  # iPhone 15, / Li 72,
    clause = _CLAUSE_CUT.split(text[max(0, sep - 21) : sep])[-1]
    return _MOVED_MONEY.search(clause) is not None


# A second sum joined to one found (转了6200和3100, 扣了88、66和30); before or after it.
_JOINER = r"\s?(?:和|跟|与|及|以及|、|或者?|还有|加上?|外加|再加上?)\s?"
_JOINED_AFTER = re.compile(rf"{_JOINER}(?<![\d.,A-Za-z第*])((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
_JOINED_BEFORE = re.compile(
    rf"{_START}(?<![\d.,:：/\-A-Za-z第*])(?<!\*\s){_NOT_AN_ID}((?:{_BARE_NUMBER}){_APPROX}?)"
    rf"(?![多余来几]?\s?[次个笔天]){_JOINER}"
)

_PROMOTION = re.compile(
    rf"(?:每满|满|充)\s?{_NUMBER}\s?(?:{_UNIT})?\s?(?:就|可|即)?(?:减|送|返|立减|打|赠)\s?(?:{_NUMBER}\s?(?:{_UNIT}|折)?)?"
    rf"|(?:首单立减|首单直降|新人立减|新人直降|立减|直降|最高减|最高返)\s?{_NUMBER}\s?(?:{_UNIT})?"
)
_KUAI_MEASURE = re.compile(
    r"(?<!收了|扣了|花了|付了|给了|转了|赔了|退了|还了|充了|交了|少了|多了|要了|共计|一共|总共|只有)"
    rf"(?<![{_CN_DIGIT}{_CN_MAG}])[一两二三四五六七八九几]块(?=[\u4e00-\u9fff])(?![{_KUAI_OK_NEXT}{_CN_DIGIT}])"
    r"(?!手续费|服务费|运费|话费|电费|水费|会员费|学费|押金|利息|差价|红包|车费|油费|路费|现金|零钱)"
)


# Every amount contains a run of number characters, and every pattern but the cue-first ones starts at
# the beginning of such a run (or at the 上/小/好... just before it): those are tried there with
# ``match``, the cue-first ones scan windows around the runs. Text without numbers costs one scan.
_NUMBER_RUN = re.compile(rf"[\d{_CN_DIGIT}{_CN_MAG}几]+")
_UNIT_AFTER_DIGIT = frozenset("块元毛角分圆钱")
_VAGUE_PREFIX = frozenset("上好近大小数")
WINDOW_BEFORE, WINDOW_AFTER = 24, 16
# A gate: a character class the text must match somewhere, or words one of which it must contain (None:
# always run). Searching a class or a word costs well under a microsecond; building the set of a text's
# characters, several; an alternation of words (多少|how much), a few.
Gate = re.Pattern[str] | tuple[str, ...] | None


def _gate(characters: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(characters)}]")


# the first characters of the signs and codes
_PREFIX_GATE = _gate(_SIGN_CHARS + "人" + "".join(sorted({code[0] for code in _CURRENCY_CODES.split("|")})))


class _AtNumber(NamedTuple):
    """A pattern matched at the start of a number run. It is tried only if one of ``follow`` occurs
    among the two characters after the number's tail (digits, separators, 万/千, 多/余/来): what it
    needs there, a unit, 的, a fee noun... is checked without calling the regex engine."""

    pattern: re.Pattern[str]
    gate: Gate
    score: float
    group: int  # the reported group; -1: group 1 or else group 2
    follow: frozenset[str]
    # tried only on a number that ends the text, a word or a clause: ``follow`` is then what may come
    # right after its tail (a space before it does too)
    at_end: bool = False
    check: Callable[[str, re.Match[str]], bool] | None = None  # a last check of a match, in code


class _CueFirst(NamedTuple):
    """A pattern that begins with a cue or a prefix (a literal-first alternation, fast to scan)."""

    pattern: re.Pattern[str]
    gate: Gate
    score: float
    group: int


# What may follow a number in _SUFFIXED: the first character of every unit, range marks, and the
# letters of the English units.
_SUFFIX_FOLLOW = frozenset(
    {alt[0] for alt in re.sub(r"\(\?[:!<=][^)]*\)|[()?:]", "", _UNIT).split("|") if alt}
    | set("元块圆円毛角分钱-~～到至欧")
    | set("yYkdbpe")  # yuan, kuai, dollars, bucks, pounds, euros
    | {c for code in _CURRENCY_CODES.split("|") for c in (code[0].upper(), code[0].lower())}
    | {name[0] for name in _CURRENCY_NAMES.split("|")}
)
_PAID_VERBS = "扣退转付赔汇充交补返划还打"
_FEE_NOUN_FIRST = "退话现红余零货工奖补返手运邮年会押利欠生学房车油"
_AT_NUMBER = (
    _AtNumber(_SUFFIXED, None, 0.85, 0, _SUFFIX_FOLLOW),
    _AtNumber(_BARE_WAN, _gate("万亿"), 0.6, 0, frozenset("万亿")),
    _AtNumber(_DESCRIBED, _gate("的"), 0.6, 1, frozenset("的")),
    _AtNumber(_VALUE_OF, _gate(_FEE_NOUN_FIRST), 0.65, 1, frozenset(_FEE_NOUN_FIRST + "的")),
    _AtNumber(
        _LOST_AFTER,
        _gate("被没不到打未过" + _PAID_VERBS),
        0.65,
        1,
        frozenset("被没不到打未过怎咋就都全又竟居已至现" + _PAID_VERBS),  # not 一 (一千): 一下子 is rare
    ),
)
_CUE_FIRST = (
    _CueFirst(_PREFIXED, _PREFIX_GATE, 0.85, 0),
    _CueFirst(_NAME_PREFIXED, _NAMES, 0.85, 0),
    _CueFirst(_CUED, None, 0.65, 1),
    _CueFirst(_GIVEN_TO, ("给",), 0.6, 1),
)
# Only in a text about money (_MONEY_CHARS, _MONEY_WORDS).
_MONEY_AT_NUMBER = (
    _AtNumber(
        _CN_ALONE, _gate("十百千万亿拾佰仟几"), 0.6, -1, frozenset("啊呀吧呢了啦哦嘛！!？?，,。. 左上")
    ),
    _AtNumber(_PRICE_LIKE, _gate(".,kKwW"), 0.6, 1, frozenset(".,kKwW")),
    _AtNumber(_CLAUSE_NUMBER, None, 0.6, -1, _CLAUSE_NEXT, at_end=True, check=_ends_clause),
)
_MONEY_CUE_FIRST = (
    _CueFirst(_WEAK_CUED, None, 0.6, 1),
    _CueFirst(_ASKED, ("多少", "ow much"), 0.6, 1),
    _CueFirst(_REQUESTED, _REQUEST, 0.6, 1),
)
_ALL_AT_NUMBER = (*_AT_NUMBER, *_MONEY_AT_NUMBER)
_ALL_CUE_FIRST = (*_CUE_FIRST, *_MONEY_CUE_FIRST)


def _with_signs(cues: tuple[_CueFirst, ...]) -> tuple[_CueFirst, ...]:
    signed = {id(_CUED): _CUED_SIGNED, id(_WEAK_CUED): _WEAK_CUED_SIGNED}
    return tuple(cue._replace(pattern=signed.get(id(cue.pattern), cue.pattern)) for cue in cues)


_CUE_FIRST_SIGNED = _with_signs(_CUE_FIRST)
_MONEY_CUE_FIRST_SIGNED = _with_signs(_MONEY_CUE_FIRST)
_ALL_CUE_FIRST_SIGNED = _with_signs(_ALL_CUE_FIRST)
# bounded: a run of "1 1 1..." stays linear
_NUMBER_TAIL = re.compile(rf"[\d,.\s万千百亿kKwW多余来几出头儿{_CN_DIGIT}]{{0,12}}")
_PROMOTION_CHARS = _gate("满充减降返")
# A minus sign before a digit, not after a digit or a letter (a range, a date, an id), or 负 before a numeral.
_SIGNS = re.compile(rf"-(?<![\dA-Za-z.,~\-]-)[\d¥￥$]|负[\d{_CN_DIGIT}十百千万]")  # literal first: fast
# A dash after one of these joins two values (a range, a date, an id); a sign stands after anything else.
_NOT_BEFORE_SIGN = re.compile(rf"[\dA-Za-z.,\-~{_CN_DIGIT}{_CN_MAG}]")
_JOINERS: Gate = ("和", "跟", "与", "及", "、", "或", "还有", "加")


def number_runs(text: str) -> list[tuple[int, int]]:
    """The runs of number characters that may belong to an amount: a lone Chinese digit (一直, 三个)
    counts only when a money unit follows it (三块五, 两元)."""
    runs = []
    for match in _NUMBER_RUN.finditer(text):
        start, end = match.span()
        if end - start > 1 or text[start] not in _CN_DIGIT or text[end : end + 1] in _UNIT_AFTER_DIGIT:
            runs.append((start, end))
    return runs


def number_windows(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) windows around the runs, merged where they meet."""
    windows: list[tuple[int, int]] = []
    for start, end in runs:
        low, high = max(0, start - WINDOW_BEFORE), min(len(text), end + WINDOW_AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _is_open(gate: Gate, text: str) -> bool:
    if gate is None:
        return True
    if isinstance(gate, tuple):
        for word in gate:  # a loop: twice as fast as any() over a generator
            if word in text:
                return True
        return False
    return gate.search(text) is not None


def _at_numbers(
    text: str, runs: list[tuple[int, int]], rules: tuple[_AtNumber, ...], starts: list[int] | None = None
) -> list[tuple[int, int, float]]:
    """The matches of ``rules`` at the number runs; ``starts`` collects the positions tried."""
    found: list[tuple[int, int, float]] = []
    rules = tuple(rule for rule in rules if _is_open(rule.gate, text))
    for start, end in runs:
        if end - start > 9 and text[start].isdigit():  # ten digits or more: an id, a phone, a card
            continue
        tail = _NUMBER_TAIL.match(text, end).end()  # type: ignore[union-attr]
        follow = frozenset(text[start : tail + 2])
        at = (start - 1, start) if start and text[start - 1] in _VAGUE_PREFIX else (start,)
        if starts is not None:
            starts += at
        for rule in rules:
            if rule.at_end:  # the character right after the tail: the end, a space, or one of ``follow``
                if tail < len(text) and text[tail] not in rule.follow and not text[tail - 1].isspace():
                    continue
                before = text[start - 1] if start else "，"  # what _CLAUSE_NUMBER needs before the number
                if not (
                    before in _CLAUSE_MARKS
                    or before.isspace()
                    or ("\u4e00" <= before <= "\u9fff" and "一" in text[max(0, start - 6) : start])
                ):
                    continue
            elif rule.follow.isdisjoint(follow) and not (rule.group < 0 and tail >= len(text)):
                continue
            for position in at:
                match = rule.pattern.match(text, position)
                if match is not None and (rule.check is None or rule.check(text, match)):
                    group = rule.group if rule.group >= 0 else (1 if match.group(1) else 2)
                    found.append((match.start(group), match.end(group), rule.score))
    return found


def _after_cues(
    text: str, windows: list[tuple[int, int]], cues: tuple[_CueFirst, ...]
) -> list[tuple[int, int, float]]:
    """The matches of the cue-first ``cues`` in the windows around the number runs."""
    found = []
    cues = tuple(cue for cue in cues if _is_open(cue.gate, text))
    for low, high in windows:
        for cue in cues:
            for match in cue.pattern.finditer(text, low, high):
                found.append((match.start(cue.group), match.end(cue.group), cue.score))
    return found


def find_amounts(text: str) -> list[tuple[int, int, float]]:
    """AMOUNT spans in ``text`` (already normalised): merged, sorted (start, end, score) triples."""
    if _TRADITIONAL_CHARS.search(text) is not None:
        text = text.translate(_TRADITIONAL)
    runs = number_runs(text)
    if not runs:
        return []
    money = _MONEY_CHARS.search(text) is not None or _MONEY_WORDS.search(text) is not None
    windows = number_windows(text, runs)
    starts: list[int] = []
    found = _at_numbers(text, runs, _ALL_AT_NUMBER if money else _AT_NUMBER, starts)
    signed = ("-" in text or "负" in text) and _SIGNS.search(text) is not None
    if money:
        found += _after_cues(text, windows, _ALL_CUE_FIRST_SIGNED if signed else _ALL_CUE_FIRST)
    else:
        found += _after_cues(text, windows, _CUE_FIRST_SIGNED if signed else _CUE_FIRST)
    excluded: list[tuple[int, int]] = []
    if _PROMOTION_CHARS.search(text) is not None:
        excluded += [m.span() for low, high in windows for m in _PROMOTION.finditer(text, low, high)]
    if "块" in text:
        excluded += [m.span() for start in starts if (m := _KUAI_MEASURE.match(text, start)) is not None]
    if excluded:
        found = _outside(found, excluded)
    if found and not money:  # a sum found makes it a text about money (取了5000，卡里少了5050)
        more = _at_numbers(text, runs, _MONEY_AT_NUMBER) + _after_cues(
            text, windows, _MONEY_CUE_FIRST_SIGNED if signed else _MONEY_CUE_FIRST
        )
        found += _outside(more, excluded) if excluded else more
    if found and _is_open(_JOINERS, text):
        joined = _joined(text, found, starts)
        found += _outside(joined, excluded) if excluded else joined
    if found and signed:
        found = [_signed(text, item) for item in found]
    return merge_found(found)


def _signed(text: str, item: tuple[int, int, float]) -> tuple[int, int, float]:
    """A minus sign or 负 right before an amount is part of it (-20元, 负两百块, -¥12.50); not the dash of
    a range or an identifier (100-200元, 2024-35元)."""
    start = item[0]
    if start and (
        text[start - 1] == "负"
        or (text[start - 1] == "-" and _NOT_BEFORE_SIGN.match(text, start - 2) is None)
    ):
        return (start - 1, item[1], item[2])
    return item


def _joined(
    text: str, found: list[tuple[int, int, float]], starts: list[int]
) -> list[tuple[int, int, float]]:
    """Bare numbers joined by 和/、/加上... to a found amount, after or before it, chains included."""
    joined: list[tuple[int, int, float]] = []
    ends = [end for _, end, _ in found]
    while ends:
        match = _JOINED_AFTER.match(text, ends.pop())
        if match is not None:
            joined.append((match.start(1), match.end(1), 0.6))
            ends.append(match.end(1))
    found_starts = {start for start, _, _ in found}
    for start in reversed(starts):  # right to left, so that 88、66和30元 reaches 88 through 66
        match = _JOINED_BEFORE.match(text, start)
        if match is not None and match.end() in found_starts:
            joined.append((match.start(1), match.end(1), 0.6))
            found_starts.add(match.start(1))
    return joined


def _outside(
    found: list[tuple[int, int, float]], excluded: list[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """The spans of ``found`` that overlap no excluded span (sorted ends + bisect: O(n log n))."""
    spans = sorted(excluded)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # the furthest end among the excluded spans starting at or before each one
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    kept = []
    for item in found:
        i = bisect.bisect_left(starts, item[1]) - 1  # excluded spans starting before the item ends
        if i < 0 or reach[i] <= item[0]:
            kept.append(item)
    return kept


class CnAmountRecognizer(EntityRecognizer):
    """Sums of money: currency prefixes and units, Arabic or Chinese numerals, approximate forms."""

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entities=[AMOUNT], name="CnAmountRecognizer", supported_language=supported_language
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        norm = normalized(text)
        results = []
        for start, end, score in find_amounts(norm.text):
            original_start, original_end = norm.to_original(start, end)
            results.append(RecognizerResult(AMOUNT, original_start, original_end, score))
        return results
