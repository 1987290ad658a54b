"""Input and output of the ingest use-case (framework-free; the API has its own pydantic models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedbackIn:
    subject_id: str
    channel: str
    text: str = field(repr=False)
    purpose: str | None = None
    category: str | None = None
    occurred_at: datetime | None = None
    source: str | None = None  # which upstream sent it (HTTP key name, broker source...)


@dataclass(frozen=True)
class MaskedEntityOut:
    entity_type: str
    start: int
    end: int


@dataclass(frozen=True)
class IngestResult:
    id: str
    text: str  # masked
    entities: list[MaskedEntityOut]
    policy: str
    policy_version: str

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entities:
            out[e.entity_type] = out.get(e.entity_type, 0) + 1
        return out
