"""The pure follow-up (回访) rules: do-not-contact, consent, new-user wait, frequency cap, quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from privacy_gateway.consent.decision import Reason
from privacy_gateway.consent.follow_up import ContactHistory, FollowUpReason, check_follow_up
from privacy_gateway.consent.rules import FollowUpRules, QuietHours
from privacy_gateway.consent.schemas import ConsentDecision

CST = timezone(timedelta(hours=8))
T = datetime(2024, 6, 10, 14, 0, tzinfo=CST)  # 14:00 in Beijing, a Monday afternoon
DAY = timedelta(days=1)
OK = ConsentDecision(True, Reason.GRANTED, "c1")
WITHDRAWN = ConsentDecision(False, Reason.WITHDRAWN, "c2")
RULES = FollowUpRules()  # 1 per 7 days, new users after 7 days, quiet 21:00-09:00 Asia/Shanghai
OLD_USER = T - 60 * DAY


def bj(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, second, tzinfo=CST)


CASES = [
    # (case id, consent, contact, at, rules, allowed, reason, next_allowed_at)
    ("all clear", OK, ContactHistory(first_seen=OLD_USER), T, RULES, True, FollowUpReason.ALLOWED, None),
    (
        "do not contact",
        OK,
        ContactHistory(True, OLD_USER),
        T,
        RULES,
        False,
        FollowUpReason.DO_NOT_CONTACT,
        None,
    ),
    (
        "do not contact comes before consent",
        WITHDRAWN,
        ContactHistory(True, OLD_USER),
        T,
        RULES,
        False,
        FollowUpReason.DO_NOT_CONTACT,
        None,
    ),
    (
        "no consent: its reason",
        WITHDRAWN,
        ContactHistory(first_seen=OLD_USER),
        T,
        RULES,
        False,
        Reason.WITHDRAWN,
        None,
    ),
    (
        "new user: wait 7 days",
        OK,
        ContactHistory(first_seen=T - 6 * DAY),
        T,
        RULES,
        False,
        FollowUpReason.NEW_USER_WAIT,
        T + DAY,
    ),
    (
        "new user: exactly 7 days is enough",
        OK,
        ContactHistory(first_seen=T - 7 * DAY),
        T,
        RULES,
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "new-user wait only before the first attempt",
        OK,
        ContactHistory(first_seen=T - 2 * DAY, attempts=[T - 8 * DAY]),
        T,
        RULES,
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "one attempt 3 days ago",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[T - 3 * DAY]),
        T,
        RULES,
        False,
        FollowUpReason.FREQUENCY_CAP,
        T + 4 * DAY,
    ),
    (
        "an attempt exactly 7 days ago no longer counts",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[T - 7 * DAY]),
        T,
        RULES,
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "one second inside the window still counts",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[T - 7 * DAY + timedelta(seconds=1)]),
        T,
        RULES,
        False,
        FollowUpReason.FREQUENCY_CAP,
        T + timedelta(seconds=1),
    ),
    (
        "cap of 2: one recent attempt is fine",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[T - DAY]),
        T,
        FollowUpRules(max_attempts=2),
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "cap of 2: two recent attempts block until the older leaves",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[T - DAY, T - 5 * DAY, T - 30 * DAY]),
        T,
        FollowUpRules(max_attempts=2),
        False,
        FollowUpReason.FREQUENCY_CAP,
        T + 2 * DAY,
    ),
    (
        "21:00 is quiet (start inclusive)",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 21),
        RULES,
        False,
        FollowUpReason.QUIET_HOURS,
        bj(11, 9),
    ),
    (
        "20:59:59 is not",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 20, 59, 59),
        RULES,
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "02:00 is quiet until 09:00 the same day",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 2),
        RULES,
        False,
        FollowUpReason.QUIET_HOURS,
        bj(10, 9),
    ),
    (
        "08:59:59 is quiet",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 8, 59, 59),
        RULES,
        False,
        FollowUpReason.QUIET_HOURS,
        bj(10, 9),
    ),
    (
        "09:00 is not (end exclusive)",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 9),
        RULES,
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "13:30Z is 21:30 in Beijing: quiet",
        OK,
        ContactHistory(first_seen=OLD_USER),
        datetime(2024, 6, 10, 13, 30, tzinfo=UTC),
        RULES,
        False,
        FollowUpReason.QUIET_HOURS,
        bj(11, 9),
    ),
    (
        "00:30Z is 08:30 in Beijing: quiet",
        OK,
        ContactHistory(first_seen=OLD_USER),
        datetime(2024, 6, 10, 0, 30, tzinfo=UTC),
        RULES,
        False,
        FollowUpReason.QUIET_HOURS,
        bj(10, 9),
    ),
    (
        "quiet hours off",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 2),
        FollowUpRules(quiet_hours=None),
        True,
        FollowUpReason.ALLOWED,
        None,
    ),
    (
        "daytime quiet hours 12:00-14:00",
        OK,
        ContactHistory(first_seen=OLD_USER),
        bj(10, 13),
        FollowUpRules(quiet_hours=QuietHours(start=time(12), end=time(14))),
        False,
        FollowUpReason.QUIET_HOURS,
        bj(10, 14),
    ),
    (
        "the cap ends at 22:00: next is 09:00 the day after",
        OK,
        ContactHistory(first_seen=OLD_USER, attempts=[bj(4, 22)]),
        T,
        RULES,
        False,
        FollowUpReason.FREQUENCY_CAP,
        bj(12, 9),
    ),
    (
        "new user during quiet hours: the wait is reported first",
        OK,
        ContactHistory(first_seen=bj(5, 23)),
        bj(10, 23),
        RULES,
        False,
        FollowUpReason.NEW_USER_WAIT,
        bj(13, 9),
    ),
]


@pytest.mark.parametrize(
    ("consent", "contact", "at", "rules", "allowed", "reason", "next_allowed_at"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_follow_up_rules(
    consent: ConsentDecision,
    contact: ContactHistory,
    at: datetime,
    rules: FollowUpRules,
    allowed: bool,
    reason: str,
    next_allowed_at: datetime | None,
) -> None:
    decision = check_follow_up(consent, contact, at=at, rules=rules)
    assert (decision.allowed, decision.reason, decision.next_allowed_at) == (allowed, reason, next_allowed_at)
    assert decision.consent_record_id == consent.record_id


def test_every_follow_up_reason_is_covered() -> None:
    assert set(FollowUpReason) <= {case[6] for case in CASES}


def test_next_allowed_at_is_really_allowed() -> None:
    contact = ContactHistory(first_seen=bj(5, 23), attempts=[])
    decision = check_follow_up(OK, contact, at=bj(10, 23), rules=RULES)
    assert decision.next_allowed_at is not None
    again = check_follow_up(OK, contact, at=decision.next_allowed_at, rules=RULES)
    assert again.allowed
