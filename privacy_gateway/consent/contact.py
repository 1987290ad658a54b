"""Follow-up (回访) contact: may an agent call now, record each attempt, keep the do-not-contact flag.

The rules themselves are pure (consent.follow_up); this service gathers their inputs from the store and
audits every answer ("follow_up.check", "follow_up.attempt", "follow_up.do_not_contact").
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.consent import repository
from privacy_gateway.consent.decision import as_utc
from privacy_gateway.consent.follow_up import ContactHistory, check_follow_up
from privacy_gateway.consent.schemas import ConsentDecision, FollowUpDecision, FollowUpIn, Outcome
from privacy_gateway.errors import ConsentDenied, InvalidInput
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.models import DoNotContact, FollowUpAttempt
from privacy_gateway.types import Actor

if TYPE_CHECKING:
    from privacy_gateway.consent.service import ConsentService

REFUSAL_REASON = "refused_follow_up"
MAX_REASON_LENGTH = 64


class FollowUpService:
    def __init__(self, consent: ConsentService) -> None:
        self.consent = consent
        self.rules = consent.rules.follow_up

    def _decide(self, session: Session, *, subject_id: str, channel: str, at: datetime) -> FollowUpDecision:
        consent: ConsentDecision = self.consent.evaluate(
            session, subject_id=subject_id, purpose=self.rules.purpose, channel=channel, at=at
        )
        flag = repository.do_not_contact(session, subject_id)
        contact = ContactHistory(
            do_not_contact=bool(flag and flag.active),
            first_seen=repository.first_seen(session, subject_id),
            attempts=[a.attempted_at for a in repository.attempts(session, subject_id)],
        )
        return check_follow_up(consent, contact, at=at, rules=self.rules)

    def _audit(
        self,
        session: Session,
        action: str,
        decision: FollowUpDecision,
        *,
        subject_id: str,
        channel: str,
        actor: Actor,
        record_ids: list[str],
        details: dict[str, object],
    ) -> None:
        self.consent.audit.append(
            session,
            AuditEvent(
                action=action,
                actor=actor,
                subject_ref=self.consent.audit.subject_ref(subject_id),
                purpose=self.rules.purpose,
                channel=channel if channel in self.consent.terms.channels else None,
                decision="allow" if decision.allowed else "deny",
                reason=decision.reason,
                record_ids=[
                    *record_ids,
                    *([decision.consent_record_id] if decision.consent_record_id else []),
                ],
                details=details,
            ),
        )

    def check(
        self, session: Session, *, subject_id: str, channel: str, actor: Actor, at: datetime | None = None
    ) -> FollowUpDecision:
        """May `actor` contact the subject over `channel` at `at` (default now)? Audited."""
        at = as_utc(at or utcnow())
        decision = self._decide(session, subject_id=subject_id, channel=channel, at=at)
        self._audit(
            session,
            "follow_up.check",
            decision,
            subject_id=subject_id,
            channel=channel,
            actor=actor,
            record_ids=[],
            details={},
        )
        return decision

    def record_attempt(
        self, session: Session, *, subject_id: str, data: FollowUpIn, actor: Actor, at: datetime | None = None
    ) -> FollowUpAttempt:
        """Record an attempt made now; ConsentDenied (after auditing the refusal) if the rules say no."""
        at = as_utc(at or utcnow())
        if data.channel not in self.consent.terms.channels:
            raise InvalidInput(f"unknown channel; one of {', '.join(self.consent.channels)}")
        if data.notes:
            found = self.consent.pii_finder(data.notes)
            if found:
                raise InvalidInput(
                    f"notes contain personal data ({', '.join(found)}); record outcome codes, not details"
                )
        repository.lock_subject(session, subject_id)
        decision = self._decide(session, subject_id=subject_id, channel=data.channel, at=at)
        if not decision.allowed:
            self._audit(
                session,
                "follow_up.attempt",
                decision,
                subject_id=subject_id,
                channel=data.channel,
                actor=actor,
                record_ids=[],
                details={"outcome": data.outcome.value},
            )
            raise ConsentDenied(f"follow-up not allowed now ({decision.reason})", reason=decision.reason)
        attempt = repository.add_attempt(
            session,
            FollowUpAttempt(
                subject_id=subject_id,
                channel=data.channel,
                attempted_at=at,
                outcome=data.outcome.value,
                agent=actor.name,
                notes=data.notes,
                consent_record_id=decision.consent_record_id,
            ),
        )
        self._audit(
            session,
            "follow_up.attempt",
            decision,
            subject_id=subject_id,
            channel=data.channel,
            actor=actor,
            record_ids=[attempt.id],
            details={"outcome": attempt.outcome},
        )
        if data.outcome is Outcome.REFUSED and self.rules.refusal_sets_do_not_contact:
            # The subject said no to being called: honour it until someone deliberately clears the flag.
            self.set_do_not_contact(
                session, subject_id=subject_id, active=True, reason=REFUSAL_REASON, actor=actor, at=at
            )
        return attempt

    def attempts(self, session: Session, subject_id: str) -> list[FollowUpAttempt]:
        return repository.attempts(session, subject_id)

    def overview(
        self, session: Session, subject_id: str, *, actor: Actor
    ) -> tuple[list[FollowUpAttempt], DoNotContact | None]:
        """Attempts and flag for a person looking at them; the access is audited ("follow_up.read")."""
        attempts, flag = (
            repository.attempts(session, subject_id),
            repository.do_not_contact(session, subject_id),
        )
        self.consent.audit.append(
            session,
            AuditEvent(
                action="follow_up.read",
                actor=actor,
                subject_ref=self.consent.audit.subject_ref(subject_id),
                purpose=self.rules.purpose,
                decision="ok",
                details={"attempts": len(attempts)},
            ),
        )
        return attempts, flag

    def do_not_contact(self, session: Session, subject_id: str) -> DoNotContact | None:
        return repository.do_not_contact(session, subject_id)

    def set_do_not_contact(
        self,
        session: Session,
        *,
        subject_id: str,
        active: bool,
        reason: str | None,
        actor: Actor,
        at: datetime | None = None,
    ) -> DoNotContact:
        """Set or clear the flag (audited). `reason` is a short code, not free text."""
        if reason is not None and (
            len(reason) > MAX_REASON_LENGTH or not reason.replace("_", "").isalnum() or not reason.isascii()
        ):
            raise InvalidInput("reason must be a short code of letters, digits and underscores")
        flag = repository.set_do_not_contact(
            session,
            subject_id=subject_id,
            active=active,
            reason=reason,
            at=as_utc(at or utcnow()),
            by=actor.name,
        )
        self.consent.audit.append(
            session,
            AuditEvent(
                action="follow_up.do_not_contact",
                actor=actor,
                subject_ref=self.consent.audit.subject_ref(subject_id),
                purpose=self.rules.purpose,
                decision="ok",
                reason=reason,
                details={"active": active},
            ),
        )
        return flag
