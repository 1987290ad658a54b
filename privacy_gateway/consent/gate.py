"""The reuse gate: data collected for one purpose is used for another only with valid consent, now.

- Listings and exports silently exclude what the gate refuses (`allowed_subject_ids`, `filter`);
  one summary event per call goes to the audit trail (counts by reason), not one per row.
- Single reads are refused with ConsentDenied(reason=...) (`require`, `read`); each is audited.

A record read for the purpose it was collected for needs no further consent (reason
"collection_purpose"). The gate raises after auditing: callers must commit the audit entry even when
they turn the denial into a 403.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.consent import repository
from privacy_gateway.consent.decision import as_utc, decide
from privacy_gateway.consent.schemas import ConsentDecision
from privacy_gateway.errors import ConsentDenied, InvalidInput
from privacy_gateway.storage.base import utcnow
from privacy_gateway.types import Actor

if TYPE_CHECKING:
    from privacy_gateway.consent.service import ConsentService

COLLECTION_PURPOSE = "collection_purpose"


class Collected(Protocol):
    """A stored record that remembers whose it is and what it was collected for (Feedback satisfies it)."""

    @property
    def id(self) -> str: ...
    @property
    def subject_id(self) -> str: ...
    @property
    def purpose(self) -> str: ...


C = TypeVar("C", bound=Collected)


def denial_message(reason: str) -> str:
    return f"no valid consent for this purpose ({reason})"


class ReuseGate:
    def __init__(self, service: ConsentService) -> None:
        self.service = service

    def ensure_known(self, purpose: str, channel: str | None = None) -> None:
        """InvalidInput for a purpose or channel the configuration does not know."""
        terms = self.service.terms
        if purpose not in terms.purposes:
            raise InvalidInput(f"unknown purpose; one of {', '.join(self.service.purposes)}")
        if channel is not None and channel not in terms.channels:
            raise InvalidInput(f"unknown channel; one of {', '.join(self.service.channels)}")

    def decisions(
        self,
        session: Session,
        subject_ids: Iterable[str],
        *,
        purpose: str,
        channel: str | None = None,
        at: datetime | None = None,
    ) -> dict[str, ConsentDecision]:
        """The decision per subject (no audit): one query per 500 subjects."""
        self.ensure_known(purpose, channel)
        at = as_utc(at or utcnow())
        ids = set(subject_ids)
        found = repository.histories(session, ids, purpose=purpose)
        terms = self.service.terms
        return {
            sid: decide(found.get(sid, ()), purpose=purpose, channel=channel, at=at, terms=terms)
            for sid in ids
        }

    def allowed_subject_ids(
        self,
        session: Session,
        subject_ids: Iterable[str],
        *,
        purpose: str,
        channel: str | None = None,
        at: datetime | None = None,
        actor: Actor | None = None,
    ) -> set[str]:
        """The subjects holding a valid consent for `purpose` at `at`; the rest are silently left out.

        With an actor, one summary event ("consent.gate": counts per reason) is audited.
        """
        decisions = self.decisions(session, subject_ids, purpose=purpose, channel=channel, at=at)
        allowed = {sid for sid, d in decisions.items() if d.allowed}
        if actor is not None:
            self._audit_summary(
                session,
                Counter(d.reason for d in decisions.values()),
                purpose=purpose,
                channel=channel,
                actor=actor,
                use="subjects",
            )
        return allowed

    def filter(
        self,
        session: Session,
        records: Sequence[C],
        *,
        purpose: str,
        actor: Actor,
        at: datetime | None = None,
    ) -> list[C]:
        """The records that may be used for `purpose`: collected for it, or their subject consents now."""
        self.ensure_known(purpose, None)
        others = {r.subject_id for r in records if r.purpose != purpose}
        decisions = self.decisions(session, others, purpose=purpose, at=at)
        kept: list[C] = []
        reasons: Counter[str] = Counter()
        for record in records:
            if record.purpose == purpose:
                kept.append(record)
                reasons[COLLECTION_PURPOSE] += 1
                continue
            decision = decisions[record.subject_id]
            reasons[decision.reason] += 1
            if decision.allowed:
                kept.append(record)
        self._audit_summary(session, reasons, purpose=purpose, channel=None, actor=actor, use="records")
        return kept

    def require(
        self,
        session: Session,
        subject_id: str,
        purpose: str,
        *,
        channel: str | None = None,
        actor: Actor,
        at: datetime | None = None,
    ) -> ConsentDecision:
        """The (audited) decision if allowed; ConsentDenied(reason=...) otherwise."""
        self.ensure_known(purpose, channel)
        decision = self.service.check(
            session, subject_id=subject_id, purpose=purpose, channel=channel, actor=actor, at=at
        )
        if not decision.allowed:
            raise ConsentDenied(denial_message(decision.reason), reason=decision.reason)
        return decision

    def read(
        self, session: Session, record: Collected, *, purpose: str, actor: Actor, at: datetime | None = None
    ) -> ConsentDecision:
        """Gate one stored record for `purpose` (audited "consent.reuse"); ConsentDenied if refused."""
        self.ensure_known(purpose, None)
        if record.purpose == purpose:
            decision = ConsentDecision(True, COLLECTION_PURPOSE)
        else:
            decision = self.service.evaluate(
                session, subject_id=record.subject_id, purpose=purpose, channel=None, at=at
            )
        self.service.audit_decision(
            session,
            "consent.reuse",
            decision,
            subject_id=record.subject_id,
            purpose=purpose,
            channel=None,
            actor=actor,
            record_ids=[record.id],
            details={"collected_for": record.purpose},
        )
        if not decision.allowed:
            raise ConsentDenied(denial_message(decision.reason), reason=decision.reason)
        return decision

    def _audit_summary(
        self,
        session: Session,
        reasons: Counter[str],
        *,
        purpose: str,
        channel: str | None,
        actor: Actor,
        use: str,
    ) -> None:
        allowed = sum(n for reason, n in reasons.items() if reason in ("granted", COLLECTION_PURPOSE))
        self.service.audit.append(
            session,
            AuditEvent(
                action="consent.gate",
                actor=actor,
                purpose=purpose,
                channel=channel,
                decision="ok",
                details={
                    "use": use,
                    "checked": sum(reasons.values()),
                    "allowed": allowed,
                    "excluded": sum(reasons.values()) - allowed,
                    # Flat keys: audit details hold scalars only ("reasons.withdrawn": 3).
                    **{f"reasons.{reason}": n for reason, n in sorted(reasons.items())},
                },
            ),
        )
