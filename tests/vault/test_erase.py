"""Erasure: crypto-shredding of one subject, nothing of theirs revealable afterwards, audit intact."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.errors import Forbidden, InvalidInput, NotFound
from privacy_gateway.storage.models import Feedback, VaultEntry, VaultSubjectKey
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor
from privacy_gateway.vault.repository import ERASED_SUBJECT
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import ADMIN, AGENT, ORIGINALS, audit_entries

AT = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def _erase(vault: VaultService, sf: sessionmaker[Session], subject: str = "u1") -> dict[str, int]:
    with transaction(sf) as s:
        report = vault.erase_subject(
            s,
            subject_id=subject,
            actor=ADMIN,
            reason="用户申请删除 PIPL 第47条",
            ticket="DSR-2024-007",
            at=AT,
        )
    return dict(report.counts)


def _reveal(vault: VaultService, s: Session, feedback_id: str) -> object:
    return vault.reveal(
        s, feedback_id=feedback_id, actor=AGENT, purpose="follow_up", channel="phone", reason="callback"
    )


def test_erasure_destroys_the_subject_and_only_that_subject(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog
) -> None:
    assert _erase(vault, stored) == {"vault_entries": 6, "subject_keys": 1, "feedback": 2}
    with stored() as s:
        assert (
            s.scalar(select(VaultSubjectKey.id).where(VaultSubjectKey.subject_ref == vault.vault_ref("u1")))
            is None
        )
        assert s.scalar(select(func.count()).select_from(VaultEntry)) == 3  # u2's fb3 only
        for fid in ("fb1", "fb2"):
            row = s.get(Feedback, fid)
            assert row is not None
            assert (row.subject_id, row.masked_text, row.entities, row.occurred_at) == (
                ERASED_SUBJECT,
                "",
                [],
                None,
            )
            assert row.erased_at == AT
            assert (row.channel, row.category) == ("phone", "refund")  # kept for counts, not personal
        assert s.scalar(select(func.count()).select_from(Feedback).where(Feedback.subject_id == "u1")) == 0
        # the other subject is untouched and still revealable
        assert [r.value for r in _reveal(vault, s, "fb3")] == list(ORIGINALS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("feedback_id", ["fb1", "fb2"])
def test_after_erasure_reveal_returns_nothing_and_the_chain_verifies(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog, feedback_id: str
) -> None:
    _erase(vault, stored)
    with transaction(stored) as s:
        with pytest.raises(NotFound):
            _reveal(vault, s, feedback_id)
    with stored() as s:
        report = audit.verify(s)
        assert report.ok, report.as_dict()
        (entry,) = audit_entries(s, audit, "subject.erase")
        assert entry["subject_ref"] == audit.subject_ref("u1")
        assert entry["actor_name"] == "ops-admin"
        details = entry["details"]
        assert isinstance(details, dict)
        assert (
            details["erased_feedback"],
            details["erased_subject_keys"],
            details["erased_vault_entries"],
        ) == (2, 1, 6)
        assert details["ticket"] == "DSR-2024-007"
        dumped = json.dumps(audit_entries(s, audit), ensure_ascii=False, default=str)
        assert not any(x in dumped for x in (*ORIGINALS, "u1", "PIPL"))


def test_erasure_is_idempotent_and_audited_each_time(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog
) -> None:
    _erase(vault, stored)
    assert _erase(vault, stored) == {"vault_entries": 0, "subject_keys": 0, "feedback": 0}
    assert _erase(vault, stored, "never-seen") == {"vault_entries": 0, "subject_keys": 0, "feedback": 0}
    with stored() as s:
        assert len(audit_entries(s, audit, "subject.erase")) == 3
        assert audit.verify(s).ok


def test_a_returning_subject_gets_a_new_key(stored: sessionmaker[Session], vault: VaultService) -> None:
    with stored() as s:
        old = s.scalars(
            select(VaultSubjectKey).where(VaultSubjectKey.subject_ref == vault.vault_ref("u1"))
        ).one()
        old_wrapped = old.wrapped_key
    _erase(vault, stored)
    from tests.vault.conftest import ITEMS, add_feedback

    with transaction(stored) as s:
        add_feedback(s, "fb7", "u1")
        vault.store(s, feedback_id="fb7", subject_id="u1", items=ITEMS)
    with stored() as s:
        new = s.scalars(
            select(VaultSubjectKey).where(VaultSubjectKey.subject_ref == vault.vault_ref("u1"))
        ).one()
        assert new.wrapped_key != old_wrapped
        assert [r.value for r in _reveal(vault, s, "fb7")] == list(ORIGINALS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("actor", "reason", "ticket", "error"),
    [
        (Actor("agent-wang", "agent"), "request", None, Forbidden),
        (Actor("compliance-li", "compliance"), "request", None, Forbidden),
        (ADMIN, "  ", None, InvalidInput),
        (ADMIN, "request", "13812345678", InvalidInput),
    ],
)
def test_erasure_refusals_change_nothing(
    stored: sessionmaker[Session],
    vault: VaultService,
    audit: AuditLog,
    actor: Actor,
    reason: str,
    ticket: str | None,
    error: type[Exception],
) -> None:
    with stored() as s:
        with pytest.raises(error):
            vault.erase_subject(s, subject_id="u1", actor=actor, reason=reason, ticket=ticket)
        assert s.scalar(select(func.count()).select_from(VaultEntry)) == 9
        assert audit_entries(s, audit, "subject.erase") == []
