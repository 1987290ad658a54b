"""A cross-process lock for SQLite writers: waiters wake when the holder lets go, not on a timer.

SQLite has one write lock per database file. A writer that finds it taken waits in SQLite's busy
handler, which sleeps and retries (1, 2, 5, 10 ... up to 100 ms a sleep, see sqlite3.c
``sqliteDefaultBusyCallback``). Under steady load from several worker processes (each with an ingest
writer and an outbox dispatcher) those sleeps, not the work, made the latency tail: a waiter slept
through the moments the lock was free. Here every write transaction first takes an exclusive
``flock`` on a file next to the database, retried at sub-millisecond then millisecond intervals, so a
waiter is at most ~1 ms late; SQLite's own lock is then free by construction.

The lock is advisory: a process that does not use this module (the ``sqlite3`` shell) still meets
SQLite's own lock and busy handler, exactly as before. A thread that already holds the lock through
another connection (a nested transaction on a second connection) does not take it again: it falls
back to SQLite's busy handler and times out as it always did, instead of waiting on itself forever.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from typing import Any

# After this long without the lock, give up the way SQLite's busy timeout does.
DEFAULT_TIMEOUT_S = 30.0
_FIRST_SLEEP_S = 0.0001
_MAX_SLEEP_S = 0.001


class WriteLock:
    """One open file descriptor per connection (flock locks belong to an open file, so two
    connections in one process exclude each other like two processes do)."""

    _held_by_thread = threading.local()

    def __init__(self, path: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = path
        self.timeout = timeout
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        # The holding thread's set of held paths (a transaction may end on another thread than began it).
        self._held: set[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False (not taken) when this thread already holds it via another connection."""
        held: set[str] = self._thread_held()
        if self.path in held:
            return False
        deadline = time.monotonic() + self.timeout
        sleep = _FIRST_SLEEP_S
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                time.sleep(sleep)
                sleep = min(sleep * 2, _MAX_SLEEP_S)
        self._held = held
        held.add(self.path)
        return True

    def release(self) -> None:
        if self._held is None:
            return
        self._held.discard(self.path)
        self._held = None
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        os.close(self._fd)

    @classmethod
    def _thread_held(cls) -> set[str]:
        held: set[str] | None = getattr(cls._held_by_thread, "paths", None)
        if held is None:
            held = cls._held_by_thread.paths = set()
        return held


class LockingConnection(sqlite3.Connection):
    """``sqlite3.connect(..., factory=LockingConnection)``: the write lock, if one is attached, is
    released once the transaction has ended (after COMMIT or ROLLBACK, never before)."""

    write_lock: WriteLock | None = None

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if self.write_lock is not None:
                self.write_lock.release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if self.write_lock is not None:
                self.write_lock.release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.write_lock is not None:
                self.write_lock.close()
                self.write_lock = None


def lock_path(database: str) -> str:
    return database + "-writelock"


def attach(dbapi_conn: Any, database: str) -> None:
    if isinstance(dbapi_conn, LockingConnection) and dbapi_conn.write_lock is None:
        dbapi_conn.write_lock = WriteLock(lock_path(database))
