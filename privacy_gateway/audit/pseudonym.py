"""Subject pseudonyms for the audit trail and logs: keyed, stable, not reversible without the key."""

from __future__ import annotations

import hashlib
import hmac


def subject_pseudonym(key: bytes, subject_id: str) -> str:
    """HMAC-SHA256 of the subject id under the audit pseudonym key, as 'sp_' + 32 hex chars."""
    digest = hmac.new(key, subject_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "sp_" + digest[:32]
