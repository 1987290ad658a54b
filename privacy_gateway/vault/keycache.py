"""Unwrapped per-subject data keys, kept in memory so that a returning subject costs no unwrap.

    cache = DataKeyCache(max_entries=10_000)
    key = cache.get(subject_ref, version, wrapped)      # None unless this exact wrapped key was seen
    cache.put(subject_ref, version, wrapped, key)
    cache.forget(subject_ref)                            # erasure: drop it from this process at once

A hit needs the wrapped key as stored now (its bytes and master key version), so the caller always
reads the subject's key row from the database first and the cache only saves the unwrap. That is
what keeps it correct across processes: a key erased by another worker has no row, so a new key is
made; a key re-wrapped or re-created has other bytes, so the stale entry is never returned. Erasure in
this process also forgets the subject, so a shredded key does not stay in memory here; in other
workers it stays until it is evicted, and no ciphertext is left for it to open.

Bounded: past ``max_entries`` the least recently used subject is dropped (32-byte keys: 10,000
subjects take about 2 MB).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

DEFAULT_MAX_ENTRIES = 10_000


class DataKeyCache:
    def __init__(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must be >= 0 (0 turns the cache off)")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[int, bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never the keys
        return f"DataKeyCache(entries={len(self._entries)}, max_entries={self.max_entries})"

    def get(self, subject_ref: str, version: int, wrapped: bytes) -> bytes | None:
        with self._lock:
            hit = self._entries.get(subject_ref)
            if hit is None or hit[0] != version or hit[1] != wrapped:
                return None
            self._entries.move_to_end(subject_ref)
            return hit[2]

    def put(self, subject_ref: str, version: int, wrapped: bytes, key: bytes) -> None:
        if self.max_entries == 0:
            return
        with self._lock:
            self._entries[subject_ref] = (version, wrapped, key)
            self._entries.move_to_end(subject_ref)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, subject_ref: str) -> None:
        with self._lock:
            self._entries.pop(subject_ref, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
