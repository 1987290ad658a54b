"""AuditLog against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.checkpoint import public_key_bytes
from privacy_gateway.audit.schemas import AuditFilters, AuditSink
from privacy_gateway.errors import ConfigError, InvalidInput
from privacy_gateway.storage.models import ApiKey
from privacy_gateway.storage.models.audit import AuditCheckpoint, AuditEntry
from privacy_gateway.storage.session import transaction
from tests.audit.factories import ALICE, CAROL, OTHER_SEED, T0, event, fill, make_log


def test_is_an_audit_sink() -> None:
    log: AuditSink = make_log()
    assert log.subject_ref("user-1").startswith("sp_")
    assert log.subject_ref("user-1") == make_log().subject_ref("user-1")
    assert "key" not in repr(log).replace("key_id", "")


@pytest.mark.parametrize(
    "kwargs",
    [{"pseudonym_key": b"short"}, {"signing_seed": b"x" * 31}, {"checkpoint_interval": 0}],
)
def test_bad_configuration_is_refused(kwargs: dict[str, object]) -> None:
    base: dict[str, object] = {"pseudonym_key": b"k" * 32, "signing_seed": b"s" * 32}
    from privacy_gateway.audit.service import AuditLog

    with pytest.raises(ConfigError):
        AuditLog(**{**base, **kwargs})  # type: ignore[arg-type]


def test_append_chains_entries_and_signs_every_interval(factory: sessionmaker[Session]) -> None:
    log = make_log(interval=3)
    fill(factory, log, 7, subject_ref=log.subject_ref("u1"), purpose="analytics")
    with transaction(factory) as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        assert [e.seq for e in entries] == list(range(1, 8))
        assert entries[0].prev_hash == "0" * 64
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
        assert entries[0].ts == T0
        assert [cp.seq for cp in log.checkpoints(s)] == [3, 6]
        report = log.verify(s)
    assert report.ok and report.entries == 7 and report.checkpoints == 2
    assert report.last_checkpoint is not None and report.last_checkpoint["seq"] == 6


def test_failed_audit_rolls_back_the_action(factory: sessionmaker[Session]) -> None:
    log = make_log()
    with pytest.raises(InvalidInput), transaction(factory) as s:
        s.add(ApiKey(name="k1", role="ingest", prefix="p", secret_hash="0" * 64))
        s.flush()
        log.append(s, event(subject_ref="raw-user-id"))
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(ApiKey)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_failed_action_rolls_back_its_audit_entry(factory: sessionmaker[Session]) -> None:
    log = make_log(interval=1)
    with pytest.raises(RuntimeError), transaction(factory) as s:
        log.append(s, event())
        raise RuntimeError("the action failed after auditing")
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.scalar(select(func.count()).select_from(AuditCheckpoint)) == 0
        log.append(s, event())
    with transaction(factory) as s:
        assert log.verify(s).ok


def test_on_demand_checkpoint_is_idempotent_at_the_same_head(factory: sessionmaker[Session]) -> None:
    log = make_log()
    with transaction(factory) as s:
        empty = log.checkpoint(s)
        assert (empty.seq, empty.head_hash) == (0, "0" * 64)
    fill(factory, log, 2)
    with transaction(factory) as s:
        first = log.checkpoint(s)
        assert log.checkpoint(s) == first and first.seq == 2
        doc = log.checkpoints_document(s)
    assert [c["seq"] for c in doc["checkpoints"]] == [0, 2]  # type: ignore[index, union-attr]
    assert list(doc["public_keys"]) == [log.key_id]  # type: ignore[call-overload]


def test_rotated_signing_key_keeps_old_checkpoints_valid(factory: sessionmaker[Session]) -> None:
    old = make_log(interval=2)
    fill(factory, old, 4)
    new = make_log(interval=2, seed=OTHER_SEED, trusted=(old.public_key,))
    fill(factory, new, 2)
    with transaction(factory) as s:
        assert new.verify(s).ok
        assert make_log(seed=OTHER_SEED).verify(s).first_bad_seq == 2  # without the old key: unknown key
    assert public_key_bytes(OTHER_SEED) == new.public_key


def seed_entries(factory: sessionmaker[Session]) -> None:
    log = make_log()
    with transaction(factory) as s:
        for i in range(12):
            log.append(
                s,
                event(
                    "consent.check" if i % 3 == 0 else "feedback.ingest",
                    actor=CAROL if i % 4 == 0 else ALICE,
                    subject_ref=log.subject_ref(f"user-{i % 2}"),
                    purpose="marketing" if i % 2 else "analytics",
                    decision="deny" if i % 5 == 0 else "allow",
                ),
            )


@pytest.mark.parametrize(
    ("filters", "seqs"),
    [
        (AuditFilters(), list(range(1, 13))),
        (AuditFilters(subject_id="user-1"), [2, 4, 6, 8, 10, 12]),
        (AuditFilters(actor="carol-compliance"), [1, 5, 9]),
        (AuditFilters(action="consent.check"), [1, 4, 7, 10]),
        (AuditFilters(action="consent.*"), [1, 4, 7, 10]),
        (AuditFilters(action="consent"), []),
        (AuditFilters(purpose="analytics", decision="deny"), [1, 11]),
        (AuditFilters(since=T0 + timedelta(seconds=3), until=T0 + timedelta(seconds=6)), [4, 5, 6]),
        (AuditFilters(subject_id="nobody"), []),
    ],
)
def test_query_filters(factory: sessionmaker[Session], filters: AuditFilters, seqs: list[int]) -> None:
    seed_entries(factory)
    with transaction(factory) as s:
        page = make_log().query(s, filters, limit=100)
    assert [item["seq"] for item in page.items] == seqs
    assert page.next_cursor is None


@pytest.mark.parametrize("descending", [False, True])
def test_cursor_pagination_walks_every_entry_once(factory: sessionmaker[Session], descending: bool) -> None:
    seed_entries(factory)
    log = make_log()
    seen: list[object] = []
    cursor = None
    with transaction(factory) as s:
        while True:
            page = log.query(s, AuditFilters(subject_id="user-0"), cursor, 4, descending=descending)
            seen += [item["seq"] for item in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
            log.append(s, event())  # new entries while paging do not disturb the keyset
    expected = [1, 3, 5, 7, 9, 11]
    assert seen == (expected[::-1] if descending else expected)


@pytest.mark.parametrize(
    ("filters", "cursor", "limit", "descending"),
    [
        (AuditFilters(), "garbage", 10, False),
        (AuditFilters(), None, 0, False),
        (AuditFilters(), None, 1001, False),
        (AuditFilters(subject_ref="user-1"), None, 10, False),
        (AuditFilters(subject_id="a", subject_ref="sp_" + "0" * 32), None, 10, False),
        (AuditFilters(since=T0.replace(tzinfo=None)), None, 10, False),
        (AuditFilters(since=T0, until=T0), None, 10, False),
    ],
)
def test_malformed_queries_are_invalid_input(
    factory: sessionmaker[Session], filters: AuditFilters, cursor: str | None, limit: int, descending: bool
) -> None:
    with pytest.raises(InvalidInput), transaction(factory) as s:
        make_log().query(s, filters, cursor, limit, descending=descending)


def test_cursor_for_the_other_order_is_refused(factory: sessionmaker[Session]) -> None:
    seed_entries(factory)
    with transaction(factory) as s:
        cursor = make_log().query(s, AuditFilters(), limit=2).next_cursor
        with pytest.raises(InvalidInput, match="order"):
            make_log().query(s, AuditFilters(), cursor, 2, descending=True)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export(factory: sessionmaker[Session], fmt: str) -> None:
    seed_entries(factory)
    out = io.StringIO()
    with transaction(factory) as s:
        n = make_log().export(s, AuditFilters(action="feedback.ingest"), fmt=fmt, out=out)
    assert n == 8
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert rows[0]["seq"] == 2 and rows[0]["ts"].endswith("Z") and len(rows[0]["hash"]) == 64
    else:
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert rows[0]["seq"] == "2" and json.loads(rows[0]["entity_counts"]) == {}
    assert len(rows) == 8


def test_export_format_is_checked(factory: sessionmaker[Session]) -> None:
    with pytest.raises(InvalidInput), transaction(factory) as s:
        make_log().export(s, AuditFilters(), fmt="xml", out=io.StringIO())


def test_reading_is_audited_without_raw_filter_values(factory: sessionmaker[Session]) -> None:
    log = make_log()
    with transaction(factory) as s:
        entry = log.record_access(
            s,
            CAROL,
            action="audit.query",
            filters=AuditFilters(subject_id="user-7", action="x.y"),
            details={"returned": 3},
        )
    assert entry.subject_ref == log.subject_ref("user-7")
    assert entry.details == {"filters": ["subject_id", "action"], "returned": 3}
    assert "user-7" not in json.dumps([entry.details, entry.record_ids, entry.reason])
