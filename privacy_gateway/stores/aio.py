"""A private asyncio loop on a daemon thread, so the synchronous dispatcher can drive the async broker
clients (aio-pika, nats-py) without making the rest of the gateway async (docs/decisions/0002)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# aiormq logs every frame at DEBUG, message bodies included (raw feedback text, for a consumer). The
# gateway's logs must never hold that text, whatever the operator's log level: keep these at WARNING+.
BROKER_CLIENT_LOGGERS = ("aiormq", "aio_pika", "pamqp", "nats")


def quiet_broker_client_logs() -> None:
    for name in BROKER_CLIENT_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


class LoopThread:
    def __init__(self, name: str) -> None:
        quiet_broker_client_logs()
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=f"aio-{name}", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], *, timeout: float) -> T:
        """Run ``coro`` on the loop and wait for it; on timeout the coroutine is cancelled."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self.loop.close()
