"""pseudonym: ``<PERSON_fkqmbdhsuacnerjg>`` — HMAC-SHA256 of the normalised value under a policy's key.

The same value gives the same token in every document masked under the same key, so analysts can count
and join; another key (another policy, another deployment) gives unrelated tokens. The entity type is
part of the MAC input, so one string detected as two types does not link either. There is no fallback:
without a key the operator refuses rather than emit a guessable, unkeyed hash.

The token is written so that no recognizer reads it as a value when the masked text is scanned again:

- 16 letters (4 bits each), no digits: no number, code or ID pattern can match inside it;
- the letters exclude i, l, o, p, t, v, w, x, so no cue word (vx, wx, pin, pwd, otp, ip) can form;
- ``_`` after the type, not ``:``: "PASSWORD:" followed by a value is how people write passwords.

Default length 16 (64 bits): among a million distinct values of one type, the chance that two share a
token is about 3 in 100 million.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.normalize import normalize

ALPHABET = "abcdefghjkmnqrsu"  # 16 symbols, see the module docstring
MIN_KEY_BYTES = 16
DEFAULT_LENGTH = 16
MIN_LENGTH, MAX_LENGTH = 10, 32


def pseudonym_token(key: bytes, entity_type: str, value: str, *, length: int = DEFAULT_LENGTH) -> str:
    message = f"{entity_type}\x1f{normalize(entity_type, value)}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    letters = "".join(ALPHABET[b >> 4] + ALPHABET[b & 0x0F] for b in digest)
    return f"<{entity_type}_{letters[:length]}>"


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
        if not isinstance(length, int) or not MIN_LENGTH <= length <= MAX_LENGTH:
            raise ConfigError(f"{self.NAME}: 'length' must be an integer from {MIN_LENGTH} to {MAX_LENGTH}")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
