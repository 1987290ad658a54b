from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base, new_id, utcnow


class Feedback(Base):
    """A feedback record as the gateway keeps it: masked text only, never the raw text.

    The subject is kept as given by the operator (it is their own user id, needed for consent and
    erasure); PII found inside the text is masked before this row is written.
    """

    __tablename__ = "feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(64), default=None)
    masked_text: Mapped[str] = mapped_column(Text)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Generalised quasi-identifiers computed at ingest (masking/facts.py): '<AMOUNT:100-500> 浙江省杭州市'.
    facts: Mapped[str] = mapped_column(String(200), default="")
    policy: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime | None] = mapped_column(default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    erased_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"Feedback(id={self.id!r}, channel={self.channel!r}, policy={self.policy!r})"
