"""Server-side console sessions: the cookie carries a random token, the database keeps its SHA-256.

    start(session, actor, now)        -> (token for the cookie, row)     a fresh token at every sign-in
    load(session, token, now)         -> row, or SessionEnded(why)       touches last_seen_at
    end(session, token)                                                  logout: the row is deleted

A session ends after `idle` without a request or `absolute` after sign-in, whichever comes first, and as
soon as its API key is revoked or changes role (checked on every request). Why the database and not
process memory: `serve --workers N` runs N processes, and a session must be the same in all of them
(no sticky sessions needed), and a logout must end it everywhere. Time is a parameter; nothing here
reads the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from privacy_gateway.storage.models import ApiKey, ConsoleSession
from privacy_gateway.types import Actor

EndReason = Literal["missing", "idle", "absolute", "revoked"]
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 128


class SessionEnded(Exception):
    """No valid session for this request; `reason` says why (shown to the user as a notice)."""

    def __init__(self, reason: EndReason) -> None:
        super().__init__(reason)
        self.reason: EndReason = reason


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def expiry_reason(
    *, created_at: datetime, last_seen_at: datetime, now: datetime, timeouts: Timeouts
) -> EndReason | None:
    """Why a session is over at `now`, or None while it lasts. Both limits are exclusive: a session
    is over exactly `idle` after its last request."""
    if now - created_at >= timeouts.absolute:
        return "absolute"
    if now - last_seen_at >= timeouts.idle:
        return "idle"
    return None


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one a form sent back."""
    if not given or not expected:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class SessionStore:
    def __init__(self, timeouts: Timeouts) -> None:
        self.timeouts = timeouts

    def start(self, session: Session, actor: Actor, *, now: datetime) -> tuple[str, ConsoleSession]:
        """A new session for `actor`; returns the cookie token (shown once) and the stored row."""
        self.purge(session, now=now)
        token = new_token()
        row = ConsoleSession(
            id=token_id(token),
            actor_name=actor.name,
            actor_role=actor.role,
            csrf_token=new_token(),
            created_at=now,
            last_seen_at=now,
        )
        session.add(row)
        session.flush()
        return token, row

    def load(self, session: Session, token: str | None, *, now: datetime) -> ConsoleSession:
        """The live session of `token` (its last_seen_at moved to `now`); SessionEnded otherwise."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            raise SessionEnded("missing")
        row = session.get(ConsoleSession, token_id(token))
        if row is None:
            raise SessionEnded("missing")
        why = expiry_reason(
            created_at=row.created_at, last_seen_at=row.last_seen_at, now=now, timeouts=self.timeouts
        )
        if why is None and not self._key_still_valid(session, row):
            why = "revoked"
        if why is not None:
            session.delete(row)
            session.flush()
            raise SessionEnded(why)
        row.last_seen_at = now
        session.flush()
        return row

    def end(self, session: Session, token: str | None) -> None:
        if token and len(token) <= MAX_TOKEN_CHARS:
            session.execute(delete(ConsoleSession).where(ConsoleSession.id == token_id(token)))

    def purge(self, session: Session, *, now: datetime) -> int:
        """Delete every session that has timed out (called at each sign-in; no job needed)."""
        result = session.execute(
            delete(ConsoleSession).where(
                or_(
                    ConsoleSession.created_at <= now - self.timeouts.absolute,
                    ConsoleSession.last_seen_at <= now - self.timeouts.idle,
                )
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    @staticmethod
    def _key_still_valid(session: Session, row: ConsoleSession) -> bool:
        role = session.scalar(
            select(ApiKey.role).where(ApiKey.name == row.actor_name, ApiKey.revoked_at.is_(None))
        )
        return role == row.actor_role
