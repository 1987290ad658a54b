from __future__ import annotations

import pytest

from privacy_gateway.audit.guard import looks_like_pii, validate_event
from privacy_gateway.errors import InvalidInput
from privacy_gateway.types import Actor
from tests.audit.factories import event

REF = "sp_" + "0123456789abcdef" * 2


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {
            "subject_ref": REF,
            "purpose": "follow_up",
            "channel": "sms",
            "decision": "deny",
            "reason": "no_consent",
        },
        {"policy_version": "default@2024-05-01", "entity_counts": {"PHONE_NUMBER": 2, "CN_RESIDENT_ID": 0}},
        {
            "record_ids": ["0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b", "fb-12"],
            "details": {"rows": 10, "dry_run": False},
        },
        {"details": {"tables": ["feedback", "vault_entries"], "since": "2024-05-01T00:00:00Z", "n": None}},
        {"details": {"key_version": 3, "order_no": "23812345678"}},  # an order number, not a phone
        {"reason": "consent withdrawn on 2024-05-01"},
    ],
)
def test_valid_events_pass(fields: dict[str, object]) -> None:
    validate_event(event(**fields))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"subject_ref": "user-42"}, "pseudonym"),
        ({"subject_ref": "13812345678"}, "pseudonym"),
        ({"subject_ref": "sp_" + "0" * 31}, "pseudonym"),
        ({"purpose": "follow up"}, "token"),
        ({"channel": ""}, "token"),
        ({"decision": "x" * 200}, "token"),
        ({"reason": "客户张三投诉"}, "printable ASCII"),
        ({"reason": "call 13812345678"}, "raw PII"),
        ({"reason": "mail a.b@example.com"}, "raw PII"),
        ({"details": {"phone": "+86 138-1234-5678"}}, "raw PII"),
        ({"details": {"id": "11010519491231002X"}}, "raw PII"),
        ({"details": {"card": "6222 0212 3456 7894"}}, "raw PII"),
        ({"details": {"name": "张先生"}}, "printable ASCII"),
        ({"details": {"score": 0.93}}, "floats"),
        ({"details": {"nested": {"a": 1}}}, "floats|string"),
        ({"details": {"Bad Key": 1}}, "identifiers"),
        ({"details": {"n": 2**60}}, "safe integer"),
        ({"details": {"many": list(range(101))}}, "more than"),
        ({"details": {f"k{i}": i for i in range(101)}}, "at most"),
        ({"entity_counts": {"phone": 1}}, "entity type"),
        ({"entity_counts": {"PHONE_NUMBER": -1}}, "non-negative"),
        ({"entity_counts": {"PHONE_NUMBER": True}}, "non-negative"),
        ({"record_ids": "abc"}, "sequence"),
        ({"record_ids": ["a b"]}, "token"),
        ({"record_ids": ["13812345678"]}, "raw PII"),
        ({"record_ids": [None]}, "required"),
    ],
)
def test_invalid_events_are_refused_without_echoing_the_value(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        validate_event(event(**fields))
    for value in ("13812345678", "张", "example.com", "11010519491231002X", "6222"):
        assert value not in str(info.value)


@pytest.mark.parametrize(
    ("action", "actor"),
    [
        ("Feedback.Ingest", Actor("a", "ingest")),
        ("", Actor("a", "ingest")),
        ("x.y", Actor("", "ingest")),
        ("x.y", Actor("a", "")),
        ("x.y", Actor("a" * 201, "ingest")),
    ],
)
def test_action_and_actor_are_checked(action: str, actor: Actor) -> None:
    with pytest.raises(InvalidInput):
        validate_event(event(action, actor=actor))


@pytest.mark.parametrize(
    ("text", "pii"),
    [
        ("13812345678", True),
        ("手机13812345678", True),
        ("0086 138 1234 5678", True),
        ("4111111111111111", True),
        ("4111111111111112", False),  # Luhn fails
        ("a13812345678b", False),  # inside a hex-like token
        ("0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b", False),
        ("2024-05-01T08:00:00.000000Z", False),
        ("user@example.org", True),
        ("default@1", False),
    ],
)
def test_looks_like_pii(text: str, pii: bool) -> None:
    assert looks_like_pii(text) is pii
