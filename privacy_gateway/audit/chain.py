"""The hash chain: canonical serialisation of one entry and the hash that links it to the previous one.

Pure functions only, so that an independent verifier (docs/audit.md) can re-implement them from the
description alone:

    canonical(entry) = UTF-8 of JSON with sorted keys, no whitespace, non-ASCII kept as is,
                       over exactly CHAINED_FIELDS plus "v": FORMAT_VERSION;
                       ts as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC, microseconds)
    hash(entry)    = SHA-256(canonical(entry)), where the entry carries prev_hash (hex) and seq

Seq and prev_hash are inside the hashed bytes, so moving an entry (renumbering, reordering) breaks its
hash just like editing it does. Only JSON types with one obvious spelling are allowed (str, int, bool,
null, lists and objects of them): floats are refused because their text form differs between languages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from privacy_gateway.errors import InvalidInput

FORMAT_VERSION = 1
GENESIS_HASH = bytes(32)  # prev_hash of entry 1
MAX_SAFE_INT = 2**53 - 1  # integers beyond this lose precision in JavaScript-style JSON readers

# Every field that goes into the hash, in the order the table shows them. The hash itself is not here.
CHAINED_FIELDS: tuple[str, ...] = (
    "seq",
    "ts",
    "actor_name",
    "actor_role",
    "action",
    "subject_ref",
    "purpose",
    "channel",
    "decision",
    "reason",
    "policy_version",
    "entity_counts",
    "record_ids",
    "details",
    "prev_hash",
)


def format_ts(ts: datetime) -> str:
    """The one timestamp spelling of the chain: UTC, microseconds, 'Z'."""
    if ts.tzinfo is None:
        raise InvalidInput("audit timestamps must be timezone-aware")
    ts = ts.astimezone(UTC)
    return f"{ts:%Y-%m-%dT%H:%M:%S}.{ts.microsecond:06d}Z"


def parse_ts(text: str) -> datetime:
    """Inverse of format_ts (used when reading an export back)."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise InvalidInput("timestamp is not in the audit format YYYY-MM-DDTHH:MM:SS.ffffffZ") from None


def _check_json(value: object, *, path: str) -> None:
    """Refuse values whose JSON text is ambiguous across implementations (floats, huge ints, odd keys)."""
    if value is None or isinstance(value, str | bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise InvalidInput(f"{path}: integer out of the safe JSON range")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_json(item, path=f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"{path}: object keys must be strings")
            _check_json(item, path=f"{path}.{key}")
        return
    raise InvalidInput(f"{path}: {type(value).__name__} is not allowed in an audit entry")


def canonical(entry: Mapping[str, object]) -> bytes:
    """The exact bytes that are hashed for one entry (see the module docstring)."""
    missing = [name for name in CHAINED_FIELDS if name not in entry]
    if missing:
        raise InvalidInput(f"audit entry lacks fields: {', '.join(missing)}")
    doc: dict[str, object] = {name: entry[name] for name in CHAINED_FIELDS}
    ts = doc["ts"]
    doc["ts"] = format_ts(ts) if isinstance(ts, datetime) else ts
    if not isinstance(doc["ts"], str):
        raise InvalidInput("ts must be a datetime or an audit-format string")
    if not isinstance(doc["seq"], int) or isinstance(doc["seq"], bool) or doc["seq"] < 1:
        raise InvalidInput("seq must be a positive integer")
    doc["v"] = FORMAT_VERSION
    _check_json(doc, path="entry")
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(prev: bytes, entry: Mapping[str, object]) -> bytes:
    """SHA-256 of the canonical form of `entry` with prev_hash set to `prev` (hex in the JSON)."""
    if len(prev) != 32:
        raise InvalidInput("prev hash must be 32 bytes")
    return hashlib.sha256(canonical({**entry, "prev_hash": prev.hex()})).digest()
