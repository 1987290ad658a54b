"""create_app(settings): the HTTP shell. Settings are read once here (or by the CLI) and passed down."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from privacy_gateway import __version__, console
from privacy_gateway.api.errors import install_error_handlers
from privacy_gateway.api.middleware import BodySizeLimit, RejectControlCharacters, SecurityHeaders
from privacy_gateway.api.ratelimit import RateLimit
from privacy_gateway.api.routers import audit, consent, export, feedback_read, health, ingest, metrics, vault
from privacy_gateway.bootstrap import Services, build_services, freeze_startup_objects
from privacy_gateway.redaction.group_commit import GroupCommitter
from privacy_gateway.redaction.remote_commit import Committer, RemoteCommitter
from privacy_gateway.redaction.schemas import IngestResult
from privacy_gateway.redaction.service import PreparedFeedback
from privacy_gateway.settings import Settings
from privacy_gateway.stores.wiring import start_background_dispatcher
from privacy_gateway.types import Actor

log = logging.getLogger(__name__)

ROUTERS = [
    health.router,
    ingest.router,
    feedback_read.router,
    consent.router,
    vault.router,
    audit.router,
    export.router,
    metrics.router,
    console.router,  # /console/: HTML pages with their own security headers (docs/console.md)
]


# The event loop gives up the GIL at every socket call and must get it back from the ingest writer
# thread, which keeps it up to the switch interval (5 ms by default) while it builds a batch: under
# load that wait landed on every request's latency. 0.5 ms hands it back ten times sooner
# (docs/performance.md).
GIL_SWITCH_INTERVAL_S = 0.0005


def create_app(
    settings: Settings | None = None, *, services: Services | None = None, dispatcher: bool = False
) -> FastAPI:
    """Build the app. Pass `services` to share an already built container (tests, several apps).

    `dispatcher=True` (what `serve` does) also runs the outbox dispatcher in a background thread for the
    life of the app; separate `privacy-gateway dispatch` workers can run beside it (leases keep order).
    """
    settings = settings or (services.settings if services else Settings())
    owned = services is None
    services = services or build_services(settings)
    remote = settings.writer_socket is not None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Behind a writer process (serve --workers N) the supervising process runs the one dispatcher.
        background = start_background_dispatcher(services) if dispatcher and not remote else None
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        freeze_startup_objects()
        try:
            yield
        finally:
            gc.unfreeze()
            sys.setswitchinterval(switch_interval)
            if background is not None:
                background.stop()
            committer.close()  # after the server stopped taking requests: finishes the last batch
            if owned:
                services.close()

    app = FastAPI(
        title="privacy_gateway",
        version=__version__,
        description="PII detection and masking, consent gate and tamper-evident audit for wallet feedback.",
        lifespan=lifespan,
    )
    app.state.services = services
    # Ingest's database half: one writer thread, one transaction per batch of requests (group commit);
    # with several worker processes, the one writer process they share (redaction/remote_commit.py).
    committer: Committer[tuple[PreparedFeedback, Actor], IngestResult] = (
        RemoteCommitter(settings.writer_socket)
        if settings.writer_socket is not None
        else GroupCommitter(services.session_factory, services.ingest.persist_many, name="ingest-writer")
    )
    app.state.group_commit = committer
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    # The last added runs first: security headers wrap every answer (400, 413 and 429 included), then
    # URLs with control characters are refused, then the rate limit refuses a flood before the body is
    # read, then the body size limit.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.rate_limit_per_second > 0:
        app.add_middleware(
            RateLimit, per_second=settings.rate_limit_per_second, burst=settings.rate_limit_burst
        )
    app.add_middleware(RejectControlCharacters)
    app.add_middleware(SecurityHeaders, skip_prefixes=("/docs", "/redoc", "/console"))
    return app
