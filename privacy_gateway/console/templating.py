"""Jinja2 rendering for the console: autoescape always on, strict undefined, one catalogue for text.

Every value that reaches a template is escaped (feedback text and categories come from the public, key
names from whoever created the key): nothing is ever marked safe. The SVG charts are drawn by the
templates from charts.py geometry, escaped the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from privacy_gateway import __version__
from privacy_gateway.console import timefmt
from privacy_gateway.console.messages import Translator, pick_lang
from privacy_gateway.types import Actor, Role

LANG_COOKIE = "pg_console_lang"
PRELOGIN_COOKIE = "pg_console_prelogin"  # double-submit CSRF token for the forms shown before sign-in
COOKIE_PATH = "/console"
MAX_COOKIE_TOKEN = 128
QUERY_PAGES = frozenset({"/console/", "/console/audit"})


@dataclass(frozen=True)
class ConsoleUser:
    actor: Actor
    csrf_token: str

    @property
    def is_admin(self) -> bool:
        return self.actor.role == Role.ADMIN


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("privacy_gateway.console", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["age"] = timefmt.age
    return env


ENV = make_environment()


def console_zone(request: Request) -> ZoneInfo:
    return timefmt.zone(request.app.state.services.settings.console_timezone)


def prelogin_token(request: Request) -> str:
    """The pre-sign-in CSRF token of this browser (from its cookie), or a new one for this response."""
    given = request.cookies.get(PRELOGIN_COOKIE, "")
    if 20 <= len(given) <= MAX_COOKIE_TOKEN:
        return given
    fresh = getattr(request.state, "new_prelogin", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.new_prelogin = fresh
    return str(fresh)


def secure_cookie(request: Request) -> bool:
    return bool(request.app.state.services.settings.console_secure_cookie)


def render(
    request: Request,
    template: str,
    context: Mapping[str, object] | None = None,
    *,
    user: ConsoleUser | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = pick_lang(request.cookies.get(LANG_COOKIE))
    tz = console_zone(request)
    # Where the language switch returns to. Only pages whose address is the console's own making keep
    # their query (filters by pseudonym); any other query is dropped rather than echoed.
    keep_query = request.method == "GET" and request.url.path in QUERY_PAGES and request.url.query
    page = request.url.path + (f"?{request.url.query}" if keep_query else "")
    html = ENV.get_template(template).render(
        t=Translator(lang),
        lang=lang,
        user=user,
        csrf_token=user.csrf_token if user else prelogin_token(request),
        page=page,
        path=request.url.path,
        tz_name=tz.key,
        show_time=lambda value: timefmt.show(value, tz),
        **(context or {}),
    )
    response = HTMLResponse(html, status_code=status)
    fresh = getattr(request.state, "new_prelogin", None)
    if fresh is not None:
        response.set_cookie(
            PRELOGIN_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=secure_cookie(request),
            path=COOKIE_PATH,
        )
    return response
