"""FastAPI dependencies: the process's services, a per-request transaction, and role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from privacy_gateway.apikeys.service import authenticate
from privacy_gateway.bootstrap import Services
from privacy_gateway.errors import Forbidden, Unauthenticated
from privacy_gateway.types import Actor


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed when the endpoint returns — before the response is sent,
    so a 2xx means the data is durable — and rolled back on any error."""
    services = get_services(request)
    with services.session_factory() as session, session.begin():
        yield session


# Always use SessionDep (never a bare Depends(get_session)): scope="function" makes the commit run when
# the endpoint returns, not after the response has gone out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ServicesDep = Annotated[Services, Depends(get_services)]


def bearer_key(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthenticated("missing bearer API key")
    return key.strip()


def current_actor(request: Request, session: SessionDep) -> Actor:
    actor = authenticate(session, bearer_key(request))
    request.state.actor = actor
    return actor


def require_roles(*roles: str) -> Callable[..., Actor]:
    """Dependency factory: the authenticated actor, if its role is one of `roles` (else 403)."""
    allowed = frozenset(roles)

    def dependency(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if allowed and actor.role not in allowed:
            raise Forbidden(f"role {actor.role!r} may not call this endpoint")
        return actor

    return dependency


ANY_ROLE: tuple[str, ...] = ()
