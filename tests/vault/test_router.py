"""The vault's HTTP routes on a minimal app: roles, consent, refusals kept on record, erasure."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.api.errors import install_error_handlers
from privacy_gateway.api.routers.vault import router
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.consent.rules import load_rules
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES, Actor
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import ITEMS, FakeConsent, audit_entries

with warnings.catch_warnings():
    # Starlette deprecates its httpx-based TestClient in favour of httpx2, which this venv lacks; the
    # client works the same. (Reported to the lead: the dev extras decide which one we use.)
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

ROLES = ("ingest", "agent", "compliance", "analyst", "admin")
BODY = {"purpose": "follow_up", "channel": "phone", "reason": "用户要求回电"}


@pytest.fixture
def keys(stored: sessionmaker[Session], audit: AuditLog) -> dict[str, str]:
    with transaction(stored) as s:
        setup = Actor(name="test-setup", role="admin")
        return {r: create_key(s, audit, name=f"{r}-key", role=r, actor=setup).key for r in ROLES}


@pytest.fixture
def client(stored: sessionmaker[Session], vault: VaultService, audit: AuditLog) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    consent = ConsentService(audit, purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS, rules=load_rules())
    app.state.services = SimpleNamespace(session_factory=stored, vault=vault, consent=consent)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _auth(keys: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[role]}"}


def _reveals(sf: sessionmaker[Session], audit: AuditLog) -> list[tuple[object, object]]:
    with sf() as s:
        return [(e["decision"], e["reason"]) for e in audit_entries(s, audit, "vault.reveal")]


def test_agent_reveals_with_consent(
    client: TestClient, keys: dict[str, str], stored: sessionmaker[Session], audit: AuditLog
) -> None:
    body = {**BODY, "entity_types": ["PHONE_NUMBER"], "ticket": "CS-1"}
    r = client.post("/v1/feedback/fb1/reveal", json=body, headers=_auth(keys, "agent"))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "feedback_id": "fb1",
        "values": [
            {"index": 1, "entity_type": "PHONE_NUMBER", "token": ITEMS[1].token, "value": ITEMS[1].original}
        ],
    }
    assert _reveals(stored, audit) == [("allow", "consent_valid")]


@pytest.mark.parametrize("role", ["ingest", "compliance", "analyst", "admin"])
def test_other_roles_are_refused_and_the_refusal_is_kept(
    client: TestClient, keys: dict[str, str], stored: sessionmaker[Session], audit: AuditLog, role: str
) -> None:
    r = client.post("/v1/feedback/fb1/reveal", json=BODY, headers=_auth(keys, role))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert ITEMS[1].original not in r.text
    assert _reveals(stored, audit) == [("deny", "role_not_allowed")]


def test_consent_denied_is_403_with_reason_and_on_record(
    client: TestClient,
    keys: dict[str, str],
    stored: sessionmaker[Session],
    audit: AuditLog,
    consent: FakeConsent,
) -> None:
    consent.allowed, consent.reason = False, "withdrawn"
    r = client.post("/v1/feedback/fb1/reveal", json=BODY, headers=_auth(keys, "agent"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "consent_denied" and r.json()["error"]["reason"] == "withdrawn"
    assert _reveals(stored, audit) == [("deny", "withdrawn")]


@pytest.mark.parametrize(
    ("path", "body", "headers_role", "status"),
    [
        ("/v1/feedback/nope/reveal", BODY, "agent", 404),
        ("/v1/feedback/fb1/reveal", BODY, None, 401),
        ("/v1/feedback/fb1/reveal", {**BODY, "extra": 1}, "agent", 422),
        ("/v1/feedback/fb1/reveal", {"purpose": "follow_up", "channel": "phone"}, "agent", 422),
        ("/v1/feedback/fb1/reveal", {**BODY, "indexes": ["1"]}, "agent", 422),
        ("/v1/feedback/fb1/reveal", {**BODY, "purpose": "回访"}, "agent", 422),
        ("/v1/feedback/fb1/reveal", {**BODY, "ticket": "13812345678"}, "agent", 422),
        ("/v1/feedback/fb1/reveal", [1, 2], "agent", 422),
    ],
)
def test_reveal_errors(
    client: TestClient, keys: dict[str, str], path: str, body: object, headers_role: str | None, status: int
) -> None:
    headers = _auth(keys, headers_role) if headers_role else {}
    r = client.post(path, json=body, headers=headers)
    assert r.status_code == status, r.text
    assert "error" in r.json() and "13812345678" not in r.text


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"json": {"reason": "用户申请删除", "ticket": "DSR-7"}},
        {"params": {"reason": "user request", "ticket": "DSR-7"}},
    ],
)
def test_admin_erases_a_subject(
    client: TestClient,
    keys: dict[str, str],
    stored: sessionmaker[Session],
    audit: AuditLog,
    kwargs: dict[str, object],
) -> None:
    r = client.request("DELETE", "/v1/subjects/u1", headers=_auth(keys, "admin"), **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    erased = r.json()["erased"]
    assert {k: erased[k] for k in ("vault_entries", "subject_keys", "feedback")} == {
        "vault_entries": 6,
        "subject_keys": 1,
        "feedback": 2,
    }
    assert any(k.startswith("consent_") for k in erased)
    after = client.post("/v1/feedback/fb1/reveal", json=BODY, headers=_auth(keys, "agent"))
    assert after.status_code == 404
    with stored() as s:
        assert audit.verify(s).ok


@pytest.mark.parametrize(
    ("role", "kwargs", "status"),
    [
        ("agent", {"json": {"reason": "x"}}, 403),
        ("compliance", {"json": {"reason": "x"}}, 403),
        ("admin", {}, 422),
        ("admin", {"json": {"reason": "x"}, "params": {"reason": "y"}}, 422),
        ("admin", {"json": {"reason": "x", "subject": "u2"}}, 422),
        ("admin", {"json": {"reason": ""}}, 422),
    ],
)
def test_erase_refusals(
    client: TestClient,
    keys: dict[str, str],
    stored: sessionmaker[Session],
    audit: AuditLog,
    role: str,
    kwargs: dict[str, object],
    status: int,
) -> None:
    r = client.request("DELETE", "/v1/subjects/u1", headers=_auth(keys, role), **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    with stored() as s:
        assert audit_entries(s, audit, "subject.erase") == []
