"""Delivery backlog per destination: GET /v1/outbox/status (JSON) and GET /metrics (Prometheus text).

Both need an API key with role admin or compliance. /metrics is not left open: destination names and
backlog sizes describe the operator's systems, and Prometheus sends a bearer key without fuss
(``authorization: {type: Bearer, credentials_file: ...}`` in the scrape config; docs/stores.md).
Neither shows a payload, only counts, ages and error codes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from privacy_gateway.api.deps import ServicesDep, SessionDep, require_roles
from privacy_gateway.storage.base import utcnow
from privacy_gateway.stores import outbox
from privacy_gateway.stores.outbox import DestinationStatus
from privacy_gateway.stores.wiring import load_stores_config
from privacy_gateway.types import Actor, Role

router = APIRouter(tags=["stores"])

StatusReader = Annotated[Actor, Depends(require_roles(Role.ADMIN, Role.COMPLIANCE))]


class DestinationStatusOut(BaseModel):
    destination: str
    pending: int
    retrying: int
    dead: int
    delivered: int
    oldest_pending_age_seconds: float | None
    last_error: str | None


class OutboxStatusOut(BaseModel):
    destinations: list[DestinationStatusOut]


def _rows(services: ServicesDep, session: SessionDep) -> list[DestinationStatus]:
    names = list(load_stores_config(services.settings).destinations)
    return outbox.status(session, now=utcnow(), destinations=names)


@router.get("/v1/outbox/status", response_model=OutboxStatusOut)
def outbox_status(services: ServicesDep, session: SessionDep, _actor: StatusReader) -> OutboxStatusOut:
    """Depth, age of the oldest pending message, retrying and dead messages, last error per destination."""
    return OutboxStatusOut(
        destinations=[DestinationStatusOut.model_validate(r.as_dict()) for r in _rows(services, session)]
    )


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


METRICS = [
    ("pending", "Outbox messages waiting for delivery."),
    ("retrying", "Pending messages that have failed at least once."),
    ("dead", "Messages given up on after max_attempts or a permanent refusal (see `outbox retry`)."),
    ("delivered", "Delivered messages still kept in the outbox (until `outbox purge`)."),
    ("oldest_pending_age_seconds", "Age of the oldest pending message."),
]


def render_prometheus(rows: list[DestinationStatus]) -> str:
    """Prometheus text exposition format 0.0.4. Pure."""
    lines: list[str] = []
    for field, help_text in METRICS:
        name = f"privacy_gateway_outbox_{field}"
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        for r in rows:
            value = getattr(r, field)
            if value is not None:
                lines.append(f'{name}{{destination="{_label(r.destination)}"}} {value}')
    return "\n".join(lines) + "\n"


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(services: ServicesDep, session: SessionDep, _actor: StatusReader) -> PlainTextResponse:
    """Outbox gauges per destination in the Prometheus text format."""
    return PlainTextResponse(
        render_prometheus(_rows(services, session)), media_type="text/plain; version=0.0.4"
    )
