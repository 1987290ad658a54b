"""Development convenience: one API key per role, created once and kept in a 0600 file.

Refused when the gateway runs on production keys (from the environment): there, keys are created
one by one with `privacy-gateway apikey create` and handed over out of band.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from privacy_gateway.apikeys.service import create_key
from privacy_gateway.errors import ConfigError
from privacy_gateway.keyring import write_key_file
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.models import ApiKey
from privacy_gateway.types import Actor, Role

if TYPE_CHECKING:
    from privacy_gateway.bootstrap import Services


def ensure_dev_api_keys(services: Services, path: Path) -> tuple[Path, dict[str, str], bool]:
    if not services.keyring.source.startswith("file"):
        raise ConfigError("dev-keys is for the development setup only (production keys are configured)")
    if path.exists():
        stored = json.loads(path.read_text())
        with services.session_factory() as session:
            known = set(session.scalars(select(ApiKey.name)))
        if all(f"dev-{role}" in known for role in stored):
            return path, stored, False
    keys: dict[str, str] = {}
    with services.session_factory() as session, session.begin():
        for role in Role:
            name = f"dev-{role.value}"
            existing = session.scalar(select(ApiKey).where(ApiKey.name == name))
            if existing is not None:
                # Its secret was lost with the file: retire it under another name, never reuse it.
                existing.revoked_at = utcnow()
                existing.name = f"{name}-retired-{existing.id[:8]}"
                session.flush()
            keys[role.value] = create_key(
                session, services.audit, name=name, role=role.value, actor=Actor("cli", "admin")
            ).key
    write_key_file(path, keys)
    return path, keys, True
