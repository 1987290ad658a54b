"""A record accepted through the ingest use-case arrives masked in every routed store (PostgreSQL, MariaDB,
RabbitMQ, NATS JetStream, a jsonl directory, a signed webhook); with stores down ingestion keeps going, and
once they are back every record is delivered exactly once by its idempotency key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from privacy_gateway.bootstrap import Services
from privacy_gateway.storage.models import OutboxMessage
from privacy_gateway.storage.models.outbox import DELIVERED, PENDING
from privacy_gateway.stores.wiring import build_dispatcher, load_stores_config
from tests.stores.factories import EMAIL, PHONE, Clock, ingest
from tests.stores.proxy import TcpProxy
from tests.stores.receivers import (
    WebhookReceiver,
    amqp_delete,
    amqp_drain,
    nats_delete_stream,
    nats_stream_messages,
    sql_rows,
)

pytestmark = [pytest.mark.postgres, pytest.mark.mariadb, pytest.mark.rabbitmq, pytest.mark.nats]
SECRET = "s3cret-for-tests"


def _config(
    *, pg: str, mdb: str, amqp_port: int, nats_url: str, hook_port: int, unique: str, jsonl: Path
) -> dict[str, Any]:
    return {
        "destinations": {
            "pg": {"kind": "sql", "url": pg, "table": f"masked_{unique}"},
            "mdb": {"kind": "sql", "url": mdb, "table": f"masked_{unique}"},
            "bus": {
                "kind": "amqp",
                "url": f"amqp://guest:guest@127.0.0.1:{amqp_port}/",
                "routing_key": f"fb.{unique}",
                "declare_queue": f"fb.{unique}",
                "timeout_seconds": 3,
            },
            "events": {
                "kind": "nats",
                "url": nats_url,
                "subject": f"fb.{unique}",
                "stream": f"FB_{unique}",
                "timeout_seconds": 3,
            },
            "archive": {"kind": "jsonl", "directory": str(jsonl)},
            "crm": {
                "kind": "http",
                "url": f"http://127.0.0.1:{hook_port}/hook",
                "secret": SECRET,
                "timeout_seconds": 3,
            },
        },
        "routes": [
            {"match": {"channels": ["phone"]}, "to": ["pg", "mdb", "bus", "events", "crm"]},
            {"match": {"categories": ["complaint"]}, "to": ["archive"]},
        ],
        "delivery": {
            "max_attempts": 50,
            "backoff_base_seconds": 1,
            "backoff_max_seconds": 4,
            "lease_seconds": 30,
        },
    }


def _drain(dispatcher: Any, clock: Clock, rounds: int = 20) -> None:
    for _ in range(rounds):
        clock.advance(5)  # past any backoff
        if not dispatcher.run_once().busy:
            return


def _assert_masked(payload: dict[str, Any], fid: str) -> None:
    assert payload["id"] == fid
    assert PHONE not in json.dumps(payload, ensure_ascii=False) and EMAIL not in json.dumps(
        payload, ensure_ascii=False
    )
    assert payload["entity_counts"].get("PHONE_NUMBER") == 1


def test_every_routed_store_gets_each_masked_record_exactly_once(
    make_services: Callable[..., Services],
    pg_url: str,
    mariadb_url: str,
    amqp_url: str,
    nats_url: str,
    unique: str,
    tmp_path: Path,
    proxy_factory: Callable[[int], TcpProxy],
) -> None:
    with WebhookReceiver(SECRET.encode()) as hook:
        amqp_proxy, hook_proxy = proxy_factory(5672), proxy_factory(hook.port)
        cfg = _config(
            pg=pg_url,
            mdb=mariadb_url,
            amqp_port=amqp_proxy.port,
            nats_url=nats_url,
            hook_port=hook_proxy.port,
            unique=unique,
            jsonl=tmp_path / "archive",
        )
        services = make_services(cfg)
        clock = Clock()
        dispatcher = build_dispatcher(
            services, load_stores_config(services.settings), clock=clock, rand=lambda: 0.5
        )
        try:
            first = ingest(services, channel="phone", category="complaint").id
            _drain(dispatcher, clock)

            # Two stores go down: ingestion keeps succeeding, their backlog grows, the others keep up.
            amqp_proxy.stop()
            hook_proxy.stop()
            later = [ingest(services, channel="phone").id for _ in range(3)]
            _drain(dispatcher, clock, rounds=3)
            with services.session_factory() as s:
                pending = s.scalars(
                    select(OutboxMessage.destination).where(OutboxMessage.status == PENDING)
                ).all()
            assert sorted(set(pending)) == ["bus", "crm"] and len(pending) == 6

            # They come back: everything queued is delivered.
            amqp_proxy.start()
            hook_proxy.start()
            _drain(dispatcher, clock)
            with services.session_factory() as s:
                assert set(s.scalars(select(OutboxMessage.status))) == {DELIVERED}

            # Force a redelivery of everything (as after a dispatcher crash): the stores drop the copies.
            with services.session_factory() as s, s.begin():
                s.execute(update(OutboxMessage).values(status=PENDING))
            _drain(dispatcher, clock)
        finally:
            dispatcher.close()

        ids = sorted([first, *later])
        for url in (pg_url, mariadb_url):
            rows = sql_rows(url, f"masked_{unique}")
            assert [r["feedback_id"] for r in rows] == ids
            for r in rows:
                assert PHONE not in r["masked_text"] and EMAIL not in r["masked_text"]
                assert r["subject_ref"].startswith("sp_") and r["channel"] == "phone"
        assert sorted(hook.by_key) == ids and hook.rejected == 0
        for key, payload in hook.by_key.items():
            _assert_masked(payload, key)

        msgs = nats_stream_messages(nats_url, f"FB_{unique}")
        assert sorted(h["Nats-Msg-Id"] for h, _ in msgs) == ids  # JetStream dropped the redelivered copies
        for headers, body in msgs:
            _assert_masked(json.loads(body), headers["Nats-Msg-Id"])

        # RabbitMQ has no broker-side dedupe: the copies arrive, each with message_id = feedback id, so a
        # consumer keeps exactly one per id; in order per destination.
        amqp_msgs = amqp_drain(amqp_url, f"fb.{unique}")
        assert sorted({m.message_id for m in amqp_msgs}) == ids
        first_pass = [m.message_id for m in amqp_msgs][:4]
        assert first_pass == [first, *later]
        for m in amqp_msgs:
            _assert_masked(json.loads(m.body), str(m.message_id))

        lines = [
            json.loads(x)
            for p in sorted((tmp_path / "archive").glob("*.jsonl"))
            for x in p.read_text().splitlines()
        ]
        assert {x["id"] for x in lines} == {first}
    amqp_delete(amqp_url, f"fb.{unique}")
    nats_delete_stream(nats_url, f"FB_{unique}")


@pytest.mark.postgres
def test_a_record_accepted_over_http_arrives_masked(
    make_services: Callable[..., Services], pg_url: str, unique: str, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from privacy_gateway.api.app import create_app
    from privacy_gateway.apikeys.service import create_key
    from privacy_gateway.types import Actor

    services = make_services(
        {
            "destinations": {
                "pg": {"kind": "sql", "url": pg_url, "table": f"masked_{unique}"},
                "archive": {"kind": "jsonl", "directory": str(tmp_path / "archive")},
            },
            "routes": [{"match": {"sources": ["app-backend"]}, "to": ["pg", "archive"]}],
        }
    )
    with services.session_factory() as s, s.begin():
        key = create_key(
            s, services.audit, name="app-backend", role="ingest", actor=Actor("test", "admin")
        ).key
    with TestClient(create_app(services=services)) as client:
        resp = client.post(
            "/v1/feedback",
            json={"subject_id": "u-1", "channel": "in_app", "text": f"手机{PHONE}，邮箱{EMAIL}"},
            headers={"Authorization": f"Bearer {key}"},
        )
    assert resp.status_code == 201, resp.text
    fid = resp.json()["id"]
    dispatcher = build_dispatcher(services)
    try:
        assert dispatcher.run_once().delivered == {"pg": 1, "archive": 1}
    finally:
        dispatcher.close()
    [row] = sql_rows(pg_url, f"masked_{unique}")
    assert (
        row["feedback_id"] == fid
        and row["masked_text"] == resp.json()["text"]
        and row["source"] == "app-backend"
    )
    [line] = [
        json.loads(x) for p in (tmp_path / "archive").glob("*.jsonl") for x in p.read_text().splitlines()
    ]
    _assert_masked(line, fid)
