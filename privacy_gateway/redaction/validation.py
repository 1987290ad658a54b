"""Input checks shared by every way feedback arrives (HTTP, CLI, broker). Pure.

Error messages never echo the offending value: it may be personal data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy_gateway.errors import InvalidInput, TextTooLarge

# Lone surrogates, NUL and the C0/C1 controls except tab, newline and carriage return.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str, *, max_chars: int) -> str:
    """Reject what no store should keep; return the text unchanged otherwise.

    Offsets are reported into the text as given, so nothing is rewritten here: normalisation for
    detection happens inside the detector with an index map.
    """
    if not isinstance(text, str):
        raise InvalidInput("text must be a string")
    if len(text) > max_chars:
        raise TextTooLarge(f"text is longer than {max_chars} characters")
    if not text.strip():
        raise InvalidInput("text is empty", code="empty_text")
    if _SURROGATE.search(text):
        raise InvalidInput("text contains a lone surrogate (invalid Unicode)", code="invalid_unicode")
    if _CONTROL.search(text):
        raise InvalidInput("text contains NUL or a control character", code="control_character")
    return text


def check_choice(value: str, allowed: Sequence[str], *, what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"unknown {what}; one of {', '.join(allowed)}", code=f"unknown_{what}")
    return value


def check_identifier(value: str, *, what: str, max_len: int = 200) -> str:
    if not value or not value.strip() or len(value) > max_len:
        raise InvalidInput(f"{what} must be 1-{max_len} characters", code=f"invalid_{what}")
    if _CONTROL.search(value) or _SURROGATE.search(value):
        raise InvalidInput(f"{what} contains a control character", code=f"invalid_{what}")
    return value
