"""The lexicon of common words (from jieba's dictionary) and how PERSON reads its name-tagged entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_gateway.detection.lexicon import (
    DATA_FILE,
    FIRST_NAMES_FILE,
    ROMAN_SURNAMES_FILE,
    SURNAMES_FILE,
    Lexicon,
    get_lexicon,
    load_entries,
    load_names,
    load_surnames,
)
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
        (
            [("高兴", 5387, False), ("冷门", 19, False), ("李娜", 438, True)],
            ({"高兴"}, set(), {"李娜"}, {"高兴"}),
        ),
        ([("冷门", 10, False)], (set(), set(), set(), set())),  # below the common threshold
        ([("井然有序", 49, False)], (set(), {"井然有序"}, set(), set())),  # four characters: apart
        ([("一直", 18596, False), ("明说", 113, False)], ({"一直", "明说"}, set(), set(), {"一直"})),
        ([], (set(), set(), set(), set())),
    ],
)
def test_threshold_and_kinds(entries: Entries, expected: tuple[set[str], ...]) -> None:
    lexicon = Lexicon(entries)
    kinds = (lexicon.words, lexicon.four_character, lexicon.name_tagged, lexicon.frequent)
    assert tuple(set(kind) for kind in kinds) == expected


@pytest.mark.parametrize(
    ("word", "four_character"), [("井然有序", True), ("一帆风顺", True), ("高兴", False)]
)
def test_four_character_words_are_kept_apart(word: str, four_character: bool) -> None:
    lexicon = get_lexicon()
    assert (word in lexicon.four_character) is four_character
    assert word not in lexicon or not four_character


def test_shipped_file_is_well_formed() -> None:
    entries = list(load_entries(DATA_FILE))
    assert len(entries) > 70_000
    assert all(2 <= len(word) <= 4 and frequency >= 10 for word, frequency, _ in entries)
    assert len({word for word, _, _ in entries}) == len(entries)


@pytest.mark.parametrize(
    ("surname", "listed", "few_words"),
    [
        ("王", True, False),  # 百家姓 and the modern rankings
        ("欧阳", True, True),  # compound
        ("綦", True, True),  # attested in ORCID records, in no common word
        ("甄", True, True),
        ("国", True, False),  # a surname in 百家姓, but inside hundreds of words
        ("的", False, False),
        ("买买提", False, False),  # a given name, not a surname
    ],
)
def test_surname_list(surname: str, listed: bool, few_words: bool) -> None:
    rows = {name: in_words for name, _, in_words in load_surnames(SURNAMES_FILE)}
    assert (surname in rows) is listed
    assert (listed and rows[surname] <= 30) is few_words


def test_shipped_surname_file_is_well_formed() -> None:
    rows = load_surnames(SURNAMES_FILE)
    assert len(rows) > 550
    assert all(1 <= len(name) <= 2 and percent >= 0 and in_words >= 0 for name, percent, in_words in rows)
    assert len({name for name, _, _ in rows}) == len(rows)
    assert [percent for _, percent, _ in rows] == sorted((percent for _, percent, _ in rows), reverse=True)


@pytest.mark.parametrize(
    ("path", "name", "listed"),
    [
        (FIRST_NAMES_FILE, "Hannah", True),
        (FIRST_NAMES_FILE, "Giulia", True),
        (FIRST_NAMES_FILE, "Will", False),  # an everyday English word
        (FIRST_NAMES_FILE, "Mercedes", False),  # a brand
        (ROMAN_SURNAMES_FILE, "Tsang", True),  # Cantonese
        (ROMAN_SURNAMES_FILE, "Nguyen", True),  # Vietnamese
        (ROMAN_SURNAMES_FILE, "Park", False),  # an English word
    ],
)
def test_name_lists(path: Path, name: str, listed: bool) -> None:
    assert (name in load_names(path)) is listed
