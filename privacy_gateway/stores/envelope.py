"""What a destination receives: the masked record of one feedback row, keyed by its feedback id. Pure.

The payload never holds raw text: masked text, entity types with offsets into the ORIGINAL text and their
counts, the policy and its version, and the subject's audit pseudonym (not the operator's subject id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Envelope:
    outbox_id: int
    feedback_id: str  # the idempotency key: a store drops a second copy with the same key
    payload: dict[str, Any] = field(repr=False)

    def body(self) -> bytes:
        return canonical_json(self.payload)


def canonical_json(payload: dict[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the exact bytes the webhook signature covers."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def build_payload(
    *,
    feedback_id: str,
    subject_ref: str,
    channel: str,
    purpose: str,
    category: str | None,
    source: str | None,
    masked_text: str,
    entities: list[dict[str, Any]],
    policy: str,
    policy_version: str,
    occurred_at: datetime | None,
    received_at: datetime | None,
) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for e in entities:
        counts[str(e["entity_type"])] = counts.get(str(e["entity_type"]), 0) + 1
    return {
        "schema": SCHEMA_VERSION,
        "id": feedback_id,
        "subject_ref": subject_ref,
        "channel": channel,
        "purpose": purpose,
        "category": category,
        "source": source,
        "text": masked_text,
        "entities": [
            {"entity_type": e["entity_type"], "start": e["start"], "end": e["end"]} for e in entities
        ],
        "entity_counts": counts,
        "policy": policy,
        "policy_version": policy_version,
        "occurred_at": _iso(occurred_at),
        "received_at": _iso(received_at),
    }
