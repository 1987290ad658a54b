"""Plain helpers for the stores tests: ingest a record, fake destinations, a manual clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from privacy_gateway.bootstrap import Services
from privacy_gateway.redaction.schemas import FeedbackIn, IngestResult
from privacy_gateway.storage.base import utcnow
from privacy_gateway.stores.destinations.base import BatchOutcome, DeliveryError, Destination
from privacy_gateway.stores.envelope import Envelope
from privacy_gateway.types import Actor

PHONE = "13812345678"
EMAIL = "zhang.wei@example.com"
RAW_TEXT = f"客服你好，我的手机{PHONE}，邮箱{EMAIL}，转账失败请回电"


def ingest(
    services: Services,
    text: str = RAW_TEXT,
    *,
    channel: str = "phone",
    category: str | None = None,
    source: str = "app",
    subject_id: str = "user-1",
) -> IngestResult:
    with services.session_factory() as session, session.begin():
        return services.ingest.ingest(
            session,
            FeedbackIn(subject_id=subject_id, channel=channel, text=text, category=category),
            actor=Actor(source, "ingest"),
        )


class Clock:
    def __init__(self, start: datetime | None = None) -> None:
        # Starts at the real time: rows are created with the real time; the test moves it on from there.
        self.now = start or utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Recorder(Destination):
    """Keeps what it receives; ``down`` makes it refuse; ``fail_at`` fails the n-th message of a batch."""

    kind = "fake"

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.received: list[Envelope] = []
        self.down = False
        self.permanent = False
        self.calls = 0

    def deliver(self, batch: Sequence[Envelope]) -> BatchOutcome:
        self.calls += 1
        if self.down:
            return BatchOutcome(0, DeliveryError("refused", code="down"))
        self.received.extend(batch)
        return BatchOutcome(len(batch))


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not an Exception, so no handler catches it)."""


class DiesMidBatch(Recorder):
    """Delivers ``after`` messages of its first batch, then the process 'dies'."""

    def __init__(self, name: str, after: int) -> None:
        super().__init__(name)
        self.after = after
        self.died = False

    def deliver(self, batch: Sequence[Envelope]) -> BatchOutcome:
        if not self.died:
            self.died = True
            self.received.extend(batch[: self.after])
            raise Killed
        return super().deliver(batch)
