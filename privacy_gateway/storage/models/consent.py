"""Consent records (append-only history), follow-up (回访) attempts and the do-not-contact flag.

A consent row is never updated or deleted: a withdrawal is a new row with granted=False, and the current
state of a (subject, purpose, channel) is derived from the history (privacy_gateway.consent.decision).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base, new_id, utcnow


class ConsentRecord(Base):
    """One grant or withdrawal of consent, as collected (source) under a notice version."""

    __tablename__ = "consent_records"
    __table_args__ = (
        # Exactly one of granted_at / withdrawn_at is set, matching `granted`.
        CheckConstraint(
            "(granted AND granted_at IS NOT NULL AND withdrawn_at IS NULL) OR "
            "(NOT granted AND withdrawn_at IS NOT NULL AND granted_at IS NULL AND expires_at IS NULL)",
            name="grant_or_withdrawal",
        ),
        Index("ix_consent_records_subject_purpose", "subject_id", "purpose"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool]
    # PIPL 单独同意: the subject agreed to this purpose on its own, not bundled with other terms.
    separate: Mapped[bool] = mapped_column(default=False)
    notice_version: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(200))  # where and how it was collected (a reference)
    granted_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)  # exclusive: invalid from this instant
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))

    @property
    def effective_at(self) -> datetime:
        """When this record takes effect: the grant or the withdrawal instant."""
        moment = self.granted_at if self.granted else self.withdrawn_at
        assert moment is not None  # guaranteed by the check constraint  # nosec B101
        return moment

    def __repr__(self) -> str:
        return (
            f"ConsentRecord(id={self.id!r}, purpose={self.purpose!r}, channel={self.channel!r}, "
            f"granted={self.granted!r})"
        )


class FollowUpAttempt(Base):
    """One 回访 contact attempt and its outcome. Notes are free of PII (refused at input otherwise)."""

    __tablename__ = "follow_up_attempts"
    __table_args__ = (Index("ix_follow_up_attempts_subject_at", "subject_id", "attempted_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(32))
    agent: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(String(500), default=None)
    consent_record_id: Mapped[str | None] = mapped_column(String(32), default=None)

    def __repr__(self) -> str:
        return f"FollowUpAttempt(id={self.id!r}, channel={self.channel!r}, outcome={self.outcome!r})"


class DoNotContact(Base):
    """The do-not-contact flag of a subject (current value; every change is in the audit trail)."""

    __tablename__ = "do_not_contact"

    subject_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    active: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(String(64), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"DoNotContact(active={self.active!r}, reason={self.reason!r})"
