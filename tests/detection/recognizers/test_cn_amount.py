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
        # colloquial forms: jiao and fen, 几/出头/多 after a magnitude or a unit, ranges, vague sums
        ("找零少了两毛五", ["两毛五"]),
        ("差了5毛3", ["5毛3"]),
        ("一块二毛五也要扣", ["一块二毛五"]),
        ("扣了六十几块", ["六十几块"]),
        ("收了一百几十块手续费", ["一百几十块"]),
        ("花了两千出头", ["两千出头"]),
        ("月租1800出头", ["1800出头"]),
        ("钱包里剩下二十几块钱", ["二十几块钱"]),
        ("两块多钱也要扣", ["两块多钱"]),
        ("才几块钱的事", ["几块钱"]),
        ("每个月交一两百的话费", ["一两百"]),
        ("被骗了四五万", ["四五万"]),
        ("这个月花了小几千", ["小几千"]),
        ("数千元的损失谁来赔", ["数千元"]),
        ("百把块钱无所谓", ["百把块钱"]),
        ("一万二千多的货款被冻结了", ["一万二千多"]),
        ("被转走一万四千五", ["一万四千五"]),
        # after a money verb and a person (还我, 欠他), or given to someone (转给X的...)
        ("同事欠我七百多一直不还", ["七百多"]),
        ("他还了我1200，还差四百", ["1200", "四百"]),
        ("转给我弟的一千七显示已退回", ["一千七"]),
        ("借给同事的六千到现在没还", ["六千"]),
        # a second sum joined to the first, after or before it
        ("交了3888和6888两笔", ["3888", "6888"]),
        ("扣了77、45和19", ["77", "45", "19"]),
        ("付了88加运费12", ["88", "12"]),
        ("被骗的5300和1700元都追不回来", ["5300", "1700元"]),
        # the answer to a question about a sum
        ("坐席：退款金额是多少呢？ 用户：1860", ["1860"]),
        ("客服：被扣了多少钱？客户：两百多", ["两百多"]),
        # weak cues and k/w in a text about money; a found sum makes the text one
        ("押金交了六百，剩下两百去哪了", ["六百", "两百"]),
        ("提现还没到账，就6k而已", ["6k"]),
        ("昨天取了6000，卡里少了6060", ["6000", "6060"]),
        ("余额大概六七千，现在冻住了", ["六七千"]),
        ("my balance still shows 0.50", ["0.50"]),
        ("the refund was only 14 so far", ["14"]),
        ("他又让我交一千四，说能解冻", ["一千四"]),  # a money verb after a person, a Chinese numeral after it
        ("说好先垫付两千六", ["两千六"]),
        ("三笔加起来七千出头", ["七千出头"]),
        ("余额从1,520.30变成了20.30", ["1,520.30", "20.30"]),
        ("我爸每个月退休金四千一", ["四千一"]),
        ("My sister sent me 3,500 but I only received 3,465", ["3,500", "3,465"]),
        ("I was charged twice, 45.50 each time", ["45.50"]),
        # a sign belongs to the amount: a balance below zero
        ("零钱怎么成了-35元", ["-35元"]),
        ("钱包余额显示−7.80元", ["−7.80元"]),  # a minus sign (U+2212) as the user typed it
        ("余额：-128", ["-128"]),
        ("账户变成负一百五十块了", ["负一百五十块"]),
        ("余额是-¥9.90", ["-¥9.90"]),
        ("余额￥-16", ["￥-16"]),
        # what is still missing or owed, in a text about money
        ("退款到了一部分，缺的四百呢", ["四百"]),
        ("扣款多了，差的八十谁补", ["八十"]),
        ("钱到账了，剩的两千三呢", ["两千三"]),
        # a number before the verb that moved it
        ("三百四扣了三回", ["三百四"]),
        ("把七百二十五退给我", ["七百二十五"]),
        ("把四千还我，钱是我的", ["四千"]),
        ("九百九转过去了一直没到", ["九百九"]),
        ("2600都退回来了吗", ["2600"]),
        ("将一千二退还给我", ["一千二"]),
        # a magnitude alone for "about one of it"
        ("赔我千把块就算了", ["千把块"]),
        ("也就百来块钱", ["百来块钱"]),
        ("花了千多块", ["千多块"]),
        ("万余元的货款", ["万余元"]),
        ("百八十块的事", ["百八十块"]),
        ("还我千多", ["千多"]),
        ("12块一瓶，扣了两次", ["12块"]),  # 一 of 一瓶 counts bottles, no jiao
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
        # counts after an approximation, partial numerals, times, ranges of days
        "给游戏充值了20多次",
        "退款十几天了",
        "里面有三四十条扣款记录",
        "付款大概在8:30，之后就扣了钱",
        "钱说是3到5个工作日到账",
        # weak cues, joiners and questions that lead to a count, points or a time
        "还有三十分钟钱就到了",
        "钱包里还有3个红包没拆",
        "余额还有500积分没用",
        "付款失败5次和退款失败2次",
        "转了多少次？用户：3",
        "付款的时间是多少？用户：15",
        "提现卡号是多少？用户：62170028",
        "转给客服的订单号123456没用",
        "他还我2次钱都是晚上",
        "4K电视付款成功了没发货",
        "我今年三十出头，钱被骗了",
        "我转三次都没成功，钱还在",
        "你还有三天时间处理退款",
        "提交20240511的工单，退款",
        "I received 2 messages from the bank about the money",
        "I spent 3 hours on the phone about my refund",
        "转给他的QQ12345678",  # an id after a person, not a sum
        "批次号 88990011 的红包没领到",
        # a dash of a range, a date or an id is no sign
        "订单2023-45的发票",
        # a count, a time, a model or an order before a money verb
        "两次都扣了，钱呢",
        "三个退回来了，钱呢",
        "十二点退的款",
        "我的iPhone 14退了，钱呢",
        "订单778899退了，钱呢",
        "在12306退了票",
        # a magnitude alone before a counter
        "百多年的老店付不了款",
        "千余人的群里有人被骗钱",
        "差的三天都补上了，钱呢",
    ],
)
def test_does_not_tag_non_amounts(text):
    assert found(RECOGNIZER, text) == []


@pytest.mark.parametrize(
    "text", ["1" * 20_000, "元" * 20_000, "一" * 20_000, "满1" * 10_000, "1 " * 10_000, "1," * 10_000]
)
def test_pathological_inputs_complete(text):
    assert found(RECOGNIZER, text) == []


# Pass 3: bare numbers in money texts that stand for the sum.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客服：麻烦提供一下退款金额 客户：815.3", ["815.3"]),  # the answer to a request for the sum
        ("客户：58.8扣了三次 客服：稍等", ["58.8"]),  # a number after a speaker's colon, then its verb
        ("冲值３５０一直没到", ["３５０"]),  # a typo of 充值, full-width digits
        ("用你们充的八十没到账", ["八十"]),  # a one-character money verb after 你们
        ("游泳馆月卡399 老板跑了", ["399"]),
        ("凑份子买礼物 每户45 钱已经转了", ["45"]),
        ("钱打给了表哥，880呀，他说没收到", ["880"]),  # a clause of its own after a transfer
        ("货款转到对方账上 结果被冻结了 3万多", ["3万多"]),  # the last word of the complaint
        ("两千四退款到现在没到", ["两千四"]),
        ("早上一份肠粉十二 扣了我一百二", ["十二", "一百二"]),  # the price after an item
        ("就因为这460我的信用卡还款逾期了", ["460"]),
        ("朋友借走五千后就不回消息", ["五千"]),
        ("电费帮他交的 230 户名是张三", ["230"]),  # 户名 is no count of households
        ("商户结算少了2,104.50 已补差", ["2,104.50"]),
        ("I paid RM 85 at the counter", ["RM 85"]),
        ("话费充了30 10010说没到", ["30"]),  # a short code after the sum is no part of it
    ],
)
def test_finds_bare_sums_in_money_texts(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "客服：请提供一下订单号 用户：2023",  # a request for an id, not a sum
        "时间：10:25扣了两次",  # a time before the verb
        "客户 Li, 72, paid twice",  # an age after a name
        "手机型号iPhone 15，扣款失败",
        "一个人排队排了半天 扣款失败",  # no number ends the item's clause
        "充值了好久，8，钱没到",  # one digit alone is no sum
        "扣款卡号6222 0200 0000 0007",  # groups of a card number
    ],
)
def test_does_not_tag_numbers_that_are_not_sums(text):
    assert found(RECOGNIZER, text) == []


# Pass 4: foreign currencies, traditional characters, fees and verb forms, colloquial sums.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a currency's Chinese name before the number, with or without a unit after it
        ("3月4日转的港币2,000元被退回", ["港币2,000元"]),
        ("美金200没到账", ["美金200"]),
        ("转了新台币3000", ["新台币3000"]),
        ("日元5000扣了两次", ["日元5000"]),
        ("100美元 200港币", ["100美元", "200港币"]),  # a name right after a number ends that sum
        # currency signs and ISO codes
        ("付了₩50000", ["₩50000"]),
        ("付酒店AED 4,200被拦截", ["AED 4,200"]),
        ("花了 2,000 INR", ["2,000 INR"]),
        ("5000円", ["5000円"]),
        ("花了100欧", ["100欧"]),
        # traditional characters (Hong Kong, Macau, Taiwan)
        ("爸媽匯了新台幣3萬到我的帳戶", ["新台幣3萬"]),
        ("錢包顯示只有14萬多日圓", ["14萬多日圓"]),
        ("代繳話費人民幣300元", ["人民幣300元"]),
        ("轉帳兩千塊沒到帳", ["兩千塊"]),
        # 万/亿 after the approximation
        ("20多万日元没出一次问题", ["20多万日元"]),
        ("损失20多万", ["20多万"]),
        ("被骗了三十多万元", ["三十多万元"]),
        # any fee; a verb with its direction or result
        ("交了物业费1500", ["1500"]),
        ("医药费三千多", ["三千多"]),
        ("给装修师傅转工钱4800时被提示风险", ["4800"]),  # 时 after four digits is "when", not o'clock
        ("转账二百五时被提示", ["二百五"]),
        ("多按了个0转成了50000", ["50000"]),
        ("刚转出去的1500还能撤回吗", ["1500"]),
        ("一下子被扣掉了380", ["380"]),
        ("帮我垫了800", ["800"]),
        ("房租涨到了3k", ["3k"]),
        ("我给她转了520本来是开玩笑的", ["520"]),  # 本来 is no count of books
        # what was lost, after a while; a sum held in a product
        ("转错人了，六百到现在都没追回来", ["六百"]),
        ("别把我理财里那5w搞没了", ["5w"]),
        ("被扣了四百多，平时也就一百出头 客服：您好", ["四百多", "一百出头"]),
        # 零 after 块: fen (三块零五分), or 零钱 (small change), not a jiao
        ("三块零五分", ["三块零五分"]),
        ("账户里还有十几块零钱提不出来", ["十几块"]),
        # a price-like number before a conjunction
        ("转了1w 账单写着10000.00 但零钱里只多了9990", ["1w", "10000.00", "9990"]),
    ],
)
def test_finds_currencies_and_colloquial_sums(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "版本号5.3 欧阳星英说会给我回电，付款失败",  # 欧 of a surname after a version
        "3欧姆的电阻",
        "付款码转圈 用户：iPhone 13，iOS 17.3",  # a system's version in a text about money
        "升级到17.3了，付款还是失败",
        "钱包显示iOS 16.2，付款失败",
        "有3萬人參加活動",  # traditional 萬 before a counter
        "有二十多万人参加",
        "下午3时转账失败了",  # o'clock
        "转账时间是15时",
        "转了500本",  # books
        "费用3天内退回",  # a fee's days
        "收我手续费0.6%",  # a fee rate
        "会员费涨了3倍",
        "价格降到了3折",
        "理财里有3个产品",
        "满100减10的港币券",  # a promotion rule
        "港币兑人民币汇率0.92",
        "第3个美元账户",
        "美元2024年升值了，付款贵了",  # a currency's name before a date
        "港币3月份扣的",
        "每满200美元返20美元",
    ],
)
def test_does_not_tag_currency_near_misses(text):
    assert found(RECOGNIZER, text) == []
