"""Feedback ingest: the one use-case behind POST /v1/feedback, the CLI and broker consumers.

detect -> mask (policy per channel) -> vault originals -> feedback row -> audit entry, all inside the
caller's transaction: if any step fails nothing is kept. Raw text never reaches the database, logs or
audit entries; only masked text, entity types, offsets and counts do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.redaction.schemas import FeedbackIn, IngestResult, MaskedEntityOut
from privacy_gateway.redaction.validation import check_choice, check_identifier, clean_text
from privacy_gateway.storage.base import new_id, utcnow
from privacy_gateway.storage.models import Feedback
from privacy_gateway.types import Actor, Span

log = logging.getLogger(__name__)


class SpanDetector(Protocol):
    def detect(self, text: str) -> list[Span]: ...

    def detect_all(self, text: str) -> list[Span]: ...


class TextMasker(Protocol):
    def mask(self, text: str, spans: Sequence[Span], *, policy: str) -> Any: ...


class OriginalsVault(Protocol):
    def store_many(self, session: Session, records: Sequence[tuple[str, str, Sequence[Any]]]) -> int: ...


class IngestAudit(AuditSink, Protocol):
    def append_many(self, session: Session, events: Sequence[AuditEvent]) -> object: ...


@dataclass(frozen=True)
class StoredFeedback:
    """One ingested record as an after-store hook sees it: the feedback row's values as inserted."""

    row: Mapping[str, Any] = field(repr=False)
    result: IngestResult = field(repr=False)
    actor: Actor


class AfterStore(Protocol):
    """Runs inside the ingest transaction after the batch's rows are written (e.g. the outbox): once
    per batch, with its records in order, so that it can write them in one statement."""

    def __call__(self, session: Session, stored: Sequence[StoredFeedback]) -> None: ...


@dataclass(frozen=True)
class PreparedFeedback:
    """An ingest between its two halves: validated, detected and masked, not yet stored.

    ``data`` still holds the raw text (never in the repr); ``masked`` is the masker's result, whose
    vault items hold the originals that persist() encrypts.
    """

    id: str
    data: FeedbackIn
    masked: Any = field(repr=False)
    facts: str = ""  # generalised quasi-identifiers (masking/facts.py), computed while originals are here


class FeedbackIngest:
    def __init__(
        self,
        *,
        detector: SpanDetector,
        masker: TextMasker,
        vault: OriginalsVault,
        audit: IngestAudit,
        policy_for_channel: Callable[[str], str],
        purposes: Sequence[str],
        channels: Sequence[str],
        max_text_chars: int,
        default_purpose: str = "service",
        after_store: Sequence[AfterStore] = (),
        facts_of: Callable[[str, Sequence[Span]], str] | None = None,
    ) -> None:
        self.detector = detector
        self.masker = masker
        self.vault = vault
        self.audit = audit
        self.policy_for_channel = policy_for_channel
        self.purposes = tuple(purposes)
        self.channels = tuple(channels)
        self.max_text_chars = max_text_chars
        self.default_purpose = default_purpose
        self.after_store = list(after_store)
        self.facts_of = facts_of

    def validate(self, data: FeedbackIn) -> None:
        check_identifier(data.subject_id, what="subject_id")
        check_choice(data.channel, self.channels, what="channel")
        if data.purpose is not None:
            check_choice(data.purpose, self.purposes, what="purpose")
        if data.category is not None:
            check_identifier(data.category, what="category", max_len=64)
        clean_text(data.text, max_chars=self.max_text_chars)

    def ingest(
        self, session: Session, data: FeedbackIn, *, actor: Actor, feedback_id: str | None = None
    ) -> IngestResult:
        """prepare() then persist() in the caller's transaction."""
        return self.persist(session, self.prepare(data, feedback_id=feedback_id), actor=actor)

    def prepare(self, data: FeedbackIn, *, feedback_id: str | None = None) -> PreparedFeedback:
        """The CPU half of an ingest: validate, detect and mask. Touches no database, so a caller can run
        it outside any transaction (and outside the write lock that a transaction may hold)."""
        self.validate(data)
        policy = self.policy_for_channel(data.channel)
        # All detections, overlaps kept: the masker merges them so no detected character stays in clear.
        spans = self.detector.detect_all(data.text)
        masked = self.masker.mask(data.text, spans, policy=policy)
        facts = self.facts_of(data.text, spans) if self.facts_of else ""
        return PreparedFeedback(feedback_id or new_id(), data, masked, facts)

    def persist(self, session: Session, prepared: PreparedFeedback, *, actor: Actor) -> IngestResult:
        """The database half of one ingest, in the caller's transaction (see persist_many)."""
        return self.persist_many(session, [(prepared, actor)])[0]

    def persist_many(
        self, session: Session, batch: Sequence[tuple[PreparedFeedback, Actor]]
    ) -> list[IngestResult]:
        """The database half of several ingests, in order, in the caller's transaction: feedback rows,
        vault entries, audit entries and after-store hooks, flushed, not committed.

        Batched by step, one query or flush per step for the whole batch, and in an order that keeps
        concurrent writers from deadlocking: the steps that may wait for another transaction's row
        (a subject's first data key) come before the audit chain's head lock, which is held to the
        commit. It touches nothing but ``session``, so after a rollback it may run again in a fresh
        transaction (redaction.group_commit does that).
        """
        received_at = utcnow()
        rows: list[dict[str, Any]] = []
        results: list[IngestResult] = []
        for prepared, _actor in batch:
            data, masked = prepared.data, prepared.masked
            entities = [MaskedEntityOut(e.entity_type, e.start, e.end) for e in masked.entities]
            rows.append(
                {
                    "id": prepared.id,
                    "subject_id": data.subject_id,
                    "channel": data.channel,
                    "purpose": data.purpose or self.default_purpose,
                    "category": data.category,
                    "masked_text": masked.text,
                    "entities": [
                        {"entity_type": e.entity_type, "start": e.start, "end": e.end} for e in entities
                    ],
                    "facts": prepared.facts,
                    "policy": masked.policy,
                    "policy_version": masked.policy_version,
                    "occurred_at": data.occurred_at,
                    "received_at": received_at,
                    "erased_at": None,
                }
            )
            results.append(
                IngestResult(prepared.id, masked.text, entities, masked.policy, masked.policy_version)
            )
        # One INSERT for the batch (executemany) on the session's connection, not the ORM's unit of work:
        # new rows, nothing to track, and the ORM's per-statement machinery cost more than the rows.
        session.connection().execute(insert(Feedback), rows)
        self.vault.store_many(
            session,
            [(p.id, p.data.subject_id, p.masked.vault_items) for p, _ in batch if p.masked.vault_items],
        )
        self.audit.append_many(
            session,
            [
                AuditEvent(
                    action="feedback.ingest",
                    actor=actor,
                    subject_ref=self.audit.subject_ref(prepared.data.subject_id),
                    purpose=row["purpose"],
                    channel=row["channel"],
                    decision="ok",
                    policy_version=result.policy_version,
                    entity_counts=result.counts(),
                    record_ids=[result.id],
                    details={"policy": result.policy, "vaulted": len(prepared.masked.vault_items)},
                )
                for (prepared, actor), row, result in zip(batch, rows, results, strict=True)
            ],
        )
        # After the audit entries, so under the chain's head lock: outbox ids then follow commit order.
        if self.after_store:
            stored = [
                StoredFeedback(row, result, actor)
                for (_prepared, actor), row, result in zip(batch, rows, results, strict=True)
            ]
            for hook in self.after_store:
                hook(session, stored)
        session.flush()
        # One line per batch, not per record: a log write inside the transaction gives up the GIL, and
        # getting it back (another thread may hold it up to the switch interval) kept the transaction,
        # and the audit chain's head lock, open for it once per record (docs/performance.md).
        if log.isEnabledFor(logging.INFO):  # the extras are built per record: not when nobody reads them
            log.info(
                "feedback ingested: %d record(s)",
                len(results),
                extra={"feedback_ids": [r.id for r in results], "counts": [r.counts() for r in results]},
            )
        return results

    def analyze(self, text: str) -> list[Span]:
        clean_text(text, max_chars=self.max_text_chars)
        return self.detector.detect(text)


def entity_counts(spans: Sequence[Span]) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for s in spans:
        out[s.entity_type] = out.get(s.entity_type, 0) + 1
    return out
