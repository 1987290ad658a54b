"""Group commit: one writer thread writes the database half of many requests in one transaction.

    committer = GroupCommitter(session_factory, ingest.persist_many)     # once per process
    future = committer.submit((prepared, actor))
    result = future.result()      # only after the commit that contains this item's rows

Why: every ingest ends in a commit, and on both databases those commits queue behind one lock — the
audit chain's head (SQLite's single write lock, taken at BEGIN IMMEDIATE; PostgreSQL's advisory lock,
held to the end of the transaction, commit and WAL flush included). Items that arrive while a batch is
being written go into the next batch, which pays the lock, the chain head read, the commit and its
fsync once for all of them. Nothing waits on purpose: a lone request is written at once.

The guarantee is that of a transaction per request: an item's future resolves only after the commit
that contains everything written for it (for an ingest: the feedback row, its vault entries, its
audit entry, its outbox rows). If ``write`` raises or the commit fails, the batch is rolled back and
each of its items is written again alone, in its own transaction, so that an item fails only for its
own reasons while the others still commit. ``write`` must therefore touch nothing but the session it
is given (it may run twice for an item) and return one result per item, in order.

Items are written in submission order, so audit entries are chained in the order requests came in.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.errors import StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_MAX_BATCH = 64
_STOP: Any = object()


class GroupCommitter(Generic[T, R]):
    """Thread-safe ``submit``; the writer thread starts with the first item and stops with ``close()``."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        write: Callable[[Session, list[T]], list[R]],
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
        name: str = "group-commit",
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be >= 1")
        self.session_factory = session_factory
        self.write = write
        self.max_batch = max_batch
        self.name = name
        self._queue: queue.SimpleQueue[tuple[T, Future[R]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        # Counters for tests and the benchmark (written by the writer thread only).
        self.batches = 0
        self.items = 0
        self.retried_batches = 0

    def submit(self, item: T) -> Future[R]:
        future: Future[R] = Future()
        with self._lock:
            if self._closed:
                raise StoreUnavailable("the gateway is shutting down")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._queue.put((item, future))
        return future

    def close(self, timeout: float = 30.0) -> None:
        """Refuse new items, write the ones already submitted, stop the writer thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)

    # -- the writer thread -----------------------------------------------------------------------

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            self._write([(item, future) for item, future in batch if future.set_running_or_notify_cancel()])

    def _write(self, batch: list[tuple[T, Future[R]]]) -> None:
        if not batch:
            return
        self.batches += 1
        self.items += len(batch)
        if len(batch) > 1:
            try:
                results = self._transaction([item for item, _ in batch])
            except Exception:
                # Something in the batch (or its commit) failed and nothing of it was kept: write each
                # item alone so that only the failing one fails.
                self.retried_batches += 1
                log.debug(
                    "group commit of %d items failed; writing them one by one", len(batch), exc_info=True
                )
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    future.set_result(result)
                return
        for item, future in batch:
            try:
                (result,) = self._transaction([item])
            except Exception as exc:  # handed to the waiting request, which maps it to a response
                future.set_exception(exc)
            else:
                future.set_result(result)

    def _transaction(self, items: list[T]) -> list[R]:
        with self.session_factory() as session, session.begin():
            results = self.write(session, items)
            if len(results) != len(items):  # checked before the commit: nothing is kept then
                raise RuntimeError("write returned a different number of results than items")
        return results
