"""Everything the console shows about one data subject, gathered through the audited service calls.

    consent state + history     ConsentService.overview            audited "consent.read"
    follow-ups + flag           FollowUpService.overview           audited "follow_up.read"
    feedback (masked text)      the latest MAX_FEEDBACK rows       audited "feedback.read" (record ids)
    reveals / erasures          AuditLog.query by subject + action audited "audit.query" each

The raw subject id stays on the server side of the page: it is never put in an address, a log line or
an audit entry (which gets the pseudonym).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent, AuditFilters
from privacy_gateway.bootstrap import Services
from privacy_gateway.consent.schemas import ConsentState
from privacy_gateway.storage.models import ConsentRecord, DoNotContact, Feedback, FollowUpAttempt
from privacy_gateway.types import Actor

MAX_FEEDBACK = 50
MAX_EVENTS = 100
REVEAL_ACTION = "vault.reveal"
ERASE_ACTION = "subject.erase"


@dataclass(frozen=True)
class SubjectProfile:
    subject_id: str
    pseudonym: str
    states: list[ConsentState]
    history: list[ConsentRecord]
    attempts: list[FollowUpAttempt]
    do_not_contact: DoNotContact | None
    feedback: list[Feedback]
    feedback_total: int
    reveals: list[dict[str, object]]
    erasures: list[dict[str, object]]


def _feedback(session: Session, subject_id: str) -> tuple[list[Feedback], int]:
    rows = session.scalars(
        select(Feedback)
        .where(Feedback.subject_id == subject_id)
        .order_by(Feedback.received_at.desc(), Feedback.id.desc())
        .limit(MAX_FEEDBACK)
    )
    total = session.scalar(select(func.count()).where(Feedback.subject_id == subject_id)) or 0
    return list(rows), int(total)


def _events(
    services: Services, session: Session, actor: Actor, subject_id: str, action: str
) -> list[dict[str, object]]:
    filters = AuditFilters(subject_id=subject_id, action=action)
    page = services.audit.query(session, filters, None, MAX_EVENTS, descending=True)
    services.audit.record_access(
        session, actor, action="audit.query", filters=filters, details={"returned": len(page.items)}
    )
    return page.items


def load_profile(services: Services, session: Session, subject_id: str, *, actor: Actor) -> SubjectProfile:
    states, history = services.consent.overview(session, subject_id, actor=actor)
    attempts, flag = services.consent.follow_ups.overview(session, subject_id, actor=actor)
    feedback, total = _feedback(session, subject_id)
    pseudonym = services.audit.subject_ref(subject_id)
    services.audit.append(
        session,
        AuditEvent(
            action="feedback.read",
            actor=actor,
            subject_ref=pseudonym,
            decision="ok",
            reason="compliance_review",
            record_ids=[row.id for row in feedback],
            details={"records": len(feedback), "total": total, "masked_only": True},
        ),
    )
    return SubjectProfile(
        subject_id=subject_id,
        pseudonym=pseudonym,
        states=states,
        history=history,
        attempts=attempts,
        do_not_contact=flag,
        feedback=feedback,
        feedback_total=total,
        reveals=_events(services, session, actor, subject_id, REVEAL_ACTION),
        erasures=_events(services, session, actor, subject_id, ERASE_ACTION),
    )
