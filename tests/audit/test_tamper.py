"""Tamper with the database directly, in each way the chain must catch, on SQLite and PostgreSQL.

On PostgreSQL the append-only triggers refuse all of this to the application role, so the tampering
runs as a superuser who switches triggers off (factories.superuser_tamper): precisely the attacker the
chain and the signed checkpoints are for.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.chain import CHAINED_FIELDS, chain_hash
from privacy_gateway.audit.checkpoint import sign_checkpoint
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage.models.audit import AuditCheckpoint, AuditEntry
from privacy_gateway.storage.session import transaction
from tests.audit.factories import OTHER_SEED, T0, fill, make_log, superuser_tamper

E = AuditEntry.__table__
C = AuditCheckpoint.__table__


def _row(conn: Connection, seq: int) -> dict[str, object]:
    return dict(conn.execute(select(E).where(E.c.seq == seq)).mappings().one())


def _shift(conn: Connection, *, from_seq: int, by: int) -> None:
    # Two steps through negative seqs so the primary key never collides mid-update.
    conn.execute(update(E).where(E.c.seq >= from_seq).values(seq=-E.c.seq))
    conn.execute(update(E).where(E.c.seq < 0).values(seq=-E.c.seq + by))


def modify(conn: Connection) -> None:
    conn.execute(update(E).where(E.c.seq == 5).values(reason="edited"))


def modify_json(conn: Connection) -> None:
    conn.execute(update(E).where(E.c.seq == 5).values(entity_counts={"PHONE_NUMBER": 0}))


def delete_one(conn: Connection) -> None:
    conn.execute(delete(E).where(E.c.seq == 5))


def delete_renumber(conn: Connection) -> None:
    conn.execute(delete(E).where(E.c.seq == 5))
    _shift(conn, from_seq=6, by=-1)


def insert_one(conn: Connection) -> None:
    before = _row(conn, 4)
    forged = {**_row(conn, 5), "reason": "forged"}
    forged["hash"] = chain_hash(bytes.fromhex(str(before["hash"])), {**forged, "prev_hash": None}).hex()
    forged["prev_hash"] = before["hash"]
    _shift(conn, from_seq=5, by=1)
    conn.execute(insert(E).values(**forged))


def swap(conn: Connection) -> None:
    conn.execute(update(E).where(E.c.seq == 5).values(seq=-5))
    conn.execute(update(E).where(E.c.seq == 6).values(seq=5))
    conn.execute(update(E).where(E.c.seq == -5).values(seq=6))


def truncate_tail(conn: Connection) -> None:
    conn.execute(delete(E).where(E.c.seq >= 9))


def rewrite_history(conn: Connection) -> None:
    rows = [_row(conn, seq) for seq in range(5, 11)]
    rows[0]["reason"] = "edited"
    prev = bytes.fromhex(str(rows[0]["prev_hash"]))
    for row in rows:
        digest = chain_hash(prev, {k: row[k] for k in CHAINED_FIELDS})
        conn.execute(
            update(E)
            .where(E.c.seq == row["seq"])
            .values(reason=row["reason"], prev_hash=prev.hex(), hash=digest.hex())
        )
        prev = digest


def forge_signature(conn: Connection) -> None:
    other = conn.execute(select(C.c.signature).where(C.c.seq == 4)).scalar_one()
    conn.execute(update(C).where(C.c.seq == 8).values(signature=other))


def foreign_checkpoint(conn: Connection) -> None:
    head = _row(conn, 10)
    cp = sign_checkpoint(OTHER_SEED, seq=10, head_hash=str(head["hash"]), ts=T0)
    conn.execute(
        insert(C).values(
            seq=10, head_hash=cp.head_hash, signed_at=T0, key_id=cp.key_id, signature=cp.signature
        )
    )


TAMPERS: list[tuple[str, Callable[[Connection], None], int, str]] = [
    ("modified entry", modify, 5, "entry 5 was modified"),
    ("modified json field", modify_json, 5, "entry 5 was modified"),
    ("deleted entry", delete_one, 5, "entry 5 is missing"),
    ("deleted and renumbered", delete_renumber, 5, "entry 5 does not link"),
    ("inserted entry", insert_one, 5, "entry 5 was inserted"),
    ("reordered entries", swap, 5, "entry 5 does not link"),
    ("truncated tail", truncate_tail, 9, "truncated"),
    ("rewritten chain", rewrite_history, 8, "rewritten"),
    ("forged checkpoint signature", forge_signature, 8, "signature is invalid"),
    ("checkpoint by a foreign key", foreign_checkpoint, 10, "unknown key"),
]


def build(factory: sessionmaker[Session]) -> AuditLog:
    """Ten entries with checkpoints at 4 and 8 (interval) and 10 (on demand)."""
    log = make_log(interval=4)
    fill(factory, log, 10, purpose="analytics", decision="allow")
    with transaction(factory) as s:
        log.checkpoint(s)
        assert log.verify(s).ok
    return log


@pytest.mark.parametrize(("name", "tamper", "first_bad", "reason"), TAMPERS, ids=[t[0] for t in TAMPERS])
def test_direct_tampering_is_caught_at_the_right_entry(
    factory: sessionmaker[Session],
    name: str,
    tamper: Callable[[Connection], None],
    first_bad: int,
    reason: str,
) -> None:
    log = build(factory)
    engine = factory.kw["bind"]
    with superuser_tamper(engine) as conn:
        tamper(conn)
    with transaction(factory) as s:
        report = log.verify(s)
    assert (report.ok, report.first_bad_seq) == (False, first_bad), report.reason
    assert reason in (report.reason or "")


def test_exported_checkpoint_catches_truncation_when_stored_checkpoints_are_gone(
    factory: sessionmaker[Session],
) -> None:
    log = build(factory)
    with transaction(factory) as s:
        kept_elsewhere = log.checkpoints(s)
    with superuser_tamper(factory.kw["bind"]) as conn:
        conn.execute(delete(C))
        conn.execute(delete(E).where(E.c.seq >= 7))
    with transaction(factory) as s:
        assert log.verify(s).ok  # nothing left in the database to contradict the shorter chain
        report = log.verify(s, anchors=kept_elsewhere)
    assert (report.ok, report.first_bad_seq) == (False, 7)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET reason = 'edited' WHERE seq = 1",
        "DELETE FROM audit_entries WHERE seq = 2",
        "TRUNCATE audit_entries",
        "UPDATE audit_checkpoints SET signature = 'x'",
        "DELETE FROM audit_checkpoints",
        "TRUNCATE audit_checkpoints",
    ],
)
def test_postgres_refuses_update_delete_truncate(pg_url: str, statement: str) -> None:
    from privacy_gateway.storage.session import make_session_factory
    from tests.audit.factories import make_db

    engine = make_db(pg_url)
    try:
        factory = make_session_factory(engine)
        log = build(factory)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
        with transaction(factory) as s:
            assert log.verify(s).ok and log.verify(s).entries == 10
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_drop_ddl_removes_the_guard(pg_url: str) -> None:
    from privacy_gateway.audit.ddl import POSTGRES_APPEND_ONLY_DROP
    from privacy_gateway.storage.session import make_session_factory
    from tests.audit.factories import make_db

    engine = make_db(pg_url)
    try:
        build(make_session_factory(engine))
        with engine.begin() as conn:
            for stmt in POSTGRES_APPEND_ONLY_DROP:
                conn.exec_driver_sql(stmt)
            conn.exec_driver_sql("UPDATE audit_entries SET reason = 'edited' WHERE seq = 1")
    finally:
        engine.dispose()
