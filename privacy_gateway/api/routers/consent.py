"""Consent registry and follow-up (回访) contact over HTTP.

    PUT  /v1/subjects/{subject_id}/consents/{purpose}   admin, ingest      record a grant or withdrawal
    GET  /v1/subjects/{subject_id}/consents             agent, compliance, admin   current state + history
    POST /v1/consent-checks                             any role           allowed + reason (audited)
    POST /v1/subjects/{subject_id}/follow-ups/check     agent, admin       may I contact now?
    POST /v1/subjects/{subject_id}/follow-ups           agent, admin       record an attempt (403 if refused)
    GET  /v1/subjects/{subject_id}/follow-ups           agent, compliance, admin
    PUT  /v1/subjects/{subject_id}/do-not-contact       agent, admin

A refused follow-up attempt is audited before the 403: the audit entry is committed first, because the
request transaction would otherwise roll it back with the error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from privacy_gateway.api.deps import ANY_ROLE, ServicesDep, SessionDep, require_roles
from privacy_gateway.consent.schemas import ConsentState, FollowUpIn, Outcome
from privacy_gateway.errors import ConsentDenied
from privacy_gateway.fields import UtcDateTime
from privacy_gateway.storage.models import ConsentRecord, DoNotContact, FollowUpAttempt
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1", tags=["consent"])

SubjectId = Annotated[str, Path(min_length=1, max_length=200)]
PurposeName = Annotated[str, Path(min_length=1, max_length=64)]

WriterActor = Annotated[Actor, Depends(require_roles(Role.ADMIN, Role.INGEST))]
ReaderActor = Annotated[Actor, Depends(require_roles(Role.AGENT, Role.COMPLIANCE, Role.ADMIN))]
AnyActor = Annotated[Actor, Depends(require_roles(*ANY_ROLE))]
ContactActor = Annotated[Actor, Depends(require_roles(Role.AGENT, Role.ADMIN))]


class ConsentBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    channel: str = Field(min_length=1, max_length=32, examples=["phone"])
    granted: bool
    notice_version: str = Field(min_length=1, max_length=32, examples=["2024.10"])
    source: str = Field(min_length=1, max_length=200, examples=["app:privacy-settings"])
    expires_at: Annotated[UtcDateTime | None, Field(strict=False)] = None
    separate: bool = Field(default=False, description="Given as a separate consent (PIPL 单独同意).")


class ConsentRecordOut(BaseModel):
    id: str
    subject_id: str
    purpose: str
    channel: str
    granted: bool
    separate: bool
    notice_version: str
    source: str
    granted_at: datetime | None
    withdrawn_at: datetime | None
    expires_at: datetime | None
    recorded_at: datetime
    recorded_by: str

    @classmethod
    def of(cls, row: ConsentRecord) -> ConsentRecordOut:
        return cls.model_validate(row, from_attributes=True)


class CurrentOut(BaseModel):
    purpose: str
    channel: str
    allowed: bool
    reason: str
    record_id: str


class ConsentsOut(BaseModel):
    subject_id: str
    current: list[CurrentOut]
    history: list[ConsentRecordOut]


class CheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    subject_id: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=64)
    channel: str = Field(min_length=1, max_length=32)


class CheckOut(BaseModel):
    allowed: bool
    reason: str
    record_id: str | None = None


class FollowUpCheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    channel: str = Field(min_length=1, max_length=32, examples=["phone"])


class FollowUpCheckOut(BaseModel):
    allowed: bool
    reason: str
    consent_record_id: str | None
    next_allowed_at: datetime | None


class FollowUpBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    channel: str = Field(min_length=1, max_length=32, examples=["phone"])
    outcome: Annotated[Outcome, Field(strict=False)]
    notes: str | None = Field(
        default=None,
        max_length=500,
        description="No personal data: notes in which PII is detected are refused.",
    )


class AttemptOut(BaseModel):
    id: str
    subject_id: str
    channel: str
    attempted_at: datetime
    outcome: str
    agent: str
    notes: str | None
    consent_record_id: str | None

    @classmethod
    def of(cls, row: FollowUpAttempt) -> AttemptOut:
        return cls.model_validate(row, from_attributes=True)


class DoNotContactBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    active: bool
    reason: str | None = Field(default=None, max_length=64, examples=["asked_by_phone"])


class DoNotContactOut(BaseModel):
    subject_id: str
    active: bool
    reason: str | None
    updated_at: datetime | None
    updated_by: str | None

    @classmethod
    def of(cls, subject_id: str, flag: DoNotContact | None) -> DoNotContactOut:
        if flag is None:
            return cls(subject_id=subject_id, active=False, reason=None, updated_at=None, updated_by=None)
        return cls(
            subject_id=subject_id,
            active=flag.active,
            reason=flag.reason,
            updated_at=flag.updated_at,
            updated_by=flag.updated_by,
        )


class FollowUpsOut(BaseModel):
    subject_id: str
    do_not_contact: DoNotContactOut
    items: list[AttemptOut]


def _current(state: ConsentState) -> CurrentOut:
    return CurrentOut(
        purpose=state.purpose,
        channel=state.channel,
        allowed=state.decision.allowed,
        reason=state.decision.reason,
        record_id=state.record_id,
    )


@router.put("/subjects/{subject_id}/consents/{purpose}", response_model=ConsentRecordOut)
def put_consent(
    subject_id: SubjectId,
    purpose: PurposeName,
    body: ConsentBody,
    actor: WriterActor,
    session: SessionDep,
    services: ServicesDep,
) -> ConsentRecordOut:
    """Append a grant (granted=true) or a withdrawal (granted=false); a withdrawal counts from the next
    check on. History is never rewritten. Unknown purpose or channel: 422."""
    row = services.consent.record(
        session,
        subject_id=subject_id,
        purpose=purpose,
        channel=body.channel,
        granted=body.granted,
        notice_version=body.notice_version,
        source=body.source,
        expires_at=body.expires_at,
        separate=body.separate,
        actor=actor,
    )
    return ConsentRecordOut.of(row)


@router.get("/subjects/{subject_id}/consents", response_model=ConsentsOut)
def get_consents(
    subject_id: SubjectId, actor: ReaderActor, session: SessionDep, services: ServicesDep
) -> ConsentsOut:
    """The record in force per (purpose, channel), evaluated now, and the full history (oldest first)."""
    states, history = services.consent.overview(session, subject_id, actor=actor)
    return ConsentsOut(
        subject_id=subject_id,
        current=[_current(s) for s in states],
        history=[ConsentRecordOut.of(r) for r in history],
    )


@router.post("/consent-checks", response_model=CheckOut)
def check_consent(body: CheckBody, actor: AnyActor, session: SessionDep, services: ServicesDep) -> CheckOut:
    """Is there a valid consent for (subject, purpose, channel) now? Every check is audited."""
    decision = services.consent.check(
        session, subject_id=body.subject_id, purpose=body.purpose, channel=body.channel, actor=actor
    )
    return CheckOut(allowed=decision.allowed, reason=decision.reason, record_id=decision.record_id)


@router.post("/subjects/{subject_id}/follow-ups/check", response_model=FollowUpCheckOut)
def check_follow_up(
    subject_id: SubjectId,
    body: FollowUpCheckBody,
    actor: ContactActor,
    session: SessionDep,
    services: ServicesDep,
) -> FollowUpCheckOut:
    """May the agent contact the subject over this channel now? Consent plus the follow-up rules."""
    decision = services.consent.follow_ups.check(
        session, subject_id=subject_id, channel=body.channel, actor=actor
    )
    return FollowUpCheckOut(
        allowed=decision.allowed,
        reason=decision.reason,
        consent_record_id=decision.consent_record_id,
        next_allowed_at=decision.next_allowed_at,
    )


@router.post("/subjects/{subject_id}/follow-ups", status_code=201, response_model=AttemptOut)
def record_follow_up(
    subject_id: SubjectId, body: FollowUpBody, actor: ContactActor, session: SessionDep, services: ServicesDep
) -> AttemptOut:
    """Record an attempt made now and its outcome; 403 with the reason if the rules do not allow it."""
    data = FollowUpIn(channel=body.channel, outcome=body.outcome, notes=body.notes)
    try:
        attempt = services.consent.follow_ups.record_attempt(
            session, subject_id=subject_id, data=data, actor=actor
        )
    except ConsentDenied:
        session.commit()  # keep the audited refusal
        raise
    return AttemptOut.of(attempt)


@router.get("/subjects/{subject_id}/follow-ups", response_model=FollowUpsOut)
def list_follow_ups(
    subject_id: SubjectId, actor: ReaderActor, session: SessionDep, services: ServicesDep
) -> FollowUpsOut:
    """Every follow-up attempt of the subject (oldest first) and the do-not-contact flag."""
    attempts, flag = services.consent.follow_ups.overview(session, subject_id, actor=actor)
    return FollowUpsOut(
        subject_id=subject_id,
        do_not_contact=DoNotContactOut.of(subject_id, flag),
        items=[AttemptOut.of(a) for a in attempts],
    )


@router.put("/subjects/{subject_id}/do-not-contact", response_model=DoNotContactOut)
def put_do_not_contact(
    subject_id: SubjectId,
    body: DoNotContactBody,
    actor: ContactActor,
    session: SessionDep,
    services: ServicesDep,
) -> DoNotContactOut:
    """Set or clear the subject's do-not-contact flag (audited). `reason` is a short code."""
    flag = services.consent.follow_ups.set_do_not_contact(
        session, subject_id=subject_id, active=body.active, reason=body.reason, actor=actor
    )
    return DoNotContactOut.of(subject_id, flag)
