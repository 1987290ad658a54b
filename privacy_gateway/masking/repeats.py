"""A value detected once is masked wherever it recurs in the same document.

Detectors score each occurrence on its own context, so the same ID can be found after 身份证 and missed
after 发票号 (a negative cue) a few characters later; masking only the first would leave the value in
the output. ``with_repeats`` adds a span, of the type and score of the detected one, for every other
exact occurrence of a detected value of at least ``min_length`` characters that no span covers yet.

An occurrence inside a longer run of ASCII letters or digits is not the same value (13812345678 in
813812345678) and is left alone; Chinese has no such boundary, so 张三 inside 张三丰 is masked too: the
gateway prefers masking a little too much. Longer values claim characters first; the result is sorted
and non-overlapping if the input was.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy_gateway.types import Span

MIN_LENGTH = 2


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def with_repeats(text: str, spans: Sequence[Span], *, min_length: int = MIN_LENGTH) -> list[Span]:
    covered = bytearray(len(text))
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    sources: dict[str, Span] = {}
    for span in spans:
        sources.setdefault(text[span.start : span.end], span)
    extra: list[Span] = []
    for value in sorted((v for v in sources if len(v) >= min_length), key=lambda v: (-len(v), v)):
        source = sources[value]
        start = text.find(value)
        while start != -1:
            end = start + len(value)
            if (
                not any(covered[start:end])
                and not (_word_char(value[0]) and start > 0 and _word_char(text[start - 1]))
                and not (_word_char(value[-1]) and end < len(text) and _word_char(text[end]))
            ):
                extra.append(Span(source.entity_type, start, end, source.score))
                covered[start:end] = b"\x01" * len(value)
                start = text.find(value, end)
            else:
                start = text.find(value, start + 1)
    if not extra:
        return list(spans)
    return sorted([*spans, *extra], key=lambda s: s.start)
