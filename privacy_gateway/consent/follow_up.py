"""Follow-up (回访) contact rules on top of consent: pure, no database, no clock.

    check_follow_up(consent, contact, at=, rules=) -> FollowUpDecision

In order, the first rule that says no gives the reason:
1. do_not_contact   the subject's do-not-contact flag is set;
2. <consent reason> the consent decision for (follow_up purpose, channel) denied;
3. new_user_wait    no attempt yet and the subject was first seen less than new_user_wait_days ago
                    (allowed from first_seen + wait on, inclusive);
4. frequency_cap    max_attempts attempts already in the window (at - window_days, at]: an attempt
                    exactly window_days ago no longer counts;
5. quiet_hours      local time (rules.timezone) in [start, end): 21:00 is quiet, 09:00 is not.

For the time rules (3-5) next_allowed_at is the earliest instant at which none of them says no.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from privacy_gateway.consent.decision import as_utc
from privacy_gateway.consent.rules import FollowUpRules
from privacy_gateway.consent.schemas import ConsentDecision, FollowUpDecision

_MAX_STEPS = 16  # each step passes one blocker; a handful always suffices


class FollowUpReason(enum.StrEnum):
    ALLOWED = "allowed"
    DO_NOT_CONTACT = "do_not_contact"
    NEW_USER_WAIT = "new_user_wait"
    FREQUENCY_CAP = "frequency_cap"
    QUIET_HOURS = "quiet_hours"


@dataclass(frozen=True)
class ContactHistory:
    """What the rules need to know about a subject's past."""

    do_not_contact: bool = False
    first_seen: datetime | None = None  # first feedback or first consent, whichever came first
    attempts: Sequence[datetime] = ()  # earlier follow-up attempts (any channel, any outcome)


def _time_blockers(contact: ContactHistory, at: datetime, rules: FollowUpRules) -> list[tuple[str, datetime]]:
    """(reason, earliest instant it stops blocking) for every time rule that blocks at `at`."""
    blockers: list[tuple[str, datetime]] = []
    attempts = sorted(as_utc(a) for a in contact.attempts)
    if not attempts and contact.first_seen is not None:
        ready = as_utc(contact.first_seen) + timedelta(days=rules.new_user_wait_days)
        if at < ready:
            blockers.append((FollowUpReason.NEW_USER_WAIT, ready))
    window = timedelta(days=rules.window_days)
    recent = [a for a in attempts if at - window < a <= at]
    if len(recent) >= rules.max_attempts:
        blockers.append((FollowUpReason.FREQUENCY_CAP, recent[len(recent) - rules.max_attempts] + window))
    quiet = rules.quiet_hours
    if quiet is not None:
        local = at.astimezone(rules.zone)
        if quiet.contains(local.time()):
            end = datetime.combine(local.date(), quiet.end, tzinfo=rules.zone)
            if end <= local:
                end = datetime.combine(local.date() + timedelta(days=1), quiet.end, tzinfo=rules.zone)
            blockers.append((FollowUpReason.QUIET_HOURS, as_utc(end)))
    return blockers


def check_follow_up(
    consent: ConsentDecision,
    contact: ContactHistory,
    *,
    at: datetime,
    rules: FollowUpRules,
) -> FollowUpDecision:
    """May an agent contact the subject at `at`? `consent` is the decision for (rules.purpose, channel)."""
    at = as_utc(at)
    if contact.do_not_contact:
        return FollowUpDecision(False, FollowUpReason.DO_NOT_CONTACT, consent.record_id)
    if not consent.allowed:
        return FollowUpDecision(False, consent.reason, consent.record_id)
    blockers = _time_blockers(contact, at, rules)
    if not blockers:
        return FollowUpDecision(True, FollowUpReason.ALLOWED, consent.record_id)
    moment = at
    for _ in range(_MAX_STEPS):
        pending = _time_blockers(contact, moment, rules)
        if not pending:
            break
        moment = max(until for _, until in pending)
    # Consent may expire before then; the agent asks again at that time and the check says so.
    return FollowUpDecision(False, blockers[0][0], consent.record_id, next_allowed_at=moment)
