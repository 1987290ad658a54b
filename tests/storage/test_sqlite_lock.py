"""The cross-process SQLite writer lock (storage/sqlite_lock.py)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from privacy_gateway.storage.session import make_engine
from privacy_gateway.storage.sqlite_lock import LockingConnection, WriteLock, lock_path


def _in_thread(fn):  # type: ignore[no-untyped-def]
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(_outcome(fn)))
    t.start()
    t.join(10)
    return out[0]


def _outcome(fn):  # type: ignore[no-untyped-def]
    try:
        return fn()
    except sqlite3.OperationalError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize(
    ("first_holds", "same_thread", "expected"),
    [
        (False, False, True),  # free: taken
        (True, False, "error: database is locked"),  # held by another connection: times out
        (True, True, False),  # held by this thread via another connection: not taken again
    ],
)
def test_acquire(tmp_path: Path, first_holds: bool, same_thread: bool, expected: object) -> None:
    path = str(tmp_path / "db-writelock")
    first, second = WriteLock(path), WriteLock(path, timeout=0.05)
    try:
        if first_holds:
            assert first.acquire() is True
        outcome = _outcome(second.acquire) if same_thread else _in_thread(second.acquire)
        assert outcome == expected
    finally:
        first.close()
        second.close()


def test_release_lets_a_waiter_in(tmp_path: Path) -> None:
    path = str(tmp_path / "db-writelock")
    holder, waiter = WriteLock(path), WriteLock(path, timeout=5)
    holder.acquire()
    got = threading.Event()
    t = threading.Thread(target=lambda: (waiter.acquire(), got.set()))
    t.start()
    assert not got.wait(0.05)
    holder.release()
    assert got.wait(5)
    t.join()
    waiter.release()
    holder.release()  # releasing what is not held is a no-op
    holder.close()
    waiter.close()


@pytest.mark.parametrize("end", ["commit", "rollback", "error"])
def test_a_transaction_holds_the_lock_until_it_ends(tmp_path: Path, end: str) -> None:
    db = tmp_path / "g.db"
    engine = make_engine(f"sqlite:///{db}")
    probe = WriteLock(lock_path(str(db)), timeout=0.01)
    try:
        conn = engine.connect()
        assert isinstance(conn.connection.dbapi_connection, LockingConnection)
        trans = conn.begin()
        conn.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
        assert _in_thread(probe.acquire) == "error: database is locked"
        if end == "commit":
            trans.commit()
        elif end == "rollback":
            trans.rollback()
        else:
            with pytest.raises(OperationalError):
                conn.execute(text("SELECT * FROM no_such_table"))
            trans.rollback()
        conn.close()
        assert _in_thread(lambda: (probe.acquire(), probe.release())[0]) is True
    finally:
        probe.close()
        engine.dispose()


def test_a_timed_out_lock_is_the_usual_database_error(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    engine = make_engine(f"sqlite:///{db}")
    holder = WriteLock(lock_path(str(db)))
    try:
        with engine.connect() as conn:
            conn.connection.dbapi_connection.write_lock.timeout = 0.01  # type: ignore[union-attr]
            conn.rollback()
            holder_taken = _in_thread(holder.acquire)
            assert holder_taken is True
            with pytest.raises(OperationalError, match="database is locked"):
                conn.execute(text("SELECT 1"))
    finally:
        holder.close()
        engine.dispose()
