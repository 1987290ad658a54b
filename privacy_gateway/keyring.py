"""Key material: master keys (versioned), the HMAC root and the audit signing key.

Loaded from settings when given; otherwise a development key file is created once and reused.
Derived keys (pseudonyms, per-policy token keys) come from the HMAC root via HKDF so that one secret
to back up yields many independent keys. Nothing here ever prints or logs key bytes.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privacy_gateway.errors import ConfigError


@dataclass(frozen=True, repr=False)
class KeyRing:
    master_keys: Mapping[int, bytes]
    hmac_root: bytes
    signing_seed: bytes
    min_version: int = 1
    source: str = field(default="environment")

    @property
    def current_version(self) -> int:
        return max(self.master_keys)

    def derive(self, label: str, *, length: int = 32) -> bytes:
        """An independent key for one use (e.g. 'subject-pseudonym', 'policy:analytics')."""
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label.encode()).derive(
            self.hmac_root
        )

    def __repr__(self) -> str:
        return f"KeyRing(versions={sorted(self.master_keys)}, source={self.source!r})"


def _b64(value: str, *, name: str, length: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        raise ConfigError(f"{name} is not valid base64") from None
    if length is not None and len(raw) != length:
        raise ConfigError(f"{name} must decode to {length} bytes")
    if length is None and len(raw) < 32:
        raise ConfigError(f"{name} must decode to at least 32 bytes")
    return raw


def parse_master_keys(spec: str) -> dict[int, bytes]:
    """'1:BASE64,2:BASE64' -> {1: key, 2: key}."""
    keys: dict[int, bytes] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        version, sep, b64 = part.partition(":")
        if not sep or not version.isdigit() or int(version) < 1:
            raise ConfigError("master_keys must look like 'VERSION:BASE64,...' with versions >= 1")
        keys[int(version)] = _b64(b64, name=f"master key version {version}", length=32)
    if not keys:
        raise ConfigError("master_keys is empty")
    return keys


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _read_key_file(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read key file {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"key file {path} is not a JSON object")
    return data


def write_key_file(path: Path, data: Mapping[str, object]) -> None:
    """Atomic write with mode 0600: a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def ensure_dev_key_file(path: Path) -> bool:
    """Create the development key file if missing. Returns True when it was created now."""
    if path.exists():
        return False
    write_key_file(
        path,
        {
            "comment": "privacy_gateway development keys. Keep secret; back up; see docs/operations.md.",
            "master_keys": {"1": _new_key()},
            "hmac_root": _new_key(),
            "signing_seed": _new_key(),
        },
    )
    return True


def keyring_from_file(path: Path, *, min_version: int = 1) -> KeyRing:
    data = _read_key_file(path)
    try:
        masters = data["master_keys"]
        if not isinstance(masters, dict):  # a real check: an assert vanishes under python -O
            raise ValueError("master_keys is not a mapping")
        keys = {int(v): _b64(str(k), name=f"master key version {v}", length=32) for v, k in masters.items()}
        hmac_root = _b64(str(data["hmac_root"]), name="hmac_root")
        seed = _b64(str(data["signing_seed"]), name="signing_seed", length=32)
    except (KeyError, AssertionError, ValueError):
        raise ConfigError(f"key file {path} is missing master_keys, hmac_root or signing_seed") from None
    if not keys:
        raise ConfigError(f"key file {path} has no master key")
    return KeyRing(
        master_keys=keys,
        hmac_root=hmac_root,
        signing_seed=seed,
        min_version=min_version,
        source=f"file {path}",
    )


def load_keyring(
    *,
    key_file: Path,
    master_keys: str | None,
    hmac_key: str | None,
    signing_key: str | None,
    min_version: int = 1,
) -> tuple[KeyRing, bool]:
    """Keys from the environment when all three are set, else the development key file.

    Returns (keyring, created) where created says the development file was made just now.
    """
    if master_keys and hmac_key and signing_key:
        ring = KeyRing(
            master_keys=parse_master_keys(master_keys),
            hmac_root=_b64(hmac_key, name="hmac_key"),
            signing_seed=_b64(signing_key, name="signing_key", length=32),
            min_version=min_version,
        )
        return ring, False
    if master_keys or hmac_key or signing_key:
        raise ConfigError("set all of master_keys, hmac_key and signing_key, or none (development key file)")
    created = ensure_dev_key_file(key_file)
    return keyring_from_file(key_file, min_version=min_version), created
