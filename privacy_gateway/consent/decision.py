"""The consent decision: pure, no database, no clock. Default deny.

    decide(history, purpose=, channel=, at=, terms=) -> ConsentDecision(allowed, reason, record_id)

Rules, in order (docs/consent.md):
1. an unknown purpose or channel is denied (unknown_purpose / unknown_channel);
2. per channel, the record in force is the latest one effective at `at` (granted_at or withdrawn_at
   <= at; records that only take effect later are ignored). On a tie a withdrawal wins;
3. no record for the purpose and channel: wrong_channel if another channel holds a valid grant for the
   purpose, else no_record;
4. the record in force is a withdrawal: withdrawn;
5. a grant is valid while at < expires_at (exclusive bound): expired from that instant on;
6. its notice version is below the purpose's minimum (numeric comparison): notice_outdated;
7. the purpose needs separate consent (PIPL 单独同意) and the grant was not separate:
   separate_consent_required;
8. otherwise: granted.

With channel=None (reuse of data, not contact) any channel's valid grant allows; a denial then reports
the reason of the most recent record.

All instants are compared as aware UTC; a naive `at` is refused rather than guessed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from privacy_gateway.consent.schemas import ConsentDecision
from privacy_gateway.consent.versions import NoticeVersion
from privacy_gateway.errors import InvalidInput


class Reason(enum.StrEnum):
    GRANTED = "granted"
    NO_RECORD = "no_record"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    WRONG_CHANNEL = "wrong_channel"
    NOTICE_OUTDATED = "notice_outdated"
    UNKNOWN_PURPOSE = "unknown_purpose"
    UNKNOWN_CHANNEL = "unknown_channel"
    SEPARATE_CONSENT_REQUIRED = "separate_consent_required"


class ConsentFacts(Protocol):
    """What the decision reads of a consent record (the ORM row satisfies it)."""

    @property
    def id(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def granted(self) -> bool: ...
    @property
    def separate(self) -> bool: ...
    @property
    def notice_version(self) -> str: ...
    @property
    def effective_at(self) -> datetime: ...
    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def recorded_at(self) -> datetime: ...


@dataclass(frozen=True)
class ConsentTerms:
    """What the policy requires: known purposes and channels, minimum notice versions, separate consent."""

    purposes: frozenset[str]
    channels: frozenset[str]
    min_notice: Mapping[str, NoticeVersion] = field(default_factory=dict)
    separate_required: frozenset[str] = frozenset()


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput("a time without a UTC offset cannot be compared; give e.g. +08:00 or Z")
    return moment.astimezone(UTC)


def _order(record: ConsentFacts) -> tuple[datetime, datetime, bool]:
    # Later effect wins, then later recording; on a full tie the withdrawal wins (`not granted` is True
    # for it, and the greater key is the one in force): when in doubt, do not contact.
    return (as_utc(record.effective_at), as_utc(record.recorded_at), not record.granted)


def in_force(history: Iterable[ConsentFacts], *, purpose: str, at: datetime) -> dict[str, ConsentFacts]:
    """The record in force per channel for `purpose` at `at`."""
    at = as_utc(at)
    latest: dict[str, ConsentFacts] = {}
    for record in history:
        if record.purpose != purpose or as_utc(record.effective_at) > at:
            continue
        current = latest.get(record.channel)
        if current is None or _order(record) > _order(current):
            latest[record.channel] = record
    return latest


def evaluate(record: ConsentFacts, *, at: datetime, terms: ConsentTerms) -> ConsentDecision:
    """Rules 4-8 for the record in force."""
    if not record.granted:
        return ConsentDecision(False, Reason.WITHDRAWN, record.id)
    if record.expires_at is not None and as_utc(at) >= as_utc(record.expires_at):
        return ConsentDecision(False, Reason.EXPIRED, record.id)
    minimum = terms.min_notice.get(record.purpose)
    if minimum is not None and not _notice_at_least(record.notice_version, minimum):
        return ConsentDecision(False, Reason.NOTICE_OUTDATED, record.id)
    if record.purpose in terms.separate_required and not record.separate:
        return ConsentDecision(False, Reason.SEPARATE_CONSENT_REQUIRED, record.id)
    return ConsentDecision(True, Reason.GRANTED, record.id)


def _notice_at_least(text: str, minimum: NoticeVersion) -> bool:
    try:
        return NoticeVersion(text) >= minimum
    except InvalidInput:
        return False  # an unparseable stored version never satisfies a minimum


def decide(
    history: Iterable[ConsentFacts],
    *,
    purpose: str,
    channel: str | None,
    at: datetime,
    terms: ConsentTerms,
) -> ConsentDecision:
    """May `purpose` proceed over `channel` (None: any channel) at `at`, given the subject's history?"""
    at = as_utc(at)
    if purpose not in terms.purposes:
        return ConsentDecision(False, Reason.UNKNOWN_PURPOSE)
    if channel is not None and channel not in terms.channels:
        return ConsentDecision(False, Reason.UNKNOWN_CHANNEL)
    latest = in_force(history, purpose=purpose, at=at)
    if channel is not None:
        record = latest.get(channel)
        if record is not None:
            return evaluate(record, at=at, terms=terms)
        elsewhere = any(evaluate(r, at=at, terms=terms).allowed for r in latest.values())
        return ConsentDecision(False, Reason.WRONG_CHANNEL if elsewhere else Reason.NO_RECORD)
    if not latest:
        return ConsentDecision(False, Reason.NO_RECORD)
    newest_first = sorted(latest.values(), key=_order, reverse=True)
    verdicts = [evaluate(r, at=at, terms=terms) for r in newest_first]
    return next((v for v in verdicts if v.allowed), verdicts[0])
