"""Create, authenticate and revoke API keys. Services flush; the caller commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_gateway.apikeys.tokens import hash_key, matches, new_key, parse_prefix
from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.models import ApiKey
from privacy_gateway.types import Actor, Role

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass(frozen=True)
class CreatedKey:
    name: str
    role: str
    key: str = field(repr=False)


def create_key(session: Session, audit: AuditSink, *, name: str, role: str, actor: Actor) -> CreatedKey:
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidInput(f"unknown role; one of {', '.join(r.value for r in Role)}") from None
    name = name.strip()
    if not _NAME.fullmatch(name):
        # Names are recorded as the actor of audit entries: plain identifiers, never personal data.
        raise InvalidInput("key name must be 1-100 characters of A-Z a-z 0-9 . _ - (e.g. crm-upstream)")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise Conflict(f"an API key named {name!r} already exists")
    prefix, key = new_key()
    row = ApiKey(name=name, role=role, prefix=prefix, secret_hash=hash_key(key))
    session.add(row)
    session.flush()
    audit.append(
        session,
        AuditEvent(
            action="apikey.create",
            actor=actor,
            decision="ok",
            record_ids=[row.id],
            details={"key_name": name, "key_role": role},
        ),
    )
    return CreatedKey(name=name, role=role, key=key)


def authenticate(session: Session, key: str) -> Actor:
    """The actor for a presented key; Unauthenticated for anything unknown, malformed or revoked."""
    prefix = parse_prefix(key)
    if prefix is None:
        raise Unauthenticated("invalid API key")
    rows = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))).all()
    for row in rows:
        if matches(key, row.secret_hash):
            return Actor(name=row.name, role=row.role)
    raise Unauthenticated("invalid API key")


def revoke_key(session: Session, audit: AuditSink, *, name: str, actor: Actor) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise NotFound(f"no API key named {name!r}")
    row.revoked_at = utcnow()
    session.flush()
    audit.append(
        session,
        AuditEvent(
            action="apikey.revoke",
            actor=actor,
            decision="ok",
            record_ids=[row.id],
            details={"key_name": name},
        ),
    )


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at)))
