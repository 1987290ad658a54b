from __future__ import annotations

import pytest

from privacy_gateway.masking.engine import Masker
from privacy_gateway.masking.repeats import with_repeats
from privacy_gateway.types import Span

ID = "310104200001010009"


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # the negative cue 发票号 hid the second occurrence from the detector
        (
            f"身份证{ID}，发票号{ID}",
            [Span("CN_RESIDENT_ID", 3, 21, 1.0)],
            [Span("CN_RESIDENT_ID", 3, 21, 1.0), Span("CN_RESIDENT_ID", 25, 43, 1.0)],
        ),
        # inside a longer ASCII digit run it is another number
        (
            "电话13812345678，编号813812345678",
            [Span("PHONE_NUMBER", 2, 13, 0.9)],
            [Span("PHONE_NUMBER", 2, 13, 0.9)],
        ),
        (
            "电话13812345678，138123456789",
            [Span("PHONE_NUMBER", 2, 13, 0.9)],
            [Span("PHONE_NUMBER", 2, 13, 0.9)],
        ),
        # Chinese has no word boundary: masked inside a longer name too
        (
            "张三说张三丰来了",
            [Span("PERSON", 0, 2, 0.8)],
            [Span("PERSON", 0, 2, 0.8), Span("PERSON", 3, 5, 0.8)],
        ),
        # single characters are too common to chase
        ("张说张", [Span("PERSON", 0, 1, 0.8)], [Span("PERSON", 0, 1, 0.8)]),
        # already covered: nothing added
        (
            "13812345678 13812345678",
            [Span("PHONE_NUMBER", 0, 11, 0.9), Span("PHONE_NUMBER", 12, 23, 0.9)],
            None,
        ),
        # the longer value claims its characters first
        (
            "王小明，王小明的朋友王小",
            [Span("PERSON", 0, 3, 0.8), Span("PERSON", 10, 12, 0.7)],
            [Span("PERSON", 0, 3, 0.8), Span("PERSON", 4, 7, 0.8), Span("PERSON", 10, 12, 0.7)],
        ),
        ("", [], []),
    ],
)
def test_with_repeats(text: str, spans: list[Span], expected: list[Span] | None) -> None:
    assert with_repeats(text, spans) == (spans if expected is None else expected)


def test_masker_masks_every_occurrence(masker: Masker) -> None:
    text = f"身份证{ID}，发票号{ID}"
    result = masker.mask(text, [Span("CN_RESIDENT_ID", 3, 21, 1.0)], policy="default")
    assert result.text == "身份证<CN_RESIDENT_ID_1>，发票号<CN_RESIDENT_ID_1>"
    assert [(e.start, e.end) for e in result.entities] == [(3, 21), (25, 43)]
