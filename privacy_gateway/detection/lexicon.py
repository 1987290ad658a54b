"""Common Chinese words, to tell a name or place candidate from ordinary words around it.

Chinese has no spaces, so "王琳的" and "高兴的" have the same shape: a surname character and a second
character. What separates them is that 高兴 is a common word and 王琳 is not. ``Lexicon`` answers that
question with a set lookup: ``data/cn_words.tsv`` holds the two- and three-character words of jieba's
dictionary (MIT) with a frequency of at least 10 (``data/README.md``, ``data/build_cn_words.py``).
Entries jieba tags as person names are kept apart (``name_tagged``): the tag covers 李娜 and 关怀 alike,
so the PERSON recognizer decides about them by their shape. Nothing is segmented at run time:
jieba's segmenter would cost more per text than the whole detector; the recognizers only look up the
few bigrams around a candidate.

``get_lexicon()`` loads the file once per process (about 30 ms, a few MB).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "cn_words.tsv"
# Frequencies are jieba's corpus counts: 10 is rare (晓东 is not listed, 建平 has 528, 高兴 5,387).
COMMON = 20


class Lexicon:
    """Common words (``word in lexicon``) and name-tagged two-character entries, both at least
    ``common`` frequent in jieba's counts."""

    def __init__(self, entries: Iterable[tuple[str, int, bool]], *, common: int = COMMON) -> None:
        words: set[str] = set()
        names: set[str] = set()
        for word, frequency, name_tagged in entries:
            if frequency >= common:
                (names if name_tagged else words).add(word)
        self.words = frozenset(words)
        self.name_tagged = frozenset(names)

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
