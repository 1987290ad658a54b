"""``consume`` from a RabbitMQ queue: basic.get one message at a time, ack after the ingest commit.

A rejected message is published (with publisher confirms) to the dead-letter queue with an ``x-reason``
header, and only then acked. A message whose processing raised is requeued once; if it fails again on
redelivery it is dead-lettered as ``processing_error`` (so a poison message never loops forever). When the
gateway's database is down, messages are requeued without limit: they are not at fault.
"""

from __future__ import annotations

import asyncio
import logging
import threading

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from privacy_gateway.stores.config import AmqpSource
from privacy_gateway.stores.consumer import PROCESSING_ERROR, FeedbackConsumer
from privacy_gateway.stores.sources.common import TRANSIENT, ConsumeReport

log = logging.getLogger(__name__)


async def _dead_letter(
    channel: AbstractChannel, cfg: AmqpSource, msg: AbstractIncomingMessage, reason: str, source: str
) -> None:
    await channel.default_exchange.publish(
        aio_pika.Message(
            msg.body,
            message_id=msg.message_id,
            content_type=msg.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={"x-reason": reason, "x-source": source},
        ),
        routing_key=cfg.dead_letter,
        mandatory=True,
    )
    await msg.ack()


async def consume_amqp(
    cfg: AmqpSource,
    consumer: FeedbackConsumer,
    *,
    stop: threading.Event,
    poll_seconds: float = 0.2,
    max_messages: int | None = None,
) -> ConsumeReport:
    report = ConsumeReport()
    conn = await aio_pika.connect(cfg.url)
    async with conn:
        channel = await conn.channel(publisher_confirms=True, on_return_raises=True)
        queue = await channel.declare_queue(cfg.queue, durable=True)
        await channel.declare_queue(cfg.dead_letter, durable=True)
        while not stop.is_set() and (max_messages is None or report.handled < max_messages):
            msg = await queue.get(no_ack=False, fail=False)
            if msg is None:
                await asyncio.sleep(poll_seconds)
                continue
            try:
                verdict = await asyncio.to_thread(consumer.handle, msg.body, message_id=msg.message_id)
            except TRANSIENT:
                log.warning("database unavailable; message requeued", extra={"message_id": msg.message_id})
                await msg.nack(requeue=True)
                report.retried += 1
                await asyncio.sleep(poll_seconds * 5)
                continue
            except Exception as exc:
                log.error(
                    "processing failed",
                    extra={
                        "message_id": msg.message_id,
                        "error": type(exc).__name__,
                        "redelivered": msg.redelivered,
                    },
                )
                if msg.redelivered:
                    await _dead_letter(channel, cfg, msg, PROCESSING_ERROR, consumer.source)
                    report.dead_letter(PROCESSING_ERROR)
                else:
                    await msg.nack(requeue=True)
                    report.retried += 1
                continue
            if verdict.ok:
                await msg.ack()
                report.acked += 1
                report.duplicates += int(verdict.duplicate)
            else:
                reason = verdict.reason or "rejected"
                await _dead_letter(channel, cfg, msg, reason, consumer.source)
                report.dead_letter(reason)
    return report
