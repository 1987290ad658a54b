"""/v1/exports over HTTP: analyst only, manifest and listed files only, residual failure as 422 (audited)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from privacy_gateway.api.app import create_app
from privacy_gateway.api.routers import export as export_router
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services
from privacy_gateway.storage.models import AuditEntry
from privacy_gateway.types import Actor
from tests.export.factories import feedback, seed_population


@pytest.fixture
def client(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    services.settings.export_dir = tmp_path_factory.mktemp("exports")
    with services.session_factory() as session, session.begin():
        seed_population(services, session, subjects=30)
    app = create_app(services=services)
    if not any(getattr(r, "path", "").startswith("/v1/exports") for r in app.routes):
        app.include_router(export_router.router)  # until cli/main mounts it in ROUTERS
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def key(services: Services) -> Callable[[str], dict[str, str]]:
    counter = iter(range(1000))

    def make(role: str) -> dict[str, str]:
        with services.session_factory() as session, session.begin():
            created = create_key(
                session,
                services.audit,
                name=f"t-{role}-{next(counter)}",
                role=role,
                actor=Actor("t", "admin"),
            )
        return {"Authorization": f"Bearer {created.key}"}

    return make


def test_analyst_creates_reads_and_downloads_a_dataset(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    analyst = key("analyst")
    created = client.post("/v1/exports", json={"format": "csv", "k": 3, "l": 2}, headers=analyst)
    assert created.status_code == 201, created.text
    manifest = created.json()
    assert manifest["k"]["achieved"] >= 3 and manifest["rows"]["consented"] == 90
    dataset = manifest["dataset_id"]
    assert client.get(f"/v1/exports/{dataset}/manifest", headers=analyst).json() == manifest
    [entry] = manifest["files"]
    download = client.get(f"/v1/exports/{dataset}/files/{entry['name']}", headers=analyst)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == entry["sha256"]
    with services.session_factory() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("export.%"))).all()
    assert sorted(actions) == ["export.create", "export.download"]


@pytest.mark.parametrize("role", ["ingest", "agent", "compliance", "admin"])
def test_other_roles_are_refused(client: TestClient, key: Callable[[str], dict[str, str]], role: str) -> None:
    assert client.post("/v1/exports", json={}, headers=key(role)).status_code == 403


def test_no_key_is_401(client: TestClient) -> None:
    assert client.post("/v1/exports", json={}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"k": 0},
        {"quasi": ["zip"]},
        {"format": "xlsx"},
        {"unknown": 1},
        {"purpose": "nope"},
        {"link_key": "A B"},
    ],
)
def test_bad_bodies_are_422(
    client: TestClient, key: Callable[[str], dict[str, str]], body: dict[str, object]
) -> None:
    response = client.post("/v1/exports", json=body, headers=key("analyst"))
    assert response.status_code == 422
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("dataset", "name"),
    [("f" * 32, "data.csv"), ("..", "manifest.json"), ("nothex", "x"), ("a" * 32, "%2e%2e%2fkeys.json")],
)
def test_unknown_datasets_and_files_are_404(
    client: TestClient, key: Callable[[str], dict[str, str]], dataset: str, name: str
) -> None:
    analyst = key("analyst")
    assert client.get(f"/v1/exports/{dataset}/manifest", headers=analyst).status_code == 404
    assert client.get(f"/v1/exports/{dataset}/files/{name}", headers=analyst).status_code == 404


def test_only_files_listed_in_the_manifest_are_served(
    client: TestClient, key: Callable[[str], dict[str, str]]
) -> None:
    analyst = key("analyst")
    dataset = client.post("/v1/exports", json={"k": 2}, headers=analyst).json()["dataset_id"]
    assert client.get(f"/v1/exports/{dataset}/files/manifest.json", headers=analyst).status_code == 404


def test_residual_pii_is_422_and_the_attempt_is_audited(
    client: TestClient, key: Callable[[str], dict[str, str]], services: Services
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, "user-0003", text="请打13812345678")
    response = client.post("/v1/exports", json={}, headers=key("analyst"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "residual_pii" and error["entities"] == {"PHONE_NUMBER": 1}
    assert "13812345678" not in response.text
    with services.session_factory() as session:
        decisions = session.scalars(
            select(AuditEntry.decision).where(AuditEntry.action == "export.create")
        ).all()
    assert decisions == ["error"]
