"""Fixtures for the stores tests: real MariaDB, RabbitMQ and NATS on 127.0.0.1 (like tests/conftest.py's
PostgreSQL: locally a missing service skips its tests, with CI=true it fails them), the gateway's services
built from a stores config, and a TCP proxy that a test stops and restarts to take a destination down."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text

from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from tests.conftest import ON_CI
from tests.stores.proxy import TcpProxy

MARIADB_ADMIN_URL = os.environ.get(
    "PRIVACY_GATEWAY_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"
)
AMQP_URL = os.environ.get("PRIVACY_GATEWAY_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
NATS_URL = os.environ.get("PRIVACY_GATEWAY_TEST_NATS_URL", "nats://127.0.0.1:4222")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require(service: str, host: str, port: int) -> None:
    if not _reachable(host, port):
        if ON_CI:
            pytest.fail(f"{service} is required on CI but {host}:{port} is not reachable")
        pytest.skip(f"{service} not reachable on {host}:{port}")


@pytest.fixture(scope="session")
def mariadb_server_url() -> Iterator[str]:
    """A throwaway MariaDB database for this run (created from `test`), dropped at the end."""
    require("MariaDB", "127.0.0.1", 3306)
    name = f"mdb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(MARIADB_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))
    url = MARIADB_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}?charset=utf8mb4"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


@pytest.fixture
def mariadb_url(mariadb_server_url: str) -> Iterator[str]:
    yield mariadb_server_url
    eng = create_engine(mariadb_server_url)
    with eng.begin() as conn:
        for (table,) in conn.execute(text("SHOW TABLES")).all():
            conn.execute(text(f"DROP TABLE IF EXISTS `{table}`"))
    eng.dispose()


@pytest.fixture
def amqp_url() -> str:
    require("RabbitMQ", "127.0.0.1", 5672)
    return AMQP_URL


@pytest.fixture
def nats_url() -> str:
    require("NATS", "127.0.0.1", 4222)
    return NATS_URL


@pytest.fixture
def unique() -> str:
    """A name no other test (or earlier run) uses: queue, subject, stream, table suffix."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def proxy_factory() -> Iterator[Callable[[int], TcpProxy]]:
    proxies: list[TcpProxy] = []

    def make(target_port: int) -> TcpProxy:
        p = TcpProxy(("127.0.0.1", target_port)).start()
        proxies.append(p)
        return p

    yield make
    for p in proxies:
        p.stop()


@pytest.fixture
def make_services(tmp_path: Path) -> Iterator[Callable[[dict[str, Any] | None], Services]]:
    """Build the gateway's real services (SQLite gateway database) with a given stores config."""
    built: list[Services] = []

    def make(stores: dict[str, Any] | None = None) -> Services:
        path = None
        if stores is not None:
            path = tmp_path / f"stores-{len(built)}.yaml"
            path.write_text(yaml.safe_dump(stores, allow_unicode=True), encoding="utf-8")
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
            key_file=tmp_path / "keys" / "keys.json",
            stores_config=path,
        )
        services = build_services(settings)
        if not built:
            upgrade(services.engine)  # the real schema (Alembic), as `db upgrade` makes it
        built.append(services)
        return services

    yield make
    for s in built:
        s.close()
