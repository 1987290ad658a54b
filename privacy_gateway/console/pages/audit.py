"""Audit search, entry detail and export — the console face of GET /v1/audit and /v1/audit/export.

    POST /console/audit                  the search form -> 303 to GET with the filters in the address;
                                         a typed user id is replaced by its pseudonym first
    GET  /console/audit?subject_ref=&actor=&action=&purpose=&decision=&since=&until=&cursor=&limit=
    GET  /console/audit/entries/{seq}    one entry: seq, hashes, records, details
    GET  /console/audit/export?format=csv|jsonl&<filters>

Post/redirect/get keeps raw subject ids out of addresses, history and server logs while leaving the
result pages linkable (by pseudonym) and the Back button working. Each read is audited exactly as the
API audits it ("audit.query", "audit.export" with the names of the filters used, never their values).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Depends, Path, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.audit.guard import PSEUDONYM
from privacy_gateway.audit.query import encode_cursor
from privacy_gateway.audit.schemas import AuditFilters
from privacy_gateway.console import timefmt
from privacy_gateway.console.deps import CheckedFormDep, UserDep
from privacy_gateway.console.messages import CATALOGUE
from privacy_gateway.console.templating import console_zone, render
from privacy_gateway.console.web import console_router
from privacy_gateway.errors import InvalidInput

router = console_router()

PAGE_SIZES = (25, 50, 100)
DECISIONS = ("allow", "deny", "ok", "error")
FILTER_FIELDS = ("subject_ref", "actor", "action", "purpose", "decision", "since", "until")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_CHARS = 64 * 1024
MAX_SUBJECT_CHARS = 200
# Offered as suggestions in the action field: every action the catalogue has a label for.
ACTIONS = sorted(key.removeprefix("action.") for key in CATALOGUE if key.startswith("action."))

Short = Annotated[str | None, Query(max_length=200)]
TimeText = Annotated[str | None, Query(max_length=32)]


def search_params(
    subject_ref: Annotated[str | None, Query(max_length=35)] = None,
    actor: Short = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    purpose: Annotated[str | None, Query(max_length=64)] = None,
    decision: Annotated[str | None, Query(max_length=32)] = None,
    since: TimeText = None,
    until: TimeText = None,
) -> dict[str, str]:
    given = {
        "subject_ref": subject_ref,
        "actor": actor,
        "action": action,
        "purpose": purpose,
        "decision": decision,
        "since": since,
        "until": until,
    }
    return {name: value.strip() for name, value in given.items() if value and value.strip()}


def to_filters(params: dict[str, str], request: Request) -> AuditFilters:
    tz = console_zone(request)
    return AuditFilters(
        subject_ref=params.get("subject_ref"),
        actor=params.get("actor"),
        action=params.get("action"),
        purpose=params.get("purpose"),
        decision=params.get("decision"),
        since=timefmt.parse_local(params.get("since"), tz),
        until=timefmt.parse_local(params.get("until"), tz),
    )


ParamsDep = Annotated[dict[str, str], Depends(search_params)]


@router.post("/audit")
def submit_search(form: CheckedFormDep, _user: UserDep, services: ServicesDep) -> Response:
    """Turn the typed filters into an address: the subject becomes its pseudonym here."""
    params: dict[str, str] = {}
    subject = form.text("subject", max_chars=MAX_SUBJECT_CHARS)
    if subject:
        params["subject_ref"] = subject if PSEUDONYM.match(subject) else services.audit.subject_ref(subject)
    for name in FILTER_FIELDS[1:]:
        value = form.text(name, max_chars=200)
        if value:
            params[name] = value
    size = form.get("limit", "")
    if size.isdigit() and int(size) in PAGE_SIZES and int(size) != PAGE_SIZES[0]:
        params["limit"] = size
    return RedirectResponse("/console/audit" + (f"?{urlencode(params)}" if params else ""), status_code=303)


@router.get("/audit")
def search(
    request: Request,
    user: UserDep,
    session: SessionDep,
    services: ServicesDep,
    params: ParamsDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = PAGE_SIZES[0],
) -> Response:
    error: str | None = None
    items: list[dict[str, object]] = []
    next_cursor: str | None = None
    try:
        filters = to_filters(params, request)
        page = services.audit.query(session, filters, cursor, limit, descending=True)
        services.audit.record_access(
            session, user.actor, action="audit.query", filters=filters, details={"returned": len(page.items)}
        )
        items, next_cursor = page.items, page.next_cursor
    except InvalidInput as exc:
        error = exc.message
    keep = {**params, **({"limit": str(limit)} if limit != PAGE_SIZES[0] else {})}
    context = {
        "params": params,
        "items": items,
        "error": error,
        "limit": limit,
        "page_sizes": PAGE_SIZES,
        "purposes": services.consent.purposes,
        "decisions": DECISIONS,
        "actions": ACTIONS,
        "query": urlencode(keep),
        "export_query": urlencode(params),
        "next_query": urlencode({**keep, "cursor": next_cursor}) if next_cursor else None,
        "paged": cursor is not None,
    }
    return render(request, "audit_search.html", context, user=user, status=422 if error else 200)


@router.get("/audit/entries/{seq}")
def entry(
    request: Request,
    seq: Annotated[int, Path(ge=1, le=2**53)],
    user: UserDep,
    session: SessionDep,
    services: ServicesDep,
) -> Response:
    page = services.audit.query(session, AuditFilters(), encode_cursor(seq - 1, descending=False), 2)
    found = page.items[0] if page.items and page.items[0]["seq"] == seq else None
    services.audit.record_access(
        session, user.actor, action="audit.query", details={"returned": 1 if found else 0, "seq": seq}
    )
    context = {
        "seq": seq,
        "entry": found,
        "has_next": found is not None and len(page.items) > 1,
    }
    return render(request, "audit_entry.html", context, user=user, status=200 if found else 404)


def _chunks(spool: tempfile.SpooledTemporaryFile[str]) -> Iterator[bytes]:
    with spool:
        spool.seek(0)
        while chunk := spool.read(CHUNK_CHARS):
            yield chunk.encode("utf-8")


@router.get("/audit/export")
def export(
    request: Request,
    user: UserDep,
    session: SessionDep,
    services: ServicesDep,
    params: ParamsDep,
    fmt: Annotated[Literal["csv", "jsonl"], Query(alias="format")] = "csv",
) -> Response:
    """Every matching entry, oldest first, as the API's export (same writer, same audit entry)."""
    filters = to_filters(params, request)
    spool: tempfile.SpooledTemporaryFile[str] = tempfile.SpooledTemporaryFile(
        max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
    )
    try:
        count = services.audit.export(session, filters, fmt=fmt, out=spool)
        services.audit.record_access(
            session,
            user.actor,
            action="audit.export",
            filters=filters,
            details={"format": fmt, "returned": count},
        )
    except BaseException:
        spool.close()
        raise
    headers = {"Content-Disposition": f'attachment; filename="audit-export.{fmt}"'}
    return StreamingResponse(_chunks(spool), media_type=MEDIA_TYPES[fmt], headers=headers)
