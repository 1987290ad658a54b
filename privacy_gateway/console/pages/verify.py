"""Chain verification — the console face of /v1/audit/verify and /v1/audit/checkpoints.

    GET  /console/verify                  what it does, and the buttons
    POST /console/verify                  run it: result, last signed checkpoint, first bad entry
    POST /console/verify/checkpoint       sign the chain head now
    GET  /console/verify/checkpoints      every checkpoint + public keys as a JSON download

Audited as the API audits them: "audit.verify" (ok, entries, first_bad_seq, anchors), "audit.checkpoint",
"audit.checkpoints".
"""

from __future__ import annotations

import json

from fastapi import Request, Response

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.console.deps import CheckedFormDep, UserDep
from privacy_gateway.console.templating import render
from privacy_gateway.console.web import console_router

router = console_router()


@router.get("/verify")
def verify_page(request: Request, user: UserDep) -> Response:
    return render(request, "verify.html", {"report": None, "signed": None}, user=user)


@router.post("/verify")
def run_verification(
    request: Request, user: UserDep, _form: CheckedFormDep, session: SessionDep, services: ServicesDep
) -> Response:
    report = services.audit.verify(session)
    services.audit.record_access(
        session,
        user.actor,
        action="audit.verify",
        details={
            "ok": report.ok,
            "entries": report.entries,
            "first_bad_seq": report.first_bad_seq,
            "anchors": 0,
        },
    )
    return render(request, "verify.html", {"report": report, "signed": None}, user=user)


@router.post("/verify/checkpoint")
def sign_checkpoint(
    request: Request, user: UserDep, _form: CheckedFormDep, session: SessionDep, services: ServicesDep
) -> Response:
    services.audit.record_access(session, user.actor, action="audit.checkpoint")
    checkpoint = services.audit.checkpoint(session)
    return render(request, "verify.html", {"report": None, "signed": checkpoint.as_dict()}, user=user)


@router.get("/verify/checkpoints")
def download_checkpoints(user: UserDep, session: SessionDep, services: ServicesDep) -> Response:
    document = services.audit.checkpoints_document(session)
    services.audit.record_access(session, user.actor, action="audit.checkpoints")
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="audit-checkpoints.json"'},
    )
