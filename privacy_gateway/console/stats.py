"""The overview's numbers, read from the audit trail and the outbox. Read-only; the page audits the read.

- detections per entity type per local day: the entity_counts of "feedback.ingest" entries (counts only,
  the trail never holds a value);
- consent checks by decision and reason: "consent.check" entries, grouped in SQL;
- deliveries and backlog per store: the outbox status (as GET /v1/outbox/status).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_gateway.storage.models import AuditEntry

INGEST_ACTION = "feedback.ingest"
CHECK_ACTION = "consent.check"
BATCH = 5000


@dataclass(frozen=True)
class Window:
    days: list[date]  # local calendar days, oldest first
    since: datetime  # start of the first day (aware)
    until: datetime  # now (aware)


def detections_per_day(session: Session, window: Window, tz: ZoneInfo) -> dict[tuple[date, str], int]:
    """{(local day, entity type): detections} over the window. Streams (ts, entity_counts) in batches."""
    out: Counter[tuple[date, str]] = Counter()
    rows = session.execute(
        select(AuditEntry.ts, AuditEntry.entity_counts)
        .where(
            AuditEntry.action == INGEST_ACTION, AuditEntry.ts >= window.since, AuditEntry.ts < window.until
        )
        .execution_options(yield_per=BATCH)
    )
    for ts, counts in rows:
        day = ts.astimezone(tz).date()
        for entity_type, n in (counts or {}).items():
            if isinstance(n, int):
                out[(day, entity_type)] += n
    return dict(out)


def ingested_records(session: Session, window: Window) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                AuditEntry.action == INGEST_ACTION,
                AuditEntry.ts >= window.since,
                AuditEntry.ts < window.until,
            )
        )
        or 0
    )


def consent_checks(session: Session, window: Window) -> dict[tuple[str, str], int]:
    """{(decision 'allow'|'deny', reason): checks} over the window."""
    rows = session.execute(
        select(AuditEntry.decision, AuditEntry.reason, func.count())
        .where(AuditEntry.action == CHECK_ACTION, AuditEntry.ts >= window.since, AuditEntry.ts < window.until)
        .group_by(AuditEntry.decision, AuditEntry.reason)
    )
    return {(decision or "", reason or ""): int(n) for decision, reason, n in rows}


def trail_size(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)
