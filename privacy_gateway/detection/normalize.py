"""Normalise text for matching, and map matches back to offsets in the original text.

Feedback is typed on phones with Chinese IMEs, so digits, letters and punctuation arrive full-width
(１３８, ＠, ：) and pasted numbers carry invisible format characters (a zero-width space inside a phone
number). Recognizers match on a normalised copy:

- full-width ASCII (U+FF01..U+FF5E), the ideographic space and dash variants become their ASCII
  counterparts, one character for one, so offsets do not move; the Chinese sentence marks ，！？；
  are kept (they end ASCII values such as passwords; no value contains them);
- format characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks) are removed.
  They are invisible, so "138<ZWSP>1234..." *is* the digit run a reader sees; removing them everywhere
  (not only between digits) also keeps cue words such as 验<ZWSP>证码 matchable.

Only removal shifts offsets; ``NormalizedText.to_original`` maps a normalised span back to the original
characters (a span covers the removed characters that lie inside it).

``normalized(text)`` caches the last result per thread keyed on the string object itself: every
recognizer of one analysis receives the same ``str`` object, so the text is normalised once per call.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

# Chinese sentence punctuation stays as it is: it ends values (a password, an e-mail address) that are
# written in ASCII, and no value we look for contains it.
SENTENCE_PUNCTUATION = "，！？；"
_FULLWIDTH = {
    chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in SENTENCE_PUNCTUATION
}
_SPACES = dict.fromkeys("\u3000\u00a0\u2007\u202f", " ")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign, small hyphen-minus.
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63", "-")
_NARROW: dict[str, str] = {**_FULLWIDTH, **_SPACES, **_DASHES}
# Substituting the few wide characters is ~8x faster than str.translate over the whole text.
_WIDE_RE = re.compile("[" + "".join(sorted(_NARROW)) + "]")

FORMAT_CHARACTERS = frozenset(
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator (was a space, now a format character)
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right / right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space / BOM
)
_FORMAT_RE = re.compile("[" + "".join(sorted(FORMAT_CHARACTERS)) + "]")


@dataclass(slots=True)
class NormalizedText:
    """A normalised copy of ``original`` plus what is needed to map offsets back.

    ``index`` is None when no character was removed (offsets are identical); otherwise
    ``index[i]`` is the original offset of normalised character ``i``.
    """

    original: str
    text: str
    index: list[int] | None = None
    _found: dict[re.Pattern[str], bool] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:  # never show the text: it is raw PII
        return f"NormalizedText(len={len(self.original)}, removed={len(self.original) - len(self.text)})"

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span [start, end) to the original text (end exclusive, start < end)."""
        if self.index is None:
            return start, end
        return self.index[start], self.index[end - 1] + 1

    def contains(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` occurs in the normalised text; cached, so recognizers share one search."""
        found = self._found.get(pattern)
        if found is None:
            found = self._found[pattern] = pattern.search(self.text) is not None
        return found


def _narrow(match: re.Match[str]) -> str:
    return _NARROW[match.group()]


def normalize(text: str) -> NormalizedText:
    if text.isascii():  # nothing to translate or remove: the common fast path for English or digits
        return NormalizedText(text, text)
    translated = _WIDE_RE.sub(_narrow, text)
    if _FORMAT_RE.search(translated) is None:
        return NormalizedText(text, translated)
    index = [i for i, ch in enumerate(translated) if ch not in FORMAT_CHARACTERS]
    return NormalizedText(text, "".join(translated[i] for i in index), index)


_last = threading.local()


def normalized(text: str) -> NormalizedText:
    """``normalize(text)``, computed once for consecutive calls with the same ``str`` object (per thread)."""
    cached: NormalizedText | None = getattr(_last, "value", None)
    if cached is not None and cached.original is text:
        return cached
    result = normalize(text)
    _last.value = result
    return result
