"""The pure envelope crypto: round trips, and every way a ciphertext or wrapped key can be misused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from privacy_gateway.errors import IntegrityError
from privacy_gateway.vault import crypto
from privacy_gateway.vault.crypto import Sealed

MASTER = bytes(range(32))
OTHER_MASTER = bytes(range(1, 33))
DEK = bytes(range(100, 132))
OTHER_DEK = bytes(range(101, 133))
NONCE = b"\x01" * 12
PHONE = "13812345678"


def _seal(value: str = PHONE, **where: object) -> Sealed:
    args: dict[str, object] = {"record_id": "fb1", "index": 0, "entity_type": "PHONE_NUMBER", **where}
    return crypto.encrypt_value(DEK, value, nonce=NONCE, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["13812345678", "张先生", "北京市朝阳区建国路88号1单元101室", "", "a" * 5000]
)
def test_value_round_trip(value: str) -> None:
    sealed = crypto.encrypt_value(DEK, value, record_id="fb1", index=3, entity_type="LOCATION")
    assert value.encode() not in sealed.ciphertext or value == ""
    assert crypto.decrypt_value(DEK, sealed, record_id="fb1", index=3, entity_type="LOCATION") == value


def test_fresh_nonce_per_encryption() -> None:
    a = crypto.encrypt_value(DEK, PHONE, record_id="fb1", index=0, entity_type="PHONE_NUMBER")
    b = crypto.encrypt_value(DEK, PHONE, record_id="fb1", index=0, entity_type="PHONE_NUMBER")
    assert a.nonce != b.nonce and a.ciphertext != b.ciphertext


def test_pinned_nonce_is_deterministic() -> None:
    assert _seal() == _seal()


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("case", "key", "sealed", "where"),
    [
        ("moved to another record", DEK, _seal(), {"record_id": "fb2"}),
        ("moved to another entity index", DEK, _seal(), {"index": 1}),
        ("relabelled as another entity type", DEK, _seal(), {"entity_type": "BANK_CARD"}),
        ("another subject's data key", OTHER_DEK, _seal(), {}),
        ("ciphertext bit flipped", DEK, replace(_seal(), ciphertext=_flip(_seal().ciphertext, 0)), {}),
        ("tag bit flipped", DEK, replace(_seal(), ciphertext=_flip(_seal().ciphertext, -1)), {}),
        ("nonce changed", DEK, replace(_seal(), nonce=b"\x02" * 12), {}),
        ("nonce truncated", DEK, replace(_seal(), nonce=b"\x01" * 8), {}),
        ("ciphertext truncated below the tag", DEK, replace(_seal(), ciphertext=b"\x00" * 15), {}),
        ("ciphertext empty", DEK, replace(_seal(), ciphertext=b""), {}),
        ("key of the wrong length", DEK[:16], _seal(), {}),
    ],
)
def test_value_fails_closed(case: str, key: bytes, sealed: Sealed, where: dict[str, object]) -> None:
    args: dict[str, object] = {"record_id": "fb1", "index": 0, "entity_type": "PHONE_NUMBER", **where}
    with pytest.raises(IntegrityError) as info:
        crypto.decrypt_value(key, sealed, **args)  # type: ignore[arg-type]
    assert PHONE not in str(info.value) and "fb1" not in str(info.value)


def test_wrap_round_trip() -> None:
    wrapped = crypto.wrap_data_key(MASTER, DEK, subject_ref="sp_a", version=1)
    assert len(wrapped) == crypto.NONCE_BYTES + crypto.KEY_BYTES + crypto.TAG_BYTES
    assert DEK not in wrapped
    assert crypto.unwrap_data_key(MASTER, wrapped, subject_ref="sp_a", version=1) == DEK


WRAPPED = crypto.wrap_data_key(MASTER, DEK, subject_ref="sp_a", version=1, nonce=NONCE)


@pytest.mark.parametrize(
    ("case", "master", "wrapped", "subject_ref", "version"),
    [
        ("another master key", OTHER_MASTER, WRAPPED, "sp_a", 1),
        ("moved to another subject", MASTER, WRAPPED, "sp_b", 1),
        ("relabelled with another version", MASTER, WRAPPED, "sp_a", 2),
        ("bit flipped", MASTER, _flip(WRAPPED, 20), "sp_a", 1),
        ("truncated", MASTER, WRAPPED[:20], "sp_a", 1),
        ("empty", MASTER, b"", "sp_a", 1),
        ("master of the wrong length", MASTER[:31], WRAPPED, "sp_a", 1),
    ],
)
def test_unwrap_fails_closed(
    case: str, master: bytes, wrapped: bytes, subject_ref: str, version: int
) -> None:
    with pytest.raises(IntegrityError):
        crypto.unwrap_data_key(master, wrapped, subject_ref=subject_ref, version=version)


@pytest.mark.parametrize(
    ("data_key", "nonce"),
    [(DEK[:16], None), (DEK + b"x", None), (DEK, b"\x00" * 11)],
)
def test_wrap_rejects_bad_inputs(data_key: bytes, nonce: bytes | None) -> None:
    with pytest.raises(IntegrityError):
        crypto.wrap_data_key(MASTER, data_key, subject_ref="sp_a", version=1, nonce=nonce)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (crypto.value_aad("fb1", 12, "X"), crypto.value_aad("fb11", 2, "X")),
        (crypto.value_aad("a|b", 1, "c"), crypto.value_aad("a", 1, "b|c")),
        (crypto.data_key_aad("sp_a", 1), crypto.value_aad("sp_a", 1, "dek")),
    ],
)
def test_associated_data_is_unambiguous(a: bytes, b: bytes) -> None:
    assert a != b


def test_sealed_repr_hides_ciphertext() -> None:
    assert "ciphertext" not in repr(_seal())
