"""Common Chinese words, to tell a name or place candidate from ordinary words around it.

Chinese has no spaces, so "王琳的" and "高兴的" have the same shape: a surname character and a second
character. What separates them is that 高兴 is a common word and 王琳 is not. ``Lexicon`` answers that
question with a set lookup: ``data/cn_words.tsv`` holds the two- and three-character words of jieba's
dictionary (MIT) with a frequency of at least 10 (``data/README.md``, ``data/build_cn_words.py``), and
its four-character ones (idioms: 井然有序), kept apart in ``four_character`` so that ``words`` stays
what the LOCATION recognizer was tuned on.
Entries jieba tags as person names are kept apart (``name_tagged``): the tag covers 李娜 and 关怀 alike,
so the PERSON recognizer decides about them by their shape. Nothing is segmented at run time:
jieba's segmenter would cost more per text than the whole detector; the recognizers only look up the
few bigrams around a candidate.

``get_lexicon()`` loads the file once per process (about 30 ms, a few MB).

The PERSON recognizer's name lists live beside it (``data/README.md``): ``load_surnames()`` reads
``data/cn_surnames.tsv`` (百家姓 and the modern surname rankings, with each surname's population share
and how many common words contain it) and ``load_names()`` one-name-a-line files
(``en_first_names.txt``, ``roman_surnames.txt``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "cn_words.tsv"
SURNAMES_FILE = DATA_DIR / "cn_surnames.tsv"
FIRST_NAMES_FILE = DATA_DIR / "en_first_names.txt"
ROMAN_SURNAMES_FILE = DATA_DIR / "roman_surnames.txt"
# Frequencies are jieba's corpus counts: 10 is rare (晓东 is not listed, 建平 has 528, 高兴 5,387).
COMMON = 20
# Words frequent enough to win a character from a name next to them (一直, 利用, 一下: 郑磊一直).
FREQUENT = 2000


class Lexicon:
    """Common two- and three-character words (``word in lexicon``), four-character ones
    (``four_character``) and name-tagged two-character entries, all at least ``common`` frequent in
    jieba's counts; ``frequent``: the words at least ``frequent`` frequent."""

    def __init__(
        self, entries: Iterable[tuple[str, int, bool]], *, common: int = COMMON, frequent: int = FREQUENT
    ) -> None:
        words: set[str] = set()
        four: set[str] = set()
        names: set[str] = set()
        very: set[str] = set()
        for word, frequency, name_tagged in entries:
            if frequency < common:
                continue
            if name_tagged:
                names.add(word)
            else:
                (four if len(word) == 4 else words).add(word)
                if frequency >= frequent:
                    very.add(word)
        self.words = frozenset(words)
        self.four_character = frozenset(four)
        self.name_tagged = frozenset(names)
        self.frequent = frozenset(very)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


def load_entries(path: Path = DATA_FILE) -> Iterator[tuple[str, int, bool]]:
    """(word, frequency, name-tagged) from the shipped file."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, frequency, kind = line.rstrip("\n").split("\t")
            yield word, int(frequency), kind == "n"


@functools.cache
def get_lexicon() -> Lexicon:
    """The process-wide lexicon (read once)."""
    return Lexicon(load_entries())


def load_surnames(path: Path = SURNAMES_FILE) -> list[tuple[str, float, int]]:
    """(surname, population share in percent or 0 when unknown, common words containing it), most
    frequent first."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            surname, percent, _sources, in_words = line.rstrip("\n").split("\t")
            rows.append((surname, float(percent), int(in_words)))
    return rows


def load_names(path: Path) -> list[str]:
    """The names of a one-name-a-line file."""
    with path.open(encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]
