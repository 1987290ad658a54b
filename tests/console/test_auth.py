"""Sign-in, sessions, sign-out and the language switch over HTTP (the browser suite repeats the main
paths in Chromium)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from privacy_gateway.apikeys.service import create_key, revoke_key
from privacy_gateway.storage.models import AuditEntry, ConsoleSession
from privacy_gateway.types import Actor
from tests.console.conftest import csrf_of

SESSION = "pg_console_session"
SETUP = Actor("test", "admin")


def _login(client, key: str, *, token: str | None = None):
    token = token if token is not None else csrf_of(client.get("/console/login").text)
    return client.post("/console/login", data={"api_key": key, "csrf_token": token}, follow_redirects=False)


def _last_entry(env) -> AuditEntry:
    with env.services.session_factory() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def test_without_a_session_the_console_leads_to_login(client):
    response = client.get("/console/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")
    assert "请先登录" in client.get(response.headers["location"]).text


@pytest.mark.parametrize("role", ["compliance", "admin"])
def test_compliance_and_admin_keys_start_a_session(client, env, role):
    response = _login(client, env.data.keys[role])
    assert response.status_code == 303 and response.headers["location"] == "/console/"
    cookie = response.headers["set-cookie"]
    assert f"{SESSION}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/console" in cookie
    page = client.get("/console/")
    assert page.status_code == 200 and env.data.keys[role] not in page.text
    entry = _last_entry(env)
    assert (entry.action, entry.decision) in {("console.login", "allow"), ("audit.query", None)}


@pytest.mark.parametrize("role", ["ingest", "agent", "analyst"])
def test_other_roles_are_refused_without_a_session(client, env, role):
    response = _login(client, env.data.keys[role])
    assert response.status_code == 403
    assert "无权使用合规控制台" in response.text
    assert SESSION not in response.headers.get("set-cookie", "")
    assert client.get("/console/", follow_redirects=False).status_code == 303
    entry = _last_entry(env)
    assert (entry.action, entry.decision, entry.reason, entry.actor_role) == (
        "console.login",
        "deny",
        "role_not_allowed",
        role,
    )


@pytest.mark.parametrize(
    "key",
    ["", "not-a-key", "pg_AAAAAAAA_" + "x" * 40, "<script>alert(1)</script>", "x" * 201],
    ids=["empty", "malformed", "unknown", "markup", "too-long"],
)
def test_bad_keys_are_refused_without_a_session(client, key):
    response = _login(client, key)
    assert response.status_code in (401, 422)
    assert SESSION not in response.headers.get("set-cookie", "")
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize(
    "token", [None, "", "forged-token-value-0123456789"], ids=["missing", "empty", "wrong"]
)
def test_sign_in_without_the_pre_login_token_is_refused(client, env, token):
    client.get("/console/login")  # the browser holds a pre-login cookie...
    data = {"api_key": env.data.keys["compliance"]}
    if token is not None:
        data["csrf_token"] = token  # ...but the form does not carry its value
    response = client.post("/console/login", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert SESSION not in response.headers.get("set-cookie", "")


def test_a_secure_cookie_when_configured(tmp_path):
    from fastapi.testclient import TestClient

    from privacy_gateway.api.app import create_app
    from tests.console.live import ConsoleEnv

    env = ConsoleEnv.create(tmp_path, payloads=False)  # console_secure_cookie defaults to True
    try:
        with TestClient(create_app(services=env.services), base_url="https://127.0.0.1") as client:
            cookie = _login(client, env.data.keys["compliance"]).headers["set-cookie"]
        assert "Secure" in cookie
    finally:
        env.close()


def test_logout_ends_the_session_server_side(client, env, sign_in):
    token = sign_in("compliance")
    stolen = client.cookies.get(SESSION)
    response = client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/console/login")
    assert _last_entry(env).action == "console.logout"
    # Replaying the old cookie does not work: the session is gone from the database.
    client.cookies.set(SESSION, stolen, path="/console")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def _age_sessions(env, *, created: timedelta, seen: timedelta) -> None:
    with env.services.session_factory() as session, session.begin():
        row = session.scalars(select(ConsoleSession).order_by(ConsoleSession.last_seen_at.desc())).first()
        assert row is not None
        row.created_at -= created
        row.last_seen_at -= seen


@pytest.mark.parametrize(
    ("created", "seen", "reason", "notice"),
    [
        (timedelta(minutes=20), timedelta(minutes=16), "idle", "长时间未操作"),
        (timedelta(hours=9), timedelta(0), "absolute", "最长时限"),
    ],
)
def test_an_expired_session_is_sent_to_login(client, env, sign_in, created, seen, reason, notice):
    sign_in("compliance")
    _age_sessions(env, created=created, seen=seen)
    response = client.get("/console/audit", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/console/login?ended={reason}"
    assert notice in client.get(response.headers["location"]).text


def test_a_live_session_is_kept_alive_by_use(client, env, sign_in):
    sign_in("compliance")
    _age_sessions(env, created=timedelta(minutes=30), seen=timedelta(minutes=14))
    assert client.get("/console/audit").status_code == 200


def test_revoking_the_key_ends_its_sessions(client, env):
    with env.services.session_factory() as session, session.begin():
        key = create_key(session, env.services.audit, name="admin-short-lived", role="admin", actor=SETUP).key
    assert _login(client, key).status_code == 303
    assert client.get("/console/").status_code == 200
    with env.services.session_factory() as session, session.begin():
        revoke_key(session, env.services.audit, name="admin-short-lived", actor=SETUP)
    response = client.get("/console/", follow_redirects=False)
    assert response.headers["location"] == "/console/login?ended=revoked"
    assert "已被吊销" in client.get(response.headers["location"]).text


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/console/audit?actor=x", "/console/audit?actor=x"),
        ("https://evil.example/", "/console/"),
        ("//evil.example/", "/console/"),
        ("javascript:alert(1)", "/console/"),
        ("/v1/audit", "/console/"),
        ("/console/\\evil", "/console/"),
    ],
)
def test_language_switch_sets_a_cookie_and_only_redirects_inside_the_console(client, target, expected):
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/lang", data={"lang": "en", "next": target, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == expected
    assert "Sign in to the compliance console" in client.get("/console/login").text


def test_language_switch_needs_a_csrf_token(client):
    client.get("/console/login")
    response = client.post("/console/lang", data={"lang": "en", "next": "/console/"}, follow_redirects=False)
    assert response.status_code == 403
    assert "pg_console_lang" not in response.headers.get("set-cookie", "")
