"""What both transports share: which exceptions mean "try again later" and the per-run counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import InterfaceError, OperationalError

from privacy_gateway.errors import StoreUnavailable

# The gateway's own database is unreachable: the message is fine, retry it later, never dead-letter it.
TRANSIENT: tuple[type[BaseException], ...] = (StoreUnavailable, OperationalError, InterfaceError)


@dataclass
class ConsumeReport:
    acked: int = 0
    duplicates: int = 0
    dead: dict[str, int] = field(default_factory=dict)
    retried: int = 0

    def dead_letter(self, reason: str) -> None:
        self.dead[reason] = self.dead.get(reason, 0) + 1

    @property
    def handled(self) -> int:
        return self.acked + sum(self.dead.values())
