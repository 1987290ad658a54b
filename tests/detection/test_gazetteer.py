"""The gazetteer: data coverage, short forms, mention scanning and resolve()."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.gazetteer import (
    NEWER_DIVISIONS,
    Level,
    PlaceKind,
    Region,
    get_gazetteer,
    load_divisions,
    load_places,
    load_towns,
    plain_suffix_form,
    resolve,
    short_forms,
    to_simplified,
    town_forms,
)


def test_data_covers_every_level():
    divisions = load_divisions()
    by_level = {level: [d for d in divisions if d.level is level] for level in Level}
    assert len(by_level[Level.PROVINCE]) == 34
    assert len(by_level[Level.CITY]) > 300
    assert len(by_level[Level.DISTRICT]) > 2800
    assert not [d for d in divisions if d.name in ("市辖区", "县", "省直辖县级行政区划")]


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("广东省", Level.PROVINCE, ["广东"]),
        ("北京市", Level.PROVINCE, ["北京"]),
        ("广西壮族自治区", Level.PROVINCE, ["广西"]),
        ("新疆维吾尔自治区", Level.PROVINCE, ["新疆"]),
        ("香港特别行政区", Level.PROVINCE, ["香港"]),
        ("深圳市", Level.CITY, ["深圳"]),
        ("恩施土家族苗族自治州", Level.CITY, ["恩施"]),
        ("克孜勒苏柯尔克孜自治州", Level.CITY, ["克孜勒苏"]),
        ("大兴安岭地区", Level.CITY, ["大兴安岭"]),
        ("阿拉善盟", Level.CITY, ["阿拉善"]),
        ("南山区", Level.DISTRICT, ["南山"]),
        ("浦东新区", Level.DISTRICT, ["浦东"]),
        ("长阳土家族自治县", Level.DISTRICT, ["长阳"]),
        ("神农架林区", Level.DISTRICT, ["神农架"]),
        # a one-character stem is never a short form
        ("矿区", Level.DISTRICT, []),
        ("沛县", Level.DISTRICT, []),
    ],
)
def test_short_forms(name, level, expected):
    assert short_forms(name, level) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广东省深圳市南山区科技园", Region("广东省", "深圳市", "南山区")),
        ("深圳南山", Region("广东省", "深圳市", "南山区")),
        ("北京朝阳大悦城", Region("北京市", "北京市", "朝阳区")),
        ("上海浦东", Region("上海市", "上海市", "浦东新区")),
        ("杭州西湖区文三路", Region("浙江省", "杭州市", "西湖区")),
        ("内蒙呼和浩特", Region("内蒙古自治区", "呼和浩特市", None)),
        ("广东", Region("广东省", None, None)),
        ("湖北仙桃", Region("湖北省", None, "仙桃市")),  # county-level city directly under a province
        # ambiguous alone: only the agreed levels are returned
        ("南山区", Region(None, None, "南山区")),
        # nothing known, or nothing agreed
        ("没有地名", None),
        ("朝阳", None),
        ("", None),
    ],
)
def test_resolve(text, expected):
    assert resolve(text) == expected


def test_scan_is_leftmost_longest():
    text = "广东省深圳市南山区"
    mentions = [(m.start, m.end, m.alias.text) for m in get_gazetteer().scan(text)]
    assert mentions == [(0, 3, "广东省"), (3, 6, "深圳市"), (6, 9, "南山区")]


@pytest.mark.parametrize(
    ("alias", "standalone"),
    [
        ("深圳", True),
        ("深圳市", True),
        ("南山区", True),
        ("南山", False),
        ("浦东", True),
        ("开封", False),
        ("开封市", True),
    ],
)
def test_standalone_forms(alias, standalone):
    assert get_gazetteer().aliases[alias].standalone is standalone


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("黔南布依族苗族自治州", "黔南州"),
        ("阿坝藏族羌族自治州", "阿坝州"),
        ("长阳土家族自治县", "长阳县"),
        ("深圳市", None),  # only autonomous divisions have a plain-suffix form
    ],
)
def test_plain_suffix_forms(name, expected):
    assert plain_suffix_form(name) == expected


@pytest.mark.parametrize(
    ("alias", "standalone"),
    [
        ("甘孜州", True),  # an autonomous prefecture with a plain 州
        ("峨眉山", True),  # a county-level city's short form that is also a landmark
        ("九寨沟", True),
        ("鼓楼", False),  # an ordinary district short form still needs a chain or a cue
    ],
)
def test_landmark_and_plain_forms_are_standalone(alias, standalone):
    assert get_gazetteer().aliases[alias].standalone is standalone


def test_places_data_covers_the_world():
    places = load_places()
    zh_countries = {p.country for p in places if p.lang == "zh" and p.kind is PlaceKind.COUNTRY}
    en_countries = {p.country for p in places if p.lang == "en" and p.kind is PlaceKind.COUNTRY}
    assert len(zh_countries) > 240 and len(en_countries) > 240
    assert "CN" not in zh_countries | en_countries  # 中国 is no information
    assert sum(p.kind is PlaceKind.CITY and p.lang == "zh" for p in places) > 2000
    assert sum(p.kind is PlaceKind.CITY and p.lang == "en" for p in places) > 1500


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # places abroad and landmarks share the trie; leftmost-longest over both
        ("去葡萄牙里斯本", [("葡萄牙", PlaceKind.COUNTRY), ("里斯本", PlaceKind.CITY)]),
        ("在布里斯班", [("布里斯班", PlaceKind.CITY)]),
        ("泸沽湖边", [("泸沽湖", PlaceKind.LANDMARK)]),
        ("四川成都", [("四川", None), ("成都", None)]),  # divisions carry no place
        ("中国", []),
    ],
)
def test_scan_with_places(text, expected):
    mentions = get_gazetteer().scan(text, places=True)
    assert [(m.alias.text, m.alias.place.kind if m.alias.place else None) for m in mentions] == expected


def test_scan_without_places_is_divisions_only():
    assert [m.alias.text for m in get_gazetteer().scan("去葡萄牙里斯本，回四川成都")] == ["四川", "成都"]
    assert resolve("葡萄牙里斯本") is None  # resolve() is about Chinese regions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flew from Lisbon to Brisbane", ["Lisbon", "Brisbane"]),
        ("in New York City and Isle of Man", ["New York City", "Isle of Man"]),
        ("a shop in Kunming Wuhua", ["Kunming", "Wuhua"]),  # a district's pinyin is found, not alone
        ("Hello from nowhere", []),
    ],
)
def test_english_places(text, expected):
    assert [text[start:end] for start, end, _ in get_gazetteer().english_places(text)] == expected


@pytest.mark.parametrize(
    ("name", "alone"),
    [("Lisbon", True), ("Wuhua", False), ("Jordan", False), ("Nice", False), ("Chongqing", True)],
)
def test_english_names_that_are_words_need_a_context(name, alone):
    assert get_gazetteer().english[name].alone is alone


def test_towns_data_covers_the_township_level():
    towns = load_towns()
    assert sum(map(len, towns.names.values())) > 38_000  # 镇, 乡, 街道, 苏木 under ~2,800 counties
    codes = {d.adcode for d in load_divisions()} | {d.adcode for d in NEWER_DIVISIONS}
    assert set(towns.names) <= codes  # hangs from a division, of the csv or newer
    assert {"人民", "留下"} <= towns.words and "长安" not in towns.words  # words, not place names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("塘厦镇", ["塘厦镇", "塘厦"]),
        ("粤海街道", ["粤海街道", "粤海"]),
        ("红星乡", ["红星乡", "红星"]),
        ("得力其鄂温克民族乡", ["得力其鄂温克民族乡", "得力其"]),
        ("南磨房地区", ["南磨房地区", "南磨房"]),
        ("石岐区街道", ["石岐区街道", "石岐区", "石岐"]),
        ("乡", ["乡"]),  # no short form of fewer than two characters
    ],
)
def test_town_forms(name, expected):
    assert town_forms(name) == expected


@pytest.mark.parametrize(
    ("text", "parent", "expected"),
    [
        ("东莞塘厦", "东莞", "塘厦"),  # a city without counties
        ("顺德乐从", "顺德", "乐从"),  # a county-level district
        ("上海七宝", "上海", "七宝"),  # a municipality, through its districts
        ("苏州七宝", "苏州", ""),  # 七宝 is no town of 苏州
        ("广东塘厦", "广东", ""),  # a province is too wide
        ("东莞塘厦镇", "东莞", "塘厦镇"),  # the longest form
    ],
)
def test_town_end(text, parent, expected):
    gazetteer = get_gazetteer()
    pos = len(parent)
    assert text[pos : gazetteer.town_end(text, pos, gazetteer.aliases[parent].divisions)] == expected


@pytest.mark.parametrize(
    ("name", "kind", "country", "alone"),
    [
        ("台北", PlaceKind.CITY, "TW", True),
        ("新北市", PlaceKind.CITY, "TW", True),
        ("信义区", PlaceKind.DISTRICT, "TW", True),
        ("新社区", PlaceKind.DISTRICT, "TW", False),  # "a new community" first
        ("旺角", PlaceKind.DISTRICT, "HK", True),
        ("中环", PlaceKind.DISTRICT, "HK", False),  # a ring road elsewhere
        ("氹仔", PlaceKind.DISTRICT, "MO", True),
    ],
)
def test_places_below_hong_kong_macau_and_taiwan(name, kind, country, alone):
    place = get_gazetteer().places[name].place
    assert place is not None
    assert (place.kind, place.country, place.alone) == (kind, country, alone)


def test_places_named_like_a_mainland_division_are_kept_apart():
    gazetteer = get_gazetteer()
    assert gazetteer.aliases["九龙"].divisions  # 九龙县 of Sichuan is found by the scan
    assert gazetteer.regional["九龙"].country == "HK"  # and read as Kowloon below 香港


@pytest.mark.parametrize("division", list(NEWER_DIVISIONS))
def test_newer_divisions_are_in_the_gazetteer_with_their_towns(division):
    assert division.adcode not in {d.adcode for d in load_divisions()}  # not already in the snapshot
    assert load_towns().names[division.adcode] == NEWER_DIVISIONS[division].split()
    assert division in get_gazetteer().aliases[division.name].divisions


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("深圳龙华区观澜的店", 5, 7),  # a subdistrict of a district newer than the snapshot
        ("杭州临平区塘栖古镇", 5, 7),
        ("深圳龙华区人民很多", 5, 5),  # not one of its towns
    ],
)
def test_town_end_after_newer_divisions(text, end, expected):
    gazetteer = get_gazetteer()
    district = gazetteer.aliases[text[2:5]]
    assert gazetteer.town_end(text, end, district.divisions) == expected


@pytest.mark.parametrize(
    ("alias", "standalone"),
    [
        ("老河口", True),  # a county's short form of three characters is a name, not a word
        ("都江堰", True),
        ("下花园", True),  # (the recognizer checks the word before it: 楼下花园)
        ("鄂伦春", False),  # ... unless it names an ethnic group
        ("东乡族", False),
        ("镇远", False),  # two characters still need a chain or a context
        ("安康", False),
    ],
)
def test_three_character_county_forms_are_standalone(alias, standalone):
    assert get_gazetteer().aliases[alias].standalone is standalone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("住香港九龍旺角彌敦道688號12樓", "住香港九龙旺角弥敦道688号12楼"),
        ("台灣臺北", "台湾台北"),
        ("乾安县", "乾安县"),  # a character that is simplified too stays
        ("深圳南山", "深圳南山"),
        ("", ""),
    ],
)
def test_to_simplified_maps_one_character_for_one(text, expected):
    result = to_simplified(text)
    assert result == expected and len(result) == len(text)
