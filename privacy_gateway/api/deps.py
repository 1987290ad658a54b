"""FastAPI dependencies: the process's services, a per-request transaction, and role checks.

Authentication does not use the request's transaction: a key is looked up in the app's AuthCache
(apikeys.cache: successes kept 10 s, so a revoked key is refused within 10 s in every worker), and on a
miss in a short read-only session of its own. The request's transaction then begins at the endpoint's
first query, and on SQLite, where every transaction takes the write lock at BEGIN, that lock is no
longer held across the thread hops between dependencies and endpoint (under load, requests holding it
waited for threads that requests waiting for it held).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from privacy_gateway.apikeys.cache import AuthCache
from privacy_gateway.apikeys.service import authenticate
from privacy_gateway.bootstrap import Services
from privacy_gateway.errors import Forbidden, Unauthenticated
from privacy_gateway.redaction.remote_commit import Committer
from privacy_gateway.redaction.schemas import IngestResult
from privacy_gateway.redaction.service import PreparedFeedback
from privacy_gateway.types import Actor


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


# Trivial dependencies are `async def`: FastAPI runs a plain `def` dependency in the thread pool, a
# thread hop per request for an attribute read.
async def get_services(request: Request) -> Services:
    return services_of(request)


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed when the endpoint returns — before the response is sent,
    so a 2xx means the data is durable — and rolled back on any error."""
    services = services_of(request)
    with services.session_factory() as session, session.begin():
        yield session


# Always use SessionDep (never a bare Depends(get_session)): scope="function" makes the commit run when
# the endpoint returns, not after the response has gone out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ServicesDep = Annotated[Services, Depends(get_services)]


async def get_committer(request: Request) -> Committer[tuple[PreparedFeedback, Actor], IngestResult]:
    """The app's ingest writer: one transaction per batch of ingests, in this process
    (redaction.group_commit) or in the server's writer process (redaction.remote_commit)."""
    committer: Committer[tuple[PreparedFeedback, Actor], IngestResult] = request.app.state.group_commit
    return committer


CommitterDep = Annotated[Committer[tuple[PreparedFeedback, Actor], IngestResult], Depends(get_committer)]


def bearer_key(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthenticated("missing bearer API key")
    return key.strip()


def auth_cache(request: Request) -> AuthCache:
    cache: AuthCache | None = getattr(request.app.state, "auth_cache", None)
    if cache is None:
        cache = request.app.state.auth_cache = AuthCache()
    return cache


async def current_actor(request: Request) -> Actor:
    key = bearer_key(request)
    cache = auth_cache(request)
    actor = cache.get(key)
    if actor is None:
        services = services_of(request)

        def lookup() -> Actor:
            with services.session_factory() as session:
                return authenticate(session, key)

        actor = await run_in_threadpool(lookup)
        cache.put(key, actor)
    request.state.actor = actor
    return actor


def require_roles(*roles: str) -> Callable[..., Awaitable[Actor]]:
    """Dependency factory: the authenticated actor, if its role is one of `roles` (else 403)."""
    allowed = frozenset(roles)

    async def dependency(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if allowed and actor.role not in allowed:
            raise Forbidden(f"role {actor.role!r} may not call this endpoint")
        return actor

    return dependency


ANY_ROLE: tuple[str, ...] = ()
