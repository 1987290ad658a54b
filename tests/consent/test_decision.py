"""The pure consent decision: every reason code, expiry boundaries, time zones, ordering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from privacy_gateway.consent.decision import ConsentTerms, Reason, decide, in_force
from privacy_gateway.consent.versions import NoticeVersion
from privacy_gateway.errors import InvalidInput
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES

T = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))
DAY = timedelta(days=1)
US = timedelta(microseconds=1)

TERMS = ConsentTerms(
    purposes=frozenset(DEFAULT_PURPOSES),
    channels=frozenset(DEFAULT_CHANNELS),
    min_notice={"follow_up": NoticeVersion("2024.2"), "marketing": NoticeVersion("2024.2")},
    separate_required=frozenset({"marketing", "model_training"}),
)


@dataclass(frozen=True)
class Rec:
    """A consent record as the decision sees it."""

    id: str
    effective_at: datetime
    granted: bool = True
    purpose: str = "follow_up"
    channel: str = "phone"
    notice_version: str = "2024.2"
    separate: bool = False
    expires_at: datetime | None = None
    recorded_at: datetime = T - 30 * DAY


def grant(rid: str, at: datetime, **kw: object) -> Rec:
    return Rec(rid, at, True, **kw)  # type: ignore[arg-type]


def withdraw(rid: str, at: datetime, **kw: object) -> Rec:
    return Rec(rid, at, False, **kw)  # type: ignore[arg-type]


CASES = [
    # (case id, history, purpose, channel, at, allowed, reason, record it rested on)
    ("valid grant", [grant("g", T - DAY)], "follow_up", "phone", T, True, Reason.GRANTED, "g"),
    ("nothing at all", [], "follow_up", "phone", T, False, Reason.NO_RECORD, None),
    (
        "other purpose only",
        [grant("g", T - DAY, purpose="analytics")],
        "follow_up",
        "phone",
        T,
        False,
        Reason.NO_RECORD,
        None,
    ),
    (
        "withdrawn",
        [grant("g", T - 2 * DAY), withdraw("w", T - DAY)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.WITHDRAWN,
        "w",
    ),
    (
        "granted again after withdrawal",
        [grant("g", T - 3 * DAY), withdraw("w", T - 2 * DAY), grant("g2", T - DAY)],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g2",
    ),
    (
        "withdrawal effective at the very instant",
        [grant("g", T - DAY), withdraw("w", T)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.WITHDRAWN,
        "w",
    ),
    (
        "withdrawal on another channel leaves this one",
        [grant("g", T - 2 * DAY), withdraw("w", T - DAY, channel="sms")],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "expired at the bound (exclusive)",
        [grant("g", T - DAY, expires_at=T)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.EXPIRED,
        "g",
    ),
    (
        "valid one microsecond before expiry",
        [grant("g", T - DAY, expires_at=T + US)],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "expired long ago",
        [grant("g", T - 9 * DAY, expires_at=T - 8 * DAY)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.EXPIRED,
        "g",
    ),
    (
        "wrong channel",
        [grant("g", T - DAY, channel="sms")],
        "follow_up",
        "phone",
        T,
        False,
        Reason.WRONG_CHANNEL,
        None,
    ),
    (
        "other channel withdrawn: no record here",
        [grant("g", T - 2 * DAY, channel="sms"), withdraw("w", T - DAY, channel="sms")],
        "follow_up",
        "phone",
        T,
        False,
        Reason.NO_RECORD,
        None,
    ),
    (
        "notice below the minimum",
        [grant("g", T - DAY, notice_version="2024.1")],
        "follow_up",
        "phone",
        T,
        False,
        Reason.NOTICE_OUTDATED,
        "g",
    ),
    (
        "notice compared as numbers: 2024.10 >= 2024.2",
        [grant("g", T - DAY, notice_version="2024.10")],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "notice 2024.2.0 equals 2024.2",
        [grant("g", T - DAY, notice_version="v2024.2.0")],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "no minimum for analytics in these terms",
        [grant("g", T - DAY, purpose="analytics", notice_version="1")],
        "analytics",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    ("unknown purpose", [grant("g", T - DAY)], "profiling", "phone", T, False, Reason.UNKNOWN_PURPOSE, None),
    ("unknown channel", [grant("g", T - DAY)], "follow_up", "fax", T, False, Reason.UNKNOWN_CHANNEL, None),
    (
        "bundled marketing consent",
        [grant("g", T - DAY, purpose="marketing", channel="sms")],
        "marketing",
        "sms",
        T,
        False,
        Reason.SEPARATE_CONSENT_REQUIRED,
        "g",
    ),
    (
        "separate marketing consent",
        [grant("g", T - DAY, purpose="marketing", channel="sms", separate=True)],
        "marketing",
        "sms",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "a grant taking effect later does not count yet",
        [grant("g", T + US)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.NO_RECORD,
        None,
    ),
    (
        "a withdrawal taking effect later does not count yet",
        [grant("g", T - DAY), withdraw("w", T + DAY)],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "... and counts from then on",
        [grant("g", T - DAY), withdraw("w", T + DAY)],
        "follow_up",
        "phone",
        T + DAY,
        False,
        Reason.WITHDRAWN,
        "w",
    ),
    (
        "full tie: the withdrawal wins",
        [grant("g", T - DAY), withdraw("w", T - DAY)],
        "follow_up",
        "phone",
        T,
        False,
        Reason.WITHDRAWN,
        "w",
    ),
    (
        "same instant, later recording wins",
        [withdraw("w", T - DAY, recorded_at=T - 2 * DAY), grant("g", T - DAY, recorded_at=T - DAY)],
        "follow_up",
        "phone",
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "any channel: one valid grant is enough",
        [
            grant("g", T - 2 * DAY, purpose="analytics", channel="in_app"),
            withdraw("w", T - DAY, purpose="analytics", channel="app_push"),
        ],
        "analytics",
        None,
        T,
        True,
        Reason.GRANTED,
        "g",
    ),
    (
        "any channel: all withdrawn",
        [
            grant("g", T - 3 * DAY, purpose="analytics", channel="in_app"),
            withdraw("w", T - DAY, purpose="analytics", channel="in_app"),
        ],
        "analytics",
        None,
        T,
        False,
        Reason.WITHDRAWN,
        "w",
    ),
    (
        "any channel: the newest record's reason",
        [
            withdraw("w", T - 3 * DAY, purpose="analytics"),
            grant("g", T - 2 * DAY, purpose="analytics", channel="sms", expires_at=T - DAY),
        ],
        "analytics",
        None,
        T,
        False,
        Reason.EXPIRED,
        "g",
    ),
    ("any channel: nothing", [], "analytics", None, T, False, Reason.NO_RECORD, None),
]


@pytest.mark.parametrize(
    ("history", "purpose", "channel", "at", "allowed", "reason", "record_id"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_decision_table(
    history: list[Rec],
    purpose: str,
    channel: str | None,
    at: datetime,
    allowed: bool,
    reason: Reason,
    record_id: str | None,
) -> None:
    decision = decide(history, purpose=purpose, channel=channel, at=at, terms=TERMS)
    assert (decision.allowed, decision.reason, decision.record_id) == (allowed, reason, record_id)


def test_the_table_covers_every_reason_code() -> None:
    assert {case[6] for case in CASES} == set(Reason)


def test_history_order_does_not_matter() -> None:
    history = [grant("g", T - 3 * DAY), withdraw("w", T - 2 * DAY), grant("g2", T - DAY)]
    for ordering in (history, history[::-1], [history[1], history[2], history[0]]):
        assert decide(ordering, purpose="follow_up", channel="phone", at=T, terms=TERMS).record_id == "g2"


# The same instants written in different zones must compare as the same instants.
ZONE_CASES = [
    ("grant at 20:00+08:00 is 12:00Z: in force at 12:00Z", T.astimezone(CST), None, T, Reason.GRANTED),
    (
        "one second earlier in Beijing time: not yet",
        T.astimezone(CST),
        None,
        (T - timedelta(seconds=1)).astimezone(CST),
        Reason.NO_RECORD,
    ),
    (
        "expiry 2024-06-02T00:00+08:00 is 16:00Z on the 1st",
        T - DAY,
        datetime(2024, 6, 2, 0, 0, tzinfo=CST),
        datetime(2024, 6, 1, 16, 0, tzinfo=UTC),
        Reason.EXPIRED,
    ),
    (
        "15:59:59Z is still before that expiry",
        T - DAY,
        datetime(2024, 6, 2, 0, 0, tzinfo=CST),
        datetime(2024, 6, 1, 15, 59, 59, tzinfo=UTC),
        Reason.GRANTED,
    ),
    (
        "still June 1st in UTC, already June 2nd in Beijing: expired",
        T - DAY,
        datetime(2024, 6, 2, 0, 0, tzinfo=CST),
        datetime(2024, 6, 1, 16, 30, tzinfo=UTC),
        Reason.EXPIRED,
    ),
    (
        "23:59 Beijing time on June 1st: still valid",
        T - DAY,
        datetime(2024, 6, 2, 0, 0, tzinfo=CST),
        datetime(2024, 6, 1, 23, 59, tzinfo=CST),
        Reason.GRANTED,
    ),
]


@pytest.mark.parametrize(
    ("effective_at", "expires_at", "at", "reason"),
    [case[1:] for case in ZONE_CASES],
    ids=[case[0] for case in ZONE_CASES],
)
def test_time_zones(
    effective_at: datetime, expires_at: datetime | None, at: datetime, reason: Reason
) -> None:
    history = [grant("g", effective_at, expires_at=expires_at)]
    assert decide(history, purpose="follow_up", channel="phone", at=at, terms=TERMS).reason == reason


@pytest.mark.parametrize("at", [datetime(2024, 6, 1, 12, 0), T.replace(tzinfo=None)])
def test_a_naive_time_is_refused_not_guessed(at: datetime) -> None:
    with pytest.raises(InvalidInput, match="UTC offset"):
        decide([grant("g", T - DAY)], purpose="follow_up", channel="phone", at=at, terms=TERMS)


def test_in_force_picks_one_record_per_channel() -> None:
    history = [grant("a", T - 2 * DAY), grant("b", T - DAY, channel="sms"), withdraw("c", T - DAY / 2)]
    latest = in_force(history, purpose="follow_up", at=T)
    assert {ch: r.id for ch, r in latest.items()} == {"phone": "c", "sms": "b"}


def test_an_unparseable_stored_version_never_meets_a_minimum() -> None:
    history = [grant("g", T - DAY, notice_version="draft")]
    decision = decide(history, purpose="follow_up", channel="phone", at=T, terms=TERMS)
    assert decision.reason == Reason.NOTICE_OUTDATED
