"""Master key versions: rotation of the development key file and the unwrap-time version policy.

Rotation only adds a version; old versions stay so that data keys wrapped under them still open until
`keys rewrap` has moved every subject to the newest version. Raising min_master_key_version then
retires the old versions (they refuse to unwrap), and only after that may an old key be deleted.
With keys given in the environment the gateway cannot edit them: the operator adds 'N:BASE64' to
PRIVACY_GATEWAY_MASTER_KEYS (see docs/operations.md).
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

from privacy_gateway.errors import ConfigError, KeyUnavailable
from privacy_gateway.keyring import KeyRing, keyring_from_file, write_key_file
from privacy_gateway.vault.crypto import KEY_BYTES


def master_key_for(keyring: KeyRing, version: int) -> bytes:
    """The master key of a version allowed to unwrap, else KeyUnavailable (retired or not configured)."""
    if version < keyring.min_version:
        raise KeyUnavailable(
            f"master key version {version} is retired (minimum {keyring.min_version}); run `keys rewrap` "
            "before raising the minimum"
        )
    try:
        return keyring.master_keys[version]
    except KeyError:
        raise KeyUnavailable(f"master key version {version} is not configured") from None


def rotate_key_file(path: Path, *, new_key: bytes | None = None) -> int:
    """Add master key version max+1 to the development key file (atomic, 0600). Returns the new version.

    The file is validated first, so a damaged file is reported instead of being rewritten.
    """
    if new_key is None:
        new_key = secrets.token_bytes(KEY_BYTES)
    if len(new_key) != KEY_BYTES:
        raise ConfigError(f"a master key must be {KEY_BYTES} bytes")
    current = keyring_from_file(path)  # raises ConfigError with a safe message when unreadable
    data = json.loads(path.read_text())
    version = current.current_version + 1
    masters = dict(data["master_keys"])
    masters[str(version)] = base64.b64encode(new_key).decode()
    data["master_keys"] = masters
    write_key_file(path, data)
    return version
