"""PERSON: cue forms, surname + title, 老/小 forms, uncued names at boundaries, English names; and words."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_person import CnPersonRecognizer
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
    ],
)
def test_does_not_tag_words(text):
    assert found(RECOGNIZER, text) == []


def test_pathological_input_completes():
    assert found(RECOGNIZER, "王" * 20_000) == []
