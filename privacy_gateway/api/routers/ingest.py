"""POST /v1/feedback and POST /v1/analyze."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from privacy_gateway.api.deps import CommitterDep, ServicesDep, require_roles
from privacy_gateway.redaction.body import FeedbackBody
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1", tags=["feedback"])


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

# Texts up to this length are detected and masked on the event loop (at most a few milliseconds): a
# thread-pool hop costs more than detecting typical feedback. Longer texts go to the pool so that they
# do not hold up the other requests.
INLINE_PREPARE_CHARS = 2_000


@router.post("/feedback", status_code=201, response_model=FeedbackOut)
async def post_feedback(
    body: FeedbackBody, actor: IngestActor, services: ServicesDep, committer: CommitterDep
) -> FeedbackOut:
    """Detect and mask PII, keep originals encrypted in the vault, store the masked record, audit it.

    Detection and masking run outside any transaction (on the event loop for typical feedback, in the
    thread pool for long texts); the database half goes to the process's group committer
    (redaction.group_commit), and the 201 waits for the commit that contains the record, its vault
    entries, its audit entry and its outbox rows.
    """
    data = body.to_input(source=actor.name)
    if len(data.text) <= INLINE_PREPARE_CHARS:
        prepared = services.ingest.prepare(data)
    else:
        prepared = await run_in_threadpool(services.ingest.prepare, data)
    result = await asyncio.wrap_future(committer.submit((prepared, actor)))
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
