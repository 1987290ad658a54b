"""After a fault: is everything acknowledged there exactly once, and is nothing half-written?

An ingest writes one feedback row, its vault entries, one audit entry and its outbox messages in one
transaction. ``check_ingests`` reads the database directly (not through the app) and asserts that
every acknowledged id has a row, that every row — acknowledged or not (a request whose answer was lost
in the fault may have committed) — has all of its parts and no part twice, that no part exists
without its row, and that the audit chain verifies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage.models import AuditEntry, Feedback, OutboxMessage, VaultEntry


@dataclass(frozen=True)
class Consistency:
    rows: int
    acknowledged: int
    unacknowledged_but_stored: int
    audit_entries: int


def check_ingests(
    session_factory: sessionmaker[Session], audit: AuditLog, acknowledged: Iterable[str]
) -> Consistency:
    acked = list(acknowledged)
    assert len(acked) == len(set(acked)), "the same id acknowledged twice"
    with session_factory() as session:
        rows = Counter(session.scalars(select(Feedback.id)))
        ingests = Counter()
        vaulted: dict[str, int] = {}
        for entry in session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.ingest")):
            for fid in entry.record_ids:
                ingests[fid] += 1
                vaulted[fid] = int(entry.details.get("vaulted", 0))
        vault = Counter(session.scalars(select(VaultEntry.feedback_id)))
        outbox = Counter(session.execute(select(OutboxMessage.feedback_id, OutboxMessage.destination)).all())
        report = audit.verify(session)
    missing = [fid for fid in acked if fid not in rows]
    assert not missing, f"{len(missing)} acknowledged record(s) missing, e.g. {missing[:3]}"
    assert all(n == 1 for n in rows.values())
    assert set(ingests) == set(rows), "audit entries and feedback rows disagree"
    assert all(n == 1 for n in ingests.values()), "a record audited twice"
    for fid in rows:
        assert vault.get(fid, 0) == vaulted[fid], f"vault entries of {fid} half-written"
    assert {fid for fid, _ in outbox} <= set(rows), "outbox messages without their record"
    assert all(n == 1 for n in outbox.values()), "an outbox message written twice"
    assert {fid for fid, _ in outbox} == set(rows), "a record without its outbox message"
    assert report.ok, (report.first_bad_seq, report.reason)
    return Consistency(
        rows=len(rows),
        acknowledged=len(acked),
        unacknowledged_but_stored=len(set(rows) - set(acked)),
        audit_entries=report.entries,
    )
