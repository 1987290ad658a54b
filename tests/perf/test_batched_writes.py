"""Batched writes on the ingest path keep the chain and the records exactly as one-by-one writes do."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from privacy_gateway.errors import InvalidInput
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.storage.models import AuditCheckpoint, AuditEntry, Feedback, OutboxMessage, VaultEntry
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor
from tests.audit.factories import event, make_log

INGEST = Actor(name="crm-upstream", role="ingest")


@pytest.mark.parametrize(
    ("batches", "interval", "checkpoints"), [([7], 3, [3, 6]), ([2, 2, 3], 3, [3, 6]), ([1], 5, [])]
)
def test_append_many_chains_in_order_and_signs_checkpoints_inside_a_batch(
    session_factory, batches, interval, checkpoints
):
    log = make_log(interval=interval)
    n = 0
    with transaction(session_factory) as s:
        for size in batches:
            entries = log.append_many(s, [event(details={"i": n + i}) for i in range(size)])
            assert [e.seq for e in entries] == list(range(n + 1, n + size + 1))
            n += size
    with session_factory() as s:
        report = log.verify(s)
        assert report.ok and report.entries == n
        assert [e.details["i"] for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))] == list(
            range(n)
        )
        assert list(s.scalars(select(AuditCheckpoint.seq).order_by(AuditCheckpoint.seq))) == checkpoints


def test_append_many_with_one_bad_event_adds_nothing(session_factory):
    log = make_log()
    with pytest.raises(InvalidInput), transaction(session_factory) as s:
        log.append_many(s, [event(), event(subject_ref="13812345678"), event()])
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert log.append_many(s, []) == []


def texts() -> list[str]:
    return [
        "我的手机号是13812345678，退款还没到账",
        "提现一直显示处理中，已经三天了。",
        "联系邮箱 zhang.wei@example.com，卡号6222021234567890123",
        "张先生说地址是浙江省杭州市西湖区文三路90号",
    ]


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_persist_many_stores_what_one_by_one_ingest_stores(services, batch_size):
    ingest = services.ingest
    prepared = [
        ingest.prepare(FeedbackIn(subject_id=f"user-{i % 3}", channel="sms", text=t, source=INGEST.name))
        for i, t in enumerate(texts() * 2)
    ]
    results = []
    for start in range(0, len(prepared), batch_size):
        with transaction(services.session_factory) as s:
            results += ingest.persist_many(s, [(p, INGEST) for p in prepared[start : start + batch_size]])
    assert [r.id for r in results] == [p.id for p in prepared]
    with services.session_factory() as s:
        rows = {row.id: row for row in s.scalars(select(Feedback))}
        assert {fid: rows[fid].masked_text for fid in rows} == {p.id: p.masked.text for p in prepared}
        chain = list(
            s.scalars(
                select(AuditEntry).where(AuditEntry.action == "feedback.ingest").order_by(AuditEntry.seq)
            )
        )
        assert [e.record_ids for e in chain] == [[p.id] for p in prepared]
        vaulted = s.scalar(select(func.count()).select_from(VaultEntry))
        assert vaulted == sum(len(p.masked.vault_items) for p in prepared) > 0
        outbox = list(s.scalars(select(OutboxMessage.feedback_id)))
        assert sorted(outbox) == sorted(p.id for p in prepared)  # one routed destination by default
        assert services.audit.verify(s).ok
