"""Turn the hand-written hard cases (hard_cases.src.txt, inline [[TYPE|surface]] marks) into hard_cases.jsonl.

    python corpus/build_hard_cases.py   # hard_cases.src.txt -> hard_cases.jsonl
    python corpus/build_hard_cases.py corpus/fresh_rounds.src.txt corpus/fresh_rounds.jsonl fresh

The texts are written by hand; this script only strips the marks and computes the offsets, so a gold
span can never point at the wrong characters.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
_MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]")


def parse_line(line: str, number: int, prefix: str = "hard") -> dict[str, object]:
    category, channel, marked = (part.strip() for part in line.split("|", 2))
    text: list[str] = []
    entities: list[dict[str, object]] = []
    pos = length = 0
    for match in _MARK.finditer(marked):
        literal = marked[pos : match.start()]
        text.append(literal)
        length += len(literal)
        surface = match.group(2)
        entities.append({"entity_type": match.group(1), "start": length, "end": length + len(surface)})
        text.append(surface)
        length += len(surface)
        pos = match.end()
    text.append(marked[pos:])
    return {
        "id": f"{prefix}-{number:04d}",
        "text": "".join(text),
        "channel": channel,
        "category": category,
        "entities": entities,
    }


def build(source: Path, target: Path, prefix: str = "hard") -> int:
    lines = [
        ln for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")
    ]
    with target.open("w", encoding="utf-8") as fh:
        for number, line in enumerate(lines, start=1):
            fh.write(json.dumps(parse_line(line, number, prefix), ensure_ascii=False) + "\n")
    return len(lines)


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "hard_cases.src.txt"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "hard_cases.jsonl"
    prefix = sys.argv[3] if len(sys.argv) > 3 else "hard"
    print(f"wrote {build(source, target, prefix)} hard cases to {target}")
