"""Queries of the vault tables (and the few on feedback that erasure and reveal need). No crypto here."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from privacy_gateway.storage.base import new_id
from privacy_gateway.storage.models import Feedback, VaultEntry, VaultSubjectKey

# What an erased feedback row keeps: its id (audit entries point at it), channel, purpose, category,
# policy and received_at, so that counts over time stay right. Everything that could describe or
# re-identify the person goes.
ERASED_SUBJECT = "[erased]"


class SubjectKeyRow(Protocol):
    """What unwrapping needs of a key row: a VaultSubjectKey, or a row of subject_keys()."""

    @property
    def subject_ref(self) -> str: ...
    @property
    def key_version(self) -> int: ...
    @property
    def wrapped_key(self) -> bytes: ...


def get_subject_key(session: Session, subject_ref: str) -> VaultSubjectKey | None:
    return session.scalars(select(VaultSubjectKey).where(VaultSubjectKey.subject_ref == subject_ref)).first()


def subject_keys(session: Session, subject_refs: Collection[str]) -> Sequence[SubjectKeyRow]:
    """The key rows of these subjects (those that have one), as plain rows: no ORM objects to load."""
    if not subject_refs:
        return []
    stmt = select(
        VaultSubjectKey.subject_ref, VaultSubjectKey.key_version, VaultSubjectKey.wrapped_key
    ).where(VaultSubjectKey.subject_ref.in_(sorted(subject_refs)))
    return session.connection().execute(stmt).all()  # Core: no ORM machinery on the ingest hot path


def insert_subject_keys_if_absent(
    session: Session, *, version: int, wrapped: Mapping[str, bytes], now: datetime
) -> set[str] | None:
    """INSERT ... ON CONFLICT (subject_ref) DO NOTHING RETURNING subject_ref, one key row per subject,
    in one execute: the subjects whose row this call inserted (the others already had one).

    None when the database has no such statement here (not SQLite or PostgreSQL): nothing was done,
    and the caller inserts one row at a time under a savepoint instead.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:
        return None
    rows = [
        {"id": new_id(), "subject_ref": ref, "key_version": version, "wrapped_key": key, "created_at": now}
        for ref, key in wrapped.items()
    ]
    # executemany of one cached statement (a multi-row VALUES would be compiled anew for each row count)
    stmt = (
        insert(VaultSubjectKey)
        .on_conflict_do_nothing(index_elements=["subject_ref"])
        .returning(VaultSubjectKey.subject_ref)
    )
    return set(session.connection().execute(stmt, rows).scalars())


def insert_entries(session: Session, rows: list[dict[str, object]]) -> None:
    """One INSERT for all of them (executemany), bypassing the unit of work (ingest's hot path)."""
    if rows:
        session.connection().execute(insert(VaultEntry), rows)


def get_feedback(session: Session, feedback_id: str) -> Feedback | None:
    return session.get(Feedback, feedback_id)


def entries_for(
    session: Session,
    feedback_id: str,
    *,
    entity_types: Sequence[str] | None = None,
    indexes: Sequence[int] | None = None,
) -> list[VaultEntry]:
    stmt = select(VaultEntry).where(VaultEntry.feedback_id == feedback_id)
    if entity_types is not None:
        stmt = stmt.where(VaultEntry.entity_type.in_(list(entity_types)))
    if indexes is not None:
        stmt = stmt.where(VaultEntry.entity_index.in_(list(indexes)))
    return list(session.scalars(stmt.order_by(VaultEntry.entity_index)))


def stale_keys_after(
    session: Session, *, target_version: int, after_id: str, limit: int
) -> list[VaultSubjectKey]:
    """Keyset page of data keys not on target_version: resumable, and never revisits a failed row."""
    stmt = (
        select(VaultSubjectKey)
        .where(VaultSubjectKey.key_version != target_version, VaultSubjectKey.id > after_id)
        .order_by(VaultSubjectKey.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def count_stale_keys(session: Session, *, target_version: int) -> int:
    stmt = (
        select(func.count()).select_from(VaultSubjectKey).where(VaultSubjectKey.key_version != target_version)
    )
    return int(session.scalar(stmt) or 0)


def subjects_per_version(session: Session) -> dict[int, int]:
    stmt = select(VaultSubjectKey.key_version, func.count()).group_by(VaultSubjectKey.key_version)
    return {int(v): int(n) for v, n in session.execute(stmt)}


def entries_per_version(session: Session) -> dict[int, int]:
    stmt = (
        select(VaultSubjectKey.key_version, func.count(VaultEntry.id))
        .join(VaultSubjectKey, VaultSubjectKey.subject_ref == VaultEntry.subject_ref)
        .group_by(VaultSubjectKey.key_version)
    )
    return {int(v): int(n) for v, n in session.execute(stmt)}


def delete_entries(session: Session, *, subject_ref: str, subject_id: str) -> int:
    # By subject and by record: an entry goes if either its key's subject or its feedback row is the
    # erased subject's (a subquery, not an id list, so that a subject with many records stays one query).
    of_subject = select(Feedback.id).where(Feedback.subject_id == subject_id)
    stmt = delete(VaultEntry).where(
        or_(VaultEntry.subject_ref == subject_ref, VaultEntry.feedback_id.in_(of_subject))
    )
    return _rowcount(session.execute(stmt))


def delete_subject_key(session: Session, subject_ref: str) -> int:
    return _rowcount(
        session.execute(delete(VaultSubjectKey).where(VaultSubjectKey.subject_ref == subject_ref))
    )


def tombstone_feedback(session: Session, subject_id: str, *, at: datetime) -> int:
    stmt = (
        update(Feedback)
        .where(Feedback.subject_id == subject_id, Feedback.erased_at.is_(None))
        .values(subject_id=ERASED_SUBJECT, masked_text="", entities=[], occurred_at=None, erased_at=at)
    )
    return _rowcount(session.execute(stmt))


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
