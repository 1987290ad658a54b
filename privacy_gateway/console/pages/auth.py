"""Sign-in, sign-out and the language switch.

    GET  /console/login     the form (already signed in: to the overview)
    POST /console/login     api_key + csrf_token -> session cookie, 303 to /console/
    POST /console/logout    ends the session server-side, 303 to the sign-in page
    POST /console/lang      lang=zh|en, next=/console/... -> language cookie, 303 back

Before sign-in there is no session to hold a CSRF token, so those forms use a double-submit token: a
random value in an HttpOnly, SameSite=Strict cookie that the form must send back. Sign-ins and
refusals of a known key are audited ("console.login"); an unknown key is not (it names no actor).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.apikeys.service import authenticate
from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.console.deps import CSRF_FIELD, CheckedFormDep, FormDep, UserDep, session_store
from privacy_gateway.console.messages import pick_lang
from privacy_gateway.console.sessions import SessionEnded, csrf_matches
from privacy_gateway.console.templating import (
    COOKIE_PATH,
    LANG_COOKIE,
    PRELOGIN_COOKIE,
    render,
    secure_cookie,
)
from privacy_gateway.console.web import SESSION_COOKIE, CsrfRejected, console_router
from privacy_gateway.errors import Unauthenticated
from privacy_gateway.storage.base import utcnow
from privacy_gateway.types import Role

router = console_router()

CONSOLE_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})
MAX_KEY_CHARS = 200
SAFE_NEXT = re.compile(r"^/console/[A-Za-z0-9/_.\-?=&%+]*$")
LANG_COOKIE_DAYS = 365

EndedReason = Literal["missing", "idle", "absolute", "revoked"]


def _prelogin_ok(request: Request, given: str | None) -> bool:
    return csrf_matches(request.cookies.get(PRELOGIN_COOKIE, ""), given)


@router.get("/login")
def login_form(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    ended: Annotated[EndedReason | None, Query()] = None,
    bye: Annotated[bool, Query()] = False,
) -> Response:
    try:
        session_store(services.settings).load(session, request.cookies.get(SESSION_COOKIE), now=utcnow())
    except SessionEnded:
        notice = "login.logged_out" if bye else (f"login.ended.{ended}" if ended else None)
        return render(request, "login.html", {"notice": notice, "error": None})
    return RedirectResponse("/console/", status_code=303)


@router.post("/login")
def login(request: Request, form: FormDep, session: SessionDep, services: ServicesDep) -> Response:
    if not _prelogin_ok(request, form.get(CSRF_FIELD)):
        raise CsrfRejected()
    key = form.text("api_key", max_chars=MAX_KEY_CHARS) or ""
    try:
        actor = authenticate(session, key)
    except Unauthenticated:
        return render(request, "login.html", {"notice": None, "error": ("login.bad_key", {})}, status=401)
    if actor.role not in CONSOLE_ROLES:
        services.audit.append(
            session,
            AuditEvent(action="console.login", actor=actor, decision="deny", reason="role_not_allowed"),
        )
        session.commit()  # keep the audited refusal; nothing else was written
        error = ("login.wrong_role", {"role": actor.role})
        return render(request, "login.html", {"notice": None, "error": error}, status=403)
    token, _row = session_store(services.settings).start(session, actor, now=utcnow())
    services.audit.append(session, AuditEvent(action="console.login", actor=actor, decision="allow"))
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        path=COOKIE_PATH,
    )
    response.delete_cookie(PRELOGIN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout")
def logout(
    request: Request, user: UserDep, _form: CheckedFormDep, session: SessionDep, services: ServicesDep
) -> Response:
    session_store(services.settings).end(session, request.cookies.get(SESSION_COOKIE))
    services.audit.append(session, AuditEvent(action="console.logout", actor=user.actor, decision="ok"))
    response = RedirectResponse("/console/login?bye=true", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/lang")
def switch_language(request: Request, form: FormDep, session: SessionDep, services: ServicesDep) -> Response:
    """Any console form's CSRF token is accepted: the session's, or the pre-sign-in one."""
    given = form.get(CSRF_FIELD)
    allowed = _prelogin_ok(request, given)
    if not allowed:
        try:
            row = session_store(services.settings).load(
                session, request.cookies.get(SESSION_COOKIE), now=utcnow()
            )
            allowed = csrf_matches(row.csrf_token, given)
        except SessionEnded:
            allowed = False
    if not allowed:
        raise CsrfRejected()
    target = form.get("next", "")
    response = RedirectResponse(target if SAFE_NEXT.match(target) else "/console/", status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        pick_lang(form.get("lang")),
        max_age=LANG_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        path=COOKIE_PATH,
    )
    return response
