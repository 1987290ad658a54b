"""What callers hand to the audit log. Never put raw PII or raw identifiers in any field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from privacy_gateway.types import Actor


@dataclass(frozen=True)
class AuditEvent:
    action: str  # e.g. "feedback.ingest", "consent.check", "vault.reveal", "audit.query"
    actor: Actor
    subject_ref: str | None = None  # a pseudonym from audit.pseudonym.subject_pseudonym, never the raw id
    purpose: str | None = None
    channel: str | None = None
    decision: str | None = None  # "allow" | "deny" | "ok" | "error"
    reason: str | None = None  # machine-readable reason code
    policy_version: str | None = None
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    record_ids: Sequence[str] = ()
    details: Mapping[str, object] = field(default_factory=dict)  # small, non-PII facts (row counts...)
