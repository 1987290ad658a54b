"""HTTP load generator for the gateway benchmark, run as its own process (not a test).

    python benchmarks/loadgen.py --port P --key KEY --bodies bodies.jsonl --rate 300 --requests 3000
    python benchmarks/loadgen.py --port P --key KEY --bodies bodies.jsonl --concurrency 32 --duration 10

Loopback only (127.0.0.1). Two modes:

* open loop (``--rate``): request i is due at start + i/rate whatever happened to the earlier ones, on
  any idle keep-alive connection (a new one is opened when all are busy). Latency is counted from the
  moment the request was due, not from when it could be sent, so a stalled server shows up in the
  tail instead of quietly lowering the offered load ("coordinated omission");
* closed loop (``--concurrency``): that many connections, each sending its next request as soon as the
  previous answer arrived, for ``--duration`` seconds: the saturation throughput.

Bounded either way: at most ``--requests`` requests and ``--duration`` seconds (open loop: requests not
yet sent when the time is up are not sent and are reported as ``unsent``).

HTTP/1.1 is spoken directly on asyncio streams (uvloop when installed) with the requests' bytes built
before the clock starts, so that the client costs a few tens of microseconds per request: on a 2-core
machine the load generator shares the CPU with the server under test. The server's answers must carry
a Content-Length (uvicorn's do).

Prints one JSON object on stdout: counts by status, errors, the latencies' percentiles, the achieved
rate, and (``--ids-out``) writes the ``id`` of every 201 answer, one a line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter, deque
from pathlib import Path

HOST = "127.0.0.1"
TIMEOUT = 30.0  # seconds for one answer; a request that takes longer is counted as an error


def build_requests(bodies: list[bytes], *, port: int, path: str, key: str) -> list[bytes]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    return [head + str(len(body)).encode() + b"\r\n\r\n" + body for body in bodies]


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, bytes]:
        return await asyncio.wait_for(self._send(request), TIMEOUT)

    async def _send(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
                break
        if length is None:
            raise RuntimeError("response without Content-Length")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


class Recorder:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.errors: Counter[str] = Counter()
        self.ids: list[str] = []

    def record(self, started: float, status: int, body: bytes) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] += 1
        if status == 201:
            self.ids.append(json.loads(body)["id"])

    def failed(self, exc: BaseException) -> None:
        self.errors[type(exc).__name__] += 1


async def open_loop(
    requests: list[bytes], *, port: int, rate: float, total: int, duration: float, max_connections: int
) -> tuple[Recorder, float, int]:
    rec = Recorder()
    idle: deque[Connection] = deque()
    opened = 0
    slots = asyncio.Semaphore(max_connections)
    tasks: set[asyncio.Task[None]] = set()

    async def one(request: bytes, due: float) -> None:
        nonlocal opened
        async with slots:
            conn = idle.popleft() if idle else None
            try:
                if conn is None:
                    opened += 1
                    conn = await Connection.open(port)
                status, body = await conn.send(request)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, RuntimeError, ValueError) as exc:
                rec.failed(exc)
                if conn is not None:
                    conn.close()
                return
            rec.record(due, status, body)
            idle.append(conn)

    start = time.perf_counter()
    deadline = start + duration
    sent = 0
    for i in range(total):
        due = start + i / rate
        if due > deadline:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(requests[i % len(requests)], due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        sent += 1
    if tasks:
        await asyncio.wait(tasks, timeout=max(1.0, deadline + 30 - time.perf_counter()))
    elapsed = time.perf_counter() - start
    for conn in idle:
        conn.close()
    return rec, elapsed, total - sent


async def closed_loop(
    requests: list[bytes], *, port: int, concurrency: int, total: int, duration: float
) -> tuple[Recorder, float, int]:
    rec = Recorder()
    counter = iter(range(total))
    start = time.perf_counter()
    deadline = start + duration

    async def worker() -> None:
        conn = await Connection.open(port)
        try:
            for i in counter:
                if time.perf_counter() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    status, body = await conn.send(requests[i % len(requests)])
                except (OSError, TimeoutError, asyncio.IncompleteReadError, RuntimeError, ValueError) as exc:
                    rec.failed(exc)
                    conn.close()
                    conn = await Connection.open(port)
                    continue
                rec.record(started, status, body)
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return rec, time.perf_counter() - start, 0


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(rec: Recorder, elapsed: float, unsent: int) -> dict[str, object]:
    lat = sorted(rec.latencies)
    done = len(lat)
    return {
        "completed": done,
        "unsent": unsent,
        "elapsed_s": round(elapsed, 3),
        "rate": round(done / elapsed, 1) if elapsed else 0.0,
        "rate_201": round(rec.statuses.get(201, 0) / elapsed, 1) if elapsed else 0.0,
        "status": {str(k): v for k, v in sorted(rec.statuses.items())},
        "errors": dict(rec.errors),
        **{f"p{q}_ms": round(percentile(lat, q) * 1000, 2) for q in (50, 95, 99)},
        "max_ms": round(lat[-1] * 1000, 2) if lat else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True, help="API key with the ingest role")
    parser.add_argument("--path", default="/v1/feedback")
    parser.add_argument("--bodies", type=Path, required=True, help="JSON request bodies, one a line (cycled)")
    parser.add_argument("--rate", type=float, help="open loop: requests per second offered")
    parser.add_argument("--concurrency", type=int, help="closed loop: connections sending back to back")
    parser.add_argument("--requests", type=int, default=1_000_000, help="at most this many requests")
    parser.add_argument("--duration", type=float, default=10.0, help="at most this many seconds")
    parser.add_argument("--max-connections", type=int, default=256, help="open loop: connection cap")
    parser.add_argument("--ids-out", type=Path, help="write the id of every 201 answer here")
    args = parser.parse_args()
    if (args.rate is None) == (args.concurrency is None):
        parser.error("give exactly one of --rate (open loop) or --concurrency (closed loop)")

    bodies = [line.encode() for line in args.bodies.read_text(encoding="utf-8").splitlines() if line.strip()]
    requests = build_requests(bodies, port=args.port, path=args.path, key=args.key)
    if args.rate is not None:
        run = open_loop(
            requests,
            port=args.port,
            rate=args.rate,
            total=args.requests,
            duration=args.duration,
            max_connections=args.max_connections,
        )
    else:
        run = closed_loop(
            requests,
            port=args.port,
            concurrency=args.concurrency,
            total=args.requests,
            duration=args.duration,
        )
    try:
        import uvloop
    except ImportError:
        rec, elapsed, unsent = asyncio.run(run)
    else:
        rec, elapsed, unsent = uvloop.run(run)
    if args.ids_out:
        args.ids_out.write_text("".join(f"{i}\n" for i in rec.ids), encoding="utf-8")
    print(json.dumps(summary(rec, elapsed, unsent)))


if __name__ == "__main__":
    main()
