"""Plain factory functions for the audit tests: a log with fixed keys, events, a database per URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.ddl import POSTGRES_APPEND_ONLY_DDL
from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage import models  # noqa: F401  (registers every table)
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.session import make_engine, transaction
from privacy_gateway.types import Actor

PSEUDONYM_KEY = bytes(range(32))
SIGNING_SEED = bytes(range(100, 132))
OTHER_SEED = bytes(range(200, 232))
T0 = datetime(2024, 5, 1, 8, 0, 0, 123456, tzinfo=UTC)
ALICE = Actor(name="alice-ingest", role="ingest")
CAROL = Actor(name="carol-compliance", role="compliance")


def step_clock(start: datetime = T0, step: timedelta = timedelta(seconds=1)) -> Callable[[], datetime]:
    """A clock that advances `step` on every call: deterministic timestamps."""
    state = {"now": start - step}

    def now() -> datetime:
        state["now"] += step
        return state["now"]

    return now


def make_log(
    *,
    interval: int = 1000,
    seed: bytes = SIGNING_SEED,
    clock: Callable[[], datetime] | None = None,
    trusted: tuple[bytes, ...] = (),
) -> AuditLog:
    return AuditLog(
        pseudonym_key=PSEUDONYM_KEY,
        signing_seed=seed,
        checkpoint_interval=interval,
        trusted_public_keys=trusted,
        clock=clock or step_clock(),
    )


def event(action: str = "feedback.ingest", *, actor: Actor = ALICE, **fields: object) -> AuditEvent:
    return AuditEvent(action=action, actor=actor, **fields)  # type: ignore[arg-type]


def make_db(url: str) -> Engine:
    """Schema for `url`, with the append-only triggers on PostgreSQL (as the migration installs them)."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for stmt in POSTGRES_APPEND_ONLY_DDL:
                conn.exec_driver_sql(stmt)
    return engine


def fill(factory: sessionmaker[Session], log: AuditLog, n: int, **fields: object) -> None:
    with transaction(factory) as s:
        for i in range(n):
            log.append(s, event(details={"i": i}, **fields))


@contextmanager
def superuser_tamper(engine: Engine) -> Iterator[Connection]:
    """A connection that bypasses the append-only triggers, as only a superuser can.

    This is exactly what the triggers protect against for the application role; the chain and the
    signed checkpoints are what catch it when someone does it anyway.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        yield conn
