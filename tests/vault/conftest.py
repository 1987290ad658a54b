"""Vault fixtures: a fixed key ring, the real audit log, a fake consent gate, plain factory functions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.schemas import AuditFilters
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.keyring import KeyRing
from privacy_gateway.storage.models import Feedback
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor
from privacy_gateway.vault.service import VaultService

MASTER = {1: b"\x11" * 32, 2: b"\x22" * 32, 3: b"\x33" * 32}
AGENT = Actor(name="agent-wang", role="agent")
ADMIN = Actor(name="ops-admin", role="admin")


def make_keyring(versions: tuple[int, ...] = (1,), *, min_version: int = 1) -> KeyRing:
    return KeyRing(
        master_keys={v: MASTER[v] for v in versions},
        hmac_root=b"\x42" * 32,
        signing_seed=b"\x07" * 32,
        min_version=min_version,
    )


@dataclass(frozen=True)
class Item:
    """Shaped like privacy_gateway.masking.engine.VaultItem."""

    index: int
    entity_type: str
    token: str
    original: str
    start: int = 0
    end: int = 0


ITEMS = (
    Item(0, "PERSON", "<PERSON_1>", "张伟"),
    Item(1, "PHONE_NUMBER", "<PHONE_NUMBER_1>", "13812345678"),
    Item(2, "BANK_CARD", "<BANK_CARD_1>", "6222021234567890123"),
)
ORIGINALS = tuple(i.original for i in ITEMS)


@dataclass
class Verdict:
    allowed: bool
    reason: str


@dataclass
class FakeConsent:
    """A ConsentGate whose answer the test sets; remembers what it was asked."""

    allowed: bool = True
    reason: str = "granted"
    calls: list[dict[str, object]] = field(default_factory=list)

    def check(
        self,
        session: Session,
        *,
        subject_id: str,
        purpose: str,
        channel: str,
        actor: Actor,
        at: datetime | None = None,
    ) -> Verdict:
        self.calls.append({"subject_id": subject_id, "purpose": purpose, "channel": channel, "actor": actor})
        return Verdict(self.allowed, self.reason)


def make_audit() -> AuditLog:
    ring = make_keyring()
    return AuditLog(pseudonym_key=ring.derive("subject-pseudonym"), signing_seed=ring.signing_seed)


def add_feedback(session: Session, feedback_id: str, subject_id: str) -> Feedback:
    row = Feedback(
        id=feedback_id,
        subject_id=subject_id,
        channel="phone",
        purpose="service",
        category="refund",
        masked_text="我是<PERSON_1>,电话<PHONE_NUMBER_1>,卡号<BANK_CARD_1>",
        entities=[{"entity_type": i.entity_type, "start": 0, "end": 1} for i in ITEMS],
        policy="default",
        policy_version="default@1",
    )
    session.add(row)
    session.flush()
    return row


def audit_entries(session: Session, audit: AuditLog, action: str | None = None) -> list[dict[str, object]]:
    return list(audit.iter_matching(session, AuditFilters(action=action)))


@pytest.fixture
def audit() -> AuditLog:
    return make_audit()


@pytest.fixture
def consent() -> FakeConsent:
    return FakeConsent()


@pytest.fixture
def vault(audit: AuditLog, consent: FakeConsent) -> VaultService:
    return VaultService(make_keyring(), audit, consent)


@pytest.fixture
def stored(session_factory: sessionmaker[Session], vault: VaultService) -> Iterator[sessionmaker[Session]]:
    """Committed: fb1 and fb2 of subject u1, fb3 of subject u2, each with ITEMS vaulted."""
    with transaction(session_factory) as s:
        for fid, subject in (("fb1", "u1"), ("fb2", "u1"), ("fb3", "u2")):
            add_feedback(s, fid, subject)
            vault.store(s, feedback_id=fid, subject_id=subject, items=ITEMS)
    yield session_factory
