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

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_MAG = "十百千万亿拾佰仟"
# Starts with a digit or 十 (千万 alone is "by all means"); bounded, so a run of 一 stays linear.
_CN_NUM = rf"(?:(?<![{_CN_DIGIT}{_CN_MAG}])[{_CN_DIGIT}十拾][{_CN_DIGIT}{_CN_MAG}]{{0,11}})"
_ARABIC = rf"(?:{_DIGITS}(?:\s?(?:万亿|[万千百亿kKwW](?![A-Za-z])))?)"
_NUMBER = rf"(?:{_ARABIC}|{_CN_NUM})"
_APPROX = r"(?:多|余|来)"
_VAGUE = rf"(?:(?:好|上|近)?几[十百千万]+|上[百千万]|[{_CN_DIGIT}]?十几)"
_UNIT = (
    r"(?:块钱|元钱|元整|元|圆|块|毛钱|毛(?![衣巾病笔线孔发豆绒皮料])|分钱|"
    r"人民币|美元|美金|港币|港元|澳元|欧元|日元|英镑|韩元|台币)"
)
_EN_UNIT = r"(?:RMB|rmb|CNY|yuan|Yuan|kuai|dollars?|USD|HKD|EUR)(?![A-Za-z])"
_PREFIX = r"(?:[¥￥$€£]|US\$|HK\$|RMB|rmb|CNY|USD|HKD|人民币)"
# What may follow 元/块: jiao and fen parts (三块五, 5元8角, 3块5毛2), but not a count (两万块三天).
_NOT_JIAO = r"(?![天个次号月年日点周小分秒笔单遍回直起共样定般些]|\d)"
_SUB = rf"(?:(?:\d|[{_CN_DIGIT}]){_NOT_JIAO}(?:[角毛](?:(?:\d|[{_CN_DIGIT}])分?)?)?)?"
# After one digit + 块, a CJK character other than these means 块 is a measure word (两块蛋糕, 一块去).
_KUAI_OK_NEXT = r"钱多左的了啊吧呢都也就还给被到没呀哦嘛，"

_PREFIXED = re.compile(rf"(?<![A-Za-z\d]){_PREFIX}\s?{_NUMBER}{_APPROX}?(?:\s?(?:{_UNIT}|{_EN_UNIT}))?")
_RANGE = rf"(?:{_NUMBER}\s?[-~～到至]\s?)"
# Every amount starts with one of these; checking it first lets ``re`` skip other positions at once.
_START = rf"(?=[\d{_CN_DIGIT}十拾几上好近])"
_SUFFIXED = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第]){_RANGE}?(?:{_NUMBER}|{_VAGUE}){_APPROX}?\s?(?:(?:块钱|元钱|元整|毛钱|分钱|(?:元|块|圆){_SUB}|{_UNIT})(?:人民币|RMB)?|{_EN_UNIT})"
    rf"|(?=\d)(?<![\d.,]){_DIGITS}\s?角(?![形度落])"
)
_BARE_WAN = re.compile(
    rf"{_START}(?<![\d.,A-Za-z第])(?:{_DIGITS}|{_CN_NUM})(?<![万亿])[万亿]"
    rf"(?:{_APPROX}|[一二三四五六七八九两](?![{_CN_DIGIT}{_CN_MAG}]))?"  # 一万五: fifteen thousand
    r"(?![人次个条步名字公米粉台件份单笔张家户位年天元块\d])"
)
_MONEY_CUE = (
    r"(?:金额|余额|充值|充了|提现|转账|转了|转走了?|盗刷了?|被扣了?|多扣了?|多收了?|付款|支付|付了|扣款|扣了|"
    r"扣费|退款|退了|到账|消费|花了|损失|赔偿|现金|领了|领到|中了|返现|补贴|交了|缴了|缴费|交费|额度|限额|"
    r"代付了?|工资|房租|"
    r"(?<![\u4e00-\u9fff])[提扣转充付退赔借还收]|(?<=[给向])[提扣转充付退赔借还收]|"
    r"欠款|借了|还款|红包|收款|打款|汇款|price|amount|charged|refund(?:ed)?(?: of)?|paid|cost|balance)"
)
_CUED = re.compile(
    rf"{_MONEY_CUE}(?:了|金额|为|是|共|总共|一共|共计|合计|大约|大概|约|现金|只有|还有|剩下?|才|[:：]|\s)*((?:{_ARABIC}|(?=[{_CN_DIGIT}]{{0,2}}[{_CN_MAG}]){_CN_NUM}){_APPROX}?)(?![\d.%])(?!\s?(?:[次遍回趟下张份件个天周月年日号位笔条单分秒时人期岁楼层栋室]|days?|times?|hours?|minutes?|items?|orders?|%))"
)
# 一笔99的扣费: a number directly described as a charge.
_DESCRIBED = re.compile(rf"(?<![\d.,]){_DIGITS}(?=的(?:扣费|扣款|费用|消费|账单|款项|红包|退款|付款|转账))")
_PROMOTION = re.compile(
    rf"(?:每?满|充)\s?{_NUMBER}\s?(?:{_UNIT})?\s?(?:就|可|即)?(?:减|送|返|立减|打|赠)\s?(?:{_NUMBER}\s?(?:{_UNIT}|折)?)?"
    rf"|(?:首单|新人)?(?:立减|直降|最高减|最高返)\s?{_NUMBER}\s?(?:{_UNIT})?"
)
_KUAI_MEASURE = re.compile(
    rf"(?<![{_CN_DIGIT}{_CN_MAG}])[一两二三四五六七八九几]块(?=[\u4e00-\u9fff])(?![{_KUAI_OK_NEXT}{_CN_DIGIT}])"
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
        found.append((match.start(), match.end(), 0.6))
    for match in _CUED.finditer(text):
        found.append((match.start(1), match.end(1), 0.65))
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
