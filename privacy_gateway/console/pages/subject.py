"""The data subject view and the erasure request — by POST only, so that a typed user id never lands in
an address, the browser history or an access log.

    GET  /console/subject           the look-up form
    POST /console/subject           subject_id -> consent state and history, follow-ups, masked feedback,
                                    reveals and erasures (profile.py; every part audited)
    POST /console/subject/erase     admin: subject_id, reason, ticket?, confirm -> the erasure use-case
                                    of DELETE /v1/subjects/{id} (vault shredding + consent history under
                                    a pseudonym; audited "subject.erase" and "consent.forget")
"""

from __future__ import annotations

from fastapi import Request, Response

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.console.deps import CheckedFormDep, UserDep
from privacy_gateway.console.profile import load_profile
from privacy_gateway.console.templating import render
from privacy_gateway.console.web import console_router
from privacy_gateway.errors import Forbidden, InvalidInput
from privacy_gateway.redaction import erasure
from privacy_gateway.vault.validation import MAX_REASON_CHARS

router = console_router()

MAX_SUBJECT_CHARS = 200
MAX_TICKET_CHARS = 64


@router.get("/subject")
def lookup_form(request: Request, user: UserDep) -> Response:
    return render(request, "subject_lookup.html", user=user)


@router.post("/subject")
def subject_view(
    request: Request, user: UserDep, form: CheckedFormDep, session: SessionDep, services: ServicesDep
) -> Response:
    subject_id = form.text("subject_id", max_chars=MAX_SUBJECT_CHARS, required=True)
    assert subject_id is not None  # narrowing: required=True raises before  # nosec B101
    profile = load_profile(services, session, subject_id, actor=user.actor)
    return render(request, "subject.html", {"profile": profile}, user=user)


@router.post("/subject/erase")
def erase_subject(
    request: Request, user: UserDep, form: CheckedFormDep, session: SessionDep, services: ServicesDep
) -> Response:
    if not user.is_admin:
        raise Forbidden("only an admin may erase a subject")
    subject_id = form.text("subject_id", max_chars=MAX_SUBJECT_CHARS, required=True)
    reason = form.text("reason", max_chars=MAX_REASON_CHARS, required=True)
    ticket = form.text("ticket", max_chars=MAX_TICKET_CHARS)
    if form.get("confirm") != "yes":
        raise InvalidInput("tick the confirmation box to erase", code="not_confirmed")
    assert subject_id is not None and reason is not None  # narrowing: required fields  # nosec B101
    counts = erasure.erase_subject(
        session,
        vault=services.vault,
        consent=services.consent,
        subject_id=subject_id,
        actor=user.actor,
        reason=reason,
        ticket=ticket,
    )
    context = {
        "subject_id": subject_id,
        "pseudonym": services.audit.subject_ref(subject_id),
        "counts": counts,
        "ticket": ticket,
    }
    return render(request, "subject_erased.html", context, user=user)
