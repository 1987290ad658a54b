from __future__ import annotations

import pytest

from privacy_gateway.masking.engine import Masker
from privacy_gateway.policies.loader import PolicySet, load_policies


def key_for(label: str) -> bytes:
    """A deterministic stand-in for KeyRing.derive: a different key per label."""
    return (label.encode() * 32)[:32]


@pytest.fixture(scope="session")
def policies() -> PolicySet:
    return load_policies()


@pytest.fixture(scope="session")
def masker(policies: PolicySet) -> Masker:
    return Masker(policies, key_for=key_for)
