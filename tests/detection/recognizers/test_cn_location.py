"""LOCATION: whole addresses as one span, city/district mentions, POIs, and the words that are not places."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.cn_location import CnLocationRecognizer
from tests.detection.recognizers.support import found

RECOGNIZER = CnLocationRecognizer()
RECOGNIZER.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a whole address is one span, province to room
        (
            "地址：广东省深圳市南山区科技园南路88号3栋2单元501室，谢谢",
            ["广东省深圳市南山区科技园南路88号3栋2单元501室"],
        ),
        ("家住上海市浦东新区张江镇祖冲之路888弄12号601室", ["上海市浦东新区张江镇祖冲之路888弄12号601室"]),
        ("成都市武侯区人民南路四段12号", ["成都市武侯区人民南路四段12号"]),
        ("湖北省黄冈市罗田县三里畈镇王家村5组", ["湖北省黄冈市罗田县三里畈镇王家村5组"]),
        ("收货地址：北京市朝阳区建国路88号SOHO现代城", ["北京市朝阳区建国路88号SOHO现代城"]),
        ("广州天河体育西路191号中石化大厦B塔3001", ["广州天河体育西路191号中石化大厦B塔3001"]),
        ("江苏省苏州市工业园区星湖街328号", ["江苏省苏州市工业园区星湖街328号"]),
        # short forms and POIs after an admin prefix
        ("在深圳南山科技园扫码失败", ["深圳南山科技园"]),
        ("北京朝阳大悦城的店", ["北京朝阳大悦城"]),
        ("我在广州天河买的手机", ["广州天河"]),
        ("在内蒙呼和浩特用不了", ["内蒙呼和浩特"]),
        # standalone cities, districts, provinces
        ("人在成都，卡在重庆办的", ["成都", "重庆"]),
        ("南山区的商户都不能用吗", ["南山区"]),
        ("我是广西人，在东莞打工", ["广西", "东莞"]),
        ("住浦东，离网点很远", ["浦东"]),
        ("住在朝阳", ["朝阳"]),  # a district short form needs a residence cue
        ("我在美国用不了", ["美国"]),
        # no admin prefix: a road with a number, a complex with a building, an address cue
        ("住在人民路28号，快递送不到", ["人民路28号"]),
        ("收货地址阳光花园3栋2单元502", ["阳光花园3栋2单元502"]),
        ("我住在天府大道101号翠苑小区6-4-1703 明天在家", ["天府大道101号翠苑小区6-4-1703"]),
        # English
        (
            "send it to Room 1203, 88 Keyuan Road, Nanshan District, Shenzhen.",
            ["Room 1203, 88 Keyuan Road, Nanshan District, Shenzhen"],
        ),
        ("I live in Shanghai.", ["Shanghai"]),
        # full-width digits keep offsets into the original text
        ("地址：深圳市福田区深南大道１００号", ["深圳市福田区深南大道１００号"]),
        # rounds 4-7: places without an admin name in front
        ("快递送到幸福里小区南门就行", ["幸福里小区南门"]),
        ("天通苑北一区15号楼3单元，上门", ["天通苑北一区15号楼3单元"]),
        ("在华强北买手机", ["华强北"]),
        ("住的碧桂园凤凰城，有没有", ["碧桂园凤凰城"]),
        ("快递员说华阳街道办旁边", ["华阳街道办"]),
        ("住朝阳区双桥这边", ["朝阳区双桥"]),
        ("我是厦门大学的学生", ["厦门大学"]),
        ("在虹桥火车站买的票", ["虹桥火车站"]),
        ("declined at Shanghai Pudong Airport twice", ["Shanghai Pudong Airport"]),
        ("在佛山市顺德区大良街道一家超市付款", ["佛山市顺德区大良街道"]),  # not 一家超市
        ("我在海口出差，住的酒店叫海甸岛万豪酒店", ["海口", "海甸岛万豪酒店"]),
        ("在建设路那家火锅店", ["建设路"]),
        # round 9-10 classes: countries and cities abroad (a chain from the country down), landmarks
        ("我女儿在澳大利亚墨尔本读书", ["澳大利亚墨尔本"]),
        ("人在西班牙巴塞罗那，卡刷不了", ["西班牙巴塞罗那"]),
        ("在美国加州洛杉矶", ["美国加州洛杉矶"]),
        ("朋友在芝加哥", ["芝加哥"]),
        ("登录地显示是尼泊尔", ["尼泊尔"]),  # 是 before the name, not a preposition
        ("上个月去了趟老挝", ["老挝"]),  # a country after any non-word character
        ("在京都清水寺门口扫码", ["京都清水寺"]),  # a landmark after a city abroad
        ("去九寨沟玩了三天", ["九寨沟"]),  # a county that is also a famous landmark
        ("团建去莫干山", ["莫干山"]),
        ("在敦煌莫高窟", ["敦煌莫高窟"]),  # a landmark after a county's short form
        # named institutions, landmarks and theme parks after 在/去 without an admin name
        ("在华西医院门口的自助机", ["华西医院"]),  # named after a word (华西), still a name
        ("去灵隐寺烧香", ["灵隐寺"]),
        ("周末去环球影城玩", ["环球影城"]),
        # autonomous prefectures with a plain 州, hub parts, roads with a direction or 道
        ("在新疆伊犁州霍城县", ["新疆伊犁州霍城县"]),
        ("寄到四川省甘孜州康定市", ["四川省甘孜州康定市"]),
        ("在成都双流国际机场T2航站楼丢了钱包", ["成都双流国际机场T2航站楼"]),
        ("深圳福田高铁站B出口", ["深圳福田高铁站B出口"]),
        ("广州市番禺区汉溪大道东290号", ["广州市番禺区汉溪大道东290号"]),
        ("深圳市南山区科技园科发道12号", ["深圳市南山区科技园科发道12号"]),
        ("地址：星河国际广场1502", ["星河国际广场1502"]),  # a room number right after a complex
        ("女儿在苏州上大学了", ["苏州"]),  # 上大学 is what she does there, not a university's name
        # English: any city of the world, districts after a Chinese city, address parts in any order
        ("paid at a shop in Hangzhou Xihu", ["Hangzhou Xihu"]),
        ("my son studies in Edinburgh", ["Edinburgh"]),
        ("He lives in Chaoyang District, Beijing", ["Chaoyang District, Beijing"]),
        (
            "Flat 2, Block C, Harbour View Court, 15 Queen Street, Central",
            ["Flat 2, Block C, Harbour View Court, 15 Queen Street, Central"],
        ),
        # a township after its city or county (data/cn_towns.tsv)
        ("我在东莞塘厦上班", ["东莞塘厦"]),
        ("人在佛山顺德乐从做家具", ["佛山顺德乐从"]),
        ("住上海七宝那边", ["上海七宝"]),
        ("老家江苏昆山周庄镇", ["江苏昆山周庄镇"]),
        ("在深圳布吉，", ["深圳布吉"]),
        # Hong Kong, Macau and Taiwan below the province
        ("上个月在高雄出差", ["高雄"]),
        ("去台湾台中逛夜市", ["台湾台中"]),
        ("香港九龙旺角的店", ["香港九龙旺角"]),
        ("住在铜锣湾", ["铜锣湾"]),
        ("在澳门氹仔换的钱", ["澳门氹仔"]),
        ("去垦丁玩的时候", ["垦丁"]),
        # towns and villages the gazetteer does not know, in the order of an address
        ("老家在云岭县石门镇上坪村", ["云岭县石门镇上坪村"]),
        ("寄到桂花乡清水村7组", ["桂花乡清水村7组"]),
        ("我是白杨县红岩乡的", ["白杨县红岩乡"]),
        # a wing, tower or floor of a complex, and the room after it
        ("送到中心广场西座1203", ["中心广场西座1203"]),
        ("上海市徐汇区港汇广场北塔21层", ["上海市徐汇区港汇广场北塔21层"]),
        ("广州市天河区正佳广场裙楼B2层", ["广州市天河区正佳广场裙楼B2层"]),
        # a landmark or a brand right after a place is part of it
        ("在重庆解放碑吃火锅", ["重庆解放碑"]),
        ("地址写广州市越秀区北京路88号", ["广州市越秀区北京路88号"]),  # the verb after the cue is no part
        ("I live in Futian, Shenzhen now", ["Futian, Shenzhen"]),
        ("We flew to Seoul, Busan and Jeju", ["Seoul", "Busan", "Jeju"]),  # a list stays apart
        ("在汉堡出差时被扣了钱", ["汉堡"]),  # a name that is a word elsewhere, where someone is
        ("我去杭州留下了好印象", ["杭州"]),  # 留下 is also a town of 杭州, but a verb here
        ("广州人民很热情", ["广州"]),
        ("去成都逛夜市", ["成都"]),  # a visit, not a POI's name
    ],
)
def test_finds_locations(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "中国的数字钱包都这样吗",  # the country of every user: no information
        "上海银行的卡绑不上",  # an organisation named after a place
        "深圳航空的机票退款没到",
        "北京时间晚上十点维护",
        "客户说四川话，沟通困难",
        "东方市场的摊位",  # 东方市 + 场 is 市场
        "东方财富的基金买不了",
        "商品未开封，要求退款",  # 开封 needs 开封市 or a chain
        "各家钱包大同小异",
        "买三明治扫码失败",
        "阿里系的APP都能用",
        "祝您身体安康",
        "城区的网点都关门了",  # two-character district names alone are words
        "我不知道怎么办",
        "客服说要三个工作日",
        "美国银行的卡",
        "客服（王泰国）：您好",
        "高档小区的物业费能交吗",  # a description, not a complex's name
        "3.3 用户社区与意见领袖，建立用户社区",
        "在网上商城买的",  # a word and a POI suffix
        "村里的小卖部都不收",
        "这个镇上只有一家银行",
        "别夸下海口",  # 海口 is a word unless someone is there
        "在路上堵了半天",
        # names abroad inside words and names, cuisines and products named after a place
        "沿海地区的网点都关门了",  # 海地 (Haiti) inside 沿海地区
        "丹尼斯帮我查了",  # 尼斯 (Nice) inside a transliterated name
        "收件人写的米兰",  # a two-character city after 的 is a name
        "我孙子下周开学",  # 我孙子 (Abiko, Japan) reads as a phrase first
        "意大利面和巴西烤肉都扣了两次款",
        "澳洲奶粉买不了",
        "今年春天小区装了门禁",  # a time, not a complex's name
        "在附近医院看病",  # a qualifier, not a hospital's name
        "周末去山里爬山",  # a verb and a landscape word, no name
        "Shenzhen Airlines refunded me",
        "I was paid in Hong Kong Dollar",
        "Customer Zhou Jinhua called",  # a given name that is also a city's pinyin
        "Nice to meet you",
        # words that name places in Taiwan or Hong Kong elsewhere
        "新店开张扫码付款",
        "三重积分到账了吗",
        "美丽乡村建设补贴",  # 乡 + 村 is 乡村
        "全县各镇各村都能用",  # a determiner, no names
        "我们台北分公司的卡",  # an organisation
    ],
)
def test_does_not_tag_words_that_look_like_places(text):
    assert found(RECOGNIZER, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("号" * 20_000, []),
        ("路" * 20_000, []),
        ("深圳" + "号" * 20_000, ["深圳"]),  # the tail is matched at most MAX_TAIL characters ahead
        # a complex named alone at the start, its tail cut at MAX_TAIL characters
        ("阳光花园" * 5_000, ["阳光花园" * 17]),
    ],
)
def test_pathological_inputs_complete(text, expected):
    # Every pattern has bounded repetition; a catastrophic one would hang this test (CI's time limit).
    assert found(RECOGNIZER, text) == expected


# Pass 3: stations, parking, campuses, newer districts, venues, English names of areas abroad.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人民广场站进站扣了两次", ["人民广场站"]),  # a station named after the place
        ("首都机场T3停车场缴费失败", ["首都机场T3停车场"]),
        ("南京夫子庙停车场扫码扣了两次", ["南京夫子庙"]),  # a car park is part of a hub, not of a sight
        ("浙江大学紫金港校区食堂扣款", ["浙江大学紫金港校区"]),
        ("我在光明区公明的店里付的", ["光明区公明"]),  # a district newer than the source, and its town
        ("在澳门路氹巴黎人吃饭扣了两次", ["澳门路氹巴黎人"]),
        ("他从越南来义乌做生意", ["越南", "义乌"]),
        ("I had dinner in Mong Kok yesterday", ["Mong Kok"]),
        ("living in Xuhui District, Shanghai", ["Xuhui District, Shanghai"]),
        ("paid at a shop on Nathan Road", ["Nathan Road"]),
        ("I study at Xi'an Jiaotong University", ["Xi'an Jiaotong University"]),
    ],
)
def test_finds_places_of_pass_three(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025年3月9日本人在柜台办理",  # 9日 + 本人, not 日本
        "租的城中村出租屋漏水，押金不退",  # an urban village, no place name
        "致深圳市消费者委员会的投诉信",  # an organisation named after a place
        "The Road to refunds is long",
        "他在站台等了半天",
    ],
)
def test_does_not_tag_non_places_of_pass_three(text):
    assert found(RECOGNIZER, text) == []


# Pass 4: county short forms where a place is expected, traditional script, Hong Kong, Taiwan and
# English addresses, border crossings and department stores, what a phone number or a currency is from.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("给我妈在老河口交电费", ["老河口"]),  # a county's short form of three characters is a name
        ("去都江堰玩", ["都江堰"]),
        ("帮我奶奶在镇远交了新农合", ["镇远"]),  # what someone does there (in 镇远 + 交)
        ("来电：冉启明，彭水。诉：转错了", ["彭水"]),  # a clause of its own after a name
        ("用户雷振华（安康）反映转账被拦", ["安康"]),  # in brackets after a name
        ("他是彭水人", ["彭水"]),
        # traditional characters, one for one
        ("我是從台灣來的學生，在廈門讀書", ["台灣", "廈門"]),
        ("喺澳門用唔到", ["澳門"]),
        ("我在東京留學", ["東京"]),
        ("住香港九龍旺角彌敦道688號12樓B室。", ["香港九龍旺角彌敦道688號12樓B室"]),
        ("寄送地址改为台北市大安區忠孝東路四段216號5樓，", ["台北市大安區忠孝東路四段216號5樓"]),
        ("在法國巴黎留學", ["法國巴黎"]),
        # stations, border crossings, department stores; a neighbourhood before a duty-free shop
        ("在深圳湾口岸停车场无感支付", ["深圳湾口岸"]),
        ("他在拱北口岸过关", ["拱北口岸"]),
        ("在西安北站停车场停车", ["西安北站"]),  # a station's car park is at the station
        ("上周在老佛爷百货用钱包付了", ["老佛爷百货"]),
        ("在首尔明洞免税店消费", ["首尔明洞"]),
        ("出差迪拜期间用企业钱包付酒店", ["迪拜"]),  # after a verb of travel, no time or hotel after it
        # the place, not what is done there or a generic word after it
        ("我是镇雄县以勒镇街上开小超市的", ["镇雄县以勒镇"]),
        ("住深圳南山区白石洲城中村那边", ["深圳南山区白石洲"]),
        ("在西安小寨逛商场时", ["西安小寨"]),
        ("在重庆观音桥逛街", ["重庆观音桥"]),
        ("在南宁某夜市被人借手机", ["南宁"]),
        # a village team (三社)
        ("甘肃省白银市会宁县郭城驿镇红堡子村三社", ["甘肃省白银市会宁县郭城驿镇红堡子村三社"]),
        ("在东莞松山湖上班", ["东莞松山湖"]),
        # English addresses: Hong Kong floors and estates, Taiwan's order, postcodes
        (
            "I live at Flat 12B, Tower 2, Harbour Place, 8 Oi King Street, Hung Hom, Kowloon.",
            ["Flat 12B, Tower 2, Harbour Place, 8 Oi King Street, Hung Hom, Kowloon"],
        ),
        ("Rm 1502, Block B, Wah Fu Estate, Pok Fu Lam", ["Rm 1502, Block B, Wah Fu Estate, Pok Fu Lam"]),
        (
            "ship to 5F., No. 216, Sec. 4, Zhongxiao E. Rd., Da'an Dist., Taipei City 106",
            ["5F., No. 216, Sec. 4, Zhongxiao E. Rd., Da'an Dist., Taipei City 106"],
        ),
        ("Address: 221B Baker Street, London NW1 6XE", ["221B Baker Street, London NW1 6XE"]),
        ("Unit 3, 45 George St, Sydney NSW 2000", ["Unit 3, 45 George St, Sydney NSW 2000"]),
        ("He paid 300 in London 200 times", ["London"]),  # digits after a city are no postcode
    ],
)
def test_finds_places_of_pass_four(text, expected):
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "敬祝安康",  # a greeting, not the city
        "祝您阖家安康，万事如意",
        "新年快乐，安康！",  # a clause of its own, but 安康 is a word
        "在平安交了保费",  # an insurer: a short form that is an everyday word
        "保险公司（平安）",
        "在中方办理手续",
        "在楼下花园散步",  # 楼下 + 花园, not 下花园区
        "我叫张家川",  # a name after 叫
        "用户：东方市场那边的店",  # 东方 + 市场那边, no locality
        "回访黄太，用澳门手机号注册",  # where a phone number is from
        "用户：0928 716 354 台灣號碼",
        "建议加上港币和澳门币互换",  # a currency
        "商户话只收澳門通同MPay",  # a transit card
        "深圳通充值失败",
        "UK mobile: +44 7700 900482",
        "my HK number is 9123 4567",
    ],
)
def test_does_not_tag_non_places_of_pass_four(text):
    assert found(RECOGNIZER, text) == []
