"""Values the consent domain takes and returns. No database, no web framework."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from privacy_gateway.consent.versions import MAX_LENGTH, NoticeVersion
from privacy_gateway.errors import InvalidInput

# A source is a reference to the proof of consent ("app:privacy-settings", "ivr:rec/8842"), not free
# text: printable ASCII only, so names or addresses cannot be written into it by accident.
SOURCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _.:/#@+=,&?!()\[\]-]*$"


def _checked_notice_version(value: str) -> str:
    try:
        NoticeVersion(value)
    except InvalidInput as exc:
        raise ValueError(exc.message) from None  # pydantic turns ValueError into a validation error
    return value


NoticeVersionText = Annotated[
    str, Field(min_length=1, max_length=MAX_LENGTH), AfterValidator(_checked_notice_version)
]


class ConsentIn(BaseModel):
    """One grant or withdrawal to record (from the API or a bulk import line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject_id: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=64)
    channel: str = Field(min_length=1, max_length=32)
    granted: bool
    notice_version: NoticeVersionText
    source: str = Field(min_length=1, max_length=200, pattern=SOURCE_PATTERN)
    separate: bool = False
    effective_at: AwareDatetime | None = None  # when it was given/withdrawn; default: now
    expires_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _expiry_fits(self) -> ConsentIn:
        if not self.granted and self.expires_at is not None:
            raise ValueError("a withdrawal has no expires_at")
        if (
            self.expires_at is not None
            and self.effective_at is not None
            and self.expires_at <= self.effective_at
        ):
            raise ValueError("expires_at must be after the moment consent is given")
        return self


@dataclass(frozen=True, slots=True)
class ConsentDecision:
    """The answer of the consent gate: allowed or not, a reason code, and the record it rested on."""

    allowed: bool
    reason: str
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentState:
    """The current state of one (purpose, channel) of a subject: its latest record, evaluated now."""

    purpose: str
    channel: str
    decision: ConsentDecision
    record_id: str


class Outcome(enum.StrEnum):
    """What came of a follow-up attempt. Outcome codes, not free text, carry the result."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    REFUSED = "refused"  # the subject declined to talk / asked not to be contacted
    WRONG_NUMBER = "wrong_number"
    UNREACHABLE = "unreachable"


class FollowUpIn(BaseModel):
    """An agent's record of one follow-up attempt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel: str = Field(min_length=1, max_length=32)
    outcome: Outcome
    notes: str | None = Field(default=None, max_length=500)


@dataclass(frozen=True, slots=True)
class FollowUpDecision:
    """May an agent contact the subject now? If not, why, and (for time rules) from when on."""

    allowed: bool
    reason: str
    consent_record_id: str | None = None
    next_allowed_at: datetime | None = None
