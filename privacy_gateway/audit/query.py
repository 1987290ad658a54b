"""The compliance view of entries: one dict shape for the API, JSONL and CSV, and opaque keyset cursors.

The JSONL export carries every chained field plus the hash, in the chain's own timestamp format, so a
full export can be verified offline (docs/audit.md). CSV is for people and spreadsheets: JSON columns are
JSON text, and cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
from collections.abc import Iterable, Mapping
from typing import IO

from privacy_gateway.audit.chain import format_ts
from privacy_gateway.audit.repository import ROW_FIELDS
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.models.audit import AuditEntry

EXPORT_FORMATS = ("csv", "jsonl")
_CURSOR_PREFIX = "pgac1"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def entry_to_dict(entry: AuditEntry) -> dict[str, object]:
    row: dict[str, object] = {name: getattr(entry, name) for name in ROW_FIELDS}
    row["ts"] = format_ts(entry.ts)
    return row


def row_to_dict(row: Mapping[str, object]) -> dict[str, object]:
    """The same shape from a repository.iter_chain() row."""
    out = dict(row)
    ts = out["ts"]
    out["ts"] = format_ts(ts) if not isinstance(ts, str) else ts  # type: ignore[arg-type]
    return out


def encode_cursor(seq: int, *, descending: bool) -> str:
    raw = f"{_CURSOR_PREFIX}:{'d' if descending else 'a'}:{seq}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, bool]:
    """(seq, descending) of a cursor made by encode_cursor; InvalidInput for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        prefix, direction, seq_text = raw.split(":")
        seq = int(seq_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput("cursor is malformed") from None
    if prefix != _CURSOR_PREFIX or direction not in ("a", "d") or seq < 0 or not seq_text.isdigit():
        raise InvalidInput("cursor is malformed")
    return seq, direction == "d"


def write_jsonl(rows: Iterable[Mapping[str, object]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        out.write("\n")
        n += 1
    return n


def _csv_cell(value: object) -> object:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def write_csv(rows: Iterable[Mapping[str, object]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_FIELDS)
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in ROW_FIELDS])
        n += 1
    return n
