"""Keys and subject pseudonyms of one dataset.

Every dataset gets its own key, HMAC(export root key, dataset id), so the same subject has unrelated
pseudonyms in two exports and the exports cannot be joined on them. An export that must be joinable with
earlier ones asks for a *named link key* (``--link-key NAME``): all exports under the same name share a
key derived from the name alone. The in-text pseudonyms of the analytics policy are keyed by the dataset
key as well (``policy_key_for``), so nothing in a dataset links to another dataset or to the live store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable

from privacy_gateway.errors import InvalidInput

EXPORT_KEY_LABEL = "export"
LINK_KEY_PREFIX = "export-link:"
_LINK_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
SUBJECT_PREFIX = "p_"
SUBJECT_LENGTH = 16  # base32 characters: 80 bits


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def check_link_name(name: str) -> str:
    if not _LINK_NAME.fullmatch(name):
        raise InvalidInput("link key name: 1-64 of a-z, 0-9, '_', '.', '-' (starting with a letter or digit)")
    return name


def dataset_key(derive: Callable[[str], bytes], dataset_id: str, *, link_key: str | None = None) -> bytes:
    """The dataset's key; ``derive`` is KeyRing.derive (HKDF from the root secret)."""
    if link_key is not None:
        return derive(LINK_KEY_PREFIX + check_link_name(link_key))
    return _mac(derive(EXPORT_KEY_LABEL), dataset_id)


def policy_key_for(key: bytes) -> Callable[[str], bytes]:
    """A Masker ``key_for`` whose pseudonym keys all descend from the dataset key."""

    def key_for(label: str) -> bytes:
        return _mac(key, label)

    return key_for


def subject_pseudonym(key: bytes, subject_id: str) -> str:
    """'p_' + 16 lowercase base32 characters (a-z, 2-7: never reads as a phone, ID or card number)."""
    digest = _mac(key, "subject\x1f" + subject_id)
    return SUBJECT_PREFIX + base64.b32encode(digest).decode().lower()[:SUBJECT_LENGTH]
