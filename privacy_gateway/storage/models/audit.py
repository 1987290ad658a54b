from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base

# INTEGER PRIMARY KEY on SQLite is the rowid: the chain's natural order costs no extra index there.
_SEQ = BigInteger().with_variant(Integer(), "sqlite")


class AuditEntry(Base):
    """One link of the audit hash chain (privacy_gateway.audit.chain). Append-only: never updated.

    seq is the primary key (unique, 1..n without gaps) and the last line of defence against two writers
    appending the same link. subject_ref is a pseudonym, never a raw identifier.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject_ref_seq", "subject_ref", "seq"),
        Index("ix_audit_entries_actor_name_seq", "actor_name", "seq"),
        Index("ix_audit_entries_action_seq", "action", "seq"),
    )

    seq: Mapped[int] = mapped_column(_SEQ, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    subject_ref: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(32))
    decision: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(256))
    policy_version: Mapped[str | None] = mapped_column(String(128))
    entity_counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    record_ids: Mapped[list[Any]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"AuditEntry(seq={self.seq}, action={self.action!r}, hash={self.hash[:12]!r})"


class AuditCheckpoint(Base):
    """A signed chain head (privacy_gateway.audit.checkpoint). Append-only, like the entries."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]
    key_id: Mapped[str] = mapped_column(String(16))
    signature: Mapped[str] = mapped_column(String(128))

    def __repr__(self) -> str:
        return f"AuditCheckpoint(seq={self.seq}, key_id={self.key_id!r})"
