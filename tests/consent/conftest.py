"""Fixtures of the consent tests: a recording audit sink (the real guard checks every event) and a
ConsentService on the shipped rules."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from privacy_gateway.audit.guard import validate_event
from privacy_gateway.audit.pseudonym import subject_pseudonym
from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.consent.rules import ConsentRules, load_rules
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES, Actor

PSEUDONYM_KEY = b"consent-tests-pseudonym-key-0123"
AGENT = Actor("agent-li", "agent")
ADMIN = Actor("admin-wang", "admin")


class RecordingAudit(AuditSink):
    """An AuditSink that keeps events in memory, after the real PII tripwire has accepted them."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, session: Session, event: AuditEvent) -> AuditEvent:
        validate_event(event)
        self.events.append(event)
        return event

    def subject_ref(self, subject_id: str) -> str:
        return subject_pseudonym(PSEUDONYM_KEY, subject_id)

    def last(self, action: str) -> AuditEvent:
        return [e for e in self.events if e.action == action][-1]


@pytest.fixture
def audit() -> RecordingAudit:
    return RecordingAudit()


@pytest.fixture
def rules() -> ConsentRules:
    return load_rules()


@pytest.fixture
def service(audit: RecordingAudit, rules: ConsentRules) -> ConsentService:
    return ConsentService(audit, purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS, rules=rules)
