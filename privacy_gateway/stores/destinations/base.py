"""The destination interface the dispatcher delivers through, and its two failure kinds.

    DeliveryError              the store did not take the message now (down, timeout, refused): retry later
    └── PermanentDeliveryError the store will never take it (e.g. 4xx from a webhook): dead-letter at once

Messages carry no raw text, but error messages still never include payloads: they go to logs and to the
outbox's ``last_error`` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from privacy_gateway.stores.envelope import Envelope


class DeliveryError(Exception):
    def __init__(self, message: str, *, code: str = "delivery_failed") -> None:
        super().__init__(message)
        self.code = code


class PermanentDeliveryError(DeliveryError):
    pass


@dataclass(frozen=True)
class BatchOutcome:
    """``delivered`` messages from the head of the batch went through, in order; then ``error`` (if any)."""

    delivered: int
    error: DeliveryError | None = None


class Destination:
    """Delivers envelopes to one store. Subclasses implement ``send`` (one message) and may override
    ``deliver`` to write a batch at once; either way the outcome is a prefix of the batch, so the
    dispatcher keeps per-destination order."""

    kind = "base"

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, envelope: Envelope) -> None:
        raise NotImplementedError

    def deliver(self, batch: Sequence[Envelope]) -> BatchOutcome:
        for i, envelope in enumerate(batch):
            try:
                self.send(envelope)
            except DeliveryError as exc:
                return BatchOutcome(i, exc)
        return BatchOutcome(len(batch))

    def close(self) -> None:
        """Release connections; the dispatcher calls it on stop. Sending again reconnects."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"
