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

# Built once: json.dumps() with options builds a new encoder on every call, which shows in verification.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)

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
    if ts.utcoffset():
        ts = ts.astimezone(UTC)
    return ts.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_ts(text: str) -> datetime:
    """Inverse of format_ts (used when reading an export back)."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise InvalidInput("timestamp is not in the audit format YYYY-MM-DDTHH:MM:SS.ffffffZ") from None


def _json_ok(value: object) -> bool:
    """True when `value` has one obvious JSON spelling (no floats, no huge ints, string keys).

    Hot path of verification (once per field of every entry): exact type checks first, the general
    isinstance() forms only for subclasses such as StrEnum.
    """
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -MAX_SAFE_INT <= value <= MAX_SAFE_INT  # type: ignore[operator]
    if kind is dict:
        return all(type(k) is str and _json_ok(v) for k, v in value.items())  # type: ignore[attr-defined]
    if kind is list or kind is tuple:
        return all(_json_ok(v) for v in value)  # type: ignore[attr-defined]
    if isinstance(value, str):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return -MAX_SAFE_INT <= value <= MAX_SAFE_INT
    if isinstance(value, list | tuple):
        return all(_json_ok(v) for v in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _json_ok(v) for k, v in value.items())
    return False


def canonical(entry: Mapping[str, object], *, check: bool = True) -> bytes:
    """The exact bytes that are hashed for one entry (see the module docstring).

    check=False skips the JSON-type check: only for verification, where a stored value that would fail
    it cannot match the stored hash anyway (appends are always checked).
    """
    try:
        doc: dict[str, object] = {name: entry[name] for name in CHAINED_FIELDS}
    except KeyError:
        missing = [name for name in CHAINED_FIELDS if name not in entry]
        raise InvalidInput(f"audit entry lacks fields: {', '.join(missing)}") from None
    ts = doc["ts"]
    doc["ts"] = format_ts(ts) if isinstance(ts, datetime) else ts
    if not isinstance(doc["ts"], str):
        raise InvalidInput("ts must be a datetime or an audit-format string")
    if not isinstance(doc["seq"], int) or isinstance(doc["seq"], bool) or doc["seq"] < 1:
        raise InvalidInput("seq must be a positive integer")
    doc["v"] = FORMAT_VERSION
    for name, value in doc.items() if check else ():
        if not _json_ok(value):
            raise InvalidInput(
                f"audit entry field {name}: only strings, safe integers, booleans, null, lists and objects "
                "with string keys are allowed (no floats)"
            )
    return _ENCODER.encode(doc).encode("utf-8")


def entry_hash(entry: Mapping[str, object], *, check: bool = True) -> bytes:
    """SHA-256 of the canonical form of an entry that already carries its prev_hash."""
    return hashlib.sha256(canonical(entry, check=check)).digest()


def chain_hash(prev: bytes, entry: Mapping[str, object]) -> bytes:
    """SHA-256 of the canonical form of `entry` with prev_hash set to `prev` (hex in the JSON)."""
    if len(prev) != 32:
        raise InvalidInput("prev hash must be 32 bytes")
    return hashlib.sha256(canonical({**entry, "prev_hash": prev.hex()})).digest()
