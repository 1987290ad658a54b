"""PERSON: cue forms, surname + title, 老/小 forms, uncued names at boundaries, English names; and words."""

from __future__ import annotations

import re

import pytest

from privacy_gateway.detection.recognizers.cn_person import CnPersonRecognizer, literal_trie
from tests.detection.recognizers.support import found

RECOGNIZER = CnPersonRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a label or self-introduction cue
        ("我叫李明，手机号13800138000", ["李明"]),
        ("姓名：王小明", ["王小明"]),
        ("联系人张三，电话", ["张三"]),
        ("持卡人：诸葛亮", ["诸葛亮"]),
        ("户名 黄晓明", ["黄晓明"]),
        ("本人刘德华，身份证", ["刘德华"]),
        ("收货人何炅，地址写错了", ["何炅"]),
        ("抄送赵磊、孙丽娟", ["赵磊", "孙丽娟"]),
        ("我老婆王芳的账户也被盗了", ["王芳"]),
        ("我爸冯国强七十多岁了", ["冯国强"]),
        ("帮朋友杜若溪代付了", ["杜若溪"]),
        ("孙浩和李倩都是我介绍来的", ["孙浩", "李倩"]),
        ("提现到黄丽萍的卡上了", ["黄丽萍"]),
        ("Mike from your team promised a refund", ["Mike"]),
        ("Jason在群里说", ["Jason"]),
        # compound surnames
        ("我叫欧阳娜娜，账号被冻结了", ["欧阳娜娜"]),
        ("联系人 上官婉儿 电话", ["上官婉儿"]),
        # surname (+ given name) + title: the title is part of the span
        ("客户王先生反映充值没到账", ["王先生"]),
        ("刘师傅和陈老师都在", ["刘师傅", "陈老师"]),
        ("赵总说可以", ["赵总"]),
        ("司马光明先生说已收到退款", ["司马光明先生"]),
        ("张工说系统升级中", ["张工"]),
        # 老/小 + common surname
        ("客服小王态度很好", ["小王"]),
        ("老张说你们不给退", ["老张"]),
        # no cue: between boundaries, usual given-name characters
        ("，张伟说他没收到", ["张伟"]),
        ("今天刘洋帮我查了", ["刘洋"]),
        ("和张伟一起开的户", ["张伟"]),
        ("[客服]李静：已为您加急处理", ["李静"]),
        # English
        ("my name is John Smith and", ["John Smith"]),
        ("Mr. Brown called", ["Mr. Brown"]),
        ("Dear Ms. Lee,", ["Ms. Lee"]),
        ("Contact: Wang Fang", ["Wang Fang"]),
        ("I talked to Zhang Wei yesterday", ["Zhang Wei"]),
        ("I'm Lily Wang from support", ["Lily Wang"]),
        ("Regards, Emily", ["Emily"]),
        # full-width punctuation around the name does not move offsets
        ("姓名：　孙悦", ["孙悦"]),
        # uncued names whose edges are word boundaries and which are not common words (lexicon)
        ("转账给朋友马云飞的800元", ["马云飞"]),
        ("帮我查下陆建平给我转的那笔钱", ["陆建平"]),
        ("今天早上马晓东打电话给我", ["马晓东"]),  # 上马 is a word, but 早上 ends before 马
        ("我要投诉程杰，他是业务员", ["程杰"]),
        ("寄到海淀区，李晓冬收", ["李晓冬"]),
        ("快递小哥张强说地址写错了", ["张强"]),
        ("我把钱转给了韦春燕", ["韦春燕"]),
        ("提现到金虹瑜的卡上了", ["金虹瑜"]),  # 金 begins 金额 too; the lexicon tells them apart
        # rarer surnames after a cue, unless they begin a common word
        ("客户阎立新（15937104428）称", ["阎立新"]),
        ("来电用户自称冉冬梅，住重庆", ["冉冬梅"]),
        ("老婆叫喻晓静，她的账户", ["喻晓静"]),
        ("俺娘刘凤英的卡丢了", ["刘凤英"]),
        ("同学郭子豪推荐我用的", ["郭子豪"]),
        ("已处理，谢谢小周", ["小周"]),
        ("已解决，谢谢Amy", ["Amy"]),
        ("My friend Oliver sent me 500 yuan", ["Oliver"]),
        # round 7: names without a Chinese surname, ordinal kin, 萧
        ("我叫买买提，身份证上的名字是买买提·艾力", ["买买提", "买买提·艾力"]),
        ("迪丽热巴·迪力木拉提说", ["迪丽热巴·迪力木拉提"]),
        ("我二舅孙长海让我帮他问一下", ["孙长海"]),
        ("萧雅婷和我是室友", ["萧雅婷"]),
        ("昨晚11点多黄志伟用我的手机转了3000", ["黄志伟"]),  # a time before the subject
        # the complete surname list: rare surnames after cues, with titles
        ("开户名亓秀兰没问题啊", ["亓秀兰"]),
        ("收款人：戎国庆", ["戎国庆"]),
        ("申诉人邰志军，身份证号略", ["邰志军"]),
        ("我是廉晓峰，想查一下账单", ["廉晓峰"]),
        ("房东柴阿姨说水电费没收到", ["柴阿姨"]),
        ("谢谢庹先生", ["庹先生"]),
        # role and transfer cues
        ("商家裘建平收了定金不发货", ["裘建平"]),
        ("物业经理庹永红收了钱", ["庹永红"]),
        ("老板覃德明电话关机", ["覃德明"]),
        ("财务欧阳晓琳昨天付的款", ["欧阳晓琳"]),
        ("转给了羿文杰，钱没到", ["羿文杰"]),
        # distinctive rarer surnames without a cue (few common words contain them)
        ("阎红梅来电，称账户被冻结", ["阎红梅"]),
        ("鞠丽华说她已经转了", ["鞠丽华"]),
        ("綦文斌投诉了三次", ["綦文斌"]),
        ("郇建华已退款", ["郇建华"]),
        # a rare surname that begins a word, before two usual given-name characters
        ("我同事揭小红在上海", ["揭小红"]),
        # 老/小 with any surname, kin titles, pet names
        ("小眭帮我弄的", ["小眭"]),
        ("我是老庹啊", ["老庹"]),
        ("王叔说他转了", ["王叔"]),
        ("陈伯帮我付的", ["陈伯"]),
        ("张科长说会处理", ["张科长"]),
        ("我女儿婷婷帮我操作的", ["婷婷"]),
        # lists and signatures
        ("孙建军、胡丽萍和滕晓东都没收到", ["孙建军", "胡丽萍", "滕晓东"]),
        ("抄送赵磊、芮芳和乜春红", ["赵磊", "芮芳", "乜春红"]),
        ("处理很快 谢谢 滕佳慧", ["滕佳慧"]),
        ("问题已解决。——邝嘉豪", ["邝嘉豪"]),
        # a second given character that begins a frequent word belongs to it
        ("审核员周敏一直不接电话", ["周敏"]),
        ("陈思远处理过这笔", ["陈思远"]),  # 远处 is a word, but 处理 begins right after
        # Tibetan, Uyghur, Kazakh and Mongolian names without a surname
        ("收件人扎西多吉，电话略", ["扎西多吉"]),
        ("客户巴特尔反映扣款两次", ["巴特尔"]),
        ("回访：客户格桑卓玛对结果满意", ["格桑卓玛"]),
        ("我朋友平措说他也遇到了", ["平措"]),
        # English: a larger first-name list, self-introductions, titles, romanised surnames
        ("I'm Lukas, my payment failed.", ["Lukas"]),
        ("Hi, I am Sofia Rossi from Milan.", ["Sofia Rossi"]),
        ("My neighbour Giulia paid for me.", ["Giulia"]),
        ("The agent Carlos Mendez was rude.", ["Carlos Mendez"]),
        ("Officer Chen told me to transfer", ["Officer Chen"]),
        ("收款方显示Wong Ka Ming", ["Wong Ka Ming"]),
        ("转给一个叫Tran Thi Lan的人", ["Tran Thi Lan"]),
        ("客服（Jessica）说会退款", ["Jessica"]),
        ("OK, all good. Thx Olivia", ["Olivia"]),
        # a word after a cue does not hide the next cue; surnames inside many words after a label
        ("押金转给房东侯建新了", ["侯建新"]),
        ("工单备注：联系人单立伟，电话略", ["单立伟"]),
        ("跟我合租的室友管佳琪先付了房租", ["管佳琪"]),
        ("卓玛阿姨说她的账户被冻结了", ["卓玛阿姨"]),
        ("王同学说他也被扣了", ["王同学"]),
        ("外呼：联系人管春燕未接听", ["管春燕"]),  # a rarer surname and two given characters: no doubt
        ("帮我婆婆谈秀珍查一下余额", ["谈秀珍"]),
        ("我爸白建设不会用智能手机", ["白建设"]),  # 不 ends a name after a relation cue
        ("客服小蔓：您好", ["小蔓"]),  # an agent's nickname labelling a chat line
        ("您好，我是阿卜杜拉，在义乌做外贸", ["阿卜杜拉"]),
        ("My colleague Shreya sent me 200 yuan by mistake.", ["Shreya"]),
        ("Best regards, Chloé Martin", ["Chloé Martin"]),
        ("付款方显示为Choi Min Seo", ["Choi Min Seo"]),
        # the speaker naming themself after 是我/就是我/我就是
        ("收款人就是我邓晓燕，卡号没错", ["邓晓燕"]),
        ("我就是冯佳琪本人，别再核实了", ["冯佳琪"]),
        ("这个账号是我陶志明的", ["陶志明"]),
        # roles as cues, 和 as a surname after a role, a given name alone after a kin word
        ("领队邵佳怡收了钱就不见了", ["邵佳怡"]),
        ("保姆蒋翠兰用我手机转走两千", ["蒋翠兰"]),
        ("跟团时地陪和秀英让我们买玉", ["和秀英"]),
        ("我女儿梓萱想买个平板", ["梓萱"]),
        ("我媳妇晓梅说没收到", ["晓梅"]),
        ("我老公和秀芝都转了", ["秀芝"]),  # after a kin word 和 is a conjunction
        ("民警刘振华说要报案", ["刘振华"]),
        ("王老板娘说下周退", ["王老板娘"]),
        ("刘总经理答应的", ["刘总经理"]),
        # a given-name character + 哥/姐/叔/姨
        ("上次那个华哥说给我退", ["华哥"]),
        ("问了军姐才知道", ["军姐"]),
        ("兰姨帮我付的", ["兰姨"]),
        # the last name of a list before what the list does
        ("张伟、芮芳和车晓丽各转了我两百", ["张伟", "芮芳", "车晓丽"]),
        ("赵敏、孙婷与管志杰三人都没收到", ["赵敏", "孙婷", "管志杰"]),
        ("张伟和高管说过了", ["张伟"]),  # not a word before a verb
        # a rarer surname after a kin word before any verb; 的 + a full name before any verb
        ("我老婆戈雪想换绑手机", ["戈雪"]),
        ("开出租的聂建国跑了", ["聂建国"]),
        ("修车的姜海生骑车走了", ["姜海生"]),  # 生 ends a given name
        # nicknames after a particle; one Tibetan or Mongolian name part between clear edges
        ("给阿杰转了300", ["阿杰"]),
        ("跟小美说了好几次", ["小美"]),
        ("接电话的阿强说等等", ["阿强"]),
        ("给达瓦转了800", ["达瓦"]),
        ("格桑说他也没收到", ["格桑"]),
        # names that begin with a word, between clear edges; a word name introducing oneself
        ("白云杰客服说帮我申请", ["白云杰"]),
        ("您好，我是白雪，想问一下", ["白雪"]),
        # surname + 姨; an agent's nickname before what they did; a nickname after thanks
        ("楼下的孙姨说帮我问问", ["孙姨"]),
        ("隔壁陈姨托我交电费", ["陈姨"]),
        ("那个客服小棠回复很慢", ["小棠"]),
        ("问题解决了 感谢阿娟", ["阿娟"]),
        # a surname otherwise read as a word, after a cue with two usual given-name characters
        ("客户：师晓婷 电话：13900001111", ["师晓婷"]),
        ("用户班志明名下有两张卡", ["班志明"]),
        # a relation cue and a name before what the person owns or suffers
        ("股东蒋红旗身份证已上传", ["蒋红旗"]),
        ("家里老人邓桂田被骗了两万", ["邓桂田"]),
        ("我是成都的个体户权德海，", ["权德海"]),
        # 我 + a full name opening a clause
        ("我侯思鸥，昨天转的钱没到", ["侯思鸥"]),
        ("客户：我郑雅禾 已经提交了", ["郑雅禾"]),
        # titles after an unusual given-name character or a compound surname
        ("委托人端木宏先生说", ["端木宏先生"]),
        ("请联系代理律师邹雨禾律师", ["邹雨禾律师"]),
        # 张工 after a verb; an ordinal and a pet word
        ("麻烦通知范工，图纸改好了", ["范工"]),
        ("我给刘三娃转了两千", ["刘三娃"]),
        # Latin names: Ah + name, 阿 + name, two capitalised words after 客户/我是
        ("Ah Seng from the shop helped me", ["Ah Seng"]),
        ("客服阿Kelvin态度很好", ["阿Kelvin"]),
        ("客户：Arjun Mehta 电话：12345", ["Arjun Mehta"]),
        ("我是Nurul Aina，想查询", ["Nurul Aina"]),
        ("Transfer to Nor Azizah binti Hamzah failed", ["Nor Azizah binti Hamzah"]),
        ("收款人Suresh s/o Rajan没收到", ["Suresh s/o Rajan"]),
        # pass 4: any given-name characters after a kin word or a speaker's cue, before a clear edge
        ("我丈夫蓝有才在贵平台借款", ["蓝有才"]),
        ("给住院的丈夫李发荣交押金", ["李发荣"]),
        ("工单备注：用户马进财（临夏）反映", ["马进财"]),
        ("用户蒋顺发来电，口音重", ["蒋顺发"]),
        ("用户邓德明之妻廖春花接听", ["邓德明", "廖春花"]),
        ("我儿子李子轩在美国读书", ["李子轩"]),  # 李子 is a word, 子轩 a given name
        # a self-introduction with what the speaker does; a signature before a date; repeated mentions
        ("我是镇上开小超市的陶正兵，用你们的码", ["陶正兵"]),
        ("请尽快处理。此致 蒲正兵 2024.3.16", ["蒲正兵"]),
        ("我叫韦正兵，韦正兵的卡没到账", ["韦正兵", "韦正兵"]),
        ("客服小鹿：查到了 用户：谢谢 小鹿你真好", ["小鹿", "小鹿"]),
        # nicknames: after 叫, an agent's label that is a word, looks, 大 + surname, 老 + birth order
        ("她说她叫小雪 现在把我拉黑了", ["小雪"]),
        ("客服小鹿：查到退款了", ["小鹿"]),
        ("发起群收款后小胖一直没付", ["小胖"]),
        ("备注写了还小黑的钱", ["小黑"]),
        ("电费是小宇用他号交的", ["小宇"]),
        ("叫小雅还是小亚来着", ["小雅", "小亚"]),
        ("跟大刘打赌输了", ["大刘"]),
        ("上个月老何垫了二百三，阿凡垫了七十多", ["老何", "阿凡"]),
        ("是小蒋领了红包", ["小蒋"]),
        ("给卖家马老四付了两千八", ["马老四"]),
        ("孙女二丫说能调大", ["二丫"]),
        ("我是冼伯住在广州", ["冼伯"]),  # a kin title, not 冼伯住
        # titles: a surname otherwise a word before a two-character title, Cantonese 太, Latin + 先生
        ("海大妈说她的低保钱被扣了", ["海大妈"]),
        ("回访黄太，现居珠海", ["黄太"]),
        ("来电用户Müller先生，外籍", ["Müller先生"]),
        ("Kind regards, Sarah O'Connor / sarah@example.com", ["Sarah O'Connor"]),
        ("Please fix this. Ho Man Kit (+853 6291 0374)", ["Ho Man Kit"]),
    ],
)
def test_finds_names(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "王者荣耀充值被扣了两次钱",
        "很高兴为您服务",
        "我很高兴",
        "金额不对，张数也不对",
        "买的李子烂了要退款",
        "黄金会员的权益在哪里看",
        "马上就要还信用卡了",
        "方便的话尽快处理",
        "周末也能提现吗",
        "安全中心打不开",
        "小程序付款一直转圈",
        "我和先生都用这个APP",  # 先生 = husband, 和 is not a surname here
        "班主任让交的班费转不过去",
        "老顾客了，这次体验很差",
        "施工队说付款没到",
        "高中同学推荐的",
        "最高总裁",
        "现金总额不对",
        "项目经理说",
        "我是王者荣耀玩家",
        "安卓14系统",
        "用户高兴地说",
        "张某说的不对",  # already anonymised
        "我老公钱包被偷了",  # a relative cue, but 钱包 is not a name
        "我妈高血压住院",
        "我哥包裹丢了",
        "Apple Pay and Google Pay both fail",
        "Hi team, thanks",
        "对于新用户，可以在其注册后的一周内回访",  # 于 belongs to 对于
        "用户应保持沟通",  # a rare surname after a cue that begins a word
        "客户成功团队",
        "叫车的时候付款失败",
        "东方财富的基金",  # a wordy compound surname followed by a word
        "人工关怀的感受",  # a name-tagged dictionary entry that is a word
        "iPhone 15 Pro Max的屏幕",  # an English first name after an English word
        "用白条还款的时候被扣了两次，黄牛都比你们靠谱",
        "我叫外卖。",  # a self-introduction cue before a word
        # new cues and surnames before words
        "老板说下周退款",
        "对方账户显示异常",
        "物业管理处说没收到",
        "转给支付宝的钱呢",
        "还给银行的钱扣了两次",
        "购买了植物奶油和燕麦片，扣款两次",
        "甄别一下是不是诈骗电话",
        "健身房老板跑路了",  # 房 ends 健身房
        "我在温哥华读书",  # 哥 inside a place name
        "小区门口的超市扫码扣了两次",
        "小心骗子",
        "井然有序",  # an idiom
        "王者荣耀充值",  # 荣耀: a name-tagged entry of a rarer surname is a word
        "我妈天天说要退款",  # a reduplicated word, not a pet name
        "钱收到了 谢谢 辛苦了",  # the end of a message that is not a signature
        "I am Chinese and I live in Shanghai.",
        "Grace Period for repayment is 3 days",
        "华为Nova 12付款失败",
        "This is Apple Pay problem",
        "投诉人张某，电话略",  # already anonymised, after a strong cue too
        "回复：满意 谢谢师傅",  # 谢 ends 谢谢: not 谢师傅
        "客户小票：丢了",  # 小 + a character that is not a usual nickname, not an agent's label
        # 于 before a time word is a preposition, even after a cue
        "账户于凌晨3点被盗刷",
        "本人于凌晨两点发现被扣款",
        "该笔款项于国庆期间扣除",
        "收款人是我自己的卡",
        "是我马虎了，填错了卡号",
        # 和 after a role or kin word before a word, given names alone that are words
        "导游和司机都说没问题",
        "房东和中介一起骗押金",
        "朋友和家人都被骗了",
        "我老婆明天要去银行",
        "我女儿英语班的学费扣了两次",
        "我朋友家宝宝的奶粉钱",
        "师傅和徒弟都来修了",  # 傅 ends 师傅
        # 哥/姐 words, places abroad with 哥
        "快递小哥说放门口了",
        "帅哥你好，怎么退款",
        "学姐推荐的理财产品",
        "我在温哥华读书",
        "去圣地亚哥的机票退款",
        "姐妹们千万别用",
        # nicknames: not after other characters, brands
        "和小学同学聚餐AA",
        "给小鹏汽车充电扣了两次",
        "小红书上看到的活动",
        "给阿姨转了工资",
        # one name part that reads as words; a word name inside a sentence
        "你才让我等三天",
        "他说我是高一，不能开户",
        "去古董店买东西",
        "警察叔叔帮我找回来了",  # a kin word after a role, not a pet name
        "我是小白，不太会用",  # 小白: a beginner
        "网约车司机说要现金",
        "客户平安夜收到了",
        "用户满意度调查",
        "客户广东省内",
        "高新区主任说会处理",
        "我周末加班，",
        "周二妹妹生日",
        "的施工队",
        "她小姨妈来了",
        "客服小二说",
        "Ah Sorry, my mistake",
        "I studied at Sun Yat-sen University",
        "客户：Apple Pay 绑定失败",
        "我是Hong Kong人",
        "我向银行，反映过了",
        "客服小可爱回复说",
        "Ah Ma说收到了",
        # pass 4 near misses
        "本人于二〇二四年三月二日经贵平台购买",  # 于 before a date
        "本人于三号发现的",
        "我是柯南迷，",  # 我是 + a word of what one is: not the any-character form
        "我是夏令营的",
        "我是你们银行的储户，",
        "我是在天津读书的学生，",
        "我是三年的老客户了",
        "用户余额不足，请充值",
        "我老婆陈述说她没转",
        "我爸戴眼镜，",
        "我妈包饺子",
        "客服小姐：您好",
        "客服小鹿态度很好",  # 小鹿 is a word: a name only as a chat label
        "叫小时工来打扫",
        "今天是小雨",
        "孩子还小，",
        "是小红包",
        "后小区门口",
        "这是小黑屋",
        "很大程度上",
        "伟大王朝",
        "大周末的",
        "上海大妈说",
        "价格高太贵了",
        "李太白的诗",
        "古老四合院",
        "I flew to Ho Chi Minh City",
        "So Did I",
        "Apple先生",
    ],
)
def test_does_not_tag_words(text):
    assert found(RECOGNIZER, text) == []


@pytest.mark.parametrize("text", ["王" * 20_000, "给王" * 10_000, "叫" * 20_000, "姓名" + " " * 20_000])
def test_pathological_input_completes(text):
    assert found(RECOGNIZER, text) == []


@pytest.mark.parametrize(("text", "count"), [("、王伟" * 5_000, 5_000), (" 王伟" * 5_000, 5_000)])
def test_long_lists_of_names_complete(text, count):
    # a list is walked once, not once per name in it (quadratic)
    assert len(found(RECOGNIZER, text)) == count


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["老公", "老婆", "老板", "老板娘"], "老板娘说", "老板娘"),  # longest first
        (["老公", "老婆", "老板", "老板娘"], "老板说", "老板"),
        (["欧阳", "欧", "王"], "欧阳娜", "欧阳"),
        (["欧阳", "欧", "王"], "欧娜", "欧"),
        (["a.b", "ab"], "axb", None),  # literals, not patterns
        (["老公", "老婆"], "老师", None),
    ],
)
def test_literal_trie_matches_the_words_longest_first(words, text, expected):
    for classes in (False, True):
        match = re.match(literal_trie(words, classes=classes), text)
        assert (match.group() if match else None) == expected


def test_a_name_next_to_a_masking_placeholder_is_not_a_new_name():
    # masked output must be a fixed point of detect + mask: 王伟 glued to <PERSON_1> was part of it
    assert found(RECOGNIZER, "叫<PERSON_1>王伟，") == []
