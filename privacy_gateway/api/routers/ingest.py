"""POST /v1/feedback and POST /v1/analyze."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from privacy_gateway.api.deps import ServicesDep, SessionDep, require_roles
from privacy_gateway.api.fields import UtcDateTime
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1", tags=["feedback"])


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    subject_id: str = Field(min_length=1, max_length=200)
    channel: str = Field(min_length=1, max_length=32)
    text: str
    purpose: str | None = Field(default=None, max_length=64)
    category: str | None = Field(default=None, max_length=64)
    occurred_at: Annotated[UtcDateTime | None, Field(strict=False)] = None


class EntityOut(BaseModel):
    entity_type: str
    start: int
    end: int


class FeedbackOut(BaseModel):
    id: str
    text: str
    entities: list[EntityOut]
    policy: str
    policy_version: str


class AnalyzeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    text: str


class DetectedOut(BaseModel):
    entity_type: str
    start: int
    end: int
    score: float


class AnalyzeOut(BaseModel):
    entities: list[DetectedOut]


IngestActor = Annotated[Actor, Depends(require_roles(Role.INGEST))]


@router.post("/feedback", status_code=201, response_model=FeedbackOut)
def post_feedback(
    body: FeedbackBody, actor: IngestActor, session: SessionDep, services: ServicesDep
) -> FeedbackOut:
    """Detect and mask PII, keep originals encrypted in the vault, store the masked record, audit it."""
    data = FeedbackIn(
        subject_id=body.subject_id,
        channel=body.channel,
        text=body.text,
        purpose=body.purpose,
        category=body.category,
        occurred_at=body.occurred_at,
        source=actor.name,
    )
    result = services.ingest.ingest(session, data, actor=actor)
    return FeedbackOut(
        id=result.id,
        text=result.text,
        entities=[EntityOut(entity_type=e.entity_type, start=e.start, end=e.end) for e in result.entities],
        policy=result.policy,
        policy_version=result.policy_version,
    )


@router.post("/analyze", response_model=AnalyzeOut)
def analyze(body: AnalyzeBody, actor: IngestActor, services: ServicesDep) -> AnalyzeOut:
    """Detect only; nothing is stored."""
    spans = services.ingest.analyze(body.text)
    return AnalyzeOut(
        entities=[
            DetectedOut(entity_type=s.entity_type, start=s.start, end=s.end, score=s.score) for s in spans
        ]
    )
