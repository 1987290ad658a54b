from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_gateway.storage.base import Base, utcnow


class ConsoleSession(Base):
    """A signed-in compliance console session (privacy_gateway/console/sessions.py).

    Kept in the database, not in process memory, so that every worker process of `serve` sees the same
    sessions and a logout ends the session everywhere. Only the SHA-256 of the cookie's token is stored:
    a copy of this table does not let anyone sign in. The API key's name is re-checked on every request,
    so revoking the key ends its sessions.
    """

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    actor_name: Mapped[str] = mapped_column(String(200), index=True)
    actor_role: Mapped[str] = mapped_column(String(32))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"ConsoleSession(actor_name={self.actor_name!r}, actor_role={self.actor_role!r})"
