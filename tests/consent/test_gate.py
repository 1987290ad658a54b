"""The reuse gate: listings/exports exclude silently, single reads refuse with a reason; all audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from privacy_gateway.consent.service import ConsentService
from privacy_gateway.errors import ConsentDenied, InvalidInput
from tests.consent.conftest import ADMIN, AGENT, RecordingAudit

T = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Stored:
    id: str
    subject_id: str
    purpose: str


def consent(service: ConsentService, session: Session, subject: str, **kw: object) -> None:
    values: dict[str, object] = {
        "subject_id": subject,
        "purpose": "analytics",
        "channel": "in_app",
        "granted": True,
        "notice_version": "2024.1",
        "source": "app:consent-dialog",
        "expires_at": None,
        "actor": ADMIN,
        "at": T - 10 * DAY,
    }
    values.update(kw)
    service.record(session, **values)  # type: ignore[arg-type]


@pytest.fixture
def population(service: ConsentService, session: Session) -> None:
    consent(service, session, "granted")
    consent(service, session, "withdrawn")
    consent(service, session, "withdrawn", granted=False, at=T - DAY)
    consent(service, session, "expired", expires_at=T)
    consent(service, session, "old-notice", notice_version="2023.9")
    consent(service, session, "other-purpose", purpose="follow_up")
    consent(service, session, "later", at=T + DAY)


SUBJECTS = ["granted", "withdrawn", "expired", "old-notice", "other-purpose", "later", "unknown"]


@pytest.mark.usefixtures("population")
def test_only_subjects_with_valid_consent_pass(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    allowed = service.gate.allowed_subject_ids(session, SUBJECTS, purpose="analytics", at=T, actor=AGENT)
    assert allowed == {"granted"}
    summary = audit.last("consent.gate")
    assert summary.details["checked"] == 7 and summary.details["allowed"] == 1
    assert summary.details["reasons.withdrawn"] == 1 and summary.details["reasons.no_record"] == 3
    assert summary.subject_ref is None  # a summary names nobody


@pytest.mark.usefixtures("population")
def test_the_same_question_later_sees_later_records(service: ConsentService, session: Session) -> None:
    allowed = service.gate.allowed_subject_ids(session, SUBJECTS, purpose="analytics", at=T + 2 * DAY)
    assert allowed == {"granted", "later"}


@pytest.mark.usefixtures("population")
def test_single_reads_are_refused_with_the_reason(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    assert service.gate.require(session, "granted", "analytics", actor=AGENT, at=T).allowed
    for subject, reason in [
        ("withdrawn", "withdrawn"),
        ("expired", "expired"),
        ("old-notice", "notice_outdated"),
    ]:
        with pytest.raises(ConsentDenied) as info:
            service.gate.require(session, subject, "analytics", actor=AGENT, at=T)
        assert (info.value.reason, info.value.message) == (
            reason,
            f"no valid consent for this purpose ({reason})",
        )
    assert [e.decision for e in audit.events if e.action == "consent.check"] == [
        "allow",
        "deny",
        "deny",
        "deny",
    ]


def test_records_collected_for_the_purpose_need_no_further_consent(
    service: ConsentService, session: Session, audit: RecordingAudit
) -> None:
    consent(service, session, "s2")
    records = [Stored("f1", "s1", "analytics"), Stored("f2", "s1", "service"), Stored("f3", "s2", "service")]
    kept = service.gate.filter(session, records, purpose="analytics", actor=AGENT, at=T)
    assert [r.id for r in kept] == ["f1", "f3"]
    assert audit.last("consent.gate").details["reasons.collection_purpose"] == 1
    assert service.gate.read(session, records[0], purpose="analytics", actor=AGENT, at=T).reason == (
        "collection_purpose"
    )
    with pytest.raises(ConsentDenied) as info:
        service.gate.read(session, records[1], purpose="analytics", actor=AGENT, at=T)
    assert info.value.reason == "no_record"
    reuse = audit.last("consent.reuse")
    assert (reuse.decision, reuse.record_ids, reuse.details) == ("deny", ["f2"], {"collected_for": "service"})


@pytest.mark.parametrize(("purpose", "channel"), [("profiling", None), ("analytics", "fax")])
def test_unknown_purpose_or_channel_is_invalid_input(
    service: ConsentService, session: Session, purpose: str, channel: str | None
) -> None:
    with pytest.raises(InvalidInput):
        service.gate.allowed_subject_ids(session, ["a"], purpose=purpose, channel=channel)
    with pytest.raises(InvalidInput):
        service.gate.require(session, "a", purpose, channel=channel, actor=AGENT)


def test_large_listings_are_queried_in_chunks(service: ConsentService, session: Session) -> None:
    subjects = [f"s{i:04d}" for i in range(1203)]
    for sid in subjects[::2]:
        consent(service, session, sid)
    allowed = service.gate.allowed_subject_ids(session, subjects, purpose="analytics", at=T)
    assert allowed == set(subjects[::2])
