"""Shape checks on what a reveal or erasure request carries, before anything is decided or audited.

Everything that ends up in the append-only audit trail must be a short token that cannot be raw PII;
refusing malformed requests here keeps that promise and gives the caller a clear 4xx. The free-text
reason is the exception: it is checked for length only and never stored (see vault/service.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy_gateway.audit.guard import looks_like_pii
from privacy_gateway.errors import InvalidInput

MAX_REASON_CHARS = 500
MAX_SELECTORS = 100  # entity types or indexes per request (the audit keeps the list)

_RECORD_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # purpose, channel
_ENTITY_TYPE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
_TICKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/#\-]{0,63}$")


def check_record_id(value: str) -> None:
    if not _RECORD_ID.match(value) or looks_like_pii(value):
        raise InvalidInput("feedback id is malformed")


def check_code(value: str, *, what: str) -> None:
    if not _CODE.match(value):
        raise InvalidInput(f"{what} must be a lower-case code such as 'follow_up'")


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidInput("a reason is required")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"reason is longer than {MAX_REASON_CHARS} characters")


def check_ticket(ticket: str | None) -> None:
    if ticket is None:
        return
    if not _TICKET.match(ticket) or looks_like_pii(ticket):
        raise InvalidInput("ticket must be a case reference such as 'CS-2024-0042', not personal data")


def check_selectors(entity_types: Sequence[str] | None, indexes: Sequence[int] | None) -> None:
    if entity_types is not None:
        if len(entity_types) > MAX_SELECTORS or not all(_ENTITY_TYPE.match(t) for t in entity_types):
            raise InvalidInput(f"entity_types must be at most {MAX_SELECTORS} names such as 'PHONE_NUMBER'")
    if indexes is not None:
        if len(indexes) > MAX_SELECTORS or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 1_000_000 for i in indexes
        ):
            raise InvalidInput(f"indexes must be at most {MAX_SELECTORS} non-negative integers")
