"""GET/POST /v1/audit*: roles, filters, pagination, export, verify, checkpoints; every read is audited."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from privacy_gateway.api.app import create_app
from privacy_gateway.api.routers import audit as audit_router
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models.audit import AuditEntry
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor
from tests.audit.factories import event, superuser_tamper


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = build_services(settings)
    upgrade(svc.engine)
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    app = create_app(services=services)
    if not any(getattr(r, "path", "") == "/v1/audit" for r in app.routes):
        app.include_router(audit_router.router)  # until the lead registers it in api/app.py
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def key(services: Services) -> Callable[[str], dict[str, str]]:
    counter = iter(range(1000))

    def make(role: str) -> dict[str, str]:
        with transaction(services.session_factory) as s:
            created = create_key(
                s, services.audit, name=f"{role}-{next(counter)}", role=role, actor=Actor("setup", "admin")
            )
        return {"Authorization": f"Bearer {created.key}"}

    return make


def seed(services: Services, n: int = 6) -> None:
    log = services.audit
    with transaction(services.session_factory) as s:
        for i in range(n):
            log.append(
                s,
                event(
                    "consent.check" if i % 2 else "feedback.ingest",
                    subject_ref=log.subject_ref(f"user-{i % 3}"),
                    purpose="analytics",
                    decision="deny" if i == 5 else "allow",
                ),
            )


ENDPOINTS = [
    ("GET", "/v1/audit"),
    ("GET", "/v1/audit/export"),
    ("GET", "/v1/audit/verify"),
    ("GET", "/v1/audit/checkpoints"),
    ("POST", "/v1/audit/checkpoints"),
]
ALLOWED = {
    "/v1/audit": {"compliance"},
    "/v1/audit/export": {"compliance"},
    "/v1/audit/verify": {"compliance", "admin"},
    "/v1/audit/checkpoints": {"compliance", "admin"},
}


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_no_key_is_401(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path).status_code == 401


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("role", ["ingest", "agent", "analyst", "admin", "compliance"])
def test_roles(
    client: TestClient, key: Callable[[str], dict[str, str]], method: str, path: str, role: str
) -> None:
    r = client.request(method, path, headers=key(role))
    if role in ALLOWED[path]:
        assert r.status_code in (200, 201), r.text
    else:
        assert r.status_code == 403
        assert r.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, 8),  # 6 seeded + 2 api key creations
        ({"subject_id": "user-1"}, 2),
        ({"action": "consent.check"}, 3),
        ({"action": "apikey.*"}, 2),
        ({"decision": "deny", "purpose": "analytics"}, 1),
        ({"actor": "alice-ingest"}, 6),
        ({"since": "2000-01-01T00:00:00Z", "until": "2100-01-01T00:00:00+08:00"}, 8),
        ({"until": "2000-01-01T00:00:00Z"}, 0),
    ],
)
def test_query_filters(
    client: TestClient,
    key: Callable[[str], dict[str, str]],
    services: Services,
    params: dict[str, str],
    count: int,
) -> None:
    headers = key("compliance")
    key("admin")
    seed(services)
    r = client.get("/v1/audit", params=params, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["items"]) == count and body["next_cursor"] is None
    if count:
        assert set(body["items"][0]) >= {"seq", "ts", "actor_name", "subject_ref", "prev_hash", "hash"}


def test_pagination_and_the_query_is_audited(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    headers = key("compliance")
    seed(services)
    seqs, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, "action": "feedback.ingest", **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/audit", params=params, headers=headers).json()
        seqs += [i["seq"] for i in body["items"]]
        pages += 1
        if not (cursor := body["next_cursor"]):
            break
    assert seqs == [2, 4, 6] and pages == 2
    last = client.get(
        "/v1/audit", params={"action": "audit.query", "order": "desc", "limit": 1}, headers=headers
    ).json()["items"][0]
    assert last["actor_name"].startswith("compliance-") and last["details"]["filters"] == ["action"]


def test_subject_query_is_audited_by_pseudonym_only(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    headers = key("compliance")
    client.get("/v1/audit", params={"subject_id": "raw-user-77"}, headers=headers)
    entries = client.get("/v1/audit", params={"action": "audit.query"}, headers=headers).json()["items"]
    assert entries[0]["subject_ref"] == services.audit.subject_ref("raw-user-77")
    assert "raw-user-77" not in json.dumps(entries)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"limit": "x"},
        {"cursor": "not-a-cursor"},
        {"since": "yesterday"},
        {"since": "2024-01-01T00:00:00"},  # no zone
        {"since": "2024-02-01T00:00:00Z", "until": "2024-01-01T00:00:00Z"},
        {"subject_ref": "sp_" + "z" * 32},
        {"order": "sideways"},
        {"subject_id": ""},
    ],
)
def test_malformed_params_are_422(
    client: TestClient, key: Callable[[str], dict[str, str]], params: dict[str, object]
) -> None:
    r = client.get("/v1/audit", params=params, headers=key("compliance"))
    assert r.status_code == 422
    assert set(r.json()["error"]) >= {"code", "message"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services, fmt: str
) -> None:
    headers = key("compliance")
    seed(services)
    r = client.get("/v1/audit/export", params={"format": fmt, "actor": "alice-ingest"}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="audit-export.{fmt}"'
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert r.headers["content-type"].startswith("text/csv")
    else:
        rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 6
    exported = client.get("/v1/audit", params={"action": "audit.export"}, headers=headers).json()["items"]
    assert exported[0]["details"] == {"filters": ["actor"], "format": fmt, "returned": 6}


def test_export_bad_format_is_422(client: TestClient, key: Callable[[str], dict[str, str]]) -> None:
    assert (
        client.get("/v1/audit/export", params={"format": "xml"}, headers=key("compliance")).status_code == 422
    )


def test_verify_ok_then_tampered(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    headers = key("compliance")
    seed(services)
    r = client.get("/v1/audit/verify", headers=headers)
    body = r.json()
    assert r.status_code == 200 and body["ok"] and body["entries"] == 7 and body["first_bad_seq"] is None
    with superuser_tamper(services.engine) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
    body = client.get("/v1/audit/verify", headers=headers).json()
    assert (body["ok"], body["first_bad_seq"]) == (False, 3)
    assert "missing" in body["reason"]


def test_checkpoints_and_verify_against_a_kept_copy(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    headers = key("admin")
    seed(services)
    created = client.post("/v1/audit/checkpoints", headers=headers)
    assert created.status_code == 201
    assert created.json()["seq"] == 8  # 6 seeded + key creation + the checkpoint request itself
    kept = client.get("/v1/audit/checkpoints", headers=headers).json()
    assert kept["public_keys"] == {services.audit.key_id: kept["public_keys"][services.audit.key_id]}
    assert [c["seq"] for c in kept["checkpoints"]] == [8]
    with superuser_tamper(services.engine) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq >= 7))
        conn.exec_driver_sql("DELETE FROM audit_checkpoints")
    body = client.post("/v1/audit/verify", json=kept, headers=headers).json()
    assert (body["ok"], body["first_bad_seq"]) == (False, 7)


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"format": "nope"},
        {"format": "privacy_gateway.audit.checkpoints/1", "checkpoints": [{"seq": "x"}]},
    ],
)
def test_verify_with_malformed_document_is_422(
    client: TestClient, key: Callable[[str], dict[str, str]], document: dict[str, object]
) -> None:
    assert client.post("/v1/audit/verify", json=document, headers=key("compliance")).status_code == 422
