"""What the vault takes and returns, and the interfaces it needs from its neighbours.

No value object here prints an original value or key bytes in its repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from privacy_gateway.types import Actor


class VaultItemLike(Protocol):
    """One original to keep: privacy_gateway.masking.engine.VaultItem has these attributes."""

    @property
    def index(self) -> int: ...
    @property
    def entity_type(self) -> str: ...
    @property
    def token(self) -> str: ...
    @property
    def original(self) -> str: ...


class ConsentDecision(Protocol):
    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> str: ...


class ConsentGate(Protocol):
    """privacy_gateway.consent.service.ConsentService: decides and audits the check itself."""

    def check(
        self,
        session: Session,
        *,
        subject_id: str,
        purpose: str,
        channel: str,
        actor: Actor,
        at: datetime | None = None,
    ) -> ConsentDecision: ...


@dataclass(frozen=True, slots=True)
class Revealed:
    index: int
    entity_type: str
    token: str
    value: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """Row counts of what erasure destroyed: subject_keys, vault_entries, feedback."""

    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class RewrapReport:
    target_version: int
    rewrapped: int  # data keys moved to target_version by this run
    failed: int  # data keys that could not be unwrapped (retired or missing master version)
    batches: int


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """Versions only, never key bytes."""

    current_version: int
    min_version: int
    configured_versions: tuple[int, ...]
    subjects_per_version: Mapping[int, int]
    entries_per_version: Mapping[int, int]

    @property
    def stale_subjects(self) -> int:
        """Data keys not yet on the current version (what `keys rewrap` would move)."""
        return sum(n for v, n in self.subjects_per_version.items() if v != self.current_version)

    @property
    def unreadable_versions(self) -> tuple[int, ...]:
        """Versions in use that this key ring cannot unwrap (retired or not configured)."""
        return tuple(
            v
            for v in sorted(self.subjects_per_version)
            if v < self.min_version or v not in self.configured_versions
        )

    @property
    def retirable_below(self) -> int:
        """Versions below this wrap no data key any more: min_master_key_version may be raised to it."""
        return min(self.subjects_per_version, default=self.current_version)

    def as_dict(self) -> dict[str, object]:
        return {
            "current_version": self.current_version,
            "min_version": self.min_version,
            "configured_versions": list(self.configured_versions),
            "subjects_per_version": {str(v): n for v, n in sorted(self.subjects_per_version.items())},
            "entries_per_version": {str(v): n for v, n in sorted(self.entries_per_version.items())},
            "stale_subjects": self.stale_subjects,
            "unreadable_versions": list(self.unreadable_versions),
            "retirable_below": self.retirable_below,
        }
