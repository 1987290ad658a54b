from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base, new_id, utcnow


class VaultSubjectKey(Base):
    """One data key per subject, stored only wrapped under a master key version.

    Keyed by the vault's subject pseudonym, never the raw subject id. Deleting this row is the
    crypto-shredding step of erasure: without it no vault entry of the subject can be decrypted.
    """

    __tablename__ = "vault_subject_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_ref: Mapped[str] = mapped_column(String(64), unique=True)
    key_version: Mapped[int] = mapped_column(Integer, index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"VaultSubjectKey(id={self.id!r}, key_version={self.key_version})"


class VaultEntry(Base):
    """One original value of a masked entity, AES-GCM encrypted under its subject's data key.

    The ciphertext is bound (associated data) to feedback_id + entity_index + entity_type.
    """

    __tablename__ = "vault_entries"
    __table_args__ = (UniqueConstraint("feedback_id", "entity_index"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    feedback_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    subject_ref: Mapped[str] = mapped_column(String(64), index=True)
    entity_index: Mapped[int] = mapped_column(Integer)
    entity_type: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(String(200))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return (
            f"VaultEntry(feedback_id={self.feedback_id!r}, entity_index={self.entity_index}, "
            f"entity_type={self.entity_type!r})"
        )
