"""Pure ASGI middleware: body size limit (413), control characters in the URL (400) and security headers.
Cheap on the hot path."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


def _error(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    """Answer with the error envelope straight from middleware (the app is not called)."""
    body = _error(code, message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuse bodies over max_bytes with 413 before the app reads them (by header, then by stream)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await self._reject(send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge()
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        await send_error(send, 413, "body_too_large", f"request body is larger than {self.max_bytes} bytes")


class _BodyTooLarge(StarletteHTTPException):
    # An HTTPException so that FastAPI's body parsing re-raises it (it turns other errors into 400).
    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body is too large")


# A NUL or another C0/DEL control character, raw (a decoded path) or percent-encoded (a query string).
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_QUERY = re.compile(rb"%(?:[01][0-9A-Fa-f]|7[Ff])")


class RejectControlCharacters:
    """Refuse URLs whose path or query carries NUL or a control character (400 invalid_url).

    No identifier, filter or purpose contains one, PostgreSQL cannot store NUL in text, and such values
    only serve to split log lines or smuggle through filters: one check here covers every endpoint's
    path and query parameters.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            _CONTROL_IN_PATH.search(scope["path"]) or _CONTROL_IN_QUERY.search(scope.get("query_string", b""))
        ):
            await send_error(send, 400, "invalid_url", "the URL contains a control character")
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, skip_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.skip_prefixes = skip_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra: list[Any] = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
