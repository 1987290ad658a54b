"""Shared fixtures: settings on a temp dir, a database per test (SQLite) and PostgreSQL on demand.

PostgreSQL tests use a throwaway database created for the run on 127.0.0.1:5432 (database `test` is
only used to create it). With CI=true they must run: a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage import models  # noqa: F401  (registers every table)
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.session import make_engine, make_session_factory
from privacy_gateway.types import Actor

PG_ADMIN_URL = os.environ.get(
    "PRIVACY_GATEWAY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_reachable() -> bool:
    url = make_url(PG_ADMIN_URL)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        key_file=tmp_path / "keys.json",
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = make_engine(settings.database_url)
    Base.metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as s:
        yield s
        s.rollback()


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    if not _pg_reachable():
        if ON_CI:
            pytest.fail("PostgreSQL is required on CI but 127.0.0.1:5432 is not reachable")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    name = f"pg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A clean schema-free database per test: drop every table afterwards."""
    yield pg_server_url
    eng = create_engine(pg_server_url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a storage test on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any.db'}"
    return str(request.getfixturevalue("pg_url"))


# -- the app on a migrated database, and API keys -------------------------------------------------


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
