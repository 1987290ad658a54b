"""Broker transports for ``consume --source NAME``: one module per kind, each a loop around
``FeedbackConsumer.handle`` that acks after commit and dead-letters with a reason code."""

from __future__ import annotations

import asyncio
import threading

from privacy_gateway.stores.aio import quiet_broker_client_logs
from privacy_gateway.stores.config import AmqpSource, NatsSource
from privacy_gateway.stores.consumer import FeedbackConsumer
from privacy_gateway.stores.sources.common import ConsumeReport


def run_consumer(
    consumer: FeedbackConsumer,
    source: AmqpSource | NatsSource,
    *,
    stop: threading.Event,
    max_messages: int | None = None,
) -> ConsumeReport:
    """Consume until ``stop`` is set (or ``max_messages`` were acked or dead-lettered)."""
    quiet_broker_client_logs()
    if isinstance(source, AmqpSource):
        from privacy_gateway.stores.sources.amqp import consume_amqp

        return asyncio.run(consume_amqp(source, consumer, stop=stop, max_messages=max_messages))
    from privacy_gateway.stores.sources.nats import consume_nats

    return asyncio.run(consume_nats(source, consumer, stop=stop, max_messages=max_messages))
