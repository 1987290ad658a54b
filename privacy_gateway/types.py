"""Kernel value types shared by every layer. Imports nothing else of the package."""

from __future__ import annotations

import enum
from dataclasses import dataclass

# Entity types of the stable contract (../shared/CONTRACT.md); more may be added.
PHONE_NUMBER = "PHONE_NUMBER"
CN_RESIDENT_ID = "CN_RESIDENT_ID"
BANK_CARD = "BANK_CARD"
AMOUNT = "AMOUNT"
LOCATION = "LOCATION"
PERSON = "PERSON"
EMAIL_ADDRESS = "EMAIL_ADDRESS"

CONTRACT_ENTITY_TYPES: tuple[str, ...] = (
    PHONE_NUMBER,
    CN_RESIDENT_ID,
    BANK_CARD,
    AMOUNT,
    LOCATION,
    PERSON,
    EMAIL_ADDRESS,
)


@dataclass(frozen=True, slots=True)
class Span:
    """One detection: offsets are code-point indices into the text as given, end exclusive.

    Carries no text of its own, so it is safe to log.
    """

    entity_type: str
    start: int
    end: int
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"entity_type": self.entity_type, "start": self.start, "end": self.end, "score": self.score}


class Role(enum.StrEnum):
    INGEST = "ingest"
    AGENT = "agent"
    COMPLIANCE = "compliance"
    ANALYST = "analyst"
    ADMIN = "admin"


# Defaults; settings may extend both lists (never shrink below these).
DEFAULT_PURPOSES: tuple[str, ...] = ("follow_up", "analytics", "model_training", "marketing", "service")
DEFAULT_CHANNELS: tuple[str, ...] = ("phone", "sms", "email", "app_push", "in_app")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: an API key's name and role, or a CLI operator."""

    name: str
    role: str
