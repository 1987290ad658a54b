"""What every command needs: settings read once, logging, services, and the error -> exit code table."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from privacy_gateway import errors
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

# Exit codes (docs/cli.md): 0 ok; 1 the command ran and found a problem (bad lines, broken chain);
# 2 usage error (Typer); 3 configuration error; 4 database/store unavailable; 5 refused (auth/consent);
# 6 not found / conflict; 7 integrity or key failure; 70 internal error.
EXIT_BY_ERROR: list[tuple[type[errors.GatewayError], int]] = [
    (errors.ConfigError, 3),
    (errors.StoreUnavailable, 4),
    (errors.AuthError, 5),
    (errors.ConsentDenied, 5),
    (errors.NotFound, 6),
    (errors.Conflict, 6),
    (errors.IntegrityError, 7),
    (errors.KeyUnavailable, 7),
    (errors.InvalidInput, 2),
]


def exit_code_for(exc: errors.GatewayError) -> int:
    for cls, code in EXIT_BY_ERROR:
        if isinstance(exc, cls):
            return code
    return 1


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Map domain and database errors to a one-line message and an exit code: never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except errors.GatewayError as exc:
            raise fail(exc.message, exit_code_for(exc)) from None
        except DataError:
            raise fail("a value cannot be stored by the database (out of range or invalid)", 2) from None
        except (OperationalError, DBAPIError) as exc:
            raise fail(
                f"database unavailable ({type(exc.orig).__name__ if exc.orig else 'error'})", 4
            ) from None
        except ValidationError as exc:
            raise fail(f"invalid settings: {_settings_problem(exc)}", 3) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:
            # No traceback to the terminal: it may carry data. The type names the failure for an issue.
            logging.getLogger(__name__).debug("internal error", exc_info=True)
            raise fail(
                f"internal error ({type(exc).__name__}); rerun with PRIVACY_GATEWAY_LOG_LEVEL=DEBUG", 70
            ) from None

    return wrapper


def _settings_problem(exc: ValidationError) -> str:
    return "; ".join(
        f"PRIVACY_GATEWAY_{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
    )


@functools.cache
def load_settings() -> Settings:
    """Read settings once per process (environment, PRIVACY_GATEWAY_ prefix)."""
    try:
        return Settings()
    except ValidationError as exc:
        typer.echo(f"error: invalid settings: {_settings_problem(exc)}", err=True)
        raise typer.Exit(3) from None


def setup_logging(level: str) -> None:
    """Our loggers at the configured level; third-party loggers (alembic, brokers) at WARNING."""
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("privacy_gateway").setLevel(level.upper())


_services: dict[int, Services] = {}


def load_services(settings: Settings) -> Services:
    """The process's services, built once per settings object (detector, policies, keys, engine)."""
    if id(settings) not in _services:
        _services[id(settings)] = build_services(settings)
    return _services[id(settings)]
