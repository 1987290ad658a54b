"""The transactional outbox: one row per (feedback record, destination), written in the ingest
transaction, delivered later by the dispatcher (privacy_gateway/stores/dispatcher.py).

The payload is the MASKED record only (masked text, entity types/offsets/counts, policy, subject pseudonym);
raw text never reaches this table. ``id`` is a growing sequence: per destination, rows are delivered in id
order. ``OutboxLease`` holds which dispatcher currently owns a destination, so several dispatchers can
run without delivering one destination's messages out of order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base, utcnow

PENDING = "pending"
DELIVERED = "delivered"
DEAD = "dead"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("destination", "feedback_id"),
        Index("ix_outbox_destination_status_id", "destination", "status", "id"),
    )

    # BIGINT on servers, INTEGER on SQLite (only INTEGER PRIMARY KEY autoincrements there).
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    destination: Mapped[str] = mapped_column(String(64))
    feedback_id: Mapped[str] = mapped_column(String(32))  # the idempotency key the store deduplicates on
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(
        String(200), default=None
    )  # an error class/code, no payload
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return (
            f"OutboxMessage(id={self.id!r}, destination={self.destination!r}, "
            f"feedback_id={self.feedback_id!r}, status={self.status!r}, attempts={self.attempts})"
        )


class OutboxLease(Base):
    __tablename__ = "outbox_leases"

    destination: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(100), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"OutboxLease(destination={self.destination!r}, owner={self.owner!r})"
