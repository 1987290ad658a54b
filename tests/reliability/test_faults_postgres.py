"""PostgreSQL lost in the middle of a run, twice over: the network path cut (a TCP proxy the test stops)
and the server killing every backend (pg_terminate_backend), both under concurrent ingest load.

While the database is away every request that needs it gets 503 store_unavailable with Retry-After
(liveness still answers); when it is back the same app serves again without a restart; afterwards every
acknowledged (201) record is stored exactly once and no record is half-written (tests/reliability/
consistency.py), and the audit chain verifies.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from privacy_gateway.api.app import create_app
from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.session import make_engine, make_session_factory
from tests.api.conftest import auth
from tests.reliability.consistency import check_ingests
from tests.stores.proxy import TcpProxy

pytestmark = pytest.mark.postgres

TEXT = "张先生手机13812345678，身份证11010519491231002X，退款500元还没到账"
WORKERS = 8


def _body(i: int) -> dict[str, str]:
    return {"subject_id": f"loss-{i % 7}", "channel": "phone", "text": f"第{i}次：{TEXT}"}


class Load:
    """Concurrent POST /v1/feedback until stopped; every answer kept."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client, self.headers = client, auth(key)
        self.acked: list[str] = []
        self.statuses: list[int] = []
        self.unavailable_without_retry_after = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(WORKERS)
        self._futures = []

    def _worker(self, n: int) -> None:
        i = n
        while not self._stop.is_set():
            r = self.client.post("/v1/feedback", json=_body(i), headers=self.headers)
            with self._lock:
                self.statuses.append(r.status_code)
                if r.status_code == 201:
                    self.acked.append(r.json()["id"])
                elif r.status_code == 503 and "retry-after" not in r.headers:
                    self.unavailable_without_retry_after += 1
            i += WORKERS

    def __enter__(self) -> Load:
        self._futures = [self._pool.submit(self._worker, n) for n in range(WORKERS)]
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for f in self._futures:
            f.result(timeout=120)
        self._pool.shutdown()

    def wait_for(self, status: int, count: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.statuses.count(status) >= count:
                    return
            time.sleep(0.02)
        raise AssertionError(
            f"fewer than {count} answers {status} in {timeout} s: {sorted(set(self.statuses))}"
        )


def _app_on(url: str, tmp_path) -> tuple:
    settings = Settings(database_url=url, key_file=tmp_path / "keys.json", rate_limit_per_second=0)
    services = build_services(settings)
    upgrade(services.engine)
    return settings, services


def _keys(make):
    return {role: make(role) for role in ("ingest", "compliance")}


def _make_key(services):
    from privacy_gateway.apikeys.service import create_key
    from privacy_gateway.types import Actor

    counter = iter(range(100))

    def make(role: str) -> str:
        with services.session_factory() as session, session.begin():
            return create_key(
                session,
                services.audit,
                name=f"{role}-{next(counter)}",
                role=role,
                actor=Actor("test", "admin"),
            ).key

    return make


def _assert_unavailable(client: TestClient, keys: dict[str, str]) -> None:
    """Everything that needs the database says 503 + Retry-After; liveness does not need it."""
    checks = [
        client.post("/v1/feedback", json=_body(0), headers=auth(keys["ingest"])),
        client.get("/v1/audit", headers=auth(keys["compliance"])),
        client.post(
            "/v1/consent-checks",
            json={"subject_id": "loss-1", "purpose": "follow_up", "channel": "phone"},
            headers=auth(keys["compliance"]),
        ),
    ]
    for r in checks:
        assert r.status_code == 503, (r.status_code, r.text[:200])
        assert r.json()["error"]["code"] == "store_unavailable"
        assert int(r.headers["retry-after"]) >= 1
    assert client.get("/healthz").status_code == 200


def test_network_to_the_database_cut_then_restored(pg_url, tmp_path):
    target = make_url(pg_url)
    proxy = TcpProxy((target.host or "127.0.0.1", target.port or 5432)).start()
    proxied = target.set(port=proxy.port).render_as_string(hide_password=False)
    _, services = _app_on(proxied, tmp_path)
    keys = _keys(_make_key(services))
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
            with Load(client, keys["ingest"]) as load:
                load.wait_for(201, 20)
                proxy.stop()  # mid-run: in-flight transactions lose their connection
                load.wait_for(503, 20)
                _assert_unavailable(client, keys)
                proxy.start()  # same port: the same engine reconnects, no restart
                before = load.statuses.count(201)
                load.wait_for(201, before + 20)
            assert set(load.statuses) <= {201, 503}, sorted(set(load.statuses))
            assert load.unavailable_without_retry_after == 0
    finally:
        proxy.stop()
        services.close()
    direct = make_engine(pg_url)
    try:
        result = check_ingests(make_session_factory(direct), services.audit, load.acked)
    finally:
        direct.dispose()
    assert result.acknowledged >= 40


def test_backends_terminated_under_load(pg_url, tmp_path):
    _, services = _app_on(pg_url, tmp_path)
    keys = _keys(_make_key(services))
    database = make_url(pg_url).database
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    kill = text(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = :db AND pid <> pg_backend_pid()"
    )
    killed = 0
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
            with Load(client, keys["ingest"]) as load:
                load.wait_for(201, 20)
                with admin.connect() as conn:
                    for _ in range(10):  # ten times, 50 ms apart, whatever each backend is doing
                        killed += conn.execute(kill, {"db": database}).scalar_one()
                        time.sleep(0.05)
                before = load.statuses.count(201)
                load.wait_for(201, before + 20)  # recovered without a restart
            assert set(load.statuses) <= {201, 503}, sorted(set(load.statuses))
            assert load.unavailable_without_retry_after == 0
            r = client.get("/v1/audit/verify", headers=auth(keys["compliance"]))
            assert r.status_code == 200 and r.json()["ok"] is True
    finally:
        admin.dispose()
        services.close()
    assert killed > 0
    check_engine = make_engine(pg_url)
    try:
        check_ingests(make_session_factory(check_engine), services.audit, load.acked)
    finally:
        check_engine.dispose()
