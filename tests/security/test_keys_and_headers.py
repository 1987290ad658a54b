"""API keys are compared in constant time and stored only as hashes; every answer carries the security
headers; no CORS unless someone adds it on purpose."""

from __future__ import annotations

import hmac
import inspect

import pytest
from sqlalchemy import select

from privacy_gateway.apikeys import service, tokens
from privacy_gateway.storage.models import ApiKey
from tests.api.conftest import auth


def test_key_hashes_are_compared_with_hmac_compare_digest(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    _, key = tokens.new_key()
    assert tokens.matches(key, tokens.hash_key(key))
    assert not tokens.matches(key, tokens.hash_key(key + "x"))
    assert len(calls) == 2
    # and nothing in the module compares secrets or hashes with ==
    source = inspect.getsource(tokens)
    assert "compare_digest" in source
    assert "==" not in source


def test_authentication_goes_through_the_constant_time_comparison(monkeypatch, services, make_key):
    key = make_key("agent")
    seen = []
    real = service.matches

    def spy(presented, stored):
        seen.append(stored)
        return real(presented, stored)

    monkeypatch.setattr(service, "matches", spy)
    with services.session_factory() as session:
        assert service.authenticate(session, key).role == "agent"
        with pytest.raises(Exception, match="invalid API key"):
            service.authenticate(session, key[:-1] + ("A" if key[-1] != "A" else "B"))
    assert len(seen) == 2


def test_only_the_hash_of_a_key_is_stored(services, make_key):
    key = make_key("admin")
    with services.session_factory() as session:
        row = session.scalar(select(ApiKey).where(ApiKey.prefix == key.split("_")[1]))
        stored = " ".join(str(getattr(row, c.key)) for c in ApiKey.__table__.columns)
    assert key not in stored and key.split("_", 2)[2] not in stored
    assert row.secret_hash == tokens.hash_key(key)


EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


@pytest.mark.parametrize(
    ("method", "path", "role", "kwargs", "status"),
    [
        ("GET", "/healthz", None, {}, 200),
        ("POST", "/v1/analyze", "ingest", {"json": {"text": "你好"}}, 200),
        ("GET", "/v1/audit", None, {}, 401),
        ("GET", "/v1/audit", "ingest", {}, 403),
        ("GET", "/v1/nothing", "ingest", {}, 404),
        ("DELETE", "/healthz", None, {}, 405),
        ("POST", "/v1/analyze", "ingest", {"json": {"text": ""}}, 422),
        (
            "POST",
            "/v1/analyze",
            "ingest",
            {"content": b"\xff", "headers": {"content-type": "application/json"}},
            400,
        ),
        ("POST", "/v1/analyze", "ingest", {"json": {"text": "a" * 300_000}}, 413),
        ("GET", "/v1/audit?actor=%00", "compliance", {}, 400),
    ],
)
def test_security_headers_on_every_kind_of_answer(client, make_key, method, path, role, kwargs, status):
    headers = {**(auth(make_key(role)) if role else {}), **kwargs.pop("headers", {})}
    r = client.request(method, path, headers=headers, **kwargs)
    assert r.status_code == status
    for name, value in EXPECTED_HEADERS.items():
        assert r.headers.get(name) == value, name


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        (
            "OPTIONS",
            "/v1/feedback",
            {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        ),
        ("OPTIONS", "/v1/audit", {"Origin": "null", "Access-Control-Request-Method": "GET"}),
        ("GET", "/healthz", {"Origin": "https://evil.example"}),
        ("POST", "/v1/analyze", {"Origin": "https://evil.example"}),
    ],
)
def test_no_cors_by_default(client, method, path, headers):
    r = client.request(method, path, headers=headers)
    assert r.status_code < 500
    assert not any(name.lower().startswith("access-control-") for name in r.headers)


def test_no_server_or_framework_banner(client):
    r = client.get("/healthz")
    assert "server" not in r.headers and "x-powered-by" not in r.headers
