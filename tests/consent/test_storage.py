"""Consent tables on both databases: bulk import, decisions, the per-subject lock, the check constraint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.consent.importer import import_consents
from privacy_gateway.consent.schemas import FollowUpIn, Outcome
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.models import ConsentRecord
from privacy_gateway.storage.session import make_engine, make_session_factory, transaction
from tests.consent.conftest import ADMIN, AGENT

T = datetime(2024, 6, 10, 6, 0, tzinfo=UTC)  # 14:00 in Beijing


@pytest.fixture
def db(any_db_url: str) -> Iterator[sessionmaker[Session]]:
    engine: Engine = make_engine(any_db_url)
    Base.metadata.create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


def test_import_decide_and_follow_up(
    tmp_path: Path, db: sessionmaker[Session], service: ConsentService
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "subject_id,purpose,channel,granted,notice_version,source,effective_at,expires_at\n"
        "u1,follow_up,phone,true,2024.3,crm:1,2024-05-01T10:00:00+08:00,2025-05-01T10:00:00+08:00\n"
        "u2,follow_up,phone,true,2024.3,crm:1,2024-05-01T10:00:00+08:00,\n"
        "u2,follow_up,phone,false,2024.3,crm:1,2024-06-01T10:00:00+08:00,\n",
        encoding="utf-8",
    )
    summary = import_consents(db, service, path, actor=ADMIN, batch_size=2)
    assert (summary.rows_ok, summary.rows_rejected) == (3, 0)
    with transaction(db) as session:
        allowed = service.gate.allowed_subject_ids(
            session, ["u1", "u2"], purpose="follow_up", channel="phone", at=T
        )
        assert allowed == {"u1"}
        record = service.history(session, "u1")[0]
        assert record.expires_at == datetime(2025, 5, 1, 2, 0, tzinfo=UTC)  # +08:00 stored as UTC
        attempt = FollowUpIn(channel="phone", outcome=Outcome.REACHED)
        service.follow_ups.record_attempt(session, subject_id="u1", data=attempt, actor=AGENT, at=T)
    with transaction(db) as session:
        assert [a.outcome for a in service.follow_ups.attempts(session, "u1")] == ["reached"]


def test_a_row_that_is_neither_grant_nor_withdrawal_is_refused_by_the_database(
    db: sessionmaker[Session], service: ConsentService
) -> None:
    with transaction(db) as session:
        service.record(
            session,
            subject_id="u1",
            purpose="analytics",
            channel="in_app",
            granted=True,
            notice_version="1",
            source="app:x",
            expires_at=None,
            actor=ADMIN,
            at=T,
        )
    with pytest.raises(IntegrityError), transaction(db) as session:
        session.execute(update(ConsentRecord).values(granted=False))
    with pytest.raises(IntegrityError), transaction(db) as session:
        session.add(
            ConsentRecord(
                subject_id="u2",
                purpose="analytics",
                channel="in_app",
                granted=True,
                notice_version="1",
                source="app:x",
                recorded_by="x",
                withdrawn_at=T - timedelta(days=1),
            )
        )
