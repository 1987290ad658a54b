"""Console dependencies: the signed-in user (server-side session), form bodies and their CSRF check."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.console.forms import FormData, parse_form
from privacy_gateway.console.sessions import SessionStore, Timeouts, csrf_matches
from privacy_gateway.console.templating import ConsoleUser
from privacy_gateway.console.web import SESSION_COOKIE, CsrfRejected
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import utcnow
from privacy_gateway.types import Actor

CSRF_FIELD = "csrf_token"


def session_store(settings: Settings) -> SessionStore:
    return SessionStore(
        Timeouts(
            idle=timedelta(seconds=settings.console_idle_timeout_seconds),
            absolute=timedelta(seconds=settings.console_absolute_timeout_seconds),
        )
    )


def console_user(request: Request, session: SessionDep, services: ServicesDep) -> ConsoleUser:
    """The user of this request's session cookie; SessionEnded (-> sign-in page) without one."""
    row = session_store(services.settings).load(session, request.cookies.get(SESSION_COOKIE), now=utcnow())
    return ConsoleUser(actor=Actor(name=row.actor_name, role=row.actor_role), csrf_token=row.csrf_token)


UserDep = Annotated[ConsoleUser, Depends(console_user)]


async def form_body(request: Request) -> FormData:
    return parse_form(request.headers.get("content-type"), await request.body())


FormDep = Annotated[FormData, Depends(form_body)]


def checked_form(user: UserDep, form: FormDep) -> FormData:
    """The form of a signed-in user, if it carries the session's CSRF token (else 403)."""
    if not csrf_matches(user.csrf_token, form.get(CSRF_FIELD)):
        raise CsrfRejected()
    return form


CheckedFormDep = Annotated[FormData, Depends(checked_form)]
