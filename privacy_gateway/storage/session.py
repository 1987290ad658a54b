"""Engines and sessions. The caller owns the transaction: services flush, shells commit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from privacy_gateway.storage.sqlite_lock import LockingConnection, attach


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level so that SQLAlchemy's "begin" below decides the lock mode.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN: writers queue instead of failing on upgrade, which keeps the audit
    # chain linear across threads and processes. A file database's writers queue on a cross-process
    # lock first (storage/sqlite_lock.py), released by the connection after COMMIT or ROLLBACK.
    lock = getattr(conn.connection.dbapi_connection, "write_lock", None)
    try:
        taken = lock.acquire() if lock is not None else False
    except sqlite3.OperationalError as exc:  # timed out: the error SQLite's busy timeout gives
        raise OperationalError("BEGIN IMMEDIATE", None, exc) from None
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if taken and lock is not None:
            lock.release()
        raise


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": 30}
        if memory:
            kwargs.setdefault("poolclass", StaticPool)
        else:
            connect_args["factory"] = LockingConnection
        kwargs.setdefault("connect_args", connect_args)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        if not memory:
            database = str(parsed.database)
            event.listen(engine, "connect", lambda dbapi_conn, _record: attach(dbapi_conn, database))
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
