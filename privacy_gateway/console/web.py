"""The console's HTTP boundary: its own security headers and its own error pages.

The API's SecurityHeaders middleware skips /console (its CSP forbids everything a page needs), so every
console response gets the headers below here, errors included. The console runs no JavaScript at all:
script-src 'none' means an injected <script> or event handler cannot run even if escaping ever failed.
Domain errors become HTML pages (the API's JSON error table gives the status); a missing or ended
session becomes a redirect to the sign-in page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute, APIRouter
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from privacy_gateway.api.errors import status_for
from privacy_gateway.console.sessions import SessionEnded
from privacy_gateway.console.templating import COOKIE_PATH, render
from privacy_gateway.errors import GatewayError, InvalidInput

log = logging.getLogger(__name__)

SESSION_COOKIE = "pg_console_session"
LOGIN_PATH = "/console/login"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
NO_STORE = "no-store"
STATIC_CACHE = "public, max-age=86400"  # links carry ?v=<version>, so an upgrade is never stale


class CsrfRejected(Exception):
    """A state-changing form came without the right CSRF token."""


def apply_headers(response: Response, *, cacheable: bool = False) -> Response:
    for name, value in PAGE_HEADERS.items():
        response.headers[name] = value
    if cacheable:
        response.headers["Cache-Control"] = STATIC_CACHE
    else:
        # Pages carry audit data and subject details: never in any cache, nor the back-forward cache.
        response.headers["Cache-Control"] = NO_STORE
        response.headers["Pragma"] = "no-cache"
    return response


def to_login(reason: str) -> RedirectResponse:
    response = RedirectResponse(f"{LOGIN_PATH}?ended={reason}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def error_page(request: Request, status: int, key: str, message: str = "") -> Response:
    return render(request, "error.html", {"status": status, "key": key, "message": message}, status=status)


def _error_key(status: int) -> str:
    return f"error.{status}" if status in (400, 403, 404, 422, 503) else "error.500"


def handle(request: Request, exc: Exception) -> Response:
    """The one place console errors become responses."""
    if isinstance(exc, SessionEnded):
        return to_login(exc.reason)
    if isinstance(exc, CsrfRejected):
        return error_page(request, 403, "error.csrf")
    if isinstance(exc, InvalidInput):
        return error_page(request, 422, "error.422", exc.message)
    if isinstance(exc, GatewayError):
        status = status_for(exc)
        if status >= 500:
            log.error("console request failed: %s (%s)", type(exc).__name__, exc.code)
        return error_page(request, status, _error_key(status))
    if isinstance(exc, RequestValidationError):
        # Never echo the input (it may be a subject id): only where the problem is.
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:3])
        return error_page(request, 422, "error.422", where)
    if isinstance(exc, StarletteHTTPException):
        return error_page(request, exc.status_code, _error_key(exc.status_code))
    if isinstance(exc, DBAPIError):
        log.error("console: database unavailable: %s", type(exc).__name__)
        return error_page(request, 503, "error.503")
    log.error("console: unexpected error: %s", type(exc).__name__)
    return error_page(request, 500, "error.500")


def console_router() -> APIRouter:
    """A router whose routes are ConsoleRoutes (each page module makes one)."""
    return APIRouter(route_class=ConsoleRoute, include_in_schema=False)


class ConsoleRoute(APIRoute):
    """Every console endpoint: errors rendered as pages, security headers on every response."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()
        cacheable = "/static/{" in self.path_format

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except Exception as exc:
                response = handle(request, exc)
            return apply_headers(response, cacheable=cacheable and response.status_code == 200)

        return handler
