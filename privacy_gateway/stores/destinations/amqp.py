"""``amqp``: publish to a RabbitMQ exchange with publisher confirms.

A message counts as delivered only when the broker has confirmed it (and, with ``mandatory``, routed it to
a queue). ``message_id`` and the ``Idempotency-Key`` header carry the feedback id so a consumer can drop a
redelivery. Messages are persistent and published one at a time on one channel, which keeps their order.
"""

from __future__ import annotations

from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange

from privacy_gateway.stores.aio import LoopThread
from privacy_gateway.stores.config import AmqpDestination
from privacy_gateway.stores.destinations.base import DeliveryError, Destination
from privacy_gateway.stores.envelope import Envelope


class AmqpStore(Destination):
    kind = "amqp"

    def __init__(self, name: str, config: AmqpDestination) -> None:
        super().__init__(name)
        self.config = config
        self._loop: LoopThread | None = None
        self._conn: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None

    async def _connect(self) -> AbstractExchange:
        if self._exchange is not None and self._conn is not None and not self._conn.is_closed:
            return self._exchange
        await self._aclose()
        self._conn = await aio_pika.connect(self.config.url, timeout=self.config.timeout_seconds)
        self._channel = await self._conn.channel(publisher_confirms=True, on_return_raises=True)
        if self.config.declare_queue:
            queue = await self._channel.declare_queue(self.config.declare_queue, durable=True)
            if self.config.exchange:
                await queue.bind(self.config.exchange, self.config.routing_key)
        if self.config.exchange:
            self._exchange = await self._channel.get_exchange(self.config.exchange, ensure=True)
        else:
            self._exchange = self._channel.default_exchange
        return self._exchange

    async def _publish(self, envelope: Envelope) -> Any:
        exchange = await self._connect()
        message = aio_pika.Message(
            envelope.body(),
            message_id=envelope.feedback_id,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={"Idempotency-Key": envelope.feedback_id},
        )
        return await exchange.publish(
            message, routing_key=self.config.routing_key, mandatory=True, timeout=self.config.timeout_seconds
        )

    def send(self, envelope: Envelope) -> None:
        if self._loop is None:
            self._loop = LoopThread(f"amqp-{self.name}")
        try:
            self._loop.run(self._publish(envelope), timeout=self.config.timeout_seconds * 2)
        except Exception as exc:  # connection refused, channel closed, nack, unroutable, timeout
            self._loop.run(self._aclose(), timeout=self.config.timeout_seconds)
            raise DeliveryError(f"amqp publish failed ({type(exc).__name__})", code="amqp_error") from None

    async def _aclose(self) -> None:
        conn, self._conn, self._channel, self._exchange = self._conn, None, None, None
        if conn is not None and not conn.is_closed:
            try:
                await conn.close()
            except Exception:  # noqa: S110 (closing a broken connection; nothing to do)  # nosec B110
                pass

    def close(self) -> None:
        if self._loop is not None:
            self._loop.run(self._aclose(), timeout=self.config.timeout_seconds)
            self._loop.stop()
            self._loop = None
