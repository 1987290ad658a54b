"""The one place domain errors become HTTP responses: {"error": {"code": str, "message": str}}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from privacy_gateway import errors

log = logging.getLogger(__name__)

STATUS_BY_ERROR: list[tuple[type[errors.GatewayError], int]] = [
    # Most specific first.
    (errors.TextTooLarge, 413),
    (errors.InvalidInput, 422),
    (errors.Unauthenticated, 401),
    (errors.Forbidden, 403),
    (errors.ConsentDenied, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.RateLimited, 429),
    (errors.KeyUnavailable, 410),
    (errors.StoreUnavailable, 503),
    (errors.IntegrityError, 500),
    (errors.ConfigError, 500),
]

RETRY_AFTER_SECONDS = "5"


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": _encodable(message), **extra}}


def _encodable(message: str) -> str:
    # A message may quote a request value (an unknown quasi-identifier name); one with a lone surrogate
    # would make the JSON response itself fail (UnicodeEncodeError -> 500). Replace what UTF-8 cannot hold.
    return message.encode("utf-8", "replace").decode("utf-8")


def status_for(exc: errors.GatewayError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 500


def _gateway_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.GatewayError)  # narrowing: registered for this class only  # nosec B101
    status = status_for(exc)
    extra: dict[str, object] = {}
    if isinstance(exc, errors.ConsentDenied):
        extra["reason"] = exc.reason
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status in (429, 503):
        headers["Retry-After"] = RETRY_AFTER_SECONDS
    if status >= 500:
        log.error("request failed: %s (%s)", type(exc).__name__, exc.code)
    return JSONResponse(error_body(exc.code, exc.message, **extra), status_code=status, headers=headers)


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # narrowing: registered for this class  # nosec B101
    # Pydantic's messages echo the input; keep only where and what kind of problem, never the value.
    problems = [{"loc": _location(e), "type": str(e.get("type", "invalid"))} for e in exc.errors()]
    where = ", ".join(".".join(p["loc"]) + f" ({p['type']})" for p in problems[:5])
    return JSONResponse(
        error_body("invalid_request", f"request does not match the schema: {where}", problems=problems),
        status_code=422,
    )


def _location(error: Mapping[str, Any]) -> list[str]:
    # An unknown field's name is the caller's text, not ours (it can be a phone number): shown as "*".
    loc = [str(p) for p in error.get("loc", ())]
    if error.get("type") == "extra_forbidden" and loc:
        loc[-1] = "*"
    return loc


def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # narrowing: registered for this class  # nosec B101
    code = {
        400: "malformed_body",  # FastAPI could not parse the body: invalid UTF-8, nesting too deep
        404: "not_found",
        405: "method_not_allowed",
        413: "body_too_large",
    }.get(exc.status_code, "http_error")
    return JSONResponse(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


def _database_error(_request: Request, exc: Exception) -> JSONResponse:
    # The store blinked: tell the caller to retry; the transaction was rolled back, nothing half-written.
    log.error("database unavailable: %s", type(exc).__name__)
    return JSONResponse(
        error_body("store_unavailable", "the database is unavailable; retry later"),
        status_code=503,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def _refused_value(_request: Request, exc: Exception) -> JSONResponse:
    # The database refused a value (PostgreSQL: a NUL character in text, a number out of range). That is
    # the caller's input, not an outage: 422, never 503. Neither the value nor the driver's text is echoed.
    log.info("database refused a value: %s", type(getattr(exc, "orig", exc)).__name__)
    return JSONResponse(
        error_body("invalid_input", "a value in the request cannot be stored (out of range or invalid)"),
        status_code=422,
    )


def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # Never a traceback or exception text to the caller: it may carry data.
    log.error("unexpected error: %s", type(exc).__name__, exc_info=False)
    return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.GatewayError, _gateway_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _refused_value)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
