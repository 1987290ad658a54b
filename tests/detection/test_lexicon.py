"""The lexicon of common words (from jieba's dictionary) and how PERSON reads its name-tagged entries."""

from __future__ import annotations

import pytest

from privacy_gateway.detection.lexicon import DATA_FILE, Lexicon, get_lexicon, load_entries
from privacy_gateway.detection.recognizers.cn_person import common_words

Entries = list[tuple[str, int, bool]]


@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("高兴", True),
        ("马上", True),
        ("对于", True),
        ("余额", True),
        ("金额", True),
        ("付款", True),
        ("王琳", False),  # a name, not a word
        ("马晓东", False),
        ("陆建平", False),
        ("", False),
    ],
)
def test_common_words(word: str, common: bool) -> None:
    assert (word in get_lexicon()) is common


@pytest.mark.parametrize(
    ("word", "a_word_for_person"),
    [
        ("关怀", True),  # tagged as a name by jieba, but not shaped like one: a word
        ("周转", True),
        ("李娜", False),  # tagged as a name and shaped like one (surname + usual given character)
        ("刘翔", False),
    ],
)
def test_name_tagged_entries_are_read_by_their_shape(word: str, a_word_for_person: bool) -> None:
    lexicon = get_lexicon()
    assert word in lexicon.name_tagged
    assert (word in common_words(lexicon)) is a_word_for_person


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([("高兴", 5387, False), ("冷门", 19, False), ("李娜", 438, True)], ({"高兴"}, {"李娜"})),
        ([("冷门", 10, False)], (set(), set())),  # below the common threshold
        ([], (set(), set())),
    ],
)
def test_threshold_and_kinds(entries: Entries, expected: tuple[set[str], set[str]]) -> None:
    lexicon = Lexicon(entries)
    assert (set(lexicon.words), set(lexicon.name_tagged)) == expected


def test_shipped_file_is_well_formed() -> None:
    entries = list(load_entries(DATA_FILE))
    assert len(entries) > 60_000
    assert all(2 <= len(word) <= 3 and frequency >= 10 for word, frequency, _ in entries)
    assert len({word for word, _, _ in entries}) == len(entries)
