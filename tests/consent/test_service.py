"""ConsentService on a real database with a recording audit sink; one test with the real AuditLog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.consent.rules import ConsentRules
from privacy_gateway.consent.schemas import FollowUpIn, Outcome
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.models import ConsentRecord
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES
from tests.consent.conftest import ADMIN, AGENT, RecordingAudit

T = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))
PHONE = "13812345678"


def grant(service: ConsentService, session: Session, subject: str = "u-1", **kw: object) -> ConsentRecord:
    values: dict[str, object] = {
        "subject_id": subject,
        "purpose": "follow_up",
        "channel": "phone",
        "granted": True,
        "notice_version": "2024.3",
        "source": "app:privacy-settings",
        "expires_at": None,
        "actor": ADMIN,
        "at": T,
    }
    values.update(kw)
    return service.record(session, **values)  # type: ignore[arg-type]


def test_a_grant_is_stored_and_audited_under_a_pseudonym(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    row = grant(service, session, at=T.astimezone(CST), expires_at=T + timedelta(days=365))
    assert (row.granted, row.granted_at, row.withdrawn_at, row.recorded_by) == (True, T, None, "admin-wang")
    event = audit.last("consent.grant")
    assert event.subject_ref == audit.subject_ref("u-1") != "u-1"
    assert (event.purpose, event.channel, event.record_ids) == ("follow_up", "phone", [row.id])


def test_withdrawal_counts_for_the_very_next_check(service: ConsentService, session: Session) -> None:
    grant(service, session, at=None)
    assert service.check(session, subject_id="u-1", purpose="follow_up", channel="phone", actor=AGENT).allowed
    withdrawal = grant(service, session, granted=False, at=None)
    decision = service.check(session, subject_id="u-1", purpose="follow_up", channel="phone", actor=AGENT)
    assert (decision.allowed, decision.reason, decision.record_id) == (False, "withdrawn", withdrawal.id)


def test_history_is_append_only_and_state_is_derived(service: ConsentService, session: Session) -> None:
    first = grant(service, session, at=T - timedelta(days=3))
    grant(service, session, channel="sms", at=T - timedelta(days=2))
    last = grant(service, session, granted=False, at=T - timedelta(days=1))
    assert service.history(session, "u-1")[0].id == first.id
    assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 3
    state = {
        (s.purpose, s.channel): (s.decision.reason, s.record_id) for s in service.state(session, "u-1", at=T)
    }
    assert state[("follow_up", "phone")] == ("withdrawn", last.id)
    assert state[("follow_up", "sms")][0] == "granted"
    assert session.get(ConsentRecord, first.id).granted  # type: ignore[union-attr]  # never rewritten


def test_checks_are_audited_allow_and_deny(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    row = grant(service, session)
    service.check(session, subject_id="u-1", purpose="follow_up", channel="phone", actor=AGENT, at=T)
    service.check(session, subject_id="u-1", purpose="follow_up", channel="email", actor=AGENT, at=T)
    service.check(session, subject_id="u-1", purpose=PHONE, channel=PHONE, actor=AGENT, at=T)
    allow, deny, unknown = [e for e in audit.events if e.action == "consent.check"]
    assert (allow.decision, allow.reason, allow.record_ids) == ("allow", "granted", [row.id])
    assert (deny.decision, deny.reason, deny.channel, deny.record_ids) == (
        "deny",
        "wrong_channel",
        "email",
        [],
    )
    # Unknown purposes/channels are caller input: they stay out of the append-only trail.
    assert (unknown.reason, unknown.purpose, unknown.channel) == ("unknown_purpose", None, None)
    assert all(e.subject_ref == audit.subject_ref("u-1") for e in audit.events)


INVALID = [
    ({"purpose": "profiling"}, "unknown purpose"),
    ({"channel": "fax"}, "unknown channel"),
    ({"notice_version": "2024-10"}, "notice_version"),
    ({"source": f"call:{PHONE}"}, "PHONE_NUMBER"),
    ({"source": "张先生电话确认"}, "source"),
    ({"source": ""}, "source"),
    ({"granted": False, "expires_at": T + timedelta(days=1)}, "withdrawal has no expires_at"),
    ({"expires_at": T}, "expires_at must be after"),
    ({"expires_at": datetime(2025, 1, 1)}, "timezone"),
    ({"subject_id": ""}, "subject_id"),
    ({"subject_id": "x" * 201}, "subject_id"),
]


@pytest.mark.parametrize(("changes", "message"), INVALID)
def test_invalid_records_are_refused_without_echoing_values(
    service: ConsentService, session: Session, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        grant(service, session, **changes)
    assert PHONE not in str(info.value) and "张" not in str(info.value)
    assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 0


def test_the_real_audit_log_chains_consent_events(session: Session, rules: ConsentRules) -> None:
    audit = AuditLog(pseudonym_key=b"k" * 32, signing_seed=bytes(range(32)), checkpoint_interval=3)
    service = ConsentService(audit, purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS, rules=rules)
    grant(service, session)
    service.check(session, subject_id="u-1", purpose="follow_up", channel="phone", actor=AGENT, at=T)
    service.check(session, subject_id="u-2", purpose="marketing", channel="sms", actor=AGENT, at=T)
    service.gate.allowed_subject_ids(session, ["u-1", "u-2"], purpose="follow_up", at=T, actor=AGENT)
    session.flush()
    report = audit.verify(session)
    assert report.ok and report.entries == 4


def test_forget_keeps_the_evidence_under_a_pseudonym(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    grant(service, session, at=T - timedelta(days=30))
    grant(service, session, subject="u-2")
    service.follow_ups.record_attempt(
        session,
        subject_id="u-1",
        data=FollowUpIn(channel="phone", outcome=Outcome.REFUSED, notes="不方便"),
        actor=AGENT,
        at=T,
    )
    counts = service.forget(session, "u-1", actor=ADMIN)
    assert counts == {"consent_records": 1, "follow_up_attempts": 1, "do_not_contact": 1}
    assert service.history(session, "u-1") == [] and service.follow_ups.attempts(session, "u-1") == []
    tombstone = f"erased:{audit.subject_ref('u-1')}"
    assert len(service.history(session, tombstone)) == 1
    assert service.follow_ups.attempts(session, tombstone)[0].notes is None
    decision = service.check(
        session, subject_id="u-1", purpose="follow_up", channel="phone", actor=AGENT, at=T
    )
    assert decision.reason == "no_record"
    assert len(service.history(session, "u-2")) == 1  # nobody else is touched
    assert audit.last("consent.forget").details == counts
