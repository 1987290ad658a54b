"""A short-lived, bounded cache of authenticated API keys: a hash and a dict look-up per request instead
of a database query.

    cache = AuthCache(ttl=10.0)
    actor = cache.authenticate(presented_key, lookup)   # lookup(key) -> Actor, raises Unauthenticated

Only successes are cached, under the SHA-256 of the presented key (the key itself is not kept), for
``ttl`` seconds; failures always go to ``lookup``, so a key created a moment ago works at once. The
trade-off is revocation: a revoked key keeps working for at most ``ttl`` seconds in a process that had
cached it (every server worker has its own cache). ``forget_all()`` drops everything at once.

The table is bounded: past ``max_entries`` the least recently used entry is dropped. Pure apart from
the lock: time comes from ``clock``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from privacy_gateway.types import Actor

DEFAULT_TTL_SECONDS = 10.0
DEFAULT_MAX_ENTRIES = 1024


class AuthCache:
    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0 or max_entries < 1:
            raise ValueError("ttl must be >= 0 and max_entries >= 1")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[bytes, tuple[Actor, float]] = OrderedDict()  # digest -> (actor, expires)
        self._lock = threading.Lock()

    def get(self, key: str) -> Actor | None:
        """The cached actor of ``key`` if it was authenticated less than ``ttl`` seconds ago."""
        digest = _digest(key)
        now = self._clock()
        with self._lock:
            hit = self._entries.get(digest)
            if hit is None:
                return None
            actor, expires = hit
            if now >= expires:
                del self._entries[digest]
                return None
            self._entries.move_to_end(digest)
            return actor

    def put(self, key: str, actor: Actor) -> None:
        if self.ttl == 0:
            return
        with self._lock:
            self._entries[_digest(key)] = (actor, self._clock() + self.ttl)
            self._entries.move_to_end(_digest(key))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def authenticate(self, key: str, lookup: Callable[[str], Actor]) -> Actor:
        """The cached actor, else ``lookup(key)`` (cached when it succeeds; its errors pass through)."""
        actor = self.get(key)
        if actor is None:
            actor = lookup(key)
            self.put(key, actor)
        return actor

    def forget_all(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()
