"""Reading stored feedback for a purpose, through the reuse gate.

    GET /v1/feedback/{feedback_id}?purpose=P        agent, analyst, compliance, admin
    GET /v1/feedback?purpose=P&cursor=&limit=       agent, analyst, compliance, admin

A record is returned when it was collected for P, or its subject holds a valid consent for P now.
A single read is otherwise refused (403 consent_denied with the reason); a listing silently leaves the
record out. Only masked text is ever returned; analysts get no subject ids.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from privacy_gateway.api.deps import ServicesDep, SessionDep, require_roles
from privacy_gateway.errors import ConsentDenied, InvalidInput, NotFound
from privacy_gateway.storage.models import Feedback
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1", tags=["feedback"])

ReaderActor = Annotated[Actor, Depends(require_roles(Role.AGENT, Role.ANALYST, Role.COMPLIANCE, Role.ADMIN))]
Purpose = Annotated[str, Query(min_length=1, max_length=64, description="What the data will be used for.")]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Stop scanning after this many rows per request even if the page is not full (most rows refused):
# the caller follows next_cursor.
MAX_SCAN = 10_000


class EntityOut(BaseModel):
    entity_type: str
    start: int
    end: int


class FeedbackItemOut(BaseModel):
    id: str
    subject_id: str | None
    channel: str
    purpose: str
    category: str | None
    text: str
    entities: list[EntityOut]
    policy: str
    policy_version: str
    occurred_at: datetime | None
    received_at: datetime


class FeedbackPageOut(BaseModel):
    items: list[FeedbackItemOut]
    next_cursor: str | None


def _item(row: Feedback, actor: Actor) -> FeedbackItemOut:
    return FeedbackItemOut(
        id=row.id,
        # Analysts work on de-identified data: the direct identifier stays out of their view.
        subject_id=None if actor.role == Role.ANALYST else row.subject_id,
        channel=row.channel,
        purpose=row.purpose,
        category=row.category,
        text=row.masked_text,
        entities=[
            EntityOut(entity_type=e["entity_type"], start=e["start"], end=e["end"])
            for e in row.entities or []
        ],
        policy=row.policy,
        policy_version=row.policy_version,
        occurred_at=row.occurred_at,
        received_at=row.received_at,
    )


def encode_cursor(position: tuple[datetime, str]) -> str:
    raw = json.dumps({"t": position[0].isoformat(), "id": position[1]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw: Any = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = datetime.fromisoformat(raw["t"])
        if moment.tzinfo is None or not isinstance(raw["id"], str):
            raise ValueError
        return moment, raw["id"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput("invalid cursor") from None


def _scan(session: Session, after: tuple[datetime, str] | None, size: int) -> list[Feedback]:
    query = select(Feedback).where(Feedback.erased_at.is_(None))
    if after is not None:
        moment, fid = after
        query = query.where(
            or_(Feedback.received_at > moment, and_(Feedback.received_at == moment, Feedback.id > fid))
        )
    return list(session.scalars(query.order_by(Feedback.received_at, Feedback.id).limit(size)))


@router.get("/feedback/{feedback_id}", response_model=FeedbackItemOut)
def read_feedback(
    feedback_id: Annotated[str, Path(min_length=1, max_length=64)],
    purpose: Purpose,
    actor: ReaderActor,
    session: SessionDep,
    services: ServicesDep,
) -> FeedbackItemOut:
    """One masked record, if collected for `purpose` or its subject consents to `purpose` now (else 403)."""
    row = session.get(Feedback, feedback_id)
    if row is None or row.erased_at is not None:
        raise NotFound("feedback not found")
    try:
        services.consent.gate.read(session, row, purpose=purpose, actor=actor)
    except ConsentDenied:
        session.commit()  # keep the audited refusal
        raise
    return _item(row, actor)


@router.get("/feedback", response_model=FeedbackPageOut)
def list_feedback(
    purpose: Purpose,
    actor: ReaderActor,
    session: SessionDep,
    services: ServicesDep,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> FeedbackPageOut:
    """Masked records usable for `purpose`, oldest first (keyset pagination); the others are left out."""
    services.consent.gate.ensure_known(purpose)
    after = decode_cursor(cursor) if cursor else None
    items: list[Feedback] = []
    scanned = 0
    exhausted = False
    while len(items) < limit and scanned < MAX_SCAN:
        batch = _scan(session, after, min(max(limit * 2, 100), MAX_SCAN - scanned))
        if not batch:
            exhausted = True
            break
        kept = {r.id for r in services.consent.gate.filter(session, batch, purpose=purpose, actor=actor)}
        for row in batch:
            scanned += 1
            after = (row.received_at, row.id)
            if row.id in kept:
                items.append(row)
                if len(items) == limit:
                    break
    next_cursor = None
    if not exhausted and after is not None and _scan(session, after, 1):
        next_cursor = encode_cursor(after)
    return FeedbackPageOut(items=[_item(r, actor) for r in items], next_cursor=next_cursor)
