"""The transactional outbox: the ingest hook that enqueues, and the repository the dispatcher and the
``outbox status|retry|purge`` commands use. Functions flush, never commit: the caller owns the transaction.

``OutboxHook`` runs inside the ingest transaction (FeedbackIngest.after_store), after the feedback row and
before the commit, so the masked record, its audit entry and one outbox row per routed destination are
committed together or not at all. A destination being down cannot block this: enqueueing touches only the
gateway's own database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from privacy_gateway.redaction.service import StoredFeedback
from privacy_gateway.storage.models.outbox import DEAD, DELIVERED, PENDING, OutboxLease, OutboxMessage
from privacy_gateway.stores.envelope import Envelope, build_payload
from privacy_gateway.stores.routing import RecordKey, Router


class OutboxHook:
    """``FeedbackIngest(after_store=[OutboxHook(router, subject_ref=audit.subject_ref)])``.

    The record's *source* for routing is the ingesting actor's name: the API key's name over HTTP, the
    source name for broker ingestion (``consume --source NAME``).
    """

    def __init__(self, router: Router, *, subject_ref: Callable[[str], str]) -> None:
        self.router = router
        self.subject_ref = subject_ref

    def __call__(self, session: Session, stored: Sequence[StoredFeedback]) -> None:
        messages: list[dict[str, Any]] = []
        for record in stored:
            row = record.row
            source = record.actor.name
            targets = self.router.destinations_for(RecordKey(row["channel"], source, row["category"]))
            if not targets:
                continue
            payload = build_payload(
                feedback_id=row["id"],
                subject_ref=self.subject_ref(row["subject_id"]),
                channel=row["channel"],
                purpose=row["purpose"],
                category=row["category"],
                source=source,
                masked_text=row["masked_text"],
                entities=list(row["entities"]),
                policy=row["policy"],
                policy_version=row["policy_version"],
                occurred_at=row["occurred_at"],
                received_at=row["received_at"],
            )
            messages += [{"destination": d, "feedback_id": row["id"], "payload": payload} for d in targets]
        if messages:
            # One INSERT for the batch, not the unit of work: on the ingest hot path the ORM's flush cost
            # more than the rows (status pending and the timestamps are the table's column defaults), and
            # on PostgreSQL each statement is a round trip made under the audit chain's head lock.
            session.connection().execute(insert(OutboxMessage), messages)


# --- leases: one dispatcher per destination at a time, so its messages go out in order ----------------


def acquire_lease(session: Session, destination: str, *, owner: str, now: datetime, until: datetime) -> bool:
    """Take (or renew) the destination's lease if it is free, ours, or expired. Compare-and-set, so it is
    safe with any number of dispatchers on SQLite, PostgreSQL and MySQL/MariaDB."""
    if session.get(OutboxLease, destination) is None:
        try:
            with session.begin_nested():
                session.add(OutboxLease(destination=destination))
        except IntegrityError:
            pass  # another dispatcher created it first
    if session.get_bind().dialect.name in ("postgresql", "mysql", "mariadb"):
        # Do not queue behind another dispatcher's open transaction on the lease row: skip it this round.
        locked = session.execute(
            select(OutboxLease.destination)
            .where(OutboxLease.destination == destination)
            .with_for_update(skip_locked=True)
        ).first()
        if locked is None:
            return False
    won = session.execute(
        update(OutboxLease)
        .where(
            OutboxLease.destination == destination,
            or_(OutboxLease.owner.is_(None), OutboxLease.owner == owner, OutboxLease.lease_until < now),
        )
        .values(owner=owner, lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return bool(won.rowcount)  # type: ignore[attr-defined]


def release_lease(session: Session, destination: str, *, owner: str) -> None:
    session.execute(
        update(OutboxLease)
        .where(OutboxLease.destination == destination, OutboxLease.owner == owner)
        .values(owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


# --- the dispatcher's reads and writes ----------------------------------------------------------------


def head_batch(session: Session, destination: str, *, limit: int, now: datetime) -> list[Envelope]:
    """The oldest pending messages of a destination, in order, up to the first one still backing off."""
    rows = session.execute(
        select(
            OutboxMessage.id, OutboxMessage.feedback_id, OutboxMessage.payload, OutboxMessage.next_attempt_at
        )
        .where(OutboxMessage.destination == destination, OutboxMessage.status == PENDING)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    batch: list[Envelope] = []
    for r in rows:
        if r.next_attempt_at > now:
            break
        batch.append(Envelope(r.id, r.feedback_id, r.payload))
    return batch


def mark_delivered(session: Session, ids: Sequence[int], *, now: datetime) -> None:
    if ids:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status == PENDING)
            .values(status=DELIVERED, delivered_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )


def mark_failed(
    session: Session, message_id: int, *, error: str, next_attempt_at: datetime, dead: bool
) -> OutboxMessage | None:
    msg = session.get(OutboxMessage, message_id)
    if msg is None or msg.status != PENDING:
        return msg
    msg.attempts += 1
    msg.last_error = error[:200]
    msg.status = DEAD if dead else PENDING
    msg.next_attempt_at = next_attempt_at
    session.flush()
    return msg


# --- operator views: status, retry, purge ---------------------------------------------------------------


@dataclass(frozen=True)
class DestinationStatus:
    destination: str
    pending: int
    dead: int
    delivered: int
    retrying: int  # pending messages that have failed at least once
    oldest_pending_age_seconds: float | None
    last_error: str | None

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


def status(session: Session, *, now: datetime, destinations: Sequence[str] = ()) -> list[DestinationStatus]:
    counts: dict[str, dict[str, int]] = {d: {} for d in destinations}
    for dest, st, n in session.execute(
        select(OutboxMessage.destination, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.destination, OutboxMessage.status
        )
    ):
        counts.setdefault(dest, {})[st] = n
    oldest = dict(
        session.execute(
            select(OutboxMessage.destination, func.min(OutboxMessage.id))
            .where(OutboxMessage.status == PENDING)
            .group_by(OutboxMessage.destination)
        ).all()
    )
    retrying = dict(
        session.execute(
            select(OutboxMessage.destination, func.count())
            .where(OutboxMessage.status == PENDING, OutboxMessage.attempts > 0)
            .group_by(OutboxMessage.destination)
        ).all()
    )
    out = []
    for dest in sorted(counts):
        age = None
        last_error = None
        if dest in oldest:
            head = session.get(OutboxMessage, oldest[dest])
            if head is not None:
                age = max(0.0, (now - head.created_at).total_seconds())
        last_error = session.execute(
            select(OutboxMessage.last_error)
            .where(OutboxMessage.destination == dest, OutboxMessage.last_error.is_not(None))
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        ).scalar()
        c = counts[dest]
        out.append(
            DestinationStatus(
                dest,
                c.get(PENDING, 0),
                c.get(DEAD, 0),
                c.get(DELIVERED, 0),
                retrying.get(dest, 0),
                age,
                last_error,
            )
        )
    return out


def retry_dead(
    session: Session, *, now: datetime, destination: str | None = None, ids: Sequence[int] = ()
) -> int:
    """Put dead messages back in line (attempts reset). Their order is their original id."""
    cond = [OutboxMessage.status == DEAD]
    if destination:
        cond.append(OutboxMessage.destination == destination)
    if ids:
        cond.append(OutboxMessage.id.in_(list(ids)))
    result = session.execute(
        update(OutboxMessage)
        .where(and_(*cond))
        .values(status=PENDING, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge(
    session: Session, *, before: datetime, include_dead: bool = False, destination: str | None = None
) -> int:
    """Delete delivered (and, if asked, dead) messages created before ``before``. Pending ones never."""
    statuses = [DELIVERED, DEAD] if include_dead else [DELIVERED]
    cond = [OutboxMessage.status.in_(statuses), OutboxMessage.created_at < before]
    if destination:
        cond.append(OutboxMessage.destination == destination)
    result = session.execute(
        delete(OutboxMessage).where(and_(*cond)).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
