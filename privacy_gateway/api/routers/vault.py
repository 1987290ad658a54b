"""POST /v1/feedback/{id}/reveal (agent) and DELETE /v1/subjects/{subject_id} (admin).

Reveal takes any authenticated key and lets the vault refuse other roles, so that a refused attempt is
audited like any other denial. A refusal's audit entry (wrong role, no consent, unknown record,
unreadable key or tampered row) is committed before the error response: the request transaction would
otherwise roll it back with the error.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from privacy_gateway.api.deps import ANY_ROLE, ServicesDep, SessionDep, require_roles
from privacy_gateway.errors import (
    ConsentDenied,
    Forbidden,
    IntegrityError,
    InvalidInput,
    KeyUnavailable,
    NotFound,
)
from privacy_gateway.redaction import erasure
from privacy_gateway.types import Actor, Role
from privacy_gateway.vault.validation import MAX_REASON_CHARS, MAX_SELECTORS

router = APIRouter(prefix="/v1", tags=["vault"])

# Refusals the vault has already written to the audit trail when it raises them.
AUDITED_REFUSALS = (Forbidden, ConsentDenied, NotFound, KeyUnavailable, IntegrityError)


class RevealBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    purpose: str = Field(min_length=1, max_length=64, examples=["follow_up"])
    channel: str = Field(min_length=1, max_length=32, examples=["phone"])
    reason: str = Field(
        min_length=1,
        max_length=MAX_REASON_CHARS,
        description="Why the originals are needed. Not stored: the audit keeps its length and a keyed hash.",
    )
    ticket: str | None = Field(default=None, max_length=64, description="Case reference, e.g. CS-2024-0042.")
    entity_types: list[str] | None = Field(default=None, max_length=MAX_SELECTORS)
    indexes: list[int] | None = Field(default=None, max_length=MAX_SELECTORS)


class RevealedOut(BaseModel):
    index: int
    entity_type: str
    token: str
    value: str


class RevealOut(BaseModel):
    feedback_id: str
    values: list[RevealedOut]


class EraseBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)
    ticket: str | None = Field(default=None, max_length=64)


class EraseOut(BaseModel):
    erased: dict[str, int]


AnyActor = Annotated[Actor, Depends(require_roles(*ANY_ROLE))]
AdminActor = Annotated[Actor, Depends(require_roles(Role.ADMIN))]


@router.post("/feedback/{feedback_id}/reveal", response_model=RevealOut)
def reveal(
    feedback_id: Annotated[str, Path(max_length=64)],
    body: RevealBody,
    actor: AnyActor,
    session: SessionDep,
    services: ServicesDep,
) -> RevealOut:
    """Original values of one record, for role `agent` with a valid consent for (purpose, channel).

    Every attempt is audited (action `vault.reveal`), allowed or denied.
    """
    try:
        revealed = services.vault.reveal(
            session,
            feedback_id=feedback_id,
            actor=actor,
            purpose=body.purpose,
            channel=body.channel,
            reason=body.reason,
            ticket=body.ticket,
            entity_types=body.entity_types,
            indexes=body.indexes,
        )
    except AUDITED_REFUSALS:
        session.commit()
        raise
    return RevealOut(
        feedback_id=feedback_id,
        values=[
            RevealedOut(index=r.index, entity_type=r.entity_type, token=r.token, value=r.value)
            for r in revealed
        ],
    )


@router.delete("/subjects/{subject_id}", response_model=EraseOut)
def erase_subject(
    subject_id: Annotated[str, Path(min_length=1, max_length=200)],
    actor: AdminActor,
    session: SessionDep,
    services: ServicesDep,
    body: Annotated[EraseBody | None, Body()] = None,
    reason: Annotated[str | None, Query(max_length=MAX_REASON_CHARS)] = None,
    ticket: Annotated[str | None, Query(max_length=64)] = None,
) -> EraseOut:
    """Erase a subject (crypto-shredding): their data key and vault entries are destroyed and their
    feedback rows emptied; their consent history is kept only under a pseudonym. Idempotent.
    The reason comes in the JSON body or the `reason` query parameter."""
    if body is not None and reason is not None:
        raise InvalidInput("give the reason in the body or in the query, not both")
    if body is not None:
        reason, ticket = body.reason, body.ticket
    if reason is None:
        raise InvalidInput('a reason is required (JSON body {"reason": ...} or ?reason=...)')
    counts = erasure.erase_subject(
        session,
        vault=services.vault,
        consent=services.consent,
        subject_id=subject_id,
        actor=actor,
        reason=reason,
        ticket=ticket,
    )
    return EraseOut(erased=counts)
