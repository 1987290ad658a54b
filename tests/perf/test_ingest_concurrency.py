"""POST /v1/feedback under many concurrent requests: every request answered, nothing lost or doubled.

More requests in flight than the server's thread pool has threads used to deadlock on SQLite: the
request transaction took the write lock at authentication and then needed a pool thread to go on,
while the threads were held by requests waiting for that lock. Run on both databases.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models import AuditEntry, Feedback
from privacy_gateway.types import Actor

CONCURRENT = 120  # three times the default thread pool (40)
TEXTS = ("我的手机号是13812345678，退款还没到账", "提现一直显示处理中", "卡号6222021234567890123扣款两次")


@pytest.fixture
def db_services(any_db_url: str, tmp_path) -> Iterator[Services]:
    svc = build_services(Settings(database_url=any_db_url, key_file=tmp_path / "keys.json"))
    upgrade(svc.engine)
    yield svc
    svc.close()


async def post_all(app, key: str, n: int) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw", timeout=60) as client:
        return await asyncio.gather(
            *(
                client.post(
                    "/v1/feedback",
                    json={"subject_id": f"u{i % 7}", "channel": "in_app", "text": TEXTS[i % 3]},
                    headers={"Authorization": f"Bearer {key}"},
                )
                for i in range(n)
            )
        )


def test_concurrent_ingest_answers_every_request_and_keeps_every_record_once(db_services):
    with db_services.session_factory() as session, session.begin():
        key = create_key(
            session, db_services.audit, name="load", role="ingest", actor=Actor("t", "admin")
        ).key
    app = create_app(services=db_services)
    try:
        answers = asyncio.run(asyncio.wait_for(post_all(app, key, CONCURRENT), 120))
    finally:
        app.state.group_commit.close()
    assert [r.status_code for r in answers] == [201] * CONCURRENT
    ids = [r.json()["id"] for r in answers]
    assert len(set(ids)) == CONCURRENT
    with db_services.session_factory() as session:
        assert set(session.scalars(select(Feedback.id))) == set(ids)
        ingested = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "feedback.ingest")
        assert session.scalar(ingested) == CONCURRENT
        assert db_services.audit.verify(session).ok
    assert app.state.group_commit.items == CONCURRENT


def test_the_server_hands_the_gil_back_sooner_while_it_runs(services):
    from fastapi.testclient import TestClient

    from privacy_gateway.api.app import GIL_SWITCH_INTERVAL_S

    original = sys.getswitchinterval()
    # Start from Python's default: another app served in this process (the console's browser tests run a
    # live server in a thread) may still hold the shorter interval.
    sys.setswitchinterval(0.005)
    try:
        before = sys.getswitchinterval()
        with TestClient(create_app(services=services)):
            assert sys.getswitchinterval() == GIL_SWITCH_INTERVAL_S < before
        assert sys.getswitchinterval() == before
    finally:
        sys.setswitchinterval(original)
