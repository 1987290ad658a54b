"""``sql``: any SQLAlchemy database and table; the feedback id is the primary key, so a redelivered
message is dropped by the database itself (insert-or-ignore), never stored twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Engine, MetaData, String, Table, Text
from sqlalchemy.exc import SQLAlchemyError

from privacy_gateway.storage.base import UTCDateTime, utcnow
from privacy_gateway.storage.session import make_engine
from privacy_gateway.stores.config import SqlDestination
from privacy_gateway.stores.destinations.base import BatchOutcome, DeliveryError, Destination
from privacy_gateway.stores.envelope import Envelope
from privacy_gateway.stores.sqlutil import write_rows


def masked_table(name: str, metadata: MetaData) -> Table:
    return Table(
        name,
        metadata,
        Column("feedback_id", String(32), primary_key=True),
        Column("subject_ref", String(64), nullable=False),
        Column("channel", String(32), nullable=False),
        Column("purpose", String(64), nullable=False),
        Column("category", String(64)),
        Column("source", String(200)),
        Column("masked_text", Text, nullable=False),
        Column("entities", JSON, nullable=False),
        Column("entity_counts", JSON, nullable=False),
        Column("policy", String(64), nullable=False),
        Column("policy_version", String(64), nullable=False),
        Column("occurred_at", UTCDateTime()),
        Column("received_at", UTCDateTime()),
        Column("stored_at", UTCDateTime(), nullable=False),
    )


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def row_for(envelope: Envelope, *, now: datetime) -> dict[str, Any]:
    p = envelope.payload
    return {
        "feedback_id": envelope.feedback_id,
        "subject_ref": p["subject_ref"],
        "channel": p["channel"],
        "purpose": p["purpose"],
        "category": p.get("category"),
        "source": p.get("source"),
        "masked_text": p["text"],
        "entities": p["entities"],
        "entity_counts": p["entity_counts"],
        "policy": p["policy"],
        "policy_version": p["policy_version"],
        "occurred_at": _when(p.get("occurred_at")),
        "received_at": _when(p.get("received_at")),
        "stored_at": now,
    }


class SqlStore(Destination):
    kind = "sql"

    def __init__(self, name: str, config: SqlDestination, *, engine: Engine | None = None) -> None:
        super().__init__(name)
        self.config = config
        self._engine = engine
        self.table = masked_table(config.table, MetaData())
        self._ready = False

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            # A small pool: one dispatcher thread writes to this store at a time.
            sqlite = self.config.url.startswith("sqlite")
            self._engine = make_engine(
                self.config.url, **({} if sqlite else {"pool_size": 2, "max_overflow": 2})
            )
        return self._engine

    def deliver(self, batch: Sequence[Envelope]) -> BatchOutcome:
        # One transaction for the whole batch: all of it is stored or none of it.
        try:
            if not self._ready and self.config.create_table:
                self.table.metadata.create_all(self.engine, checkfirst=True)
            self._ready = True
            now = utcnow()
            with self.engine.begin() as conn:
                write_rows(
                    conn, self.table, [row_for(e, now=now) for e in batch], key="feedback_id", update=False
                )
        except SQLAlchemyError as exc:
            return BatchOutcome(
                0, DeliveryError(f"sql store unavailable ({type(exc).__name__})", code="sql_error")
            )
        return BatchOutcome(len(batch))

    def send(self, envelope: Envelope) -> None:
        outcome = self.deliver([envelope])
        if outcome.error is not None:
            raise outcome.error

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
