"""The wire body of one feedback submission, the same for POST /v1/feedback and broker messages."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from privacy_gateway.fields import UtcDateTime
from privacy_gateway.redaction.schemas import FeedbackIn


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    subject_id: str = Field(min_length=1, max_length=200)
    channel: str = Field(min_length=1, max_length=32)
    text: str
    purpose: str | None = Field(default=None, max_length=64)
    category: str | None = Field(default=None, max_length=64)
    occurred_at: Annotated[UtcDateTime | None, Field(strict=False)] = None

    def to_input(self, *, source: str | None = None) -> FeedbackIn:
        return FeedbackIn(
            subject_id=self.subject_id,
            channel=self.channel,
            text=self.text,
            purpose=self.purpose,
            category=self.category,
            occurred_at=self.occurred_at,
            source=source,
        )
