"""An app per test on a migrated SQLite file (or PostgreSQL), with a helper to mint API keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.types import Actor


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = build_services(settings)
    upgrade(svc.engine)
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=services), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def make_key(services: Services) -> Callable[[str], str]:
    counter = iter(range(10_000))

    def make(role: str) -> str:
        with services.session_factory() as session, session.begin():
            created = create_key(
                session,
                services.audit,
                name=f"test-{role}-{next(counter)}",
                role=role,
                actor=Actor("test", "admin"),
            )
        return created.key

    return make


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
