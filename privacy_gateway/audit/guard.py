"""A defensive check on what enters the audit trail: short machine-readable tokens, a pseudonym, small
scalar facts, and nothing that looks like raw PII.

This is a tripwire, not a detector: it catches the likely mistakes (a raw phone number, resident id,
bank card or e-mail address, Chinese free text, a raw subject id where a pseudonym belongs) with cheap
patterns, so that a careless caller fails loudly in tests instead of writing PII into an append-only
table where it can never be erased. Messages name the field, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from privacy_gateway.audit.chain import MAX_SAFE_INT
from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.errors import InvalidInput

PSEUDONYM = re.compile(r"^sp_[0-9a-f]{32}$")
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(?:[.\-][a-z0-9_]+)*$")
_TOKEN = re.compile(r"^[A-Za-z0-9_.:@/+\-]+$")  # purpose, channel, decision, role, policy version
_RECORD_ID = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_DETAIL_KEY = re.compile(r"^[a-z][a-z0-9_.]*$")
_ENTITY_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PRINTABLE_ASCII = re.compile(r"^[\x20-\x7e]*$")

# Digits delimited by anything but letters/digits (so a hex id like 'a1b2...' never matches), allowing
# the separators people write numbers with.
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?![0-9A-Za-z])")
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){13,18}(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")

MAX_TOKEN = 128
MAX_TEXT = 256
MAX_ITEMS = 100


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def looks_like_pii(text: str) -> bool:
    """Cheap test for the raw identifiers that must never reach the audit trail."""
    if _MOBILE.search(text) or _RESIDENT_ID.search(text) or _EMAIL.search(text):
        return True
    return any(_luhn_ok(re.sub(r"[ \-]", "", m.group())) for m in _CARD.finditer(text))


def _token(
    name: str, value: str | None, *, pattern: re.Pattern[str] = _TOKEN, required: bool = False
) -> None:
    if value is None:
        if required:
            raise InvalidInput(f"audit event: {name} is required")
        return
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN or not pattern.match(value):
        raise InvalidInput(f"audit event: {name} must be a short machine-readable token")
    if looks_like_pii(value):
        raise InvalidInput(f"audit event: {name} looks like raw PII")


def _text(name: str, value: object) -> None:
    if not isinstance(value, str) or len(value) > MAX_TEXT or not _PRINTABLE_ASCII.match(value):
        raise InvalidInput(f"audit event: {name} must be printable ASCII of at most {MAX_TEXT} characters")
    if looks_like_pii(value):
        raise InvalidInput(f"audit event: {name} looks like raw PII")


def _scalar(name: str, value: object) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise InvalidInput(f"audit event: {name} is out of the safe integer range")
        return
    if isinstance(value, str):
        _text(name, value)
        return
    raise InvalidInput(f"audit event: {name} must be a string, integer, boolean or null (floats are refused)")


def _details(details: Mapping[str, object]) -> None:
    if not isinstance(details, Mapping) or len(details) > MAX_ITEMS:
        raise InvalidInput(f"audit event: details must be a mapping of at most {MAX_ITEMS} items")
    for key, value in details.items():
        if not isinstance(key, str) or len(key) > 64 or not _DETAIL_KEY.match(key):
            raise InvalidInput("audit event: details keys must be lower-case identifiers")
        if isinstance(value, list | tuple):
            if len(value) > MAX_ITEMS:
                raise InvalidInput(f"audit event: details.{key} has more than {MAX_ITEMS} items")
            for item in value:
                _scalar(f"details.{key}[]", item)
        else:
            _scalar(f"details.{key}", value)


def validate_event(event: AuditEvent) -> None:
    """Raise InvalidInput unless every field of `event` is fit for the append-only trail."""
    if not isinstance(event.actor.name, str) or not 0 < len(event.actor.name) <= 200:
        raise InvalidInput("audit event: actor name must be 1..200 characters")
    _token("actor role", event.actor.role, required=True)
    _token("action", event.action, pattern=_ACTION, required=True)
    if event.subject_ref is not None and not (
        isinstance(event.subject_ref, str) and PSEUDONYM.match(event.subject_ref)
    ):
        raise InvalidInput("audit event: subject_ref must be a pseudonym ('sp_' + 32 hex), not a raw id")
    for name in ("purpose", "channel", "decision", "policy_version"):
        _token(name, getattr(event, name))
    if event.reason is not None:
        _text("reason", event.reason)
    if not isinstance(event.entity_counts, Mapping) or len(event.entity_counts) > MAX_ITEMS:
        raise InvalidInput("audit event: entity_counts must be a small mapping")
    for entity, count in event.entity_counts.items():
        if not isinstance(entity, str) or len(entity) > 64 or not _ENTITY_TYPE.match(entity):
            raise InvalidInput("audit event: entity_counts keys must be entity type names")
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_SAFE_INT:
            raise InvalidInput("audit event: entity_counts values must be non-negative integers")
    if isinstance(event.record_ids, str) or len(event.record_ids) > MAX_ITEMS:
        raise InvalidInput(f"audit event: record_ids must be a sequence of at most {MAX_ITEMS} ids")
    for record_id in event.record_ids:
        _token("record id", record_id, pattern=_RECORD_ID, required=True)
    _details(event.details)
