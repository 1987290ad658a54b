"""Per-key rate limiting: the pure token buckets (time is a parameter) and the 429 through the app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privacy_gateway.api.app import create_app
from privacy_gateway.api.ratelimit import TokenBuckets, client_key, retry_after
from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from tests.api.conftest import auth


@pytest.mark.parametrize(
    ("rate", "burst", "calls", "expected"),
    [
        # (key, at) -> wait; 0.0 means allowed
        (1.0, 2, [("a", 0.0), ("a", 0.0), ("a", 0.0)], [0.0, 0.0, 1.0]),
        (1.0, 2, [("a", 0.0), ("a", 0.0), ("a", 0.5)], [0.0, 0.0, 0.5]),
        (1.0, 2, [("a", 0.0), ("a", 0.0), ("a", 1.0)], [0.0, 0.0, 0.0]),
        (1.0, 1, [("a", 0.0), ("b", 0.0), ("a", 0.0), ("b", 0.0)], [0.0, 0.0, 1.0, 1.0]),
        # refill never exceeds the burst
        (10.0, 2, [("a", 0.0), ("a", 100.0), ("a", 100.0), ("a", 100.0)], [0.0, 0.0, 0.0, 0.1]),
        # a refused request takes nothing: waiting the advertised time is enough
        (2.0, 1, [("a", 0.0), ("a", 0.0), ("a", 0.5)], [0.0, 0.5, 0.0]),
        # a clock that goes backwards refills nothing (and does not crash)
        (1.0, 1, [("a", 5.0), ("a", 4.0)], [0.0, 1.0]),
    ],
)
def test_token_buckets(rate, burst, calls, expected):
    buckets = TokenBuckets(rate=rate, burst=burst)
    assert [pytest.approx(buckets.take(k, t)) for k, t in calls] == expected


def test_bucket_table_is_bounded_and_drops_the_least_recently_used():
    buckets = TokenBuckets(rate=1.0, burst=1, max_keys=3)
    for key in ("a", "b", "c"):
        assert buckets.take(key, 0.0) == 0.0
    assert buckets.take("a", 0.0) > 0  # "a" is now the most recently used
    assert buckets.take("d", 0.0) == 0.0  # evicts "b"
    assert len(buckets) == 3
    assert buckets.take("b", 0.0) == 0.0  # came back full
    assert buckets.take("a", 0.0) > 0  # kept


@pytest.mark.parametrize(("rate", "burst", "max_keys"), [(0.0, 1, 1), (-1.0, 1, 1), (1.0, 0, 1), (1.0, 1, 0)])
def test_bucket_parameters_are_checked(rate, burst, max_keys):
    with pytest.raises(ValueError):
        TokenBuckets(rate=rate, burst=burst, max_keys=max_keys)


def _scope(headers, client=("10.0.0.1", 5000)):
    return {"type": "http", "path": "/v1/x", "headers": headers, "client": client}


@pytest.mark.parametrize(
    ("headers", "client", "same_as"),
    [
        ([(b"authorization", b"Bearer pg_abcdefgh_" + b"x" * 40)], None, "key-x"),
        ([(b"authorization", b"bearer  pg_abcdefgh_" + b"x" * 40 + b" ")], None, "key-x"),
        ([(b"authorization", b"Bearer pg_abcdefgh_" + b"y" * 40)], None, "key-y"),  # same prefix
        ([], ("10.0.0.1", 1), "addr"),
        ([(b"authorization", b"Basic dXNlcjpwYXNz")], ("10.0.0.1", 2), "addr"),
        ([(b"authorization", b"Bearer ")], ("10.0.0.1", 3), "addr"),
        ([], None, "no-addr"),
    ],
)
def test_client_key(headers, client, same_as):
    reference = {
        "key-x": client_key(_scope([(b"authorization", b"Bearer pg_abcdefgh_" + b"x" * 40)])),
        "key-y": client_key(_scope([(b"authorization", b"Bearer pg_abcdefgh_" + b"y" * 40)])),
        "addr": "addr:10.0.0.1",
        "no-addr": "addr:-",
    }
    assert reference["key-x"] != reference["key-y"]  # a known prefix cannot drain another key's bucket
    key = client_key(_scope(headers, client) if client else {"type": "http", "headers": headers})
    assert key == reference[same_as]
    assert "abcdefgh" not in key and "xxxx" not in key  # the key itself is not kept


@pytest.mark.parametrize(("wait", "header"), [(0.001, 1), (0.999, 1), (1.0, 1), (1.01, 2), (59.2, 60)])
def test_retry_after_is_whole_seconds_at_least_one(wait, header):
    assert retry_after(wait) == header


@pytest.fixture
def limited(tmp_path):
    """An app whose keys may send 3 requests and then (practically) never refill during the test."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        key_file=tmp_path / "keys.json",
        rate_limit_per_second=0.001,
        rate_limit_burst=3,
    )
    services = build_services(settings)
    upgrade(services.engine)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        yield client, services
    services.close()


def _key(services, role, name):
    from privacy_gateway.apikeys.service import create_key
    from privacy_gateway.types import Actor

    with services.session_factory() as session, session.begin():
        return create_key(session, services.audit, name=name, role=role, actor=Actor("test", "admin")).key


def test_a_key_over_its_burst_gets_429_with_retry_after_and_other_keys_do_not(limited):
    client, services = limited
    first, second = _key(services, "ingest", "first"), _key(services, "ingest", "second")
    body = {"text": "你好"}
    codes = [client.post("/v1/analyze", json=body, headers=auth(first)).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = client.post("/v1/analyze", json=body, headers=auth(first))
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-content-type-options"] == "nosniff"  # security headers on 429 too
    assert client.post("/v1/analyze", json=body, headers=auth(second)).status_code == 200
    assert client.get("/healthz").status_code == 200  # liveness is never limited
    for _ in range(5):
        assert client.get("/healthz").status_code == 200


def test_unknown_keys_are_limited_too(limited):
    client, _ = limited
    bad = {"Authorization": "Bearer pg_abcdefgh_" + "z" * 40}
    codes = [client.get("/v1/audit", headers=bad).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_requests_without_a_key_are_limited_per_client_address(limited):
    client, _ = limited
    codes = [client.get("/v1/audit").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_rate_limit_zero_turns_it_off(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'g.db'}", key_file=tmp_path / "k.json", rate_limit_per_second=0
    )
    services = build_services(settings)
    try:
        app = create_app(services=services)
        assert all(m.cls.__name__ != "RateLimit" for m in app.user_middleware)
    finally:
        services.close()


def test_default_limit_is_on_and_generous():
    defaults = Settings()
    assert defaults.rate_limit_per_second >= 50
    assert defaults.rate_limit_burst >= 100
