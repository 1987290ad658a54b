from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from privacy_gateway.bootstrap import Services
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.storage.models import AuditEntry, Feedback, OutboxMessage
from privacy_gateway.storage.models.outbox import PENDING
from privacy_gateway.stores import outbox
from privacy_gateway.types import Actor
from tests.stores.factories import EMAIL, PHONE, Clock, ingest

STORES = {
    "destinations": {
        "tickets": {"kind": "jsonl", "directory": "t"},
        "crm": {"kind": "jsonl", "directory": "c"},
        "archive": {"kind": "jsonl", "directory": "a"},
    },
    "routes": [
        {"match": {"channels": ["phone"]}, "to": ["tickets", "crm"]},
        {"match": {"sources": ["bus"]}, "to": ["crm"]},
    ],
    "default_route": ["archive"],
}


@pytest.mark.parametrize(
    ("channel", "source", "expected"),
    [("phone", "app", ["crm", "tickets"]), ("email", "bus", ["crm"]), ("email", "app", ["archive"])],
)
def test_ingest_enqueues_one_masked_row_per_routed_destination(
    make_services: Callable[..., Services], channel: str, source: str, expected: list[str]
) -> None:
    services = make_services(STORES)
    result = ingest(services, channel=channel, source=source, subject_id="u-42")
    with services.session_factory() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.destination)).all()
    assert [r.destination for r in rows] == expected
    for r in rows:
        assert r.feedback_id == result.id and r.status == PENDING and r.attempts == 0
        p = r.payload
        assert p["id"] == result.id and p["text"] == result.text and p["source"] == source
        assert p["subject_ref"] == services.audit.subject_ref("u-42") and "u-42" not in str(p)
        assert p["policy"] == result.policy and p["policy_version"] == result.policy_version
        assert p["entity_counts"] == result.counts()
        assert PHONE not in str(p) and EMAIL not in str(p)


def test_enqueue_is_part_of_the_ingest_transaction(make_services: Callable[..., Services]) -> None:
    services = make_services(STORES)

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("after the outbox")

    services.ingest.after_store.append(boom)
    with pytest.raises(RuntimeError), services.session_factory() as session, session.begin():
        services.ingest.ingest(
            session,
            FeedbackIn(subject_id="u", channel="phone", text=f"电话{PHONE}"),
            actor=Actor("app", "ingest"),
        )
    with services.session_factory() as s:
        for model in (Feedback, OutboxMessage, AuditEntry):
            assert s.scalar(select(func.count()).select_from(model)) == 0


def test_status_retry_purge(make_services: Callable[..., Services]) -> None:
    services = make_services(STORES)
    clock = Clock()
    ids = [ingest(services, channel="email").id for _ in range(3)]
    with services.session_factory() as s, s.begin():
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for r in rows:
            r.created_at = clock.now - timedelta(seconds=90)
        outbox.mark_delivered(s, [rows[0].id], now=clock.now)
        outbox.mark_failed(s, rows[1].id, error="down: refused", next_attempt_at=clock.now, dead=True)
    with services.session_factory() as s:
        rows_status = outbox.status(s, now=clock.now, destinations=["archive", "crm"])
    by_name = {x.destination: x for x in rows_status}
    assert [x.destination for x in rows_status] == ["archive", "crm"]
    archive = by_name["archive"]
    assert (archive.pending, archive.dead, archive.delivered) == (1, 1, 1)
    assert archive.oldest_pending_age_seconds == 90.0 and archive.last_error == "down: refused"
    assert by_name["crm"].pending == 0 and by_name["crm"].oldest_pending_age_seconds is None
    with services.session_factory() as s, s.begin():
        assert outbox.retry_dead(s, now=clock.now, destination="crm") == 0
        assert outbox.retry_dead(s, now=clock.now, destination="archive") == 1
        assert outbox.purge(s, before=clock.now - timedelta(seconds=100)) == 0  # too recent
        assert outbox.purge(s, before=clock.now) == 1  # only the delivered one
    with services.session_factory() as s:
        left = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.feedback_id, r.status, r.attempts) for r in left] == [
        (ids[1], PENDING, 0),
        (ids[2], PENDING, 0),
    ]
