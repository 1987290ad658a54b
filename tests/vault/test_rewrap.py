"""Rotation and rewrap: old records stay readable, rewrap is resumable, then old versions retire."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.errors import KeyUnavailable
from privacy_gateway.storage.models import VaultSubjectKey
from privacy_gateway.storage.session import transaction
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import (
    AGENT,
    ITEMS,
    ORIGINALS,
    FakeConsent,
    add_feedback,
    audit_entries,
    make_keyring,
)


def _values(vault: VaultService, sf: sessionmaker[Session], feedback_id: str) -> list[str]:
    with transaction(sf) as s:
        revealed = vault.reveal(
            s, feedback_id=feedback_id, actor=AGENT, purpose="follow_up", channel="phone", reason="callback"
        )
    return [r.value for r in revealed]


def _versions(sf: sessionmaker[Session]) -> list[int]:
    with sf() as s:
        return sorted(s.scalars(select(VaultSubjectKey.key_version)))


def _with_many_subjects(sf: sessionmaker[Session], vault: VaultService, n: int) -> None:
    with transaction(sf) as s:
        for i in range(n):
            add_feedback(s, f"fbx{i}", f"ux{i}")
            vault.store(s, feedback_id=f"fbx{i}", subject_id=f"ux{i}", items=ITEMS[:1])


def test_a_rotated_key_still_decrypts_old_records_and_new_subjects_use_it(
    stored: sessionmaker[Session], audit: AuditLog, consent: FakeConsent
) -> None:
    rotated = VaultService(make_keyring((1, 2)), audit, consent)
    assert _values(rotated, stored, "fb1") == list(ORIGINALS)
    with transaction(stored) as s:
        add_feedback(s, "fb4", "u4")
        rotated.store(s, feedback_id="fb4", subject_id="u4", items=ITEMS)
        add_feedback(s, "fb5", "u1")  # an existing subject keeps its data key (still under version 1)
        rotated.store(s, feedback_id="fb5", subject_id="u1", items=ITEMS)
    assert _versions(stored) == [1, 1, 2]
    assert _values(rotated, stored, "fb4") == _values(rotated, stored, "fb5") == list(ORIGINALS)


def test_rewrap_then_retire_the_old_version(
    stored: sessionmaker[Session], audit: AuditLog, consent: FakeConsent
) -> None:
    retired_too_early = VaultService(make_keyring((1, 2), min_version=2), audit, consent)
    with pytest.raises(KeyUnavailable):
        _values(retired_too_early, stored, "fb1")

    rotated = VaultService(make_keyring((1, 2)), audit, consent)
    seen: list[int] = []
    report = rotated.rewrap(stored, batch_size=1, progress=seen.append)
    assert (report.target_version, report.rewrapped, report.failed, report.batches) == (2, 2, 0, 2)
    assert seen == [1, 1]
    assert _versions(stored) == [2, 2]

    # version 1 retired by policy, then removed altogether: everything still decrypts
    for ring in (make_keyring((1, 2), min_version=2), make_keyring((2,), min_version=2)):
        vault = VaultService(ring, audit, consent)
        assert [_values(vault, stored, f) for f in ("fb1", "fb2", "fb3")] == [list(ORIGINALS)] * 3

    with stored() as s:
        (entry,) = audit_entries(s, audit, "keys.rewrap")
        assert (entry["decision"], entry["reason"]) == ("ok", "complete")
        assert entry["details"] == {"target_version": 2, "rewrapped": 2, "failed": 0, "batches": 2}
        assert audit.verify(s).ok


def test_rewrap_is_idempotent(stored: sessionmaker[Session], audit: AuditLog, consent: FakeConsent) -> None:
    rotated = VaultService(make_keyring((1, 2)), audit, consent)
    rotated.rewrap(stored, batch_size=10)
    with stored() as s:
        wrapped = {k.id: k.wrapped_key for k in s.scalars(select(VaultSubjectKey))}
    again = rotated.rewrap(stored, batch_size=10)
    assert (again.rewrapped, again.failed, again.batches) == (0, 0, 0)
    with stored() as s:
        assert {k.id: k.wrapped_key for k in s.scalars(select(VaultSubjectKey))} == wrapped


class Interrupted(Exception):
    pass


def test_rewrap_resumes_after_an_interruption(
    session_factory: sessionmaker[Session], audit: AuditLog, consent: FakeConsent
) -> None:
    _with_many_subjects(session_factory, VaultService(make_keyring((1,)), audit, consent), 7)
    rotated = VaultService(make_keyring((1, 2)), audit, consent)

    def stop_after_two_batches(done: int, calls: list[int] = []) -> None:  # noqa: B006
        calls.append(done)
        if len(calls) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rotated.rewrap(session_factory, batch_size=3, progress=stop_after_two_batches)
    assert _versions(session_factory) == [1] + [2] * 6  # two committed batches of three
    with session_factory() as s:
        assert rotated.pending_rewrap(s) == 1

    report = rotated.rewrap(session_factory, batch_size=3)
    assert (report.rewrapped, report.batches) == (1, 1)
    assert _versions(session_factory) == [2] * 7
    with session_factory() as s:
        outcomes = [(e["decision"], e["reason"]) for e in audit_entries(s, audit, "keys.rewrap")]
        assert outcomes == [("error", "interrupted"), ("ok", "complete")]


def test_rewrap_counts_keys_it_cannot_open_and_terminates(
    stored: sessionmaker[Session], audit: AuditLog, consent: FakeConsent
) -> None:
    # Version 1 retired before rewrap: nothing can be moved, every key counted once as failed.
    vault = VaultService(make_keyring((1, 2), min_version=2), audit, consent)
    report = vault.rewrap(stored, batch_size=1)
    assert (report.rewrapped, report.failed, report.batches) == (0, 2, 2)
    assert _versions(stored) == [1, 1]
    with stored() as s:
        (entry,) = audit_entries(s, audit, "keys.rewrap")
        assert (entry["decision"], entry["reason"]) == ("error", "keys_unreadable")


def test_rewrap_rejects_a_bad_batch_size(stored: sessionmaker[Session], vault: VaultService) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        vault.rewrap(stored, batch_size=0)


def test_key_status_reports_versions_not_keys(
    stored: sessionmaker[Session], audit: AuditLog, consent: FakeConsent
) -> None:
    vault = VaultService(make_keyring((1, 2, 3), min_version=2), audit, consent)
    with stored() as s:
        status = vault.key_status(s)
    assert status.as_dict() == {
        "current_version": 3,
        "min_version": 2,
        "configured_versions": [1, 2, 3],
        "subjects_per_version": {"1": 2},
        "entries_per_version": {"1": 9},
        "stale_subjects": 2,
        "unreadable_versions": [1],
        "retirable_below": 1,
    }
    assert "\\x11" not in repr(status) and "\\x11" not in repr(vault.keyring)
