from __future__ import annotations

import base64
import dataclasses
import json
from datetime import UTC, datetime

import pytest

from privacy_gateway.audit.checkpoint import (
    EXPORT_FORMAT,
    SignedCheckpoint,
    checkpoint_from_dict,
    export_document,
    key_id,
    parse_export_document,
    public_key_bytes,
    sign_checkpoint,
    signature_valid,
)
from privacy_gateway.errors import InvalidInput
from tests.audit.factories import OTHER_SEED, SIGNING_SEED

WHEN = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
HEAD = "ab" * 32
PUBLIC = public_key_bytes(SIGNING_SEED)
TRUSTED = {key_id(PUBLIC): PUBLIC}


def good() -> SignedCheckpoint:
    return sign_checkpoint(SIGNING_SEED, seq=10, head_hash=HEAD, ts=WHEN)


def test_signed_checkpoint_verifies_and_is_deterministic() -> None:
    cp = good()
    assert signature_valid(cp, TRUSTED)
    assert cp == good()  # Ed25519 is deterministic
    assert cp.key_id == key_id(PUBLIC) and len(cp.key_id) == 16
    assert cp.ts == "2024-05-01T08:00:00.000000Z"


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 11},
        {"head_hash": "cd" * 32},
        {"ts": "2024-05-01T08:00:00.000001Z"},
        {"signature": base64.b64encode(b"\x00" * 64).decode()},
        {"signature": "not base64!"},
        {"signature": ""},
    ],
)
def test_altered_checkpoint_fails(change: dict[str, object]) -> None:
    assert not signature_valid(dataclasses.replace(good(), **change), TRUSTED)  # type: ignore[arg-type]


def test_unknown_or_mislabelled_key_fails() -> None:
    forged = sign_checkpoint(OTHER_SEED, seq=10, head_hash=HEAD, ts=WHEN)
    assert not signature_valid(forged, TRUSTED)
    # claiming the trusted key id does not help: the signature is checked with the trusted key
    assert not signature_valid(dataclasses.replace(forged, key_id=key_id(PUBLIC)), TRUSTED)
    assert not signature_valid(good(), {})


@pytest.mark.parametrize(("seq", "head"), [(-1, HEAD), (1, "AB" * 32), (1, "ab" * 31), (1, "")])
def test_sign_refuses_bad_input(seq: int, head: str) -> None:
    with pytest.raises(InvalidInput):
        sign_checkpoint(SIGNING_SEED, seq=seq, head_hash=head, ts=WHEN)


def test_export_round_trip_through_json() -> None:
    doc = json.loads(json.dumps(export_document([good()], TRUSTED)))
    assert doc["format"] == EXPORT_FORMAT
    assert base64.b64decode(doc["public_keys"][key_id(PUBLIC)]) == PUBLIC
    assert parse_export_document(doc) == [good()]


@pytest.mark.parametrize(
    "doc",
    [
        None,
        [],
        {"format": "other", "checkpoints": []},
        {"format": EXPORT_FORMAT},
        {"format": EXPORT_FORMAT, "checkpoints": [1]},
        {"format": EXPORT_FORMAT, "checkpoints": [{"seq": 1}]},
        {"format": EXPORT_FORMAT, "checkpoints": [{**good().as_dict(), "seq": "1"}]},
        {"format": EXPORT_FORMAT, "checkpoints": [{**good().as_dict(), "seq": True}]},
        {"format": EXPORT_FORMAT, "checkpoints": [{**good().as_dict(), "ts": "yesterday"}]},
        {"format": EXPORT_FORMAT, "checkpoints": [{**good().as_dict(), "signature": 5}]},
    ],
)
def test_malformed_export_is_refused(doc: object) -> None:
    with pytest.raises(InvalidInput):
        parse_export_document(doc)


def test_checkpoint_from_dict_accepts_own_output() -> None:
    assert checkpoint_from_dict(good().as_dict()) == good()
