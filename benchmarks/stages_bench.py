"""CPU per stage of one ingest, in process, before/after each optimisation side by side (gateway_bench.py).

Milliseconds of process CPU per record (best of ``repeat``), on the same generated feedback:

  prepare   validate + detect_all + mask + facts (the CPU half, no database)
  auth      API key: the database look-up every request used to make, vs a hit in the AuthCache
  data key  unwrapping a subject's data key (AES-GCM), vs a hit in the DataKeyCache
  persist   the database half (feedback row, vault entries, audit entry, outbox row, commit):
            one transaction per record (what every request used to cost) vs batches of 16
            (what group commit does under load), on the given database
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

from privacy_gateway.apikeys.cache import AuthCache
from privacy_gateway.apikeys.service import authenticate, create_key
from privacy_gateway.bootstrap import build_services
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.redaction.service import PreparedFeedback
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import new_id
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.types import Actor
from privacy_gateway.vault import repository as vault_repo
from privacy_gateway.vault.crypto import unwrap_data_key
from privacy_gateway.vault.keys import master_key_for

ACTOR = Actor(name="bench", role="ingest")


def cpu_ms(fn: Callable[[], object], n: int, repeat: int = 3) -> float:
    """CPU milliseconds per call of ``fn`` (best of ``repeat`` rounds of ``n`` calls)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, time.process_time() - started)
    return best / n * 1000


def measure(url: str, records: Sequence[dict[str, object]], *, repeat: int = 3) -> dict[str, float]:
    with TemporaryDirectory() as tmp:
        settings = Settings(database_url=url, key_file=Path(tmp) / "keys.json")
        services = build_services(settings)
        try:
            upgrade(services.engine)
            return _measure(services, records, repeat)
        finally:
            services.close()


def _measure(services: object, records: Sequence[dict[str, object]], repeat: int) -> dict[str, float]:
    svc = services  # a bootstrap.Services
    ingest = svc.ingest  # type: ignore[attr-defined]
    factory = svc.session_factory  # type: ignore[attr-defined]
    data = [
        FeedbackIn(
            subject_id=f"user-{i % 2000:05d}", channel=str(r["channel"]), text=str(r["text"]), source="bench"
        )
        for i, r in enumerate(records)
    ]
    out: dict[str, float] = {}
    texts = iter(data * (repeat + 1))
    out["prepare"] = cpu_ms(lambda: ingest.prepare(next(texts)), len(data), repeat)
    det = iter(data * (repeat + 1))
    out["  detect_all"] = cpu_ms(lambda: ingest.detector.detect_all(next(det).text), len(data), repeat)

    with factory() as session, session.begin():
        key = create_key(session, svc.audit, name="bench", role="ingest", actor=Actor("bench", "admin")).key  # type: ignore[attr-defined]

    def lookup() -> Actor:
        with factory() as session:
            return authenticate(session, key)

    cache = AuthCache()
    cache.authenticate(key, lambda k: lookup())
    out["auth: database look-up"] = cpu_ms(lookup, 300, repeat)
    out["auth: cache hit"] = cpu_ms(lambda: cache.authenticate(key, lambda k: lookup()), 3000, repeat)

    prepared = [ingest.prepare(d) for d in data]

    def persist(batch: int) -> float:
        fresh = [PreparedFeedback(new_id(), p.data, p.masked, p.facts) for p in prepared]
        started = time.process_time()
        for i in range(0, len(fresh), batch):
            with factory() as session, session.begin():
                ingest.persist_many(session, [(p, ACTOR) for p in fresh[i : i + batch]])
        return (time.process_time() - started) / len(fresh) * 1000

    for batch in (1, 16):
        out[f"persist: batches of {batch}"] = min(persist(batch) for _ in range(repeat))

    vault = svc.vault  # type: ignore[attr-defined]
    with factory() as session:
        rows = vault_repo.subject_keys(session, {vault.vault_ref(d.subject_id) for d in data[:50]})
    row = rows[0]
    master = master_key_for(vault.keyring, row.key_version)
    out["data key: unwrap"] = cpu_ms(
        lambda: unwrap_data_key(
            master, row.wrapped_key, subject_ref=row.subject_ref, version=row.key_version
        ),
        3000,
        repeat,
    )
    vault._unwrap(row)
    out["data key: cache hit"] = cpu_ms(lambda: vault._unwrap(row), 3000, repeat)
    return out
