"""The vault fixtures (fixed key ring, real audit log, fake consent gate) for the key-cache tests."""

from tests.vault.conftest import audit, consent, stored, vault  # noqa: F401
