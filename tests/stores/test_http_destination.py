from __future__ import annotations

import pytest

from privacy_gateway.stores.config import HttpDestination
from privacy_gateway.stores.destinations.base import DeliveryError, PermanentDeliveryError
from privacy_gateway.stores.destinations.http import HttpStore, sign, verify_signature
from privacy_gateway.stores.envelope import Envelope
from tests.stores.receivers import WebhookReceiver

SECRET = b"webhook-secret"
BODY = b'{"id":"abc","text":"\xe6\x89\x8b\xe6\x9c\xba<PHONE_NUMBER_1>"}'


@pytest.mark.parametrize(
    ("secret", "timestamp", "body", "signature", "now", "ok"),
    [
        (SECRET, "1700000000", BODY, sign(SECRET, 1700000000, BODY), 1700000000, True),
        (SECRET, "1700000000", BODY, sign(SECRET, 1700000000, BODY), 1700000299, True),
        (SECRET, "1700000000", BODY, sign(SECRET, 1700000000, BODY), 1700000301, False),  # replayed late
        (
            SECRET,
            "1700000000",
            BODY + b" ",
            sign(SECRET, 1700000000, BODY),
            1700000000,
            False,
        ),  # body changed
        (SECRET, "1700000001", BODY, sign(SECRET, 1700000000, BODY), 1700000000, False),  # timestamp changed
        (b"other", "1700000000", BODY, sign(SECRET, 1700000000, BODY), 1700000000, False),  # wrong key
        (SECRET, "17e8", BODY, sign(SECRET, 1700000000, BODY), 1700000000, False),
        (SECRET, "", BODY, "", 1700000000, False),
    ],
)
def test_verify_signature(
    secret: bytes, timestamp: str, body: bytes, signature: str, now: int, ok: bool
) -> None:
    assert verify_signature(secret, timestamp=timestamp, body=body, signature=signature, now=now) is ok


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    assert sign(SECRET, 12, b"{}") == hmac.new(SECRET, b"12.{}", hashlib.sha256).hexdigest()


def _store(port: int) -> HttpStore:
    cfg = HttpDestination(
        kind="http", url=f"http://127.0.0.1:{port}/hook", secret=SECRET.decode(), timeout_seconds=5
    )
    return HttpStore("crm", cfg)


ENVELOPE = Envelope(1, "f" * 32, {"id": "f" * 32, "text": "手机<PHONE_NUMBER_1>"})


@pytest.mark.parametrize(
    ("status", "raises"),
    [
        (200, None),
        (204, None),
        (409, None),
        (400, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (429, DeliveryError),
        (503, DeliveryError),
    ],
)
def test_status_codes(status: int, raises: type[Exception] | None) -> None:
    with WebhookReceiver(SECRET, status=status) as rx:
        store = _store(rx.port)
        if raises is None:
            store.send(ENVELOPE)
        else:
            with pytest.raises(raises) as err:
                store.send(ENVELOPE)
            assert err.value.code == f"http_{status}"  # type: ignore[attr-defined]
            assert (status < 500 and status != 429) == isinstance(err.value, PermanentDeliveryError)
    assert rx.rejected == 0 and rx.posts == 1
    if status < 300:
        assert rx.by_key == {"f" * 32: ENVELOPE.payload}


def test_unreachable_is_retryable() -> None:
    with WebhookReceiver(SECRET) as rx:
        port = rx.port
    with pytest.raises(DeliveryError) as err:
        _store(port).send(ENVELOPE)
    assert not isinstance(err.value, PermanentDeliveryError) and err.value.code == "http_unreachable"
