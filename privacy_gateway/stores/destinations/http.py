"""``http``: POST each record to a webhook, signed so the receiver can check it came from the gateway.

Headers: ``X-Timestamp`` (Unix seconds), ``X-Signature`` = hex HMAC-SHA256(secret, timestamp + "." + body)
over the exact body bytes, and ``Idempotency-Key`` = the feedback id. A receiver recomputes the HMAC,
compares in constant time, rejects timestamps older than a few minutes (replay) and drops an
Idempotency-Key it has already stored (``verify_signature`` below is the reference; docs/stores.md).

2xx (and 409: "already have it") is delivered; 408, 425, 429 and 5xx are retried; any other status is
permanent (dead-letter at once: retrying a 400 will not fix it).
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from privacy_gateway.stores.config import HttpDestination
from privacy_gateway.stores.destinations.base import DeliveryError, Destination, PermanentDeliveryError
from privacy_gateway.stores.envelope import Envelope

RETRYABLE = {408, 425, 429}


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    return hmac.new(secret, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def verify_signature(
    secret: bytes, *, timestamp: str, body: bytes, signature: str, now: float, tolerance_seconds: int = 300
) -> bool:
    """What a receiver runs: the signature matches and the timestamp is recent. Pure."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)


class HttpStore(Destination):
    kind = "http"

    def __init__(self, name: str, config: HttpDestination, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__(name)
        self.config = config
        self._clock = clock

    def request_for(self, envelope: Envelope) -> urllib.request.Request:
        body = envelope.body()
        ts = int(self._clock())
        headers = {
            **self.config.headers,
            "Content-Type": "application/json; charset=utf-8",
            "X-Timestamp": str(ts),
            "X-Signature": sign(self.config.secret.get_secret_value().encode("utf-8"), ts, body),
            "Idempotency-Key": envelope.feedback_id,
        }
        # The scheme is limited to http(s) by the config pattern.
        return urllib.request.Request(self.config.url, data=body, headers=headers, method="POST")  # noqa: S310

    def send(self, envelope: Envelope) -> None:
        try:
            request = self.request_for(envelope)
            # The URL is validated ^https?:// when the stores config is loaded (no file: or custom schemes).
            with urllib.request.urlopen(request, timeout=self.config.timeout_seconds) as resp:  # noqa: S310  # nosec B310
                resp.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 409:
                return
            if exc.code in RETRYABLE or exc.code >= 500:
                raise DeliveryError(f"webhook answered {exc.code}", code=f"http_{exc.code}") from None
            raise PermanentDeliveryError(
                f"webhook refused with {exc.code}", code=f"http_{exc.code}"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(
                f"webhook unreachable ({type(reason).__name__})", code="http_unreachable"
            ) from None
