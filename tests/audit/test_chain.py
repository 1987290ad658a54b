from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from privacy_gateway.audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical,
    chain_hash,
    format_ts,
    parse_ts,
)
from privacy_gateway.errors import InvalidInput

ENTRY: dict[str, object] = {
    "seq": 1,
    "ts": datetime(2024, 5, 1, 8, 0, 0, 5, tzinfo=UTC),
    "actor_name": "alice",
    "actor_role": "ingest",
    "action": "feedback.ingest",
    "subject_ref": "sp_" + "ab" * 16,
    "purpose": "analytics",
    "channel": "in_app",
    "decision": "allow",
    "reason": None,
    "policy_version": "default@1",
    "entity_counts": {"PHONE_NUMBER": 1, "AMOUNT": 2},
    "record_ids": ["f1"],
    "details": {"z": 1, "a": "x"},
    "prev_hash": GENESIS_HASH.hex(),
}


def test_canonical_is_sorted_compact_utf8_with_fixed_timestamp() -> None:
    text = canonical(ENTRY).decode("utf-8")
    doc = json.loads(text)
    assert list(doc) == sorted(doc)
    assert doc["ts"] == "2024-05-01T08:00:00.000005Z"
    assert doc["v"] == 1
    assert " " not in text
    assert '"entity_counts":{"AMOUNT":2,"PHONE_NUMBER":1}' in text


def test_golden_vector_pins_the_format() -> None:
    # Changing this hash means every stored chain stops verifying: bump FORMAT_VERSION instead.
    expected = (
        '{"action":"feedback.ingest","actor_name":"alice","actor_role":"ingest","channel":"in_app",'
        '"decision":"allow","details":{"a":"x","z":1},"entity_counts":{"AMOUNT":2,"PHONE_NUMBER":1},'
        '"policy_version":"default@1","prev_hash":"' + "0" * 64 + '","purpose":"analytics","reason":null,'
        '"record_ids":["f1"],"seq":1,"subject_ref":"sp_' + "ab" * 16 + '","ts":"2024-05-01T08:00:00.000005Z",'
        '"v":1}'
    ).encode()
    assert canonical(ENTRY) == expected
    assert chain_hash(GENESIS_HASH, ENTRY) == hashlib.sha256(expected).digest()
    assert (
        chain_hash(GENESIS_HASH, ENTRY).hex()
        == "762c57f09a605f0d7752c80a0a47a9ff9b71d401e1829eacf3d2661f2b8e2daa"
    )


def test_non_ascii_kept_as_utf8() -> None:
    assert "张三".encode() in canonical({**ENTRY, "actor_name": "张三"})


def test_key_order_of_input_does_not_matter() -> None:
    reordered = dict(reversed(list(ENTRY.items())))
    reordered["details"] = {"a": "x", "z": 1}
    assert canonical(reordered) == canonical(ENTRY)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", 2),
        ("ts", datetime(2024, 5, 1, 8, 0, 0, 6, tzinfo=UTC)),
        ("actor_name", "mallory"),
        ("reason", "x"),
        ("entity_counts", {"PHONE_NUMBER": 2, "AMOUNT": 2}),
        ("record_ids", ["f2"]),
        ("details", {"z": 2, "a": "x"}),
        ("subject_ref", None),
    ],
)
def test_every_field_changes_the_hash(field: str, value: object) -> None:
    assert chain_hash(GENESIS_HASH, {**ENTRY, field: value}) != chain_hash(GENESIS_HASH, ENTRY)


def test_prev_hash_is_chained() -> None:
    assert chain_hash(b"\x01" * 32, ENTRY) != chain_hash(GENESIS_HASH, ENTRY)


def test_same_instant_in_another_zone_hashes_the_same() -> None:
    shifted = ENTRY["ts"].astimezone(timezone(timedelta(hours=8)))  # type: ignore[union-attr]
    assert canonical({**ENTRY, "ts": shifted}) == canonical(ENTRY)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"details": {"score": 0.5}}, "field details"),
        ({"details": {"n": 2**60}}, "field details"),
        ({"details": {1: "x"}}, "field details"),
        ({"details": {"b": b"x"}}, "field details"),
        ({"seq": 0}, "seq"),
        ({"seq": True}, "seq"),
        ({"ts": datetime(2024, 1, 1)}, "timezone"),
        ({"ts": 5}, "ts must be"),
    ],
)
def test_ambiguous_values_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        canonical({**ENTRY, **change})


def test_missing_field_is_refused() -> None:
    partial = {k: v for k, v in ENTRY.items() if k != "purpose"}
    with pytest.raises(InvalidInput, match="purpose"):
        canonical(partial)


@pytest.mark.parametrize("prev", [b"", b"\x00" * 31, b"\x00" * 33])
def test_prev_must_be_32_bytes(prev: bytes) -> None:
    with pytest.raises(InvalidInput):
        chain_hash(prev, ENTRY)


def test_chained_fields_cover_the_table() -> None:
    from privacy_gateway.storage.models.audit import AuditEntry

    assert set(CHAINED_FIELDS) | {"hash"} == set(AuditEntry.__table__.columns.keys())


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024-05-01T08:00:00.000005Z", True),
        ("2024-05-01T08:00:00Z", False),
        ("2024-05-01", False),
        ("", False),
    ],
)
def test_parse_ts(text: str, ok: bool) -> None:
    if ok:
        assert format_ts(parse_ts(text)) == text
    else:
        with pytest.raises(InvalidInput):
            parse_ts(text)
