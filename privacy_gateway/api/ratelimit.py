"""Per-key rate limiting: a token bucket per API key, checked in pure ASGI middleware before any work.

    TokenBuckets      pure: time is a parameter, table-tested
    RateLimit         the ASGI shell: 429 rate_limited with Retry-After when a bucket is empty

A request is charged to the bucket of the key it presents, identified by a SHA-256 digest of the whole
``Authorization`` value rather than by the key's public prefix: a caller who knows a prefix but not the
secret could otherwise drain a legitimate key's bucket. Requests without a bearer key are charged to
their client address. The check needs no database round trip (a hash and a dict look-up), so a flood is
refused before authentication, parsing or detection run.

Buckets live in the process: with N server workers a key gets N times the rate. The table is bounded
(least recently used buckets are dropped; a dropped bucket comes back full, which errs on letting
requests through).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

DEFAULT_MAX_KEYS = 10_000


class TokenBuckets:
    """One bucket per key: ``burst`` tokens, refilled at ``rate`` tokens per second; a request takes one."""

    def __init__(self, *, rate: float, burst: float, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        if rate <= 0 or burst < 1 or max_keys < 1:
            raise ValueError("rate must be > 0, burst >= 1 and max_keys >= 1")
        self.rate = rate
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)

    def take(self, key: str, now: float) -> float:
        """Take a token for ``key`` at ``now`` (seconds, monotonic): 0.0 if the request may proceed,
        else the seconds to wait until a token is available (nothing is taken then)."""
        tokens, at = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + max(0.0, now - at) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)


def client_key(scope: Scope) -> str:
    """The bucket a request is charged to: its bearer key (digested), else its client address."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, credential = value.partition(b" ")
            if scheme.lower() == b"bearer" and credential.strip():
                return "key:" + hashlib.sha256(credential.strip()).hexdigest()[:32]
            break
    client = scope.get("client")
    return f"addr:{client[0] if client else '-'}"


def retry_after(wait: float) -> int:
    """Whole seconds for the Retry-After header: at least 1."""
    return max(1, math.ceil(wait))


class RateLimit:
    """Refuse a request with 429 when its key's bucket is empty. Paths in ``exempt`` are never limited."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_second: float,
        burst: int,
        exempt: tuple[str, ...] = ("/healthz",),
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = DEFAULT_MAX_KEYS,
    ) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate=per_second, burst=burst, max_keys=max_keys)
        self.exempt = frozenset(exempt)
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(client_key(scope), self.clock())
        if wait <= 0.0:
            await self.app(scope, receive, send)
            return
        seconds = retry_after(wait)
        message = f"too many requests for this key; retry in {seconds} s"
        body = json.dumps({"error": {"code": "rate_limited", "message": message}}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(seconds).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
