"""`detect` and `mask`: JSON Lines in, JSON Lines out, one output line per input line, in order.

A malformed line yields {"id": <id or null>, "error": "<message>"}; the others are still processed and
the exit code is 1 if any line failed (../shared/CONTRACT.md). Error messages never echo text.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
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


def run_stream_parallel(
    lines: Iterable[bytes],
    make_handler: Callable[[], Handler],
    *,
    max_chars: int,
    workers: int,
    out: TextIO = sys.stdout,
    chunk_lines: int = 250,
) -> int:
    """run_stream over ``workers`` processes, output in input order; returns the number of failed lines.

    ``make_handler`` (picklable: a module-level function or a partial of one) runs once in each worker
    process, so engines are built once per worker, never per line. Lines go out in chunks and at most
    two chunks per worker are in flight, so memory stays bounded whatever the input's size.
    """
    failed = 0
    with multiprocessing.get_context().Pool(
        workers, initializer=_init_worker, initargs=(make_handler, max_chars)
    ) as pool:
        pending: deque[AsyncResult[list[tuple[str, bool]]]] = deque()

        def drain(until: int) -> None:
            nonlocal failed
            while len(pending) > until:
                for text, ok in pending.popleft().get():
                    failed += not ok
                    out.write(text)

        for chunk in _chunks(lines, chunk_lines):
            pending.append(pool.apply_async(_process_chunk, (chunk,)))
            drain(2 * workers)
        drain(0)
    out.flush()
    return failed


_worker: dict[str, Any] = {}


def _init_worker(make_handler: Callable[[], Handler], max_chars: int) -> None:
    _worker.update(handler=make_handler(), max_chars=max_chars)


def _process_chunk(chunk: list[bytes]) -> list[tuple[str, bool]]:
    handler, max_chars = _worker["handler"], _worker["max_chars"]
    return [
        (json.dumps(obj, ensure_ascii=False) + "\n", ok)
        for obj, ok in process_all(chunk, handler, max_chars=max_chars)
    ]


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_all(
    lines: Iterable[bytes], handler: Handler, *, max_chars: int
) -> Iterator[tuple[dict[str, Any], bool]]:
    for line in lines:
        if line.strip():
            yield process_line(line, handler, max_chars=max_chars)
