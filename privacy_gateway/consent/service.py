"""The consent registry: record grants and withdrawals (append-only), answer and audit consent checks.

Services flush, never commit. Every check (allow and deny) is appended to the audit trail in the
caller's transaction, with the subject's pseudonym, purpose, channel, reason and the record it rested on.
A caller that turns a denial into an error must still commit, or the deny entry is rolled back with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.consent import repository
from privacy_gateway.consent.decision import ConsentTerms, as_utc, decide, evaluate, in_force
from privacy_gateway.consent.rules import ConsentRules
from privacy_gateway.consent.schemas import ConsentDecision, ConsentIn, ConsentState
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.base import new_id, utcnow
from privacy_gateway.storage.models import ConsentRecord
from privacy_gateway.types import Actor

# Clocks of collecting systems drift a little; an effective time further ahead is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)

PiiFinder = Callable[[str], Sequence[str]]


def detector_pii_finder(text: str) -> list[str]:
    """Entity types the gateway's detector finds in `text` (never the values)."""
    from privacy_gateway.detection.engine import get_detector  # heavy; only when first needed

    return sorted({span.entity_type for span in get_detector().detect(text)})


def validation_message(exc: ValidationError) -> str:
    """Where and what is wrong, without echoing the input (it may be personal data)."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors()[:5])


class ConsentService:
    def __init__(
        self,
        audit: AuditSink,
        *,
        purposes: Sequence[str],
        channels: Sequence[str],
        rules: ConsentRules,
        pii_finder: PiiFinder = detector_pii_finder,
    ) -> None:
        from privacy_gateway.consent.contact import FollowUpService
        from privacy_gateway.consent.gate import ReuseGate

        self.audit = audit
        self.rules = rules
        self.purposes = tuple(purposes)
        self.channels = tuple(channels)
        self.terms: ConsentTerms = rules.terms(purposes=self.purposes, channels=self.channels)
        self.pii_finder = pii_finder
        # Sources repeat across a bulk import: detect once per distinct value.
        self._source_pii = functools.lru_cache(maxsize=4096)(lambda s: tuple(pii_finder(s)))
        self.gate = ReuseGate(self)
        self.follow_ups = FollowUpService(self)

    # -- recording -------------------------------------------------------------------------------

    def prepare(self, data: ConsentIn, *, actor: Actor, now: datetime) -> dict[str, object]:
        """Check one record against the configuration and return its row values (InvalidInput if bad)."""
        if data.purpose not in self.terms.purposes:
            raise InvalidInput(f"unknown purpose; one of {', '.join(self.purposes)}")
        if data.channel not in self.terms.channels:
            raise InvalidInput(f"unknown channel; one of {', '.join(self.channels)}")
        now = as_utc(now)
        effective = as_utc(data.effective_at) if data.effective_at is not None else now
        if effective > now + FUTURE_TOLERANCE:
            raise InvalidInput("effective_at is in the future")
        if data.expires_at is not None and as_utc(data.expires_at) <= effective:
            raise InvalidInput("expires_at must be after the moment consent is given")
        found = self._source_pii(data.source)
        if found:
            raise InvalidInput(f"source must be a reference, not personal data (found {', '.join(found)})")
        return {
            "id": new_id(),
            "subject_id": data.subject_id,
            "purpose": data.purpose,
            "channel": data.channel,
            "granted": data.granted,
            "separate": data.separate,
            "notice_version": data.notice_version,
            "source": data.source,
            "granted_at": effective if data.granted else None,
            "withdrawn_at": None if data.granted else effective,
            "expires_at": as_utc(data.expires_at) if data.expires_at is not None else None,
            "recorded_at": now,
            "recorded_by": actor.name,
        }

    def record(
        self,
        session: Session,
        *,
        subject_id: str,
        purpose: str,
        channel: str,
        granted: bool,
        notice_version: str,
        source: str,
        expires_at: datetime | None,
        actor: Actor,
        at: datetime | None = None,
        separate: bool = False,
    ) -> ConsentRecord:
        """Append a grant or a withdrawal, effective `at` (default now). A withdrawal counts from then on."""
        try:
            data = ConsentIn(
                subject_id=subject_id,
                purpose=purpose,
                channel=channel,
                granted=granted,
                notice_version=notice_version,
                source=source,
                separate=separate,
                expires_at=expires_at,
            )
        except ValidationError as exc:
            raise InvalidInput(validation_message(exc)) from None
        now = at or utcnow()
        row = repository.add(session, ConsentRecord(**self.prepare(data, actor=actor, now=now)))
        self.audit.append(
            session,
            AuditEvent(
                action="consent.grant" if granted else "consent.withdraw",
                actor=actor,
                subject_ref=self.audit.subject_ref(subject_id),
                purpose=purpose,
                channel=channel,
                decision="ok",
                reason="granted" if granted else "withdrawn",
                record_ids=[row.id],
                details={"notice_version": row.notice_version, "separate": row.separate},
            ),
        )
        return row

    def record_prepared(
        self,
        session: Session,
        rows: Sequence[Mapping[str, object]],
        *,
        actor: Actor,
        details: Mapping[str, object],
    ) -> int:
        """Bulk path: insert rows from `prepare` in one statement and audit one summary event."""
        repository.add_many(session, rows)
        grants = sum(1 for r in rows if r["granted"])
        self.audit.append(
            session,
            AuditEvent(
                action="consent.import",
                actor=actor,
                decision="ok",
                details={**details, "rows": len(rows), "grants": grants, "withdrawals": len(rows) - grants},
            ),
        )
        return len(rows)

    def forget(self, session: Session, subject_id: str, *, actor: Actor) -> dict[str, int]:
        """Erasure (PIPL art. 47) on the consent side. The one exception to "history is never rewritten":

        the records stay as evidence of what was agreed and withdrawn, but under "erased:<pseudonym>"
        instead of the raw id (findable only with the pseudonym key, like the audit trail); attempt notes
        and the do-not-contact flag are deleted. Every later check for the raw id answers no_record.
        """
        counts = repository.forget(
            session, subject_id, tombstone=f"erased:{self.audit.subject_ref(subject_id)}"
        )
        self.audit.append(
            session,
            AuditEvent(
                action="consent.forget",
                actor=actor,
                subject_ref=self.audit.subject_ref(subject_id),
                decision="ok",
                details=counts,
            ),
        )
        return counts

    # -- reading and deciding --------------------------------------------------------------------

    def history(self, session: Session, subject_id: str) -> list[ConsentRecord]:
        """Every record of the subject, oldest first (by effective time, then recording time)."""
        return repository.history(session, subject_id)

    def state(self, session: Session, subject_id: str, *, at: datetime | None = None) -> list[ConsentState]:
        """The record in force and its evaluation, per (purpose, channel) the subject has records for."""
        at = as_utc(at or utcnow())
        records = repository.history(session, subject_id)
        states = []
        for purpose in sorted({r.purpose for r in records}):
            for channel, record in sorted(in_force(records, purpose=purpose, at=at).items()):
                verdict = evaluate(record, at=at, terms=self.terms)
                states.append(ConsentState(purpose, channel, verdict, record.id))
        return states

    def overview(
        self, session: Session, subject_id: str, *, actor: Actor, at: datetime | None = None
    ) -> tuple[list[ConsentState], list[ConsentRecord]]:
        """State and history for a person looking at them; the access is audited ("consent.read")."""
        states, records = self.state(session, subject_id, at=at), self.history(session, subject_id)
        self.audit.append(
            session,
            AuditEvent(
                action="consent.read",
                actor=actor,
                subject_ref=self.audit.subject_ref(subject_id),
                decision="ok",
                details={"records": len(records)},
            ),
        )
        return states, records

    def evaluate(
        self,
        session: Session,
        *,
        subject_id: str,
        purpose: str,
        channel: str | None,
        at: datetime | None = None,
    ) -> ConsentDecision:
        """The decision without an audit entry (callers audit it in their own event)."""
        records = repository.histories(session, [subject_id], purpose=purpose).get(subject_id, [])
        return decide(records, purpose=purpose, channel=channel, at=at or utcnow(), terms=self.terms)

    def check(
        self,
        session: Session,
        *,
        subject_id: str,
        purpose: str,
        channel: str | None,
        actor: Actor,
        at: datetime | None = None,
        details: Mapping[str, object] | None = None,
    ) -> ConsentDecision:
        """Decide and audit ("consent.check"). channel=None asks about reuse over any channel."""
        decision = self.evaluate(session, subject_id=subject_id, purpose=purpose, channel=channel, at=at)
        self.audit_decision(
            session,
            "consent.check",
            decision,
            subject_id=subject_id,
            purpose=purpose,
            channel=channel,
            actor=actor,
            details=details,
        )
        return decision

    def audit_decision(
        self,
        session: Session,
        action: str,
        decision: ConsentDecision,
        *,
        subject_id: str,
        purpose: str | None,
        channel: str | None,
        actor: Actor,
        record_ids: Sequence[str] = (),
        details: Mapping[str, object] | None = None,
    ) -> None:
        # Unknown purposes/channels are caller input of unknown content: kept out of the trail.
        self.audit.append(
            session,
            AuditEvent(
                action=action,
                actor=actor,
                subject_ref=self.audit.subject_ref(subject_id),
                purpose=purpose if purpose in self.terms.purposes else None,
                channel=channel if channel in self.terms.channels else None,
                decision="allow" if decision.allowed else "deny",
                reason=decision.reason,
                record_ids=[*record_ids, *([decision.record_id] if decision.record_id else [])],
                details=dict(details or {}),
            ),
        )
