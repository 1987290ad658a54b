"""The audit trail over HTTP. Every read of the trail is itself appended to it.

GET  /v1/audit                     compliance           filtered entries, cursor pagination
GET  /v1/audit/export?format=      compliance           CSV or JSON Lines of the filtered entries
GET  /v1/audit/verify              compliance, admin    re-hash the chain against its checkpoints
POST /v1/audit/verify              compliance, admin    the same, plus checkpoints kept elsewhere
GET  /v1/audit/checkpoints         compliance, admin    signed checkpoints + public keys (keep a copy)
POST /v1/audit/checkpoints         compliance, admin    sign the current head now
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from privacy_gateway.api.deps import ServicesDep, SessionDep, require_roles
from privacy_gateway.audit.checkpoint import parse_export_document
from privacy_gateway.audit.schemas import AuditFilters
from privacy_gateway.fields import UtcDateTime
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])

ComplianceActor = Annotated[Actor, Depends(require_roles(Role.COMPLIANCE))]
OverseerActor = Annotated[Actor, Depends(require_roles(Role.COMPLIANCE, Role.ADMIN))]

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
SPOOL_BYTES = 8 * 1024 * 1024  # exports larger than this spill to a temporary file, never to memory
CHUNK_CHARS = 64 * 1024


class AuditEntryOut(BaseModel):
    seq: int
    ts: str  # the chain's own format: YYYY-MM-DDTHH:MM:SS.ffffffZ
    actor_name: str
    actor_role: str
    action: str
    subject_ref: str | None
    purpose: str | None
    channel: str | None
    decision: str | None
    reason: str | None
    policy_version: str | None
    entity_counts: dict[str, int]
    record_ids: list[str]
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPageOut(BaseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None


class CheckpointOut(BaseModel):
    seq: int
    head_hash: str
    ts: str
    key_id: str
    signature: str


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    first_bad_seq: int | None
    reason: str | None
    head_hash: str | None
    last_checkpoint: CheckpointOut | None
    checkpoints: int


class CheckpointsOut(BaseModel):
    format: str
    public_keys: dict[str, str]
    checkpoints: list[CheckpointOut]


def audit_filters(
    subject_id: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Raw subject id; matched by pseudonym.")
    ] = None,
    subject_ref: Annotated[
        str | None, Query(min_length=35, max_length=35, description="A pseudonym.")
    ] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=200, description="API key name.")] = None,
    action: Annotated[
        str | None, Query(min_length=1, max_length=64, description="Exact, or a prefix ending in '.*'.")
    ] = None,
    purpose: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    decision: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
    since: Annotated[UtcDateTime | None, Query(description="RFC 3339, inclusive.")] = None,
    until: Annotated[UtcDateTime | None, Query(description="RFC 3339, exclusive.")] = None,
) -> AuditFilters:
    return AuditFilters(
        subject_id=subject_id,
        subject_ref=subject_ref,
        actor=actor,
        action=action,
        purpose=purpose,
        decision=decision,
        since=since,
        until=until,
    )


FiltersDep = Annotated[AuditFilters, Depends(audit_filters)]


@router.get("", response_model=AuditPageOut)
def list_entries(
    who: ComplianceActor,
    session: SessionDep,
    services: ServicesDep,
    filters: FiltersDep,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    order: Annotated[Literal["asc", "desc"], Query(description="By seq; a cursor keeps its order.")] = "asc",
) -> dict[str, object]:
    """Who did what with whose data, when, under which policy: one page of matching entries."""
    page = services.audit.query(session, filters, cursor, limit, descending=order == "desc")
    services.audit.record_access(
        session, who, action="audit.query", filters=filters, details={"returned": len(page.items)}
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


def _chunks(spool: tempfile.SpooledTemporaryFile[str]) -> Iterator[bytes]:
    with spool:
        spool.seek(0)
        while chunk := spool.read(CHUNK_CHARS):
            yield chunk.encode("utf-8")


@router.get("/export", response_class=StreamingResponse)
def export_entries(
    who: ComplianceActor,
    session: SessionDep,
    services: ServicesDep,
    filters: FiltersDep,
    fmt: Annotated[Literal["csv", "jsonl"], Query(alias="format", description="csv or jsonl")] = "jsonl",
) -> StreamingResponse:
    """All matching entries, oldest first. A full JSONL export can be verified offline (docs/audit.md)."""
    # Written inside the request transaction (the session closes when this returns), then streamed.
    spool: tempfile.SpooledTemporaryFile[str] = tempfile.SpooledTemporaryFile(
        max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
    )
    try:
        count = services.audit.export(session, filters, fmt=fmt, out=spool)
        services.audit.record_access(
            session, who, action="audit.export", filters=filters, details={"format": fmt, "returned": count}
        )
    except BaseException:
        spool.close()
        raise
    headers = {"Content-Disposition": f'attachment; filename="audit-export.{fmt}"'}
    return StreamingResponse(_chunks(spool), media_type=MEDIA_TYPES[fmt], headers=headers)


def _verify(
    who: Actor, session: SessionDep, services: ServicesDep, anchors: object = None
) -> dict[str, object]:
    checkpoints = parse_export_document(anchors) if anchors is not None else []
    report = services.audit.verify(session, anchors=checkpoints)
    services.audit.record_access(
        session,
        who,
        action="audit.verify",
        details={
            "ok": report.ok,
            "entries": report.entries,
            "first_bad_seq": report.first_bad_seq,
            "anchors": len(checkpoints),
        },
    )
    return report.as_dict()


@router.get("/verify", response_model=VerifyOut)
def verify(who: OverseerActor, session: SessionDep, services: ServicesDep) -> dict[str, object]:
    """Re-hash every entry and check every stored checkpoint; names the first bad seq if any."""
    return _verify(who, session, services)


@router.post("/verify", response_model=VerifyOut)
def verify_with_anchors(
    who: OverseerActor,
    session: SessionDep,
    services: ServicesDep,
    document: Annotated[dict[str, Any], Body(description="A document from GET /v1/audit/checkpoints.")],
) -> dict[str, object]:
    """Like GET, and also against checkpoints exported earlier and kept elsewhere (catches a truncated
    tail even if the stored checkpoints were deleted)."""
    return _verify(who, session, services, document)


@router.get("/checkpoints", response_model=CheckpointsOut)
def list_checkpoints(who: OverseerActor, session: SessionDep, services: ServicesDep) -> dict[str, object]:
    """Every signed checkpoint and the public keys to check them: keep a copy outside this database."""
    document = services.audit.checkpoints_document(session)
    services.audit.record_access(session, who, action="audit.checkpoints")
    return document


@router.post("/checkpoints", response_model=CheckpointOut, status_code=201)
def create_checkpoint(who: OverseerActor, session: SessionDep, services: ServicesDep) -> dict[str, object]:
    """Sign the chain head now (the request's own audit entry included)."""
    services.audit.record_access(session, who, action="audit.checkpoint")
    return services.audit.checkpoint(session).as_dict()
