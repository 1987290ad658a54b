"""The dispatcher: moves outbox messages to their destinations, at least once, in order per destination.

One round (``run_once``), for each destination: take its lease (so no other dispatcher works on it), read
the oldest pending messages, deliver them OUTSIDE any database transaction, then record the outcome: the
delivered prefix is marked delivered; the first failure gets ``attempts + 1`` and waits an exponential,
jittered backoff, or goes to the dead state after ``max_attempts`` (or at once for a permanent failure).
Messages behind a failing one wait for it: that is what keeps per-destination order.

If a dispatcher dies mid-batch nothing is lost: its messages are still pending, and once its lease expires
another dispatcher sends them again. A store may then see a message twice; the feedback id (idempotency key)
lets it drop the copy (sql, nats and http stores do this themselves).

Run it as ``privacy-gateway dispatch`` (own process, any number of them) or inside ``serve`` with
``BackgroundDispatcher.start()`` / ``.stop()`` from the app lifespan.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.storage.base import utcnow
from privacy_gateway.stores import outbox
from privacy_gateway.stores.config import Delivery
from privacy_gateway.stores.destinations.base import (
    BatchOutcome,
    DeliveryError,
    Destination,
    PermanentDeliveryError,
)

log = logging.getLogger(__name__)


def backoff_seconds(attempt: int, *, base: float, cap: float, rand: float) -> float:
    """Delay before retry number ``attempt`` (1-based): exponential, capped, with "equal jitter" (half
    fixed, half random in [0, 1)) so many failing messages do not retry in lockstep. Pure."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return ceiling / 2 + (ceiling / 2) * rand


@dataclass
class RoundReport:
    delivered: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    dead: dict[str, int] = field(default_factory=dict)
    # A destination handed a full batch: more messages may be waiting behind it.
    backlog: bool = False

    @property
    def busy(self) -> bool:
        return bool(self.delivered or self.failed or self.dead)


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Dispatcher:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        destinations: Mapping[str, Destination],
        delivery: Delivery,
        *,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.session_factory = session_factory
        self.destinations = dict(destinations)
        self.delivery = delivery
        self.owner = owner or default_owner()
        self.clock = clock
        self.rand = rand

    def run_once(self) -> RoundReport:
        report = RoundReport()
        for name in self.destinations:
            self.dispatch(name, report)
        return report

    def dispatch(self, name: str, report: RoundReport) -> None:
        destination = self.destinations[name]
        now = self.clock()
        with self.session_factory() as session, session.begin():
            until = now + timedelta(seconds=self.delivery.lease_seconds)
            if not outbox.acquire_lease(session, name, owner=self.owner, now=now, until=until):
                return
            batch = outbox.head_batch(session, name, limit=self.delivery.batch_size, now=now)
        if not batch:
            self._release(name)
            return
        if len(batch) >= self.delivery.batch_size:
            report.backlog = True
        try:
            outcome = destination.deliver(batch)
        except DeliveryError as exc:
            outcome = BatchOutcome(0, exc)
        except Exception as exc:  # a bug in a destination must not stop the other destinations
            log.exception("destination raised", extra={"destination": name})
            outcome = BatchOutcome(
                0, DeliveryError(f"unexpected {type(exc).__name__}", code="internal_error")
            )
        self._record(name, batch_ids=[e.outbox_id for e in batch], outcome=outcome, report=report)

    def _record(self, name: str, *, batch_ids: list[int], outcome: BatchOutcome, report: RoundReport) -> None:
        now = self.clock()
        with self.session_factory() as session, session.begin():
            done = batch_ids[: outcome.delivered]
            outbox.mark_delivered(session, done, now=now)
            if done:
                report.delivered[name] = report.delivered.get(name, 0) + len(done)
            if outcome.error is not None and outcome.delivered < len(batch_ids):
                failed_id = batch_ids[outcome.delivered]
                self._fail(session, name, failed_id, outcome.error, now=now, report=report)
            outbox.release_lease(session, name, owner=self.owner)

    def _fail(
        self,
        session: Session,
        name: str,
        message_id: int,
        error: DeliveryError,
        *,
        now: datetime,
        report: RoundReport,
    ) -> None:
        current = session.get(outbox.OutboxMessage, message_id)
        attempts = (current.attempts if current is not None else 0) + 1
        dead = isinstance(error, PermanentDeliveryError) or attempts >= self.delivery.max_attempts
        delay = backoff_seconds(
            attempts,
            base=self.delivery.backoff_base_seconds,
            cap=self.delivery.backoff_max_seconds,
            rand=self.rand(),
        )
        outbox.mark_failed(
            session,
            message_id,
            error=f"{error.code}: {error}",
            next_attempt_at=now + timedelta(seconds=delay),
            dead=dead,
        )
        bucket = report.dead if dead else report.failed
        bucket[name] = bucket.get(name, 0) + 1
        log.warning(
            "delivery failed",
            extra={
                "destination": name,
                "outbox_id": message_id,
                "attempts": attempts,
                "code": error.code,
                "dead": dead,
            },
        )

    def _release(self, name: str) -> None:
        with self.session_factory() as session, session.begin():
            outbox.release_lease(session, name, owner=self.owner)

    def run(self, stop: threading.Event) -> None:
        """Dispatch until ``stop`` is set: at once again after a full batch (a backlog), after
        ``linger_seconds`` when a round delivered less (caught up), after ``poll_seconds`` when it found
        nothing to do."""
        while not stop.is_set():
            try:
                report = self.run_once()
            except Exception:
                # The gateway's own database is unavailable: wait and try again, never die silently.
                log.exception("dispatch round failed")
                report = RoundReport()
            stop.wait(self.idle_wait(report))

    def idle_wait(self, report: RoundReport) -> float:
        """Seconds to wait after a round. Lingering when caught up matters under steady load: without
        it every round finds the one or two messages committed since the last and pays two write
        transactions for them, on the same write lock as ingest (docs/performance.md)."""
        if report.backlog:
            return 0.0
        return self.delivery.linger_seconds if report.busy else self.delivery.poll_seconds

    def close(self) -> None:
        for destination in self.destinations.values():
            try:
                destination.close()
            except Exception:
                log.exception("closing destination failed", extra={"destination": destination.name})


class BackgroundDispatcher:
    """The dispatcher on a daemon thread, for ``serve``: ``start()`` in the lifespan, ``stop()`` on exit."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> BackgroundDispatcher:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.dispatcher.run, args=(self._stop,), name="dispatcher", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.dispatcher.close()
