"""The gazetteer: data coverage, short forms, mention scanning and resolve()."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.gazetteer import (
    Level,
    Region,
    get_gazetteer,
    load_divisions,
    resolve,
    short_forms,
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
