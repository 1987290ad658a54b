"""DataKeyCache and the vault's batched writes: a hit needs the stored key as it is now; erasure forgets."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, func, select

from privacy_gateway.storage.models import VaultEntry, VaultSubjectKey
from privacy_gateway.storage.session import transaction
from privacy_gateway.vault import repository as repo
from privacy_gateway.vault.keycache import DataKeyCache
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import ADMIN, AGENT, ITEMS, ORIGINALS, add_feedback, make_keyring


@pytest.mark.parametrize(
    ("version", "wrapped", "hit"),
    [(1, b"w1", True), (2, b"w1", False), (1, b"w2", False)],
)
def test_a_hit_needs_the_same_version_and_wrapped_bytes(version, wrapped, hit):
    cache = DataKeyCache()
    cache.put("ref", 1, b"w1", b"k" * 32)
    assert (cache.get("ref", version, wrapped) is not None) is hit


def test_bounded_forgettable_and_never_shows_keys():
    cache = DataKeyCache(max_entries=2)
    for ref in ("a", "b", "c"):
        cache.put(ref, 1, b"w", b"secret-key-bytes")
    assert cache.get("a", 1, b"w") is None and len(cache) == 2
    cache.forget("b")
    assert cache.get("b", 1, b"w") is None and cache.get("c", 1, b"w") is not None
    assert "secret" not in repr(cache)
    off = DataKeyCache(max_entries=0)
    off.put("a", 1, b"w", b"k")
    assert off.get("a", 1, b"w") is None
    with pytest.raises(ValueError):
        DataKeyCache(max_entries=-1)


def count(session_factory, table) -> int:
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_store_many_makes_one_key_per_subject_and_reveals_the_same_values(session_factory, vault, stored):
    records = [(f"m{i}", f"subject-{i % 3}", ITEMS) for i in range(6)]
    with transaction(session_factory) as s:
        for fid, subject, _ in records:
            add_feedback(s, fid, subject)
        assert vault.store_many(s, records) == 6 * len(ITEMS)
    # u1 and u2 from the fixture, and three new subjects.
    assert count(session_factory, VaultSubjectKey) == 5
    with transaction(session_factory) as s:
        revealed = vault.reveal(
            s, feedback_id="m4", actor=AGENT, purpose="follow_up", channel="phone", reason="callback"
        )
    assert tuple(r.value for r in revealed) == ORIGINALS


def test_one_key_query_for_a_batch(session_factory, vault, engine):
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with transaction(session_factory) as s:
        for i in range(10):
            add_feedback(s, f"q{i}", f"batch-subject-{i}")
        statements.clear()
        vault.store_many(s, [(f"q{i}", f"batch-subject-{i}", ITEMS) for i in range(10)])
    key_selects = [
        st for st in statements if st.lstrip().upper().startswith("SELECT") and "vault_subject_keys" in st
    ]
    key_inserts = [
        st for st in statements if st.lstrip().upper().startswith("INSERT INTO VAULT_SUBJECT_KEYS")
    ]
    assert len(key_selects) == 1  # who has a key; the insert returns the rows it made
    assert len(key_inserts) == 1


def test_a_key_created_concurrently_wins_and_is_used(session_factory, vault, stored, monkeypatch):
    """The first query misses a key another writer commits just before our insert: we use theirs."""
    real = repo.subject_keys
    calls = iter([[]])  # the first look-up sees nothing; later ones see the table

    def racing(session, refs):
        return next(calls, None) or real(session, refs)

    monkeypatch.setattr(repo, "subject_keys", racing)
    with transaction(session_factory) as s:
        add_feedback(s, "race", "u1")  # u1 already has a key (the `stored` fixture)
        vault.store(s, feedback_id="race", subject_id="u1", items=ITEMS)
    assert count(session_factory, VaultSubjectKey) == 2
    with transaction(session_factory) as s:
        got = vault.reveal(
            s, feedback_id="race", actor=AGENT, purpose="follow_up", channel="phone", reason="x"
        )
    assert tuple(r.value for r in got) == ORIGINALS


def test_a_key_erased_elsewhere_is_not_reused(session_factory, audit, consent):
    writer = VaultService(make_keyring(), audit, consent)  # one worker's vault, its cache warm
    with transaction(session_factory) as s:
        add_feedback(s, "e1", "erased-subject")
        writer.store(s, feedback_id="e1", subject_id="erased-subject", items=ITEMS)
    assert len(writer.key_cache) == 1
    # Another worker erases the subject: key row and entries go; this worker's cache still has the key.
    with transaction(session_factory) as s:
        s.execute(delete(VaultEntry))
        s.execute(delete(VaultSubjectKey))
    with transaction(session_factory) as s:
        add_feedback(s, "e2", "erased-subject")
        writer.store(s, feedback_id="e2", subject_id="erased-subject", items=ITEMS)
    with transaction(session_factory) as s:
        (row,) = repo.subject_keys(s, {writer.vault_ref("erased-subject")})
        revealed = writer.reveal(
            s, feedback_id="e2", actor=AGENT, purpose="follow_up", channel="phone", reason="x"
        )
    assert tuple(r.value for r in revealed) == ORIGINALS  # readable: written under the new key
    other = VaultService(make_keyring(), audit, consent)  # a cold process opens it too
    with transaction(session_factory) as s:
        assert [
            r.value
            for r in other.reveal(
                s, feedback_id="e2", actor=AGENT, purpose="follow_up", channel="phone", reason="x"
            )
        ] == list(ORIGINALS)
    assert row.key_version == 1


def test_erasure_forgets_the_key_in_this_process(session_factory, vault, stored):
    ref = vault.vault_ref("u1")
    with transaction(session_factory) as s:
        (row,) = repo.subject_keys(s, {ref})
        vault._unwrap(row)
    assert vault.key_cache.get(ref, row.key_version, row.wrapped_key) is not None
    with transaction(session_factory) as s:
        vault.erase_subject(s, subject_id="u1", actor=ADMIN, reason="user asked")
    assert vault.key_cache.get(ref, row.key_version, row.wrapped_key) is None


def test_an_existing_key_row_wins_the_conditional_insert(session_factory):
    with transaction(session_factory) as s:
        s.add(VaultSubjectKey(subject_ref="r1", key_version=1, wrapped_key=b"first"))
    with transaction(session_factory) as s:
        inserted = repo.insert_subject_keys_if_absent(
            s, version=1, wrapped={"r1": b"second", "r2": b"new"}, now=_now()
        )
    assert inserted == {"r2"}
    with transaction(session_factory) as s:
        stored = {row.subject_ref: row.wrapped_key for row in repo.subject_keys(s, {"r1", "r2"})}
    assert stored == {"r1": b"first", "r2": b"new"}


def _now():
    from privacy_gateway.storage.base import utcnow

    return utcnow()
