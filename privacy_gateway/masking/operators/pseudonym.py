"""pseudonym: ``<PERSON:k3vqa7mz2xbd>`` — HMAC-SHA256 of the normalised value under a policy's key.

The same value gives the same token in every document masked under the same key, so analysts can count
and join; another key (another policy, another deployment) gives unrelated tokens. The entity type is
part of the MAC input, so one string detected as two types does not link either. There is no fallback:
without a key the operator refuses rather than emit a guessable, unkeyed hash.

Tokens are lowercase base32 (a-z, 2-7): the digits 0, 1, 8 and 9 never occur, so no token can read as
a phone, ID or card number to a detector that sees the masked text again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.normalize import normalize

MIN_KEY_BYTES = 16
DEFAULT_LENGTH = 12


def pseudonym_token(key: bytes, entity_type: str, value: str, *, length: int = DEFAULT_LENGTH) -> str:
    message = f"{entity_type}\x1f{normalize(entity_type, value)}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return f"<{entity_type}:{base64.b32encode(digest).decode().lower()[:length]}>"


class Pseudonym(Operator):
    NAME = "pseudonym"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        self.validate(params)  # cheap, and the one check that must never be skipped
        return pseudonym_token(
            params["key"], params["entity_type"], text, length=params.get("length", DEFAULT_LENGTH)
        )

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        key = params.get("key")
        if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"{self.NAME}: no usable key (need {MIN_KEY_BYTES}+ bytes); refusing to emit tokens"
            )
        length = params.get("length", DEFAULT_LENGTH)
        if not isinstance(length, int) or not 8 <= length <= 16:
            raise ConfigError(f"{self.NAME}: 'length' must be an integer from 8 to 16")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
