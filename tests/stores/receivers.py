"""Readers of the real stores for assertions, and a webhook receiver on 127.0.0.1 that verifies signatures."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import aio_pika
import nats
from sqlalchemy import create_engine, text

from privacy_gateway.stores.destinations.http import verify_signature


def sql_rows(url: str, table: str) -> list[dict[str, Any]]:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return [
                dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY feedback_id"))
            ]
    finally:
        eng.dispose()


def amqp_drain(url: str, queue: str) -> list[aio_pika.abc.AbstractIncomingMessage]:
    async def run() -> list[aio_pika.abc.AbstractIncomingMessage]:
        conn = await aio_pika.connect(url)
        async with conn:
            ch = await conn.channel()
            q = await ch.declare_queue(queue, durable=True)
            out = []
            while (msg := await q.get(no_ack=True, fail=False)) is not None:
                out.append(msg)
            return out

    return asyncio.run(run())


def amqp_delete(url: str, *queues: str) -> None:
    async def run() -> None:
        conn = await aio_pika.connect(url)
        async with conn:
            ch = await conn.channel()
            for q in queues:
                await ch.queue_delete(q)

    asyncio.run(run())


def nats_stream_messages(
    url: str, stream: str, subject: str | None = None
) -> list[tuple[dict[str, str], bytes]]:
    """Every message stored in the stream (optionally only those of one subject): (headers, data)."""

    async def run() -> list[tuple[dict[str, str], bytes]]:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            info = await js.stream_info(stream)
            out = []
            for seq in range(info.state.first_seq, info.state.last_seq + 1):
                if info.state.messages == 0:
                    break
                try:
                    m = await js.get_msg(stream, seq)
                except nats.js.errors.NotFoundError:
                    continue  # deleted (acked under a work-queue policy)
                if subject is None or m.subject == subject:
                    out.append((dict(m.headers or {}), m.data or b""))
            return out
        finally:
            await nc.close()

    return asyncio.run(run())


def nats_delete_stream(url: str, stream: str) -> None:
    async def run() -> None:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            try:
                await js.delete_stream(stream)
            except nats.js.errors.NotFoundError:
                pass
        finally:
            await nc.close()

    asyncio.run(run())


class WebhookReceiver:
    """Stores each verified POST by Idempotency-Key (dropping repeats, as a receiver should)."""

    def __init__(self, secret: bytes, *, status: int = 200, delay: float = 0.0) -> None:
        self.secret = secret
        self.status = status
        self.delay = delay
        self.by_key: dict[str, dict[str, Any]] = {}
        self.posts = 0
        self.rejected = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                receiver.posts += 1
                ok = verify_signature(
                    receiver.secret,
                    timestamp=self.headers.get("X-Timestamp", ""),
                    body=body,
                    signature=self.headers.get("X-Signature", ""),
                    now=time.time(),
                )
                if not ok:
                    receiver.rejected += 1
                    self.send_response(401)
                elif receiver.status >= 300:
                    self.send_response(receiver.status)
                else:
                    receiver.by_key.setdefault(self.headers["Idempotency-Key"], json.loads(body))
                    self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def amqp_publish(url: str, queue: str, bodies: list[tuple[bytes, str | None]]) -> None:
    async def run() -> None:
        conn = await aio_pika.connect(url)
        async with conn:
            ch = await conn.channel()
            await ch.declare_queue(queue, durable=True)
            for body, mid in bodies:
                await ch.default_exchange.publish(aio_pika.Message(body, message_id=mid), routing_key=queue)

    asyncio.run(run())


def nats_publish(url: str, stream: str, subject: str, bodies: list[tuple[bytes, str | None]]) -> None:
    from privacy_gateway.stores.destinations.nats import ensure_stream

    async def run() -> None:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            await ensure_stream(js, stream, [subject])
            for body, mid in bodies:
                await js.publish(subject, body, headers={"Nats-Msg-Id": mid} if mid else None)
        finally:
            await nc.close()

    asyncio.run(run())
