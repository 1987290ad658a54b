"""The one error hierarchy of the gateway. Shells map these to HTTP statuses / exit codes in one place.

    GatewayError
    ├── ConfigError            settings, policy or store config is invalid
    ├── InvalidInput           a request or input line is malformed
    │   └── TextTooLarge
    ├── NotFound
    ├── Conflict
    ├── AuthError
    │   ├── Unauthenticated    no or unknown credential
    │   └── Forbidden          known credential, wrong role
    ├── ConsentDenied          the consent gate said no (carries a reason code)
    ├── RateLimited
    ├── IntegrityError         audit chain or ciphertext failed verification
    ├── KeyUnavailable         a key was destroyed, retired or is missing
    └── StoreUnavailable       the database (or another store) cannot be reached now

Messages must never contain raw PII or secrets: they are shown to callers and written to logs.
"""

from __future__ import annotations


class GatewayError(Exception):
    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ConfigError(GatewayError):
    code = "config_error"


class InvalidInput(GatewayError):
    code = "invalid_input"


class TextTooLarge(InvalidInput):
    code = "text_too_large"


class NotFound(GatewayError):
    code = "not_found"


class Conflict(GatewayError):
    code = "conflict"


class AuthError(GatewayError):
    code = "auth_error"


class Unauthenticated(AuthError):
    code = "unauthenticated"


class Forbidden(AuthError):
    code = "forbidden"


class ConsentDenied(GatewayError):
    code = "consent_denied"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class RateLimited(GatewayError):
    code = "rate_limited"


class IntegrityError(GatewayError):
    code = "integrity_error"


class KeyUnavailable(GatewayError):
    code = "key_unavailable"


class StoreUnavailable(GatewayError):
    code = "store_unavailable"
