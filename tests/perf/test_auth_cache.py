"""AuthCache: successes kept for the TTL, failures never, bounded; what revocation looks like."""

from __future__ import annotations

import pytest

from privacy_gateway.apikeys.cache import AuthCache
from privacy_gateway.apikeys.service import authenticate, create_key, revoke_key
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.errors import Unauthenticated
from privacy_gateway.types import Actor

ALICE = Actor(name="alice", role="ingest")
ADMIN = Actor(name="ops", role="admin")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Lookup:
    """A fake key table that counts how often it is asked."""

    def __init__(self, known: dict[str, Actor]) -> None:
        self.known = known
        self.calls = 0

    def __call__(self, key: str) -> Actor:
        self.calls += 1
        if key not in self.known:
            raise Unauthenticated("invalid API key")
        return self.known[key]


@pytest.mark.parametrize(
    ("ttl", "later", "lookups"),
    [
        (10.0, 0.0, 1),  # same instant: cached
        (10.0, 9.99, 1),  # within the TTL: cached
        (10.0, 10.0, 2),  # at the TTL: looked up again
        (10.0, 60.0, 2),
        (0.0, 0.0, 2),  # ttl 0: no cache
    ],
)
def test_a_success_is_cached_for_the_ttl(ttl, later, lookups):
    clock, lookup = Clock(), Lookup({"k1": ALICE})
    cache = AuthCache(ttl=ttl, clock=clock)
    assert cache.authenticate("k1", lookup) == ALICE
    clock.now += later
    assert cache.authenticate("k1", lookup) == ALICE
    assert lookup.calls == lookups


def test_a_failure_is_never_cached():
    lookup = Lookup({})
    cache = AuthCache(clock=Clock())
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            cache.authenticate("nope", lookup)
    assert lookup.calls == 3 and len(cache) == 0
    lookup.known["nope"] = ALICE  # a key created a moment ago works at once
    assert cache.authenticate("nope", lookup) == ALICE


@pytest.mark.parametrize(
    ("max_entries", "keys", "kept"), [(2, ["a", "b", "c"], {"b", "c"}), (3, ["a", "b", "c"], {"a", "b", "c"})]
)
def test_the_table_is_bounded_least_recently_used_first(max_entries, keys, kept):
    cache = AuthCache(max_entries=max_entries, clock=Clock())
    for key in keys:
        cache.put(key, ALICE)
    assert len(cache) == len(kept)
    assert {k for k in keys if cache.get(k) is not None} == kept


def test_the_raw_key_is_not_kept():
    cache = AuthCache(clock=Clock())
    cache.put("pg_secret_value", ALICE)
    assert all(isinstance(k, bytes) and b"secret" not in k for k in cache._entries)


@pytest.mark.parametrize(("ttl", "max_entries"), [(-1.0, 10), (10.0, 0)])
def test_bad_parameters_are_refused(ttl, max_entries):
    with pytest.raises(ValueError):
        AuthCache(ttl=ttl, max_entries=max_entries)


def test_revocation_takes_effect_within_the_ttl(session_factory):
    audit = AuditLog(pseudonym_key=bytes(32), signing_seed=bytes(range(32)))
    with session_factory() as session, session.begin():
        key = create_key(session, audit, name="upstream", role="ingest", actor=ADMIN).key

    def lookup(k: str) -> Actor:
        with session_factory() as session:
            return authenticate(session, k)

    clock = Clock()
    cache = AuthCache(ttl=10.0, clock=clock)
    assert cache.authenticate(key, lookup).name == "upstream"
    with session_factory() as session, session.begin():
        revoke_key(session, audit, name="upstream", actor=ADMIN)
    clock.now += 5
    assert cache.authenticate(key, lookup).name == "upstream"  # still cached: the documented window
    clock.now += 5
    with pytest.raises(Unauthenticated):
        cache.authenticate(key, lookup)
    cache.put(key, ALICE)
    cache.forget_all()
    with pytest.raises(Unauthenticated):
        cache.authenticate(key, lookup)
