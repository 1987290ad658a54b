"""`detect` and `mask`: JSON Lines in, JSON Lines out, one output line per input line, in order.

A malformed line yields {"id": <id or null>, "error": "<message>"}; the others are still processed and
the exit code is 1 if any line failed (../shared/CONTRACT.md). Error messages never echo text.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from privacy_gateway.errors import GatewayError
from privacy_gateway.redaction.validation import clean_text

Handler = Callable[[str], dict[str, Any]]
_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(line: bytes) -> tuple[Any, str]:
    """(id, text) from one input line; raises ValueError with a safe message."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("line is not valid UTF-8") from None
    try:
        obj = json.loads(decoded)
    except ValueError:
        raise ValueError("line is not valid JSON") from None
    except RecursionError:  # 10,000 nested brackets: one bad line, not the end of the stream
        raise ValueError("line is nested too deeply") from None
    if not isinstance(obj, dict):
        raise ValueError("line must be a JSON object with 'id' and 'text'")
    rid = _echoable(obj.get("id"))
    text = obj.get("text")
    if not isinstance(text, str):
        raise _WithId(rid, "'text' must be a string")
    return rid, text


def _echoable(rid: Any) -> Any:
    """The id as it can be written back: a string, an integer, a finite number or null. Anything else
    (an object, Infinity, NaN, a lone surrogate) would make the output line invalid JSON or UTF-8: null."""
    if isinstance(rid, str):
        return rid if rid.isascii() or _SURROGATE.search(rid) is None else None
    if isinstance(rid, float):
        return rid if math.isfinite(rid) else None
    return rid if rid is None or isinstance(rid, int) else None


class _WithId(ValueError):
    def __init__(self, rid: Any, message: str) -> None:
        super().__init__(message)
        self.rid = rid


def process_line(line: bytes, handler: Handler, *, max_chars: int) -> tuple[dict[str, Any], bool]:
    """One output object and whether it succeeded."""
    rid: Any = None
    try:
        rid, text = _parse(line)
        clean_text(text, max_chars=max_chars)
        return {"id": rid, **handler(text)}, True
    except _WithId as exc:
        return {"id": exc.rid, "error": str(exc)}, False
    except ValueError as exc:
        return {"id": rid, "error": str(exc)}, False
    except GatewayError as exc:
        return {"id": rid, "error": exc.message}, False


def run_stream(lines: Iterable[bytes], handler: Handler, *, max_chars: int, out: TextIO = sys.stdout) -> int:
    """Process every non-blank line; returns the number of failed lines."""
    failed = 0
    for obj, ok in process_all(lines, handler, max_chars=max_chars):
        failed += not ok
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
    return failed


def process_all(
    lines: Iterable[bytes], handler: Handler, *, max_chars: int
) -> Iterator[tuple[dict[str, Any], bool]]:
    for line in lines:
        if line.strip():
            yield process_line(line, handler, max_chars=max_chars)
