"""Queries of the consent domain. Flush, never commit: the caller owns the transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from privacy_gateway.storage.models import ConsentRecord, DoNotContact, Feedback, FollowUpAttempt

CONSENT_TABLE = cast(Table, ConsentRecord.__table__)
# Bound parameters per IN (...) query: well below SQLite's and PostgreSQL's limits.
IN_CHUNK = 500


def _ordered(records: Iterable[ConsentRecord]) -> list[ConsentRecord]:
    return sorted(records, key=lambda r: (r.effective_at, r.recorded_at, r.id))


def add(session: Session, record: ConsentRecord) -> ConsentRecord:
    session.add(record)
    session.flush()
    return record


def add_many(session: Session, rows: Sequence[Mapping[str, object]]) -> None:
    """One executemany INSERT for a batch; every column value is given by the caller.

    Core on the table, not the ORM bulk path: the ORM drops None values, which splits a batch into
    many small statements whenever rows differ in which optional times they carry.
    """
    if rows:
        session.execute(insert(CONSENT_TABLE), list(rows))


def history(session: Session, subject_id: str) -> list[ConsentRecord]:
    rows = session.scalars(select(ConsentRecord).where(ConsentRecord.subject_id == subject_id))
    return _ordered(rows)


def histories(
    session: Session, subject_ids: Iterable[str], *, purpose: str
) -> dict[str, list[ConsentRecord]]:
    """Each subject's records for one purpose (subjects without any are absent)."""
    ids = sorted(set(subject_ids))
    found: dict[str, list[ConsentRecord]] = defaultdict(list)
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        query = select(ConsentRecord).where(
            ConsentRecord.purpose == purpose, ConsentRecord.subject_id.in_(chunk)
        )
        for record in session.scalars(query):
            found[record.subject_id].append(record)
    return dict(found)


def first_seen(session: Session, subject_id: str) -> datetime | None:
    """The earliest of the subject's first feedback and first consent grant."""
    first_feedback = session.scalar(
        select(func.min(Feedback.received_at)).where(Feedback.subject_id == subject_id)
    )
    first_grant = session.scalar(
        select(func.min(ConsentRecord.granted_at)).where(ConsentRecord.subject_id == subject_id)
    )
    moments = [m for m in (first_feedback, first_grant) if m is not None]  # min() keeps the UTC column type
    return min(moments) if moments else None


def lock_subject(session: Session, subject_id: str) -> None:
    """Serialise follow-up decisions per subject, so two agents cannot both pass the frequency cap.

    SQLite already serialises writers (BEGIN IMMEDIATE); PostgreSQL takes a transaction advisory lock.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:s, 0))"), {"s": subject_id})


def attempts(session: Session, subject_id: str) -> list[FollowUpAttempt]:
    query = (
        select(FollowUpAttempt)
        .where(FollowUpAttempt.subject_id == subject_id)
        .order_by(FollowUpAttempt.attempted_at, FollowUpAttempt.id)
    )
    return list(session.scalars(query))


def add_attempt(session: Session, attempt: FollowUpAttempt) -> FollowUpAttempt:
    session.add(attempt)
    session.flush()
    return attempt


def do_not_contact(session: Session, subject_id: str) -> DoNotContact | None:
    return session.get(DoNotContact, subject_id)


def set_do_not_contact(
    session: Session, *, subject_id: str, active: bool, reason: str | None, at: datetime, by: str
) -> DoNotContact:
    flag = session.get(DoNotContact, subject_id)
    if flag is None:
        flag = DoNotContact(subject_id=subject_id, active=active, reason=reason, updated_at=at, updated_by=by)
        session.add(flag)
    else:
        flag.active, flag.reason, flag.updated_at, flag.updated_by = active, reason, at, by
    session.flush()
    return flag


def forget(session: Session, subject_id: str, *, tombstone: str) -> dict[str, int]:
    """Replace the subject id by `tombstone` in the consent history and attempts; drop notes and the flag."""
    records = session.execute(
        update(ConsentRecord).where(ConsentRecord.subject_id == subject_id).values(subject_id=tombstone)
    )
    attempts = session.execute(
        update(FollowUpAttempt)
        .where(FollowUpAttempt.subject_id == subject_id)
        .values(subject_id=tombstone, notes=None)
    )
    flags = session.execute(delete(DoNotContact).where(DoNotContact.subject_id == subject_id))
    session.flush()
    return {
        "consent_records": records.rowcount,  # type: ignore[attr-defined]
        "follow_up_attempts": attempts.rowcount,  # type: ignore[attr-defined]
        "do_not_contact": flags.rowcount,  # type: ignore[attr-defined]
    }
