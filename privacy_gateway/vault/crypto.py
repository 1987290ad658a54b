"""Envelope encryption, pure: AES-256-GCM for values and for wrapping per-subject data keys.

    master key (version N, from the key ring)
      └── wraps a data key per subject      AAD = ("dek", subject_ref, N)
            └── encrypts each original value   AAD = ("value", record_id, index, entity_type)

The associated data binds every ciphertext to where it belongs: a value copied to another row, another
entity index or another entity type, or a wrapped key moved to another subject or relabelled with
another version, fails authentication. Every failure raises errors.IntegrityError with a fixed message
(never a value, never key bytes). Keys and nonces are parameters so that tests can pin them.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacy_gateway.errors import IntegrityError

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce; random per encryption (2^-32 collision budget is ample here)
TAG_BYTES = 16
SCHEME = "pg-vault/1"  # bump if the AAD layout changes; old rows then need a migration


@dataclass(frozen=True, slots=True)
class Sealed:
    """A value encrypted under a data key: nonce and ciphertext (with the GCM tag appended)."""

    nonce: bytes
    ciphertext: bytes = field(repr=False)


def generate_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_nonce() -> bytes:
    return secrets.token_bytes(NONCE_BYTES)


def _aad(*parts: str | int) -> bytes:
    # JSON keeps the parts unambiguous ("a|b","c" vs "a","b|c") and is stable across Python versions.
    return json.dumps([SCHEME, *parts], ensure_ascii=True, separators=(",", ":")).encode()


def data_key_aad(subject_ref: str, version: int) -> bytes:
    return _aad("dek", subject_ref, version)


def value_aad(record_id: str, index: int, entity_type: str) -> bytes:
    return _aad("value", record_id, index, entity_type)


def _cipher(key: bytes) -> AESGCM:
    if len(key) != KEY_BYTES:
        raise IntegrityError("vault key has the wrong length")
    return AESGCM(key)


def _seal(key: bytes, plaintext: bytes, aad: bytes, nonce: bytes | None) -> Sealed:
    nonce = new_nonce() if nonce is None else nonce
    if len(nonce) != NONCE_BYTES:
        raise IntegrityError("vault nonce has the wrong length")
    return Sealed(nonce=nonce, ciphertext=_cipher(key).encrypt(nonce, plaintext, aad))


def _open(key: bytes, sealed: Sealed, aad: bytes, what: str) -> bytes:
    if len(sealed.nonce) != NONCE_BYTES or len(sealed.ciphertext) < TAG_BYTES:
        raise IntegrityError(f"{what} failed verification")
    try:
        return _cipher(key).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except InvalidTag:
        raise IntegrityError(f"{what} failed verification") from None


def wrap_data_key(
    master_key: bytes, data_key: bytes, *, subject_ref: str, version: int, nonce: bytes | None = None
) -> bytes:
    """The data key encrypted under a master key version, as one blob: nonce || ciphertext || tag."""
    if len(data_key) != KEY_BYTES:
        raise IntegrityError("vault key has the wrong length")
    sealed = _seal(master_key, data_key, data_key_aad(subject_ref, version), nonce)
    return sealed.nonce + sealed.ciphertext


def unwrap_data_key(master_key: bytes, wrapped: bytes, *, subject_ref: str, version: int) -> bytes:
    sealed = Sealed(nonce=wrapped[:NONCE_BYTES], ciphertext=wrapped[NONCE_BYTES:])
    data_key = _open(master_key, sealed, data_key_aad(subject_ref, version), "wrapped data key")
    if len(data_key) != KEY_BYTES:
        raise IntegrityError("wrapped data key failed verification")
    return data_key


def encrypt_value(
    data_key: bytes,
    value: str,
    *,
    record_id: str,
    index: int,
    entity_type: str,
    nonce: bytes | None = None,
) -> Sealed:
    return _seal(data_key, value.encode("utf-8"), value_aad(record_id, index, entity_type), nonce)


def decrypt_value(data_key: bytes, sealed: Sealed, *, record_id: str, index: int, entity_type: str) -> str:
    plaintext = _open(data_key, sealed, value_aad(record_id, index, entity_type), "vault value")
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:  # authenticated but not ours: only possible with a forged key
        raise IntegrityError("vault value failed verification") from None
