from __future__ import annotations

import pytest

from privacy_gateway.detection.normalize import NormalizedText, normalize, normalized

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１３８１２３４５６７８", "13812345678"),
        ("ＡＢＣ＠ｑｑ．ｃｏｍ", "ABC@qq.com"),
        ("（＋８６）１３８", "(+86)138"),
        ("电话：０１０－１２３４５６７８", "电话:010-12345678"),
        ("138\u30001234\u00a05678", "138 1234 5678"),
        ("138\u20141234\u20135678", "138-1234-5678"),
        ("中文不变。，！？；", "中文不变。，！？；"),  # sentence punctuation is kept
        ("plain ascii 123", "plain ascii 123"),
        ("", ""),
    ],
)
def test_full_width_and_dashes_map_one_to_one(text: str, expected: str) -> None:
    norm = normalize(text)
    assert norm.text == expected
    assert norm.index is None  # nothing removed: offsets are the original ones
    assert norm.to_original(0, len(expected) or 1) == (0, len(expected) or 1)


@pytest.mark.parametrize("invisible", [ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY, "\u200e", "\u2066"])
def test_format_characters_are_removed_and_offsets_map_back(invisible: str) -> None:
    text = f"手机138{invisible}1234{invisible}5678。"
    norm = normalize(text)
    assert norm.text == "手机13812345678。"
    start = norm.text.index("138")
    assert norm.to_original(start, start + 11) == (2, 2 + 13)  # covers both invisible characters
    assert norm.to_original(0, 2) == (0, 2)
    assert norm.to_original(len(norm.text) - 1, len(norm.text)) == (len(text) - 1, len(text))


def test_removed_characters_at_the_edge_stay_outside_the_span() -> None:
    text = f"{ZWSP}13812345678{ZWSP}"
    norm = normalize(text)
    assert norm.to_original(0, 11) == (1, 12)


def test_ascii_text_is_not_copied() -> None:
    text = "call 13812345678"
    assert normalize(text).text is text


def test_repr_hides_the_text() -> None:
    assert "138" not in repr(normalize("手机13812345678\u200b"))


def test_normalized_is_cached_per_string_object() -> None:
    text = "手机１３８"
    first = normalized(text)
    assert normalized(text) is first
    other = "".join(["手机", "１３８"])  # equal, but another object: computed again
    assert normalized(other) is not first
    assert normalized(other).text == first.text


def test_contains_is_cached() -> None:
    import re

    digit = re.compile("[0-9]")
    norm = NormalizedText("ab1", "ab1")
    assert norm.contains(digit) is True
    norm.text = "abc"  # the cached answer is kept for the text it was computed on
    assert norm.contains(digit) is True
    assert NormalizedText("abc", "abc").contains(digit) is False


def test_the_wide_character_class_matches_exactly_the_mapped_characters() -> None:
    from privacy_gateway.detection.normalize import _NARROW, _WIDE_RE

    matched = {chr(code) for code in range(0x10000) if _WIDE_RE.fullmatch(chr(code))}
    assert matched == set(_NARROW)
