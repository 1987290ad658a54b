"""Broker ingestion against real RabbitMQ and NATS JetStream: good messages are ingested and acked, bad ones
land in the dead-letter with their reason, a crash before commit redelivers, a redelivery after commit is
not ingested twice, and the logs never hold the message text."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from privacy_gateway.bootstrap import Services
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.models import Feedback, OutboxMessage
from privacy_gateway.stores.config import AmqpSource, NatsSource
from privacy_gateway.stores.consumer import FeedbackConsumer, parse_message
from privacy_gateway.stores.sources import run_consumer
from tests.stores.factories import PHONE, Killed
from tests.stores.receivers import (
    amqp_delete,
    amqp_drain,
    amqp_publish,
    nats_delete_stream,
    nats_publish,
    nats_stream_messages,
)

SECRET_TEXT = f"我的手机{PHONE}，请回电"


def body(**overrides: Any) -> bytes:
    data: dict[str, Any] = {"subject_id": "user-7", "channel": "sms", "text": SECRET_TEXT}
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", "malformed_json"),
        (b"\xff\xfe", "malformed_json"),
        (b"[1, 2]", "invalid_body"),
        (body(text=None), "invalid_body"),
        (body(extra="x"), "invalid_body"),
        (body(occurred_at="yesterday"), "invalid_body"),
        (body(subject_id=7), "invalid_body"),
    ],
)
def test_parse_message_rejects_with_reason_and_no_echo(raw: bytes, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_message(raw)
    assert err.value.code == code and PHONE not in err.value.message


@dataclass
class Broker:
    """One transport under test: publish raw messages, run the consumer, read the dead-letter."""

    kind: str
    source: AmqpSource | NatsSource
    publish: Callable[[list[tuple[bytes, str | None]]], None]
    dead: Callable[[], list[tuple[dict[str, Any], bytes]]]


@pytest.fixture(
    params=[pytest.param("amqp", marks=pytest.mark.rabbitmq), pytest.param("nats", marks=pytest.mark.nats)]
)
def broker(request: pytest.FixtureRequest, unique: str) -> Iterator[Broker]:
    if request.param == "amqp":
        url = str(request.getfixturevalue("amqp_url"))
        src = AmqpSource(kind="amqp", url=url, queue=f"raw.{unique}")
        yield Broker(
            "amqp",
            src,
            lambda bodies: amqp_publish(url, src.queue, bodies),
            lambda: [(dict(m.headers), m.body) for m in amqp_drain(url, src.dead_letter)],
        )
        amqp_delete(url, src.queue, src.dead_letter)
    else:
        url = str(request.getfixturevalue("nats_url"))
        nsrc = NatsSource(
            kind="nats",
            url=url,
            subject=f"raw.{unique}",
            stream=f"RAW_{unique}",
            max_deliveries=2,
            ack_wait_seconds=2,
        )
        yield Broker(
            "nats",
            nsrc,
            lambda bodies: nats_publish(url, nsrc.stream, nsrc.subject, bodies),
            lambda: nats_stream_messages(url, nsrc.stream, nsrc.dead_letter),
        )
        nats_delete_stream(url, nsrc.stream)


def consume(services: Services, broker: Broker, n: int, source: str = "tickets-bus") -> Any:
    consumer = FeedbackConsumer(services.ingest, services.session_factory, source=source)
    return run_consumer(consumer, broker.source, stop=threading.Event(), max_messages=n)


def count(services: Services, model: type) -> int:
    with services.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_good_messages_are_ingested_masked_and_acked(
    broker: Broker, make_services: Callable[..., Services], caplog: pytest.LogCaptureFixture
) -> None:
    services = make_services(None)  # default stores: jsonl; each record also gets its outbox row
    broker.publish([(body(), "m1"), (body(subject_id="user-8"), "m2")])
    caplog.set_level(logging.DEBUG)
    report = consume(services, broker, 2)
    assert (report.acked, report.dead) == (2, {})
    with services.session_factory() as s:
        rows = s.scalars(select(Feedback)).all()
        outbox_sources = {m.payload["source"] for m in s.scalars(select(OutboxMessage))}
    assert len(rows) == 2 and all(PHONE not in r.masked_text for r in rows)
    assert outbox_sources == {"tickets-bus"}  # routing sees the broker source's name
    assert count(services, OutboxMessage) == 2
    # acked: a second run finds nothing (it would block until stopped, so stop it right away)
    stop = threading.Event()
    stop.set()
    consumer = FeedbackConsumer(services.ingest, services.session_factory, source="tickets-bus")
    assert run_consumer(consumer, broker.source, stop=stop).handled == 0
    assert PHONE not in caplog.text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{oops", "malformed_json"),
        (body(channel="fax"), "unknown_channel"),
        (body(text="   "), "empty_text"),
        (body(text="x" * 20_001), "text_too_large"),
        (body(purpose="resale"), "unknown_purpose"),
        (body(unexpected=True), "invalid_body"),
    ],
)
def test_bad_messages_go_to_the_dead_letter_with_a_reason(
    broker: Broker,
    make_services: Callable[..., Services],
    caplog: pytest.LogCaptureFixture,
    raw: bytes,
    reason: str,
) -> None:
    services = make_services(None)
    broker.publish([(raw, "bad-1"), (body(), "good-1")])
    caplog.set_level(logging.DEBUG)
    report = consume(services, broker, 2)
    assert report.acked == 1 and report.dead == {reason: 1}
    dead = broker.dead()
    assert len(dead) == 1
    headers, data = dead[0]
    assert headers.get("x-reason", headers.get("Reason")) == reason and data == raw
    assert count(services, Feedback) == 1
    assert PHONE not in caplog.text


def test_crash_before_commit_redelivers(broker: Broker, make_services: Callable[..., Services]) -> None:
    services = make_services(None)
    calls = {"n": 0}

    def dies_once(*_: object, **__: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise Killed  # the process dies inside the ingest transaction, before commit and ack

    services.ingest.after_store.append(dies_once)
    broker.publish([(body(), "m-crash")])
    with pytest.raises(Killed):
        consume(services, broker, 1)
    assert count(services, Feedback) == 0
    if broker.kind == "nats":
        time.sleep(2.5)  # JetStream redelivers an unacked message once ack_wait (2 s here) has passed
    report = consume(services, broker, 1)  # RabbitMQ requeued it when the dead connection closed
    assert report.acked == 1 and count(services, Feedback) == 1


def test_exception_before_commit_is_retried_then_dead_lettered(
    broker: Broker, make_services: Callable[..., Services]
) -> None:
    services = make_services(None)
    calls = {"n": 0}

    def fails_first(*_: object, **__: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("transient bug")

    services.ingest.after_store.append(fails_first)
    broker.publish([(body(), "m-retry")])
    report = consume(services, broker, 1)
    assert report.acked == 1 and report.retried == 1 and count(services, Feedback) == 1

    def always_fails(*_: object, **__: object) -> None:
        raise RuntimeError("poison")

    services.ingest.after_store.append(always_fails)
    broker.publish([(body(subject_id="user-9"), "m-poison")])
    report = consume(services, broker, 1)
    assert report.dead == {"processing_error": 1} and count(services, Feedback) == 1
    [(headers, _)] = broker.dead()
    assert headers.get("x-reason", headers.get("Reason")) == "processing_error"


@pytest.mark.rabbitmq
def test_redelivery_after_commit_is_not_ingested_twice(
    make_services: Callable[..., Services], amqp_url: str, unique: str
) -> None:
    services = make_services(None)
    src = AmqpSource(kind="amqp", url=amqp_url, queue=f"raw.{unique}")
    amqp_publish(amqp_url, src.queue, [(body(), "same-id"), (body(), "same-id")])
    consumer = FeedbackConsumer(services.ingest, services.session_factory, source="tickets-bus")
    report = run_consumer(consumer, src, stop=threading.Event(), max_messages=2)
    assert (report.acked, report.duplicates) == (2, 1) and count(services, Feedback) == 1
    amqp_delete(amqp_url, src.queue, src.dead_letter)
