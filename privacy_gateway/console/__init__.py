"""The compliance console at /console/: server-rendered pages over the audit trail, consent history and
chain verification, for people with an API key of role compliance or admin (docs/console.md).

    router      the APIRouter the API app includes (every route uses web.ConsoleRoute)
"""

from __future__ import annotations

from fastapi import APIRouter

from privacy_gateway.console.pages import assets, audit, auth, overview, subject, verify
from privacy_gateway.console.web import ConsoleRoute

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
for _page in (auth, overview, audit, verify, subject, assets):
    router.include_router(_page.router)
router.include_router(assets.fallback)  # last: catches every other /console/... address

__all__ = ["router"]
