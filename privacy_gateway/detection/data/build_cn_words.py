"""Derive cn_words.tsv (common Chinese words) from jieba's dictionary. Run ONCE, by hand.

Source: the PyPI package ``jieba`` 0.42.1 (MIT licence, (c) 2013 Sun Junyi), file ``jieba/dict.txt``
(349,046 entries: word, frequency, part-of-speech tag). Obtain it with the ordinary client::

    pip download jieba==0.42.1 --no-deps --no-binary :all: -d /tmp/jieba
    tar xzf /tmp/jieba/jieba-0.42.1.tar.gz -C /tmp/jieba
    python privacy_gateway/detection/data/build_cn_words.py \\
        /tmp/jieba/jieba-0.42.1/jieba/dict.txt privacy_gateway/detection/data/cn_words.tsv

(The shipped file was made from the ``dict.txt`` of ``pip install jieba==0.42.1``: the same file.)

Kept: words of two to four Chinese characters with a frequency of at least ``MIN_FREQUENCY``, as
``word<TAB>frequency<TAB>kind``. ``kind`` is ``n`` for the entries jieba tags as person names (nr, nrt,
nrfg) and ``w`` for the others. Four-character words are mostly idioms (井然有序, 一帆风顺): the PERSON
recognizer asks whether a name candidate begins one. Three- and four-character name entries are dropped
(they are full names, 王建国, exactly what the PERSON recognizer must not explain away as words);
two-character ones are kept with their mark, because the tag is unreliable there: it covers names
(李娜) and plain words (关怀, 周转) alike, and the recognizer decides by their shape. The detector
uses the list to ask "is this a common word?" around a name or place candidate
(``detection.lexicon``); jieba itself is not a run-time dependency (its tagger, jieba.posseg, costs
about 1.5 ms per 190-character text: six times the whole detector).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MIN_FREQUENCY = 10
NAME_TAGS = frozenset({"nr", "nrt", "nrfg"})
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


def convert(source: Path, target: Path) -> int:
    words: dict[str, tuple[int, str]] = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, frequency, tag = parts[0], int(parts[1]), parts[2]
            if frequency < MIN_FREQUENCY or not _CJK_WORD.fullmatch(word):
                continue
            kind = "n" if tag in NAME_TAGS else "w"
            if kind == "n" and len(word) >= 3:
                continue
            if word not in words or words[word][1] == "n":  # a word reading wins over a name reading
                words[word] = (frequency, kind)
    with target.open("w", encoding="utf-8") as fh:
        for word in sorted(words):
            frequency, kind = words[word]
            fh.write(f"{word}\t{frequency}\t{kind}\n")
    return len(words)


if __name__ == "__main__":
    count = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {count} words")
