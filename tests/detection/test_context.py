from __future__ import annotations

import pytest

from privacy_gateway.detection.context import REFERENCE_NUMBER_CUES, CueScorer

SCORER = CueScorer(
    ("手机", "电话", "身份证", "身份证编号", "tel"), REFERENCE_NUMBER_CUES, boost=0.2, before=16, after=8
)
NUMBER = "13812345678"


def score(text: str) -> float:
    start = text.index(NUMBER)
    return round(SCORER.score(text, start, start + len(NUMBER), 0.5), 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{NUMBER}", 0.5),  # no cue: the base score
        (f"我的手机{NUMBER}", 0.7),
        (f"手机号码是：{NUMBER}", 0.7),
        (f"{NUMBER}是我的手机", 0.7),  # cue after the number
        (f"TEL:{NUMBER}", 0.7),  # case-insensitive
        (f"电话{'很' * 20}{NUMBER}", 0.5),  # cue outside the window
        (f"{NUMBER}{'很' * 10}手机", 0.5),
        (f"订单号{NUMBER}", 0.0),  # labelled as a reference number: suppressed
        (f"订单号：{NUMBER}", 0.0),
        (f"订单号是 {NUMBER}", 0.0),
        (f"快递单号#{NUMBER}", 0.0),
        (f"交易流水（{NUMBER}）", 0.0),
        (f"订单号没收到，{NUMBER}", 0.5),  # the label is not on this number
        (f"订单号20231120，{NUMBER}", 0.5),  # another number stands between
        (f"订单的手机{NUMBER}", 0.7),  # the closest cue is positive
        (f"手机订单号{NUMBER}", 0.0),  # the closest cue is negative and labels it
        (f"身份证编号{NUMBER}", 0.7),  # a listed compound label is one cue
        (f"身份证和订单号{NUMBER}", 0.0),  # the closest label decides
        (f"订单号{NUMBER}是我的手机", 0.0),  # a cue after does not lift a labelled number
    ],
)
def test_cue_scoring(text: str, expected: float) -> None:
    assert score(text) == expected


def test_boost_is_capped() -> None:
    assert CueScorer(("手机",), boost=0.5).score(f"手机{NUMBER}", 2, 13, 0.9) == 1.0


def test_no_cues_keeps_the_base_score() -> None:
    assert CueScorer(()).score(f"订单号{NUMBER}", 3, 14, 0.4) == 0.4


def test_a_word_listed_positive_and_negative_counts_as_positive() -> None:
    scorer = CueScorer(("编号",), ("编号",))
    assert scorer.score(f"编号{NUMBER}", 2, 13, 0.5) == pytest.approx(0.7)
