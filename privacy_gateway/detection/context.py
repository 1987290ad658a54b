"""Chinese context scoring: cue words near a match raise its score, reference-number labels suppress it.

Presidio's context enhancer compares the lemmas of the tokens around a match with the recognizer's
context words. The no-op NLP engine produces no tokens, and Chinese has no spaces to split on, so it
never sees 手机 in 手机号13812345678. This module works on characters instead:

- A *positive cue* (the recognizer's ``CONTEXT``) within ``before`` characters before the match or
  ``after`` characters after it adds ``boost`` to the score (capped at 1.0).
- A *negative cue* (``NEGATIVE_CONTEXT``: 订单号, 流水号, 交易单号...) suppresses the match when it
  is the cue closest before the match and *labels* it: only separators, 是/为 or 号/码 stand between
  them (订单号：2023...). A negative cue further away, or one followed by another number first, does
  not touch the match (订单号没收到，电话13812345678 keeps the phone).
- When a positive cue is closer than the negative one (订单的卡号6222...), the positive cue wins.
  Compound labels whose head is a generic negative word are listed as positive cues themselves
  (身份证编号), and leftmost-longest matching then reads them as one cue.

Cues are matched case-insensitively (QQ, IP, Email), leftmost-longest, so 快递单号 is one cue, not 单号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Labels of numbers that identify a transaction, not a person. Shared by the digit-based recognizers.
REFERENCE_NUMBER_CUES: tuple[str, ...] = (
    "订单号",
    "订单编号",
    "订单",
    "流水号",
    "交易号",
    "交易单号",
    "交易流水",
    "交易编号",
    "单号",
    "快递单号",
    "运单号",
    "物流单号",
    "工单号",
    "退款单号",
    "商户单号",
    "商户号",
    "批次号",
    "凭证号",
    "票据号",
    "发票号",
    "发票代码",
    "编号",
    "序列号",
    "会员号",
    "业务号",
    "受理号",
    "申请号",
    "合同号",
    "参考号",
)

# What may stand between a label and the value it labels: separators, 是/为, 号/码, brackets, quotes.
_LABEL_GAP = re.compile(r"[\s:：#=\-()（）\[\]【】\"'“”‘’<>《》是为号码的]{0,6}")
MAX_SCORE = 1.0


@dataclass(frozen=True, slots=True)
class CueScorer:
    """Scores one match from the characters around it. Build once per recognizer; thread-safe."""

    positive: tuple[str, ...]
    negative: tuple[str, ...] = ()
    boost: float = 0.2
    before: int = 16
    after: int = 8
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, default=None)
    _negative: frozenset[str] = field(init=False, repr=False, default=frozenset())

    def __post_init__(self) -> None:
        cues = sorted({c.lower() for c in (*self.positive, *self.negative) if c}, key=len, reverse=True)
        # Windows are lower-cased before searching: cheaper than an IGNORECASE alternation.
        pattern = re.compile("|".join(re.escape(c) for c in cues)) if cues else None
        object.__setattr__(self, "_pattern", pattern)
        # A word listed as both is positive: the recognizer asked for it explicitly.
        negative = {c.lower() for c in self.negative} - {c.lower() for c in self.positive}
        object.__setattr__(self, "_negative", frozenset(negative))

    def score(self, text: str, start: int, end: int, base: float) -> float:
        """The score of text[start:end] given its surroundings; 0.0 means suppressed."""
        if self._pattern is None:
            return base
        before = text[max(0, start - self.before) : start].lower()
        closest: re.Match[str] | None = None
        cued = False
        for closest in self._pattern.finditer(before):
            cued = cued or closest.group() not in self._negative
        if (
            closest is not None
            and closest.group() in self._negative
            and _LABEL_GAP.fullmatch(before, closest.end())
        ):
            return 0.0
        if not cued:
            after = text[end : end + self.after].lower()
            cued = any(m.group() not in self._negative for m in self._pattern.finditer(after))
        return min(MAX_SCORE, base + self.boost) if cued else base
