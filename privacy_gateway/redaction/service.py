"""Feedback ingest: the one use-case behind POST /v1/feedback, the CLI and broker consumers.

detect -> mask (policy per channel) -> vault originals -> feedback row -> audit entry, all inside the
caller's transaction: if any step fails nothing is kept. Raw text never reaches the database, logs or
audit entries; only masked text, entity types, offsets and counts do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.redaction.schemas import FeedbackIn, IngestResult, MaskedEntityOut
from privacy_gateway.redaction.validation import check_choice, check_identifier, clean_text
from privacy_gateway.storage.base import new_id
from privacy_gateway.storage.models import Feedback
from privacy_gateway.types import Actor, Span

log = logging.getLogger(__name__)


class SpanDetector(Protocol):
    def detect(self, text: str) -> list[Span]: ...

    def detect_all(self, text: str) -> list[Span]: ...


class TextMasker(Protocol):
    def mask(self, text: str, spans: Sequence[Span], *, policy: str) -> Any: ...


class OriginalsVault(Protocol):
    def store(self, session: Session, *, feedback_id: str, subject_id: str, items: Sequence[Any]) -> int: ...


class AfterStore(Protocol):
    """Runs inside the ingest transaction after the feedback row is flushed (e.g. the outbox)."""

    def __call__(self, session: Session, row: Feedback, result: IngestResult, *, actor: Actor) -> None: ...


class FeedbackIngest:
    def __init__(
        self,
        *,
        detector: SpanDetector,
        masker: TextMasker,
        vault: OriginalsVault,
        audit: AuditSink,
        policy_for_channel: Callable[[str], str],
        purposes: Sequence[str],
        channels: Sequence[str],
        max_text_chars: int,
        default_purpose: str = "service",
        after_store: Sequence[AfterStore] = (),
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
        self.validate(data)
        policy = self.policy_for_channel(data.channel)
        # All detections, overlaps kept: the masker merges them so no detected character stays in clear.
        spans = self.detector.detect_all(data.text)
        masked = self.masker.mask(data.text, spans, policy=policy)
        fid = feedback_id or new_id()
        entities = [MaskedEntityOut(e.entity_type, e.start, e.end) for e in masked.entities]
        row = Feedback(
            id=fid,
            subject_id=data.subject_id,
            channel=data.channel,
            purpose=data.purpose or self.default_purpose,
            category=data.category,
            masked_text=masked.text,
            entities=[{"entity_type": e.entity_type, "start": e.start, "end": e.end} for e in entities],
            policy=masked.policy,
            policy_version=masked.policy_version,
            occurred_at=data.occurred_at,
        )
        session.add(row)
        session.flush()
        if masked.vault_items:
            self.vault.store(session, feedback_id=fid, subject_id=data.subject_id, items=masked.vault_items)
        result = IngestResult(fid, masked.text, entities, masked.policy, masked.policy_version)
        self.audit.append(
            session,
            AuditEvent(
                action="feedback.ingest",
                actor=actor,
                subject_ref=self.audit.subject_ref(data.subject_id),
                purpose=row.purpose,
                channel=data.channel,
                decision="ok",
                policy_version=masked.policy_version,
                entity_counts=result.counts(),
                record_ids=[fid],
                details={"policy": masked.policy, "vaulted": len(masked.vault_items)},
            ),
        )
        for hook in self.after_store:
            hook(session, row, result, actor=actor)
        log.info("feedback ingested", extra={"feedback_id": fid, "counts": result.counts()})
        return result

    def analyze(self, text: str) -> list[Span]:
        clean_text(text, max_chars=self.max_text_chars)
        return self.detector.detect(text)


def entity_counts(spans: Sequence[Span]) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for s in spans:
        out[s.entity_type] = out.get(s.entity_type, 0) + 1
    return out
