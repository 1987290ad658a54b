"""Many writers at once (threads and spawned processes) still make one linear chain, losing nothing."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, select

from privacy_gateway.storage.models.audit import AuditEntry
from privacy_gateway.storage.session import make_session_factory, transaction
from tests.audit.factories import make_log
from tests.audit.workers import process_main, write_entries

WRITERS = 8
EACH = 25
INTERVAL = 7  # checkpoints are signed by whichever writer lands on a multiple


def assert_one_valid_chain(engine: Engine, url: str) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        report = make_log().verify(s)
        writers = Counter(s.scalars(select(AuditEntry.actor_name)))
    assert report.ok, report.reason
    assert report.entries == WRITERS * EACH
    assert report.checkpoints == (WRITERS * EACH) // INTERVAL
    assert writers == {f"writer-{w}": EACH for w in range(WRITERS)}


@pytest.mark.slow
def test_threads(db: Engine, any_db_url: str) -> None:
    barrier = threading.Barrier(WRITERS)
    with ThreadPoolExecutor(WRITERS) as pool:
        done = list(pool.map(lambda w: write_entries(any_db_url, w, EACH, INTERVAL, barrier), range(WRITERS)))
    assert sum(done) == WRITERS * EACH
    assert_one_valid_chain(db, any_db_url)


@pytest.mark.slow
def test_processes(db: Engine, any_db_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WRITERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=process_main, args=(any_db_url, w, EACH, INTERVAL, barrier, results))
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    outcomes = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert outcomes == {w: EACH for w in range(WRITERS)}
    assert_one_valid_chain(db, any_db_url)
