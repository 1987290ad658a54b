"""The vault on both databases: binary columns, the FK to feedback, erasure, rewrap, first-store races."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.storage.base import Base
from privacy_gateway.storage.models import VaultEntry, VaultSubjectKey
from privacy_gateway.storage.session import make_engine, make_session_factory, transaction
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import (
    ADMIN,
    AGENT,
    ITEMS,
    ORIGINALS,
    FakeConsent,
    add_feedback,
    make_audit,
    make_keyring,
)


@pytest.fixture
def any_factory(any_db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(any_db_url)
    Base.metadata.create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _values(vault: VaultService, sf: sessionmaker[Session], feedback_id: str) -> list[str]:
    with transaction(sf) as s:
        return [
            r.value
            for r in vault.reveal(
                s,
                feedback_id=feedback_id,
                actor=AGENT,
                purpose="follow_up",
                channel="phone",
                reason="callback",
            )
        ]


def test_life_cycle(any_factory: sessionmaker[Session]) -> None:
    audit, consent = make_audit(), FakeConsent()
    vault = VaultService(make_keyring((1,)), audit, consent)
    with transaction(any_factory) as s:
        for fid, subject in (("fb1", "u1"), ("fb2", "u2")):
            add_feedback(s, fid, subject)
            vault.store(s, feedback_id=fid, subject_id=subject, items=ITEMS)
    assert _values(vault, any_factory, "fb1") == list(ORIGINALS)

    rotated = VaultService(make_keyring((1, 2)), audit, consent)
    assert rotated.rewrap(any_factory, batch_size=1).rewrapped == 2
    retired = VaultService(make_keyring((2,), min_version=2), audit, consent)
    assert _values(retired, any_factory, "fb2") == list(ORIGINALS)

    with transaction(any_factory) as s:
        counts = retired.erase_subject(s, subject_id="u1", actor=ADMIN, reason="request").counts
    assert counts == {"vault_entries": 3, "subject_keys": 1, "feedback": 1}
    with any_factory() as s:
        assert s.scalar(select(func.count()).select_from(VaultEntry)) == 3
        assert audit.verify(s).ok


def test_concurrent_first_stores_of_a_subject_share_one_key(any_factory: sessionmaker[Session]) -> None:
    audit, consent = make_audit(), FakeConsent()
    vault = VaultService(make_keyring((1,)), audit, consent)
    with transaction(any_factory) as s:
        add_feedback(s, "fbA", "u1")
        add_feedback(s, "fbB", "u1")
    errors: list[BaseException] = []
    a_stored = threading.Event()

    def second() -> None:
        try:
            a_stored.wait(10)
            with transaction(any_factory) as s:
                vault.store(s, feedback_id="fbB", subject_id="u1", items=ITEMS)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    worker = threading.Thread(target=second)
    worker.start()
    with transaction(any_factory) as s:
        vault.store(s, feedback_id="fbA", subject_id="u1", items=ITEMS)
        a_stored.set()  # B now tries its insert while A's key row is uncommitted
        worker.join(0.5)
    worker.join(30)
    assert not worker.is_alive() and errors == []
    with any_factory() as s:
        assert s.scalar(select(func.count()).select_from(VaultSubjectKey)) == 1
    assert _values(vault, any_factory, "fbA") == _values(vault, any_factory, "fbB") == list(ORIGINALS)
