"""SQL for the audit tables. Reads stream in keyset batches (WHERE seq > last ORDER BY seq LIMIT n),
never OFFSET and never the whole table in memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, text
from sqlalchemy.orm import Session

from privacy_gateway.audit.chain import CHAINED_FIELDS, format_ts
from privacy_gateway.audit.checkpoint import SignedCheckpoint
from privacy_gateway.storage.models.audit import AuditCheckpoint, AuditEntry

# pg_advisory_xact_lock key of the chain head: the bytes of "auditlog" as a bigint. Held until the
# caller's transaction ends, so a second writer reads the head only after the first one committed.
HEAD_LOCK_KEY = int.from_bytes(b"auditlog", "big")

ROW_FIELDS: tuple[str, ...] = (*CHAINED_FIELDS, "hash")
_COLUMNS = [getattr(AuditEntry, name) for name in ROW_FIELDS]


def lock_head(session: Session) -> None:
    """Serialise appenders. SQLite needs nothing: the engine opens every transaction with BEGIN
    IMMEDIATE (storage.session), which already holds the single database write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HEAD_LOCK_KEY})


def insert_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """One INSERT for all of them (executemany) on the session's connection, bypassing the ORM: appends
    are on the hot path of every ingest, and entries are never updated, so there is nothing to track."""
    session.connection().execute(insert(AuditEntry), rows)


def head(session: Session) -> tuple[int, str] | None:
    """(seq, hash) of the last entry, or None when the chain is empty."""
    # Core on the session's connection: no autoflush, no ORM machinery (every ingest reads the head).
    # Entries are only ever written by insert_entries, so there is never one pending in the session.
    row = (
        session.connection()
        .execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        .first()
    )
    return (row[0], row[1]) if row else None


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def iter_chain(session: Session, *, batch_size: int = 10_000, after: int = 0) -> Iterator[dict[str, Any]]:
    """Every entry as a plain dict of ROW_FIELDS, in seq order (ts as a datetime)."""
    while True:
        stmt = select(*_COLUMNS).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(batch_size)
        rows = session.connection().execute(stmt).all()  # Core rows: no ORM loading overhead
        for row in rows:
            yield dict(zip(ROW_FIELDS, row, strict=True))
        if len(rows) < batch_size:
            return
        after = rows[-1][0]


def add_checkpoint(session: Session, checkpoint: SignedCheckpoint, signed_at: datetime) -> AuditCheckpoint:
    row = AuditCheckpoint(
        seq=checkpoint.seq,
        head_hash=checkpoint.head_hash,
        signed_at=signed_at,
        key_id=checkpoint.key_id,
        signature=checkpoint.signature,
    )
    session.add(row)
    session.flush()
    return row


def to_signed(row: AuditCheckpoint) -> SignedCheckpoint:
    return SignedCheckpoint(row.seq, row.head_hash, format_ts(row.signed_at), row.key_id, row.signature)


def checkpoints(session: Session) -> list[SignedCheckpoint]:
    """All stored checkpoints, oldest first (a few per 1,000 entries: small enough for a list)."""
    rows = session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq, AuditCheckpoint.id))
    return [to_signed(row) for row in rows]


def latest_checkpoint(session: Session) -> SignedCheckpoint | None:
    row = session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc(), AuditCheckpoint.id.desc()).limit(1)
    ).first()
    return to_signed(row) if row else None


def filter_conditions(
    *,
    subject_ref: str | None,
    actor: str | None,
    action: str | None,
    purpose: str | None,
    decision: str | None,
    since: datetime | None,
    until: datetime | None,
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if subject_ref is not None:
        conds.append(AuditEntry.subject_ref == subject_ref)
    if actor is not None:
        conds.append(AuditEntry.actor_name == actor)
    if action is not None:
        if action.endswith(".*"):
            conds.append(AuditEntry.action.startswith(action[:-1], autoescape=True))
        else:
            conds.append(AuditEntry.action == action)
    if purpose is not None:
        conds.append(AuditEntry.purpose == purpose)
    if decision is not None:
        conds.append(AuditEntry.decision == decision)
    if since is not None:
        conds.append(AuditEntry.ts >= since)
    if until is not None:
        conds.append(AuditEntry.ts < until)
    return conds


def page(
    session: Session, conds: list[ColumnElement[bool]], *, after: int | None, descending: bool, limit: int
) -> list[AuditEntry]:
    """One keyset page: entries strictly after `after` in the chosen order, at most `limit`."""
    stmt = select(AuditEntry).where(*conds)
    if after is not None:
        stmt = stmt.where(AuditEntry.seq < after if descending else AuditEntry.seq > after)
    order = AuditEntry.seq.desc() if descending else AuditEntry.seq
    return list(session.scalars(stmt.order_by(order).limit(limit)))
