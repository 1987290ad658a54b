"""Signed checkpoints ("signed tree heads"): an Ed25519 signature over (seq, head hash, time, key id).

A checkpoint copied off the database (exported JSON) later proves that the chain up to `seq` still ends
in `head_hash`: rewriting history would need the signing key. Pure functions; keys and time are
parameters. The signed message is the canonical JSON of SIGNED_FIELDS plus a type tag, so a signature
can never be replayed as anything else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from privacy_gateway.audit.chain import format_ts, parse_ts
from privacy_gateway.errors import InvalidInput

MESSAGE_TYPE = "privacy_gateway.audit.checkpoint/1"
EXPORT_FORMAT = "privacy_gateway.audit.checkpoints/1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class SignedCheckpoint:
    seq: int  # the chain holds entries 1..seq when this was signed
    head_hash: str  # hex hash of entry `seq`
    ts: str  # audit-format UTC timestamp of signing
    key_id: str  # key_id() of the public key that signs
    signature: str  # base64 Ed25519 signature over signing_message()

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def public_key_bytes(seed: bytes) -> bytes:
    """The raw 32-byte Ed25519 public key of a 32-byte private seed."""
    key = Ed25519PrivateKey.from_private_bytes(seed)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: bytes) -> str:
    """A short, stable name for a public key: first 16 hex chars of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def signing_message(*, seq: int, head_hash: str, ts: str, key_id: str) -> bytes:
    doc = {"type": MESSAGE_TYPE, "seq": seq, "head_hash": head_hash, "ts": ts, "key_id": key_id}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign_checkpoint(seed: bytes, *, seq: int, head_hash: str, ts: datetime) -> SignedCheckpoint:
    if seq < 0 or not _HEX64.match(head_hash):
        raise InvalidInput("a checkpoint needs seq >= 0 and a 64-hex head hash")
    kid = key_id(public_key_bytes(seed))
    stamp = format_ts(ts)
    message = signing_message(seq=seq, head_hash=head_hash, ts=stamp, key_id=kid)
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(message)
    return SignedCheckpoint(seq, head_hash, stamp, kid, base64.b64encode(signature).decode("ascii"))


def signature_valid(checkpoint: SignedCheckpoint, trusted_keys: Mapping[str, bytes]) -> bool:
    """True when a trusted key (key_id -> raw public key) signed exactly these fields."""
    public = trusted_keys.get(checkpoint.key_id)
    if public is None:
        return False
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        message = signing_message(
            seq=checkpoint.seq, head_hash=checkpoint.head_hash, ts=checkpoint.ts, key_id=checkpoint.key_id
        )
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def checkpoint_from_dict(data: Mapping[str, object]) -> SignedCheckpoint:
    """Read one checkpoint back from exported JSON, refusing anything malformed."""
    try:
        seq, head, ts, kid, sig = (data[k] for k in ("seq", "head_hash", "ts", "key_id", "signature"))
    except KeyError as exc:
        raise InvalidInput(f"checkpoint lacks field {exc.args[0]!r}") from None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise InvalidInput("checkpoint seq must be a non-negative integer")
    if not all(isinstance(v, str) for v in (head, ts, kid, sig)):
        raise InvalidInput("checkpoint head_hash, ts, key_id and signature must be strings")
    # Narrowing for mypy, checked just above: not itself a check.
    assert isinstance(head, str) and isinstance(ts, str) and isinstance(kid, str) and isinstance(sig, str)  # nosec B101
    parse_ts(ts)
    return SignedCheckpoint(seq=seq, head_hash=head, ts=ts, key_id=kid, signature=sig)


def export_document(
    checkpoints: Iterable[SignedCheckpoint], public_keys: Mapping[str, bytes]
) -> dict[str, object]:
    """The JSON document to keep elsewhere: the checkpoints and the public keys that signed them."""
    return {
        "format": EXPORT_FORMAT,
        "public_keys": {kid: base64.b64encode(pk).decode("ascii") for kid, pk in sorted(public_keys.items())},
        "checkpoints": [cp.as_dict() for cp in checkpoints],
    }


def parse_export_document(doc: object) -> list[SignedCheckpoint]:
    """The checkpoints of an exported document. Its public keys are NOT trusted from the file:
    the verifier brings its own (otherwise a forger would simply ship their key along)."""
    if not isinstance(doc, Mapping) or doc.get("format") != EXPORT_FORMAT:
        raise InvalidInput(f"not a checkpoint export (expected format {EXPORT_FORMAT!r})")
    items = doc.get("checkpoints")
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise InvalidInput("checkpoint export: 'checkpoints' must be a list of objects")
    return [checkpoint_from_dict(item) for item in items]
