"""``consume`` from a NATS JetStream subject through a durable pull consumer; ack after the ingest commit.

A rejected message is published to the dead-letter subject (captured by the same stream) with a
``Reason`` header, then acked. A message whose processing raised is nak'ed (redelivered after a delay) until
its delivery count reaches ``max_deliveries``, then dead-lettered as ``processing_error``. A crash before
the ack means no ack: JetStream redelivers after ``ack_wait``.
"""

from __future__ import annotations

import asyncio
import logging
import threading

import nats
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig

from privacy_gateway.stores.config import NatsSource
from privacy_gateway.stores.consumer import PROCESSING_ERROR, FeedbackConsumer
from privacy_gateway.stores.destinations.nats import ensure_stream
from privacy_gateway.stores.sources.common import TRANSIENT, ConsumeReport

log = logging.getLogger(__name__)


async def _dead_letter(js: JetStreamContext, cfg: NatsSource, msg: Msg, reason: str, source: str) -> None:
    headers = {"Reason": reason, "Source": source}
    if msg.headers and "Nats-Msg-Id" in msg.headers:
        headers["Original-Msg-Id"] = msg.headers["Nats-Msg-Id"]
    await js.publish(cfg.dead_letter, msg.data, headers=headers)
    await msg.ack()


async def consume_nats(
    cfg: NatsSource,
    consumer: FeedbackConsumer,
    *,
    stop: threading.Event,
    fetch_seconds: float = 0.5,
    max_messages: int | None = None,
) -> ConsumeReport:
    report = ConsumeReport()
    nc = await nats.connect(cfg.url)
    try:
        js = nc.jetstream()
        await ensure_stream(js, cfg.stream, [cfg.subject, cfg.dead_letter])
        sub = await js.pull_subscribe(
            cfg.subject,
            durable=cfg.durable,
            stream=cfg.stream,
            config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, ack_wait=cfg.ack_wait_seconds),
        )
        while not stop.is_set() and (max_messages is None or report.handled < max_messages):
            try:
                batch = await sub.fetch(1, timeout=fetch_seconds)
            except nats.errors.TimeoutError:
                continue
            for msg in batch:
                await _handle(js, cfg, consumer, msg, report)
    finally:
        await nc.close()
    return report


async def _handle(
    js: JetStreamContext, cfg: NatsSource, consumer: FeedbackConsumer, msg: Msg, report: ConsumeReport
) -> None:
    message_id = (msg.headers or {}).get("Nats-Msg-Id")
    deliveries = msg.metadata.num_delivered or 1
    try:
        verdict = await asyncio.to_thread(consumer.handle, msg.data, message_id=message_id)
    except TRANSIENT:
        log.warning("database unavailable; message will be redelivered", extra={"message_id": message_id})
        await msg.nak(delay=1.0)
        report.retried += 1
        return
    except Exception as exc:
        log.error(
            "processing failed",
            extra={"message_id": message_id, "error": type(exc).__name__, "deliveries": deliveries},
        )
        if deliveries >= cfg.max_deliveries:
            await _dead_letter(js, cfg, msg, PROCESSING_ERROR, consumer.source)
            report.dead_letter(PROCESSING_ERROR)
        else:
            await msg.nak()
            report.retried += 1
        return
    if verdict.ok:
        await msg.ack()
        report.acked += 1
        report.duplicates += int(verdict.duplicate)
    else:
        reason = verdict.reason or "rejected"
        await _dead_letter(js, cfg, msg, reason, consumer.source)
        report.dead_letter(reason)
