"""AMOUNT: prefixes, units, Chinese numerals, approximate forms, cued bare numbers; and what is not money."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_amount import CnAmountRecognizer
from tests.detection.recognizers.support import found

RECOGNIZER = CnAmountRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("充值了¥1,299.00没到账", ["¥1,299.00"]),
        ("转了500元", ["500元"]),
        ("人民币3000元", ["人民币3000元"]),
        ("RMB 500", ["RMB 500"]),
        ("CNY1000", ["CNY1000"]),
        ("100块人民币", ["100块人民币"]),
        ("五百元", ["五百元"]),
        ("两千块", ["两千块"]),
        ("一千二百元", ["一千二百元"]),
        ("壹仟伍佰元整", ["壹仟伍佰元整"]),
        ("三块五", ["三块五"]),
        ("三块五毛", ["三块五毛"]),
        ("5块8", ["5块8"]),
        ("5角", ["5角"]),
        ("5毛钱", ["5毛钱"]),
        ("3.5万", ["3.5万"]),
        ("提现2万", ["2万"]),
        ("借了一万五给他", ["一万五"]),
        ("100多块", ["100多块"]),
        ("500余元", ["500余元"]),
        ("1000来块", ["1000来块"]),
        ("几百块", ["几百块"]),
        ("上千元", ["上千元"]),
        ("一万多元", ["一万多元"]),
        ("100-200元", ["100-200元"]),
        ("付款八十块失败", ["八十块"]),
        # bare numbers after a money cue
        ("充值500没到账", ["500"]),
        ("余额：23.5", ["23.5"]),
        ("红包 88.88", ["88.88"]),
        ("花了一百五", ["一百五"]),
        ("提现10w没到", ["10w"]),
        ("帮朋友代付了四百多", ["四百多"]),
        ("额度只有500", ["500"]),
        ("电费交了150没到账", ["150"]),
        ("多出来一笔99的扣费", ["99"]),
        ("返现的5块钱一直没到", ["5块钱"]),
        ("提现两万块三天没到", ["两万块"]),
        # English
        ("$25.50 refund", ["$25.50"]),
        ("200 yuan", ["200 yuan"]),
        ("100 dollars", ["100 dollars"]),
        ("refund of 30 please", ["30"]),
        # full width
        ("充值１００元", ["１００元"]),
        # a promotion rule next to a real amount: only the amount
        ("满100减10的券没用上，多付了10元", ["10元"]),
        # thousands groups are three digits and end the number: not ¥10,110 of an ID that follows
        ("扣了¥10,110101200001010002，", ["¥10"]),
        ("扣了¥10，110元", ["¥10", "110元"]),
        # money context (texts written after the detector, rounds 4-6)
        ("钱包里三百多没了", ["三百多"]),  # a number the sentence says was lost
        ("工资卡里5k被转走了", ["5k"]),
        ("前后花了小一千", ["小一千"]),
        ("付了2万3，对方说没收到", ["2万3"]),
        ("一次25，一共75", []),  # weak cues count only in a text about money
        ("这个月续费扣了三次，一次25，一共75", ["25", "75"]),
        ("转错人了，五千啊！", ["五千"]),
        ("退款还差四十没退", ["四十"]),
        ("办卡送200话费", ["200"]),
        ("开通了19.9一个月的会员", ["19.9"]),
        ("那笔三百八的消费", ["三百八"]),
        ("结算款12,560.50迟迟未到", ["12,560.50"]),
        ("扣了两次188", ["188"]),
        ("给王小丫转800", ["800"]),
        ("I topped up CAD 200", ["CAD 200"]),
        ("花了我两百大洋", ["两百大洋"]),
        ("收了三块手续费", ["三块"]),  # 块 after a money verb is money, not a measure word
        ("里面有十几万货款", ["十几万"]),
        ("昨天充的五百怎么没了", ["五百"]),
        ("商家扫码收了我三百六", ["三百六"]),
        ("被盗刷了一万多泰铢", ["一万多泰铢"]),
        ("第1次用就被盗，损失上万", ["上万"]),
        ("每个月的房贷5600是从这里扣的", ["5600"]),
        ("学校的学费要用钱包交，每学期4500", ["4500"]),
    ],
)
def test_finds_amounts(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "满100减10",
        "活动说满200元减20元",
        "每满50减5",
        "满99送10",
        "试了3次都提示系统繁忙",
        "充值了7遍都失败",
        "转人工转了6遍",
        "2024年3月5日下午3点",
        "版本3.2.1",
        "打了5分",
        "等了5分钟没人接",
        "我们一块去办的卡",
        "买了两块蛋糕",
        "第一块屏幕碎了",
        "三角形的图标",
        "千万不要用",
        "3万人参加",
        "2万步",
        "订单号123456",
        "10:30",
        "1,000",
        "充值两次",
        "退款三天了",
        "小程序付款一直转圈",
        "提现手续费是0.1%吗",
        "首单立减10元",
        "充100送10",
        "评分4.5分，版本6.3更新后转账要等半天",  # a rating and a version in a text about money
        "三百多人都被骗了，钱也没退",  # a count
        "十万火急！钱被冻了",
        "第一百次说了，扣款不对",
        "付6222 **** **** 0007",  # masked card digits are not an amount
        "扣费6222 0200 0000 0007",  # a digit group is not a sum
        "客服说48小时内回复，已经过去72小时了",
    ],
)
def test_does_not_tag_non_amounts(text):
    assert found(RECOGNIZER, text) == []


@pytest.mark.parametrize(
    "text", ["1" * 20_000, "元" * 20_000, "一" * 20_000, "满1" * 10_000, "1 " * 10_000, "1," * 10_000]
)
def test_pathological_inputs_complete(text):
    assert found(RECOGNIZER, text) == []
