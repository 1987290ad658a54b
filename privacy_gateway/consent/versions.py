"""Privacy-notice versions, compared as numbers part by part ("2024.2" < "2024.10"), never as strings.

Accepted spelling: an optional "v", then dot-separated non-negative integers ("3", "v1.2", "2024.10",
"1.2.3"). Trailing zero parts do not matter ("2" == "2.0"). Anything else is refused, so every stored
version can be compared with any minimum a policy sets.
"""

from __future__ import annotations

import re
from functools import total_ordering

from privacy_gateway.errors import InvalidInput

_VERSION = re.compile(r"[vV]?(\d{1,9}(?:\.\d{1,9}){0,5})")
MAX_LENGTH = 32


@total_ordering
class NoticeVersion:
    """A parsed notice version; ordering compares the integer parts."""

    __slots__ = ("key", "text")

    def __init__(self, text: str) -> None:
        match = _VERSION.fullmatch(text) if len(text) <= MAX_LENGTH else None
        if match is None:
            raise InvalidInput("notice_version must look like '2024.10' or 'v3' (dot-separated integers)")
        parts = [int(p) for p in match.group(1).split(".")]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        self.text = text
        self.key: tuple[int, ...] = tuple(parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoticeVersion) and self.key == other.key

    def __lt__(self, other: NoticeVersion) -> bool:
        return self.key < other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"NoticeVersion({self.text!r})"


def is_valid_notice_version(text: str) -> bool:
    try:
        NoticeVersion(text)
    except InvalidInput:
        return False
    return True
