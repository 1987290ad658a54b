"""FollowUpService on a database: checks, recorded attempts, refusals, notes without PII, the flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_gateway.consent.schemas import FollowUpIn, Outcome
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.errors import ConsentDenied, InvalidInput
from privacy_gateway.storage.models import Feedback, FollowUpAttempt
from tests.consent.conftest import ADMIN, AGENT, RecordingAudit

T = datetime(2024, 6, 10, 6, 0, tzinfo=UTC)  # 14:00 in Beijing
DAY = timedelta(days=1)
PHONE = "13812345678"


def consent(service: ConsentService, session: Session, at: datetime, **kw: object) -> None:
    values: dict[str, object] = {
        "subject_id": "u-1",
        "purpose": "follow_up",
        "channel": "phone",
        "granted": True,
        "notice_version": "2024.1",
        "source": "ivr:rec/8842",
        "expires_at": None,
        "actor": ADMIN,
        "at": at,
    }
    values.update(kw)
    service.record(session, **values)  # type: ignore[arg-type]


def attempt(
    outcome: Outcome = Outcome.REACHED, notes: str | None = None, channel: str = "phone"
) -> FollowUpIn:
    return FollowUpIn(channel=channel, outcome=outcome, notes=notes)


def test_no_consent_no_call(service: ConsentService, session: Session, audit: RecordingAudit) -> None:
    decision = service.follow_ups.check(session, subject_id="u-1", channel="phone", actor=AGENT, at=T)
    assert (decision.allowed, decision.reason) == (False, "no_record")
    event = audit.last("follow_up.check")
    assert (event.decision, event.reason, event.purpose, event.channel) == (
        "deny",
        "no_record",
        "follow_up",
        "phone",
    )


def test_a_new_user_waits_from_the_first_consent(service: ConsentService, session: Session) -> None:
    consent(service, session, at=T - 2 * DAY)
    decision = service.follow_ups.check(session, subject_id="u-1", channel="phone", actor=AGENT, at=T)
    assert (decision.reason, decision.next_allowed_at) == ("new_user_wait", T + 5 * DAY)


def test_first_feedback_makes_the_user_known_earlier(service: ConsentService, session: Session) -> None:
    session.add(
        Feedback(
            subject_id="u-1",
            channel="in_app",
            purpose="service",
            masked_text="退款慢",
            entities=[],
            policy="default",
            policy_version="1",
            received_at=T - 30 * DAY,
        )
    )
    consent(service, session, at=T - DAY)
    assert service.follow_ups.check(session, subject_id="u-1", channel="phone", actor=AGENT, at=T).allowed


def test_an_attempt_is_recorded_then_the_cap_refuses_the_next(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    consent(service, session, at=T - 30 * DAY)
    first = service.follow_ups.record_attempt(
        session, subject_id="u-1", data=attempt(Outcome.NO_ANSWER), actor=AGENT, at=T
    )
    assert (first.outcome, first.agent, first.attempted_at) == ("no_answer", "agent-li", T)
    with pytest.raises(ConsentDenied) as info:
        service.follow_ups.record_attempt(session, subject_id="u-1", data=attempt(), actor=AGENT, at=T + DAY)
    assert info.value.reason == "frequency_cap"
    refused = audit.last("follow_up.attempt")
    assert (refused.decision, refused.reason, refused.details) == (
        "deny",
        "frequency_cap",
        {"outcome": "reached"},
    )
    assert session.scalar(select(func.count()).select_from(FollowUpAttempt)) == 1
    later = service.follow_ups.record_attempt(
        session, subject_id="u-1", data=attempt(), actor=AGENT, at=T + 7 * DAY
    )
    assert [a.id for a in service.follow_ups.attempts(session, "u-1")] == [first.id, later.id]


def test_a_refusal_sets_do_not_contact_until_cleared(service: ConsentService, session: Session) -> None:
    consent(service, session, at=T - 30 * DAY)
    service.follow_ups.record_attempt(
        session, subject_id="u-1", data=attempt(Outcome.REFUSED), actor=AGENT, at=T
    )
    flag = service.follow_ups.do_not_contact(session, "u-1")
    assert flag is not None and (flag.active, flag.reason) == (True, "refused_follow_up")
    later = T + 30 * DAY
    assert service.follow_ups.check(
        session, subject_id="u-1", channel="phone", actor=AGENT, at=later
    ).reason == ("do_not_contact")
    service.follow_ups.set_do_not_contact(
        session, subject_id="u-1", active=False, reason="user_request", actor=ADMIN, at=later
    )
    assert service.follow_ups.check(session, subject_id="u-1", channel="phone", actor=AGENT, at=later).allowed


@pytest.mark.parametrize(
    ("notes", "entity"),
    [(f"用户说换号了，新号{PHONE}", "PHONE_NUMBER"), ("mail me at zhang.san@example.com", "EMAIL_ADDRESS")],
)
def test_notes_with_personal_data_are_refused(
    service: ConsentService, session: Session, notes: str, entity: str
) -> None:
    consent(service, session, at=T - 30 * DAY)
    with pytest.raises(InvalidInput, match=entity) as info:
        service.follow_ups.record_attempt(
            session, subject_id="u-1", data=attempt(notes=notes), actor=AGENT, at=T
        )
    assert PHONE not in info.value.message and "zhang" not in info.value.message
    assert service.follow_ups.attempts(session, "u-1") == []


def test_notes_without_personal_data_are_kept(service: ConsentService, session: Session) -> None:
    consent(service, session, at=T - 30 * DAY)
    row = service.follow_ups.record_attempt(
        session, subject_id="u-1", data=attempt(notes="用户对退款速度满意"), actor=AGENT, at=T
    )
    assert row.notes == "用户对退款速度满意"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s, db: s.follow_ups.record_attempt(
                db, subject_id="u-1", data=attempt(channel="fax"), actor=AGENT
            ),
            "unknown channel",
        ),
        (
            lambda s, db: s.follow_ups.set_do_not_contact(
                db, subject_id="u-1", active=True, reason="客户要求", actor=AGENT
            ),
            "short code",
        ),
        (
            lambda s, db: s.follow_ups.set_do_not_contact(
                db, subject_id="u-1", active=True, reason="x" * 65, actor=AGENT
            ),
            "short code",
        ),
    ],
)
def test_invalid_follow_up_input(
    service: ConsentService, session: Session, call: object, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        call(service, session)  # type: ignore[operator]
