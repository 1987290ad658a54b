"""Console sessions: the pure expiry rule, the store on a database, the CSRF comparison."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from privacy_gateway.apikeys.service import create_key, revoke_key
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.console.sessions import (
    SessionEnded,
    SessionStore,
    Timeouts,
    csrf_matches,
    expiry_reason,
    token_id,
)
from privacy_gateway.storage.models import ConsoleSession
from privacy_gateway.types import Actor

T0 = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)
LIMITS = Timeouts(idle=timedelta(minutes=15), absolute=timedelta(hours=8))
ADMIN = Actor("setup", "admin")


@pytest.mark.parametrize(
    ("created", "last_seen", "now", "expected"),
    [
        (T0, T0, T0, None),
        (T0, T0, T0 + timedelta(minutes=14, seconds=59), None),
        (T0, T0, T0 + timedelta(minutes=15), "idle"),  # exactly idle after the last request: over
        (T0, T0 + timedelta(hours=7, minutes=50), T0 + timedelta(hours=7, minutes=59), None),
        (T0, T0 + timedelta(hours=7, minutes=59), T0 + timedelta(hours=8), "absolute"),  # active, still over
        (T0, T0, T0 + timedelta(hours=9), "absolute"),  # both: the absolute limit is named
    ],
)
def test_expiry_reason(created, last_seen, now, expected):
    assert expiry_reason(created_at=created, last_seen_at=last_seen, now=now, timeouts=LIMITS) == expected


@pytest.mark.parametrize(
    ("expected", "given", "ok"),
    [
        ("abc123", "abc123", True),
        ("abc123", "abc124", False),
        ("abc123", None, False),
        ("abc123", "", False),
        ("", "", False),
        ("abc123", "abc1234", False),
    ],
)
def test_csrf_matches(expected, given, ok):
    assert csrf_matches(expected, given) is ok


@pytest.fixture
def audit() -> AuditLog:
    return AuditLog(pseudonym_key=b"k" * 32, signing_seed=b"s" * 32)


@pytest.fixture
def keyed(session, audit):
    create_key(session, audit, name="officer", role="compliance", actor=ADMIN)
    return Actor("officer", "compliance")


def test_start_stores_only_a_hash_of_the_token(session, keyed):
    token, row = SessionStore(LIMITS).start(session, keyed, now=T0)
    assert row.id == token_id(token) and token not in row.id
    assert len(token) >= 40 and len(row.csrf_token) >= 40 and row.csrf_token != token
    assert "officer" in repr(row) and token not in repr(row) and row.csrf_token not in repr(row)


def test_load_touches_and_end_deletes(session, keyed):
    store = SessionStore(LIMITS)
    token, _ = store.start(session, keyed, now=T0)
    row = store.load(session, token, now=T0 + timedelta(minutes=10))
    assert row.last_seen_at == T0 + timedelta(minutes=10)
    assert store.load(session, token, now=T0 + timedelta(minutes=20)).actor_name == "officer"  # kept alive
    store.end(session, token)
    with pytest.raises(SessionEnded) as ended:
        store.load(session, token, now=T0 + timedelta(minutes=21))
    assert ended.value.reason == "missing"


@pytest.mark.parametrize(
    ("token", "reason"),
    [(None, "missing"), ("", "missing"), ("x" * 500, "missing"), ("unknown-token", "missing")],
)
def test_load_refuses_absent_tokens(session, token, reason):
    with pytest.raises(SessionEnded) as ended:
        SessionStore(LIMITS).load(session, token, now=T0)
    assert ended.value.reason == reason


@pytest.mark.parametrize(
    ("later", "reason"), [(timedelta(minutes=16), "idle"), (timedelta(hours=9), "absolute")]
)
def test_load_ends_expired_sessions(session, keyed, later, reason):
    store = SessionStore(LIMITS)
    token, _ = store.start(session, keyed, now=T0)
    with pytest.raises(SessionEnded) as ended:
        store.load(session, token, now=T0 + later)
    assert ended.value.reason == reason
    assert session.scalar(select(func.count()).select_from(ConsoleSession)) == 0


def test_a_revoked_or_changed_key_ends_the_session(session, audit, keyed):
    store = SessionStore(LIMITS)
    token, _ = store.start(session, keyed, now=T0)
    revoke_key(session, audit, name="officer", actor=ADMIN)
    with pytest.raises(SessionEnded) as ended:
        store.load(session, token, now=T0)
    assert ended.value.reason == "revoked"


def test_a_session_for_a_role_the_key_no_longer_has_is_refused(session, audit, keyed):
    store = SessionStore(LIMITS)
    token, _ = store.start(session, Actor("officer", "admin"), now=T0)  # the key is compliance
    with pytest.raises(SessionEnded):
        store.load(session, token, now=T0)


def test_sign_in_purges_timed_out_sessions(session, keyed):
    store = SessionStore(LIMITS)
    store.start(session, keyed, now=T0)
    store.start(session, keyed, now=T0 + timedelta(minutes=5))
    store.start(session, keyed, now=T0 + timedelta(minutes=21))  # purges the first two (idle)
    assert session.scalar(select(func.count()).select_from(ConsoleSession)) == 1
