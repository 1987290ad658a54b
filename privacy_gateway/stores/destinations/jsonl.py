"""``jsonl``: append one JSON line per record to ``<directory>/<name>.<NNNNNN>.jsonl``, moving to the next
number once a file passes ``max_bytes``. The default destination: it needs no broker or server.

A file cannot drop duplicates itself: after a dispatcher crash between writing and marking delivered, a
line may be written twice. Readers deduplicate on ``id`` (the idempotency key), as docs/stores.md says.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from privacy_gateway.stores.config import JsonlDestination
from privacy_gateway.stores.destinations.base import BatchOutcome, DeliveryError, Destination
from privacy_gateway.stores.envelope import Envelope


class JsonlStore(Destination):
    kind = "jsonl"

    def __init__(self, name: str, config: JsonlDestination) -> None:
        super().__init__(name)
        self.config = config
        self._pattern = re.compile(rf"^{re.escape(name)}\.(\d{{6}})\.jsonl$")

    def files(self) -> list[Path]:
        directory = self.config.directory
        if not directory.is_dir():
            return []
        return sorted(p for p in directory.iterdir() if self._pattern.match(p.name))

    def _current(self) -> Path:
        existing = self.files()
        if not existing:
            return self.config.directory / f"{self.name}.000001.jsonl"
        last = existing[-1]
        if last.stat().st_size < self.config.max_bytes:
            return last
        m = self._pattern.match(last.name)
        assert m is not None  # the file was listed by this very pattern  # nosec B101
        return self.config.directory / f"{self.name}.{int(m.group(1)) + 1:06d}.jsonl"

    def deliver(self, batch: Sequence[Envelope]) -> BatchOutcome:
        try:
            self.config.directory.mkdir(parents=True, exist_ok=True)
            data = b"".join(e.body() + b"\n" for e in batch)
            fd = os.open(self._current(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
                if self.config.fsync:
                    os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            return BatchOutcome(0, DeliveryError(f"jsonl write failed ({exc.strerror})", code="io_error"))
        return BatchOutcome(len(batch))

    def send(self, envelope: Envelope) -> None:
        outcome = self.deliver([envelope])
        if outcome.error is not None:
            raise outcome.error
