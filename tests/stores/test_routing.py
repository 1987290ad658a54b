from __future__ import annotations

import pytest

from privacy_gateway.stores.config import parse_config
from privacy_gateway.stores.routing import RecordKey, Router

CONFIG = parse_config(
    {
        "destinations": {n: {"kind": "jsonl", "directory": f"/tmp/{n}"} for n in ("a", "b", "c", "fallback")},
        "routes": [
            {"match": {"channels": ["phone", "sms"]}, "to": ["a"]},
            {"match": {"sources": ["tickets"], "categories": ["refund"]}, "to": ["b", "a"]},
            {"match": {"categories": ["complaint"]}, "to": ["c"]},
        ],
        "default_route": ["fallback"],
    },
    origin="test",
    env={},
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (RecordKey("phone"), ["a"]),
        (RecordKey("sms", "tickets", "refund"), ["a", "b"]),
        (RecordKey("email", "tickets", "refund"), ["b", "a"]),
        (RecordKey("email", "other", "refund"), ["fallback"]),
        (RecordKey("in_app", None, "complaint"), ["c"]),
        (RecordKey("phone", None, "complaint"), ["a", "c"]),
        (RecordKey("email"), ["fallback"]),
    ],
)
def test_routes(key: RecordKey, expected: list[str]) -> None:
    assert Router(CONFIG).destinations_for(key) == expected


def test_no_default_route_means_no_destination() -> None:
    cfg = CONFIG.model_copy(update={"default_route": []})
    assert Router(cfg).destinations_for(RecordKey("email")) == []
