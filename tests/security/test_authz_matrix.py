"""The authorisation matrix: every route of the app × every role × no key × a revoked or forged key.

The routes come from ``app.routes``: an endpoint added without an entry in ``MATRIX`` fails
``test_every_route_has_a_matrix_entry``. "Allowed" means the request got past authentication and the role
check (any answer but 401 and 403 ``forbidden``); refused roles get 403 ``forbidden``; no key, an unknown,
forged or revoked key get 401 with ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

import re

import pytest

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import revoke_key
from privacy_gateway.types import Actor, Role
from tests.api.conftest import auth

ROLES = tuple(r.value for r in Role)
ANY = frozenset(ROLES)
PUBLIC = "public"

# (method, path template) -> roles allowed, or PUBLIC (no key needed)
MATRIX: dict[tuple[str, str], frozenset[str] | str] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("POST", "/v1/feedback"): frozenset({"ingest"}),
    ("POST", "/v1/analyze"): frozenset({"ingest"}),
    ("GET", "/v1/feedback"): frozenset({"agent", "analyst", "compliance", "admin"}),
    ("GET", "/v1/feedback/{feedback_id}"): frozenset({"agent", "analyst", "compliance", "admin"}),
    # Any key passes the dependency; the vault itself refuses every role but agent (and audits it).
    ("POST", "/v1/feedback/{feedback_id}/reveal"): frozenset({"agent"}),
    ("PUT", "/v1/subjects/{subject_id}/consents/{purpose}"): frozenset({"ingest", "admin"}),
    ("GET", "/v1/subjects/{subject_id}/consents"): frozenset({"agent", "compliance", "admin"}),
    ("POST", "/v1/consent-checks"): ANY,
    ("POST", "/v1/subjects/{subject_id}/follow-ups/check"): frozenset({"agent", "admin"}),
    ("POST", "/v1/subjects/{subject_id}/follow-ups"): frozenset({"agent", "admin"}),
    ("GET", "/v1/subjects/{subject_id}/follow-ups"): frozenset({"agent", "compliance", "admin"}),
    ("PUT", "/v1/subjects/{subject_id}/do-not-contact"): frozenset({"agent", "admin"}),
    ("DELETE", "/v1/subjects/{subject_id}"): frozenset({"admin"}),
    ("GET", "/v1/audit"): frozenset({"compliance"}),
    ("GET", "/v1/audit/export"): frozenset({"compliance"}),
    ("GET", "/v1/audit/verify"): frozenset({"compliance", "admin"}),
    ("POST", "/v1/audit/verify"): frozenset({"compliance", "admin"}),
    ("GET", "/v1/audit/checkpoints"): frozenset({"compliance", "admin"}),
    ("POST", "/v1/audit/checkpoints"): frozenset({"compliance", "admin"}),
    ("POST", "/v1/exports"): frozenset({"analyst"}),
    ("GET", "/v1/exports/{dataset_id}/manifest"): frozenset({"analyst"}),
    ("GET", "/v1/exports/{dataset_id}/files/{name}"): frozenset({"analyst"}),
    ("GET", "/v1/outbox/status"): frozenset({"admin", "compliance"}),
    ("GET", "/metrics"): frozenset({"admin", "compliance"}),
}

# The compliance console (/console/...) authenticates with its own session cookie, never with a bearer
# key: these pages are open without one; every other console route must refuse a bearer key alone.
CONSOLE_PUBLIC = {("GET", "/console/login"), ("POST", "/console/login"), ("POST", "/console/lang")}
CONSOLE_PUBLIC_PREFIXES = ("/console/static/",)

PATH_VALUES = {
    "subject_id": "matrix-subject",
    "purpose": "follow_up",
    "feedback_id": "f" * 32,
    "dataset_id": "0" * 32,
    "name": "data.parquet",
    "seq": "1",
    "path": "nothing-here",
}
BODIES = {
    ("POST", "/v1/feedback"): {"subject_id": "matrix-subject", "channel": "in_app", "text": "你好"},
    ("POST", "/v1/analyze"): {"text": "你好"},
    ("POST", "/v1/feedback/{feedback_id}/reveal"): {
        "purpose": "follow_up",
        "channel": "phone",
        "reason": "r",
    },
    ("PUT", "/v1/subjects/{subject_id}/consents/{purpose}"): {
        "channel": "phone",
        "granted": True,
        "notice_version": "v1",
        "source": "app:settings",
    },
    ("POST", "/v1/consent-checks"): {
        "subject_id": "matrix-subject",
        "purpose": "follow_up",
        "channel": "phone",
    },
    ("POST", "/v1/subjects/{subject_id}/follow-ups/check"): {"channel": "phone"},
    ("POST", "/v1/subjects/{subject_id}/follow-ups"): {"channel": "phone", "outcome": "no_answer"},
    ("PUT", "/v1/subjects/{subject_id}/do-not-contact"): {"active": False},
    ("DELETE", "/v1/subjects/{subject_id}"): {"reason": "matrix test"},
    ("POST", "/v1/audit/verify"): {"format": "privacy_gateway.audit.checkpoints/1", "checkpoints": []},
    ("POST", "/v1/exports"): {"k": 1},
}
QUERIES = {
    ("GET", "/v1/feedback"): {"purpose": "service"},
    ("GET", "/v1/feedback/{feedback_id}"): {"purpose": "service"},
}


def app_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, included routers flattened."""
    try:  # FastAPI >= 0.13x keeps included routers as nodes; this walks them
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = list(app.routes)
    found = set()
    for route in routes:
        for method in getattr(route, "methods", None) or ():
            if method not in ("HEAD", "OPTIONS"):
                found.add((method, route.path))
    assert len(found) > 20, "route discovery found too few routes"
    return found


def fill(template: str) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PATH_VALUES.get(m.group(1), "x"), template)


@pytest.fixture
def app(services):
    return create_app(services=services)


@pytest.fixture
def callers(services, make_key):
    """Authorization headers of every caller: one key per role, none, unknown, forged and revoked."""
    keys = {role: make_key(role) for role in ROLES}
    revoked = make_key("admin")
    with services.session_factory() as session, session.begin():
        from privacy_gateway.apikeys.service import list_keys

        name = next(k.name for k in list_keys(session) if revoked.split("_")[1] == k.prefix)
        revoke_key(session, services.audit, name=name, actor=Actor("test", "admin"))
    forged = keys["admin"][: len("pg_12345678_")] + "A" * 40  # a real prefix, a guessed secret
    return {
        **{role: auth(key) for role, key in keys.items()},
        "no key": {},
        "unknown key": auth("pg_abcdefgh_" + "a" * 40),
        "malformed key": auth("not-a-key"),
        "basic auth": {"Authorization": "Basic YWRtaW46YWRtaW4="},
        "forged key": auth(forged),
        "revoked key": auth(revoked),
    }


def test_every_route_has_a_matrix_entry(app):
    routes = {r for r in app_routes(app) if not r[1].startswith("/console")}
    assert routes - MATRIX.keys() == set(), "new endpoint(s) without an authorisation matrix entry"
    assert MATRIX.keys() - routes == set(), "matrix entries for endpoints that no longer exist"


def _call(client, method, template, headers):
    return client.request(
        method,
        fill(template),
        headers=headers,
        params=QUERIES.get((method, template)),
        json=BODIES.get((method, template)),
    )


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_matrix(client, callers, method, template):
    allowed = MATRIX[(method, template)]
    for caller, headers in callers.items():
        r = _call(client, method, template, headers)
        assert r.status_code < 500, (caller, r.status_code, r.text[:300])
        if allowed == PUBLIC:
            assert r.status_code == 200, (caller, r.status_code)
        elif caller in ROLES and caller in allowed:
            error = (
                r.json().get("error", {})
                if r.headers.get("content-type", "").startswith("application/json")
                else {}
            )
            assert r.status_code != 401 and not (r.status_code == 403 and error.get("code") == "forbidden"), (
                caller,
                r.status_code,
                r.text[:300],
            )
        elif caller in ROLES:
            assert r.status_code == 403, (caller, r.status_code, r.text[:300])
            assert r.json()["error"]["code"] == "forbidden"
        else:
            assert r.status_code == 401, (caller, r.status_code, r.text[:300])
            assert r.json()["error"]["code"] == "unauthenticated"
            assert r.headers["www-authenticate"] == "Bearer"


def test_refused_reveal_is_audited_for_every_wrong_role(client, callers, services):
    from sqlalchemy import select

    from privacy_gateway.storage.models import AuditEntry

    for role in ROLES:
        if role != "agent":
            r = _call(client, "POST", "/v1/feedback/{feedback_id}/reveal", callers[role])
            assert r.status_code == 403
    with services.session_factory() as session:
        denied = session.scalars(
            select(AuditEntry.actor_role).where(
                AuditEntry.action == "vault.reveal", AuditEntry.decision == "deny"
            )
        ).all()
    assert sorted(denied) == sorted(r for r in ROLES if r != "agent")


def test_console_routes_never_open_with_a_bearer_key(app, client, callers):
    console = sorted(r for r in app_routes(app) if r[1].startswith("/console"))
    for method, template in console:
        if (method, template) in CONSOLE_PUBLIC or template.startswith(CONSOLE_PUBLIC_PREFIXES):
            continue
        for caller, headers in callers.items():
            r = client.request(method, fill(template), headers=headers, follow_redirects=False)
            assert r.status_code < 500, (method, template, caller, r.status_code)
            assert not 200 <= r.status_code < 300, (method, template, caller, r.status_code)
