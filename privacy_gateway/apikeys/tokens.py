"""Pure key format and hashing. A key is 'pg_' + 8-char prefix + '_' + 40-char secret (URL-safe).

Only SHA-256(key) is stored. Lookups go by the prefix (indexed) and compare hashes in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_KEY_RE = re.compile(r"pg_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{40})")
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def new_key() -> tuple[str, str]:
    """Returns (prefix, full key)."""
    prefix = "".join(secrets.choice(_ALNUM) for _ in range(8))
    secret = secrets.token_urlsafe(30)[:40]
    return prefix, f"pg_{prefix}_{secret}"


def parse_prefix(key: str) -> str | None:
    match = _KEY_RE.fullmatch(key)
    return match.group(1) if match else None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash)
