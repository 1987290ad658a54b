"""Rotation of the development key file and the retired/missing version policy."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from privacy_gateway.errors import ConfigError, KeyUnavailable
from privacy_gateway.keyring import KeyRing, ensure_dev_key_file, keyring_from_file
from privacy_gateway.vault.keys import master_key_for, rotate_key_file

K1, K2, K3 = b"\x01" * 32, b"\x02" * 32, b"\x03" * 32


def _ring(min_version: int = 1) -> KeyRing:
    return KeyRing(
        master_keys={1: K1, 2: K2}, hmac_root=b"h" * 32, signing_seed=b"s" * 32, min_version=min_version
    )


@pytest.mark.parametrize(
    ("min_version", "version", "expected"),
    [
        (1, 1, K1),
        (1, 2, K2),
        (2, 2, K2),
        (2, 1, KeyUnavailable),
        (1, 3, KeyUnavailable),
        (3, 2, KeyUnavailable),
    ],
)
def test_master_key_for(min_version: int, version: int, expected: bytes | type[Exception]) -> None:
    ring = _ring(min_version)
    if isinstance(expected, bytes):
        assert master_key_for(ring, version) == expected
    else:
        with pytest.raises(expected) as info:
            master_key_for(ring, version)
        assert str(version) in str(info.value)


def test_rotate_adds_a_version_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    ensure_dev_key_file(path)
    before = keyring_from_file(path)
    assert rotate_key_file(path, new_key=K2) == 2
    assert rotate_key_file(path, new_key=K3) == 3
    after = keyring_from_file(path)
    assert after.current_version == 3
    assert after.master_keys[1] == before.master_keys[1]
    assert (after.master_keys[2], after.master_keys[3]) == (K2, K3)
    assert (after.hmac_root, after.signing_seed) == (before.hmac_root, before.signing_seed)
    assert "comment" in json.loads(path.read_text())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))


def test_rotate_generates_a_fresh_key(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    ensure_dev_key_file(path)
    rotate_key_file(path)
    ring = keyring_from_file(path)
    assert len(ring.master_keys[2]) == 32 and ring.master_keys[2] != ring.master_keys[1]


@pytest.mark.parametrize(
    ("content", "new_key"),
    [
        (None, None),  # no file
        ("not json", None),
        ('{"master_keys": {}}', None),
        (None, b"short"),
    ],
)
def test_rotate_refuses_and_leaves_the_file(
    tmp_path: Path, content: str | None, new_key: bytes | None
) -> None:
    path = tmp_path / "keys.json"
    if content is not None:
        path.write_text(content)
    elif new_key is not None:
        ensure_dev_key_file(path)
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(ConfigError):
        rotate_key_file(path, new_key=new_key)
    assert (path.read_bytes() if path.exists() else None) == before
