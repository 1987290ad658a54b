"""Writer functions for the concurrency tests; top-level so that spawned processes can import them."""

from __future__ import annotations

from typing import Any

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage.session import make_engine, make_session_factory, transaction
from privacy_gateway.types import Actor
from tests.audit.factories import PSEUDONYM_KEY, SIGNING_SEED, event


def write_entries(url: str, writer: int, count: int, interval: int, barrier: Any = None) -> int:
    """Append `count` entries, one transaction each, as writer number `writer`. Returns count.

    With a barrier, every writer finishes its imports and connects first, then all start together.
    """
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine)
        # The real clock: concurrent writers must not depend on a shared fake one.
        log = AuditLog(pseudonym_key=PSEUDONYM_KEY, signing_seed=SIGNING_SEED, checkpoint_interval=interval)
        actor = Actor(name=f"writer-{writer}", role="ingest")
        with engine.connect():
            pass
        if barrier is not None:
            barrier.wait(timeout=60)
        for i in range(count):
            with transaction(factory) as s:
                log.append(s, event(actor=actor, details={"writer": writer, "i": i}))
        return count
    finally:
        engine.dispose()


def process_main(url: str, writer: int, count: int, interval: int, barrier: Any, results: Any) -> None:
    try:
        results.put((writer, write_entries(url, writer, count, interval, barrier)))
    except Exception as exc:  # reported to the parent, which fails the test
        results.put((writer, f"{type(exc).__name__}: {exc}"))
