"""``nats``: publish to a NATS subject, through JetStream by default.

With JetStream the publish is acknowledged by the stream, and the ``Nats-Msg-Id`` header (the feedback id)
lets the stream drop a redelivery inside its duplicate window. Without JetStream (``jetstream: false``)
a publish is flushed to the server but nothing stores it for absent subscribers: at-most-once, documented.
"""

from __future__ import annotations

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from privacy_gateway.stores.aio import LoopThread
from privacy_gateway.stores.config import NatsDestination
from privacy_gateway.stores.destinations.base import DeliveryError, Destination
from privacy_gateway.stores.envelope import Envelope


async def ensure_stream(js: JetStreamContext, stream: str, subjects: list[str]) -> None:
    try:
        info = await js.stream_info(stream)
    except NotFoundError:
        await js.add_stream(name=stream, subjects=subjects)
        return
    missing = [s for s in subjects if s not in (info.config.subjects or [])]
    if missing:
        info.config.subjects = [*(info.config.subjects or []), *missing]
        await js.update_stream(info.config)


class NatsStore(Destination):
    kind = "nats"

    def __init__(self, name: str, config: NatsDestination) -> None:
        super().__init__(name)
        self.config = config
        self._loop: LoopThread | None = None
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None

    async def _connect(self) -> Client:
        if self._nc is not None and self._nc.is_connected:
            return self._nc
        await self._aclose()
        self._nc = await nats.connect(
            self.config.url,
            connect_timeout=self.config.timeout_seconds,
            allow_reconnect=False,
            max_reconnect_attempts=0,
        )
        if self.config.jetstream:
            self._js = self._nc.jetstream(timeout=self.config.timeout_seconds)
            if self.config.stream:
                await ensure_stream(self._js, self.config.stream, [self.config.subject])
        return self._nc

    async def _publish(self, envelope: Envelope) -> None:
        nc = await self._connect()
        if self._js is not None:
            await self._js.publish(
                self.config.subject, envelope.body(), headers={"Nats-Msg-Id": envelope.feedback_id}
            )
        else:
            await nc.publish(
                self.config.subject, envelope.body(), headers={"Idempotency-Key": envelope.feedback_id}
            )
            await nc.flush(timeout=int(self.config.timeout_seconds))

    def send(self, envelope: Envelope) -> None:
        if self._loop is None:
            self._loop = LoopThread(f"nats-{self.name}")
        try:
            self._loop.run(self._publish(envelope), timeout=self.config.timeout_seconds * 2)
        except Exception as exc:  # no server, no responders (stream missing), timeout
            self._loop.run(self._aclose(), timeout=self.config.timeout_seconds)
            raise DeliveryError(f"nats publish failed ({type(exc).__name__})", code="nats_error") from None

    async def _aclose(self) -> None:
        nc, self._nc, self._js = self._nc, None, None
        if nc is not None and not nc.is_closed:
            try:
                await nc.close()
            except Exception:  # noqa: S110 (closing a broken connection; nothing to do)  # nosec B110
                pass

    def close(self) -> None:
        if self._loop is not None:
            self._loop.run(self._aclose(), timeout=self.config.timeout_seconds)
            self._loop.stop()
            self._loop = None
