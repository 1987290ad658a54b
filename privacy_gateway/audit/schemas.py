"""What callers hand to the audit log. Never put raw PII or raw identifiers in any field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

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


class AuditSink(Protocol):
    """What domain services need from the audit log: append an event inside the caller's transaction.

    Implemented by privacy_gateway.audit.service.AuditLog. The entry is flushed with the caller's
    session, so an action whose audit entry fails is rolled back with it.
    """

    def append(self, session: Session, event: AuditEvent) -> object: ...

    def subject_ref(self, subject_id: str) -> str:
        """The pseudonym to put in AuditEvent.subject_ref for a raw subject id."""
        ...


@dataclass(frozen=True)
class AuditFilters:
    """What a compliance query may filter on. All given filters must hold (AND).

    subject_id is a raw id: it is turned into its pseudonym and never stored or logged as given.
    action matches exactly, or by prefix when it ends in '.*' ("consent.*").
    since is inclusive, until exclusive; both must be timezone-aware.
    """

    subject_id: str | None = None
    subject_ref: str | None = None
    actor: str | None = None
    action: str | None = None
    purpose: str | None = None
    decision: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def used(self) -> list[str]:
        """Names of the filters that are set (safe to put in an audit entry: no values)."""
        return [name for name, value in vars(self).items() if value is not None]


@dataclass(frozen=True)
class Page:
    items: list[dict[str, object]]  # entry_to_dict() of each entry
    next_cursor: str | None  # opaque; None on the last page
