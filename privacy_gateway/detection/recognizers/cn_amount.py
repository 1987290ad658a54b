"""AMOUNT: sums of money in Chinese and English feedback.

Forms (docs/recognizers.md has the table):

- currency prefix: ¥99, ￥1,299.00, RMB 500, CNY1000, 人民币3000, $25.50, USD 100, HK$80;
- number + unit: 500元, 3.5万元, 2千块, 50块钱, 5角, 5毛钱, 200 yuan, 100 dollars, 1000 RMB, 30美元;
- Chinese numerals: 五百元, 两千块, 一千二百元, 三块五, 三块五毛, 壹仟元整;
- approximate: 100多块, 1000来块, 500余元, 几百块, 上千元, 一万多元;
- 万/亿 without a unit (3.5万, 两万): money unless a counter follows (3万人, 2万步);
- after a money cue (充值500, 转账 1,000.00, 余额：23.5, refund of 30): the bare number.

Not amounts (decided, see corpus/README.md): promotion rules 满100减10 / 满200元送20元 (the rule of an
offer, not anyone's money), counts (3次, 2笔), durations and scores (5分钟, 打了5分), dates, times,
versions (3.2.1), percentages, and 块 as a measure word (一块去, 两块蛋糕).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
_APPROX = r"(?:多|余|来)"
_VAGUE = rf"(?:(?:好|上|近|大)?几[十百千万]+|上[百千万]|小[一两]?[千万]|[{_CN_DIGIT}]?十几)"
_UNIT = (
    r"(?:块钱|元钱|元整|元|圆|块|毛钱|毛(?![衣巾病笔线孔发豆绒皮料])|分钱|"
    r"人民币|美元|美金|港币|港元|澳元|欧元|日元|英镑|韩元|台币|大洋)"
)
_CURRENCY_CODES = "RMB|rmb|CNY|USD|HKD|EUR|GBP|JPY|CAD|AUD|SGD|NZD|TWD|MOP|KRW|CHF"
_EN_UNIT = rf"(?:{_CURRENCY_CODES}|yuan|Yuan|kuai|dollars?|euros?|pounds?)(?![A-Za-z])"
_PREFIX = rf"(?:[¥￥$€£]|US\$|HK\$|A\$|C\$|S\$|NT\$|{_CURRENCY_CODES}|人民币)"
# What may follow 元/块: jiao and fen parts (三块五, 5元8角, 3块5毛2), but not a count (两万块三天).
_NOT_JIAO = r"(?![天个次号月年日点周小分秒笔单遍回直起共样定般些]|\d)"
_SUB = rf"(?:(?:\d|[{_CN_DIGIT}]){_NOT_JIAO}(?:[角毛](?:(?:\d|[{_CN_DIGIT}])分?)?)?)?"
# After one digit + 块, a CJK character other than these means 块 is a measure word (两块蛋糕, 一块去).
_KUAI_OK_NEXT = r"钱多左的了啊吧呢都也就还给被到没呀哦嘛，"

_PREFIXED = re.compile(rf"(?<![A-Za-z\d]){_PREFIX}\s?{_NUMBER}{_APPROX}?(?:\s?(?:{_UNIT}|{_EN_UNIT}))?")
_RANGE = rf"(?:{_NUMBER}\s?[-~～到至]\s?)"
# Every amount starts with one of these; checking it first lets ``re`` skip other positions at once.
_START = rf"(?=[\d{_CN_DIGIT}十拾几上好近大小])"
_SUFFIXED = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第]){_RANGE}?(?:{_NUMBER}|{_VAGUE}){_APPROX}?\s?(?:(?:块钱|元钱|元整|毛钱|分钱|(?:元|块|圆){_SUB}|{_UNIT})(?:人民币|RMB)?|{_EN_UNIT})"
    rf"|(?=\d)(?<![\d.,]){_DIGITS}\s?角(?![形度落])"
)
_BARE_WAN = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第])(?:{_DIGITS}|{_CN_NUM}|[{_CN_DIGIT}]?十几|几十|几)(?<![万亿])[万亿]"
    rf"(?:{_APPROX}|[一二三四五六七八九两](?![{_CN_DIGIT}{_CN_MAG}])|\d(?![\d.]))?"  # 一万五, 2万3
    r"(?![人次个条步名字公米粉台件份单笔张家户位年天元块\d]|火急|分之)"
)
_MONEY_CUE = (
    r"(?:金额|余额|充值|充了|提现|转账|转了|转走了?|盗刷了?|被扣了?|多扣了?|多收了?|付款|支付|付了|扣款|扣了|"
    r"扣费|退款|退了|到账|消费|花了|损失|赔偿|现金|领了|领到|中了|返现|补贴|交了|缴了|缴费|交费|额度|限额|"
    r"代付了?|工资|房租|骗了|被骗|骗走了?|诈骗|亏了|输了|赔了|罚了|罚款|押金|定金|订金|利息|本金|差价|货款|"
    r"补偿|补偿金|赔付|报销|奖金|奖励|返利|佣金|提成|分红|收益|收入|保证金|违约金|尾款|首付|结算款|款项|"
    r"价值|邮费|年费|月费|快递费|停车费|过路费|门票|票价|房费|餐费|饭钱|车钱|月薪|年薪|薪水|薪资|底薪|"
    r"还差|差了|"
    r"手续费|服务费|会员费|话费|电费|水费|学费|车费|运费|价格|售价|标价|原价|实付|应付|"
    r"(?:那笔|这笔)?钱[，,]?|"
    r"(?<![\u4e00-\u9fff])[提扣转充付退赔借还收]|(?<=[给向])[提扣转充付退赔借还收]|[提扣转充付退赔借还收](?=\d)|"
    r"欠款|借了|还款|红包|收款|打款|汇款|price|amount|charged|refund(?:ed)?(?: of)?|paid|cost|balance)"
)
# A bare number is not money when a counter, a measure or a masked digit follows (充值了7遍, 退款三天).
_NOT_COUNTED = (
    r"(?![\d.%*])(?!\s?-\s?[\d*])(?!\s[\d*])(?!\s?(?:[次遍回趟下张份件个天周月年日号位笔条单分秒时人期岁楼层栋室点公米斤克吨步页"
    r"句声辆台部本家户所门架只头颗根瓶杯盒包袋箱票场局集章节项*]|days?|times?|hours?|minutes?|items?|"
    r"orders?|%))"
)
# A bare amount: Arabic digits (at most nine before the point: longer runs are ids, cards, phones), or a
# Chinese numeral with a magnitude (三百多, 五千).
_BARE_NUMBER = (
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|(?<!\d)\d{{1,9}}(?!\d))(?:\.\d+)?(?:\s?(?:万亿|[万千百亿kKwW](?![A-Za-z])))?"
    rf"|(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}|小[一两]?[千万])"
)
_CUE_FILLER = (
    r"(?:了|金额|为|是|共|总共|一共|共计|合计|大约|大概|约|现金|只有|还有|剩下?|才|显示|变成|变为|只剩|剩余|"
    r"还剩|[一两二三四五六七八九十几\d]次|[:：]|\s)*"
)
_CUED = re.compile(rf"{_MONEY_CUE}{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
# Words that make a number money only when the text is about money (一次25，一共75; 只到了36).
_WEAK_MONEY_CUE = (
    r"(?:一共|总共|合计|共计|一次|每次|每月|每个月|一个月|月供|到了|到账|只到|收到|给了我|转我|给我|还剩|剩了|"
    r"一笔|单笔|每笔|每人|人均|一人|变成|变为|显示|只有|明明有)"
)
_WEAK_CUED = re.compile(rf"{_WEAK_MONEY_CUE}{_CUE_FILLER}((?:{_BARE_NUMBER}){_APPROX}?){_NOT_COUNTED}")
# A number the sentence then says was taken or lost (工资卡里5k被转走了, 钱包里三百多没了).
_LOST_AFTER = re.compile(
    rf"{_START}(?<![\d.,:：/\-A-Za-z第])((?:{_BARE_NUMBER}){_APPROX}?)\s?"
    r"(?=被(?:转走|扣|盗|骗|刷|划走|冻结)|没了|不见了|不翼而飞|没到账|还没到|没有到账|到账了|打水漂|没退|没还|"
    r"没给|未到账|未退)"
)
# A number followed by the money it is (送200话费, 里面有十几万货款).
_VALUE_OF = re.compile(
    rf"{_START}(?<![\d.,:：/\-A-Za-z第])((?:{_BARE_NUMBER}|{_VAGUE}){_APPROX}?)\s?"
    r"(?=话费|现金|红包|余额|零钱|货款|工资|奖金|补贴|返现|手续费|运费|邮费|年费|会员费|押金|利息|欠款|"
    r"生活费|学费|房租|车费|油费)"
)
# A Chinese numeral with a magnitude, alone, in a text about money (转错人了……五千啊！).
_CN_ALONE = re.compile(
    rf"(?:(?<![\u4e00-\u9fff\d])((?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}{_APPROX}?|小[一两]?[千万])"
    rf"|(?<=[有是了剩还只才共])((?:(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}|(?:好|上|近|大)?几[百千万]+){_APPROX}?))"
    r"(?=[啊呀吧呢了啦哦嘛！!？?，,。.\s]|$)"
)
_MONEY_TEXT = re.compile(
    r"[钱元块款费账付扣充转退赔买卖购¥￥$]|余额|金额|额度|限额|红包|工资|价|会员|续费|花了"
)
# 一笔99的扣费: a number directly described as a charge.
_DESCRIBED = re.compile(
    rf"(?<![\d.,]){_START}((?:{_BARE_NUMBER}){_APPROX}?)"
    r"(?=的(?:扣费|扣款|费用|消费|账单|款项|红包|退款|付款|转账|订单|交易|充值|提现|会员|话费|手续费|货款|欠款|"
    r"押金|工资|奖金|补偿|赔偿))"
)
# In a text about money, a number written like a price: thousands separators or a one- or two-digit
# fraction (19.9, 0.00, 12,560.50). Not a version (版本6.2, v6.2.3), a rating or a measure (4.5星).
_PRICE_LIKE = re.compile(
    r"(?<![\d.,:：/\-A-Za-z号码第版型])(?<!评分)(?<!分数)(?<!打分)"
    r"((?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,7}\.\d{1,2}))"
    r"(?![\d.,%*]|\s?[A-Za-z\u4e00-\u9fff](?<![元块啊呀吧呢了啦哦嘛的，,。！？迟到没还就才都也被给一每]))"
)
_PROMOTION = re.compile(
    rf"(?:每?满|充)\s?{_NUMBER}\s?(?:{_UNIT})?\s?(?:就|可|即)?(?:减|送|返|立减|打|赠)\s?(?:{_NUMBER}\s?(?:{_UNIT}|折)?)?"
    rf"|(?:首单|新人)?(?:立减|直降|最高减|最高返)\s?{_NUMBER}\s?(?:{_UNIT})?"
)
_KUAI_MEASURE = re.compile(
    r"(?<!收了|扣了|花了|付了|给了|转了|赔了|退了|还了|充了|交了|少了|多了|要了|共计|一共|总共|只有)"
    rf"(?<![{_CN_DIGIT}{_CN_MAG}])[一两二三四五六七八九几]块(?=[\u4e00-\u9fff])(?![{_KUAI_OK_NEXT}{_CN_DIGIT}])"
    r"(?!手续费|服务费|运费|话费|电费|水费|会员费|学费|押金|利息|差价|红包|车费|油费|路费|现金|零钱)"
)


_ANY_NUMBER = re.compile(rf"[\d{_CN_DIGIT}{_CN_MAG}几]")


def find_amounts(text: str) -> list[tuple[int, int, float]]:
    """AMOUNT spans in ``text`` (already normalised): merged, sorted (start, end, score) triples."""
    if _ANY_NUMBER.search(text) is None:
        return []
    excluded = [m.span() for m in _PROMOTION.finditer(text)]
    excluded += [m.span() for m in _KUAI_MEASURE.finditer(text)]
    found: list[tuple[int, int, float]] = []
    for match in _PREFIXED.finditer(text):
        found.append((match.start(), match.end(), 0.85))
    for match in _SUFFIXED.finditer(text):
        found.append((match.start(), match.end(), 0.85))
    for match in _BARE_WAN.finditer(text):
        found.append((match.start(), match.end(), 0.6))
    for match in _DESCRIBED.finditer(text):
        found.append((match.start(1), match.end(1), 0.6))
    for match in _CUED.finditer(text):
        found.append((match.start(1), match.end(1), 0.65))
    for match in _VALUE_OF.finditer(text):
        found.append((match.start(1), match.end(1), 0.65))
    for match in _LOST_AFTER.finditer(text):
        found.append((match.start(1), match.end(1), 0.65))
    if _MONEY_TEXT.search(text) is not None:
        for pattern in (_WEAK_CUED, _CN_ALONE, _PRICE_LIKE):
            for match in pattern.finditer(text):
                group = 1 if match.group(1) else 2
                found.append((match.start(group), match.end(group), 0.6))
    kept = [f for f in found if not any(f[0] < e and s < f[1] for s, e in excluded)]
    return _merge(kept)


def _merge(found: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    merged: list[tuple[int, int, float]] = []
    for start, end, score in sorted(found, key=lambda f: (f[0], -f[1])):
        if merged and start < merged[-1][1]:
            m_start, m_end, m_score = merged[-1]
            merged[-1] = (m_start, max(end, m_end), max(score, m_score))
        else:
            merged.append((start, end, score))
    return merged


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
