"""What each page shows, over HTTP against the seeded database."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text

from privacy_gateway.storage.models import AuditEntry, Feedback, VaultEntry
from tests.console.conftest import csrf_of

SEQ_LINK = re.compile(r'href="/console/audit/entries/(\d+)" aria-label')
NEXT_LINK = re.compile(r'href="(/console/audit\?[^"]*cursor=[^"]+)" rel="next"')


def _seqs(html: str) -> list[int]:
    return [int(s) for s in SEQ_LINK.findall(html)]


@contextmanager
def tampered(env, seq: int) -> Iterator[None]:
    """Change one audit entry behind the application's back (as a DBA could), then put it back."""
    with env.services.engine.begin() as conn:
        before = conn.execute(text("SELECT reason FROM audit_entries WHERE seq = :s"), {"s": seq}).scalar()
        conn.execute(text("UPDATE audit_entries SET reason = 'edited' WHERE seq = :s"), {"s": seq})
    try:
        yield
    finally:
        with env.services.engine.begin() as conn:
            conn.execute(text("UPDATE audit_entries SET reason = :r WHERE seq = :s"), {"r": before, "s": seq})


def test_overview_counts_and_charts(client, env, sign_in):
    sign_in("compliance")
    page = client.get("/console/")
    assert page.status_code == 200
    with env.services.session_factory() as session:
        ingested = session.scalar(select(func.count()).where(AuditEntry.action == "feedback.ingest"))
    assert f">{ingested:,}<" in page.text  # the "feedback received" tile
    for chart in ("chart-detections", "chart-checks", "chart-outbox"):
        assert f'id="{chart}"' in page.text
    assert page.text.count("<rect ") > 20
    assert "电话号码" in page.text and "已同意" in page.text and "crm" in page.text


@pytest.mark.parametrize("days", [7, 14, 30])
def test_overview_periods(client, sign_in, days):
    sign_in("compliance")
    assert client.get(f"/console/?days={days}").status_code == 200


def test_overview_refuses_other_periods(client, sign_in):
    sign_in("compliance")
    assert client.get("/console/?days=365").status_code == 422


def test_search_pages_through_the_whole_trail_newest_first(client, env, sign_in):
    sign_in("compliance")
    with env.services.session_factory() as session:
        head = session.scalar(select(func.max(AuditEntry.seq)))
    page = client.get("/console/audit?limit=100")
    seen = _seqs(page.text)
    assert seen[0] == head and seen == sorted(seen, reverse=True)
    while match := NEXT_LINK.search(page.text):
        page = client.get(match.group(1).replace("&amp;", "&"))
        more = _seqs(page.text)
        assert more and max(more) < min(seen)
        seen += more
    assert seen == list(range(head, 0, -1))  # every entry exactly once, no gap


@pytest.mark.parametrize(
    ("form", "check"),
    [
        ({"actor": "agent-zhang"}, lambda e: e.actor_name == "agent-zhang"),
        ({"action": "consent.*"}, lambda e: e.action.startswith("consent.")),
        ({"action": "vault.reveal"}, lambda e: e.action == "vault.reveal"),
        ({"purpose": "marketing"}, lambda e: e.purpose == "marketing"),
        ({"decision": "deny"}, lambda e: e.decision == "deny"),
        (
            {"action": "consent.check", "decision": "allow"},
            lambda e: (e.action, e.decision) == ("consent.check", "allow"),
        ),
    ],
)
def test_search_filters(client, env, sign_in, form, check):
    token = sign_in("compliance")
    redirect = client.post(
        "/console/audit", data={**form, "limit": "100", "csrf_token": token}, follow_redirects=False
    )
    page = client.get(redirect.headers["location"])
    seqs = _seqs(page.text)
    assert seqs
    with env.services.session_factory() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq.in_(seqs))).all()
    assert all(check(r) for r in rows)


def test_search_by_subject_and_time_range(client, env, sign_in):
    token = sign_in("compliance")
    ref = env.services.audit.subject_ref(env.data.timeline_subject)
    with env.services.session_factory() as session:
        times = session.scalars(
            select(AuditEntry.ts).where(AuditEntry.subject_ref == ref).order_by(AuditEntry.ts)
        ).all()
    since = times[len(times) // 2].astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    form = {"subject": env.data.timeline_subject, "since": since.strftime("%Y-%m-%d %H:%M"), "limit": "100"}
    location = client.post(
        "/console/audit", data={**form, "csrf_token": token}, follow_redirects=False
    ).headers["location"]
    seqs = _seqs(client.get(location).text)
    with env.services.session_factory() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq.in_(seqs))).all()
    assert rows and all(r.subject_ref == ref for r in rows)
    assert all(r.ts >= since.replace(second=0) for r in rows)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "YYYY-MM-DD"),
        ("since=2024-05-02 00:00&until=2024-05-01 00:00", "since must be before until"),
        ("subject_ref=sp_nothex", "pseudonym"),
        ("cursor=bogus", "cursor"),
    ],
)
def test_bad_filters_are_explained_not_crashed(client, sign_in, query, message):
    sign_in("compliance")
    page = client.get(f"/console/audit?{query}")
    assert page.status_code == 422
    assert message in page.text


def test_entry_detail_shows_seq_hashes_and_records(client, env, sign_in):
    sign_in("compliance")
    with env.services.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "feedback.ingest").limit(1)
        ).one()
    page = client.get(f"/console/audit/entries/{entry.seq}")
    assert page.status_code == 200
    for value in (entry.hash, entry.prev_hash, *entry.record_ids, entry.subject_ref):
        assert value in page.text
    assert "审计条目 #" + str(entry.seq) in page.text
    assert all(entity_type in page.text for entity_type in entry.entity_counts)


@pytest.mark.parametrize("seq", [0, 10**9, -1])
def test_entry_out_of_range(client, sign_in, seq):
    sign_in("compliance")
    assert client.get(f"/console/audit/entries/{seq}").status_code in (404, 422)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_of_the_filtered_result(client, env, sign_in, fmt):
    sign_in("compliance")
    response = client.get(f"/console/audit/export?format={fmt}&action=consent.check")
    assert response.status_code == 200
    assert f'filename="audit-export.{fmt}"' in response.headers["content-disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
    else:
        rows = [json.loads(line) for line in response.text.splitlines()]
    with env.services.session_factory() as session:
        expected = session.scalar(select(func.count()).where(AuditEntry.action == "consent.check"))
    assert len(rows) == expected and {r["action"] for r in rows} == {"consent.check"}
    seqs = [int(r["seq"]) for r in rows]
    assert seqs == sorted(seqs)


def test_verify_intact_then_tampered_then_checkpoints(client, env, sign_in):
    token = sign_in("compliance")
    ok = client.post("/console/verify", data={"csrf_token": token})
    assert "审计链完整" in ok.text and 'class="verdict ok"' in ok.text
    signed = client.post("/console/verify/checkpoint", data={"csrf_token": token})
    assert "已签署检查点" in signed.text
    with tampered(env, 5):
        bad = client.post("/console/verify", data={"csrf_token": token})
        assert 'class="verdict bad"' in bad.text
        assert 'href="/console/audit/entries/5" id="first-bad"' in bad.text
        assert "entry 5 was modified" in bad.text
    document = client.get("/console/verify/checkpoints").json()
    assert document["checkpoints"] and document["public_keys"]
    again = client.post("/console/verify", data={"csrf_token": token})
    assert 'class="verdict ok"' in again.text


def test_subject_view(client, env, sign_in):
    token = sign_in("compliance")
    page = client.post(
        "/console/subject", data={"subject_id": env.data.timeline_subject, "csrf_token": token}
    )
    html = page.text
    assert page.status_code == 200
    assert env.services.audit.subject_ref(env.data.timeline_subject) in html
    timeline = html.split('id="consent-timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li ") >= 6 and "撤回" in timeline and "单独同意" in timeline
    assert 'id="follow-ups"' in html and "agent-zhang" in html
    assert "<PHONE_NUMBER_1>".replace("<", "&lt;").replace(">", "&gt;") in html  # masked text only
    with env.services.session_factory() as session:
        texts = session.scalars(
            select(Feedback.masked_text).where(Feedback.subject_id == env.data.timeline_subject)
        )
        assert all(t.replace("<", "&lt;").replace(">", "&gt;") in html for t in texts)
    reveals = html.split('id="h-reveals"')[1].split("</section>")[0]
    assert reveals.count("<tr>") >= 3  # header + two reveals
    assert "仅管理员（admin）可以提交删除请求" in html  # compliance sees no erasure form
    assert 'action="/console/subject/erase"' not in html


def test_subject_view_of_an_erased_subject(client, env, sign_in):
    token = sign_in("compliance")
    html = client.post(
        "/console/subject", data={"subject_id": env.data.erased_subject, "csrf_token": token}
    ).text
    erasures = html.split('id="h-erasures"')[1].split("</section>")[0]
    assert "DSR-2024-0107" in erasures and "admin-li" in erasures


def test_compliance_may_not_erase(client, env, sign_in):
    token = sign_in("compliance")
    data = {"subject_id": env.data.spare_subject, "reason": "r", "confirm": "yes", "csrf_token": token}
    assert client.post("/console/subject/erase", data=data).status_code == 403
    with env.services.session_factory() as session:
        assert (
            session.scalar(
                select(func.count()).where(
                    Feedback.subject_id == env.data.spare_subject, Feedback.erased_at.is_not(None)
                )
            )
            == 0
        )


@pytest.mark.parametrize(
    "fields",
    [{"reason": "r"}, {"confirm": "yes"}, {"reason": "", "confirm": "yes"}, {"reason": "r", "confirm": "no"}],
    ids=["unconfirmed", "no-reason", "empty-reason", "confirm-no"],
)
def test_erasure_needs_a_reason_and_a_confirmation(client, env, sign_in, fields):
    token = sign_in("admin")
    response = client.post(
        "/console/subject/erase", data={"subject_id": env.data.spare_subject, **fields, "csrf_token": token}
    )
    assert response.status_code == 422


def test_admin_erases_a_subject_like_the_api(tmp_path):
    from fastapi.testclient import TestClient

    from privacy_gateway.api.app import create_app
    from tests.console.live import ConsoleEnv

    env = ConsoleEnv.create(tmp_path, payloads=False, console_secure_cookie=False)
    subject = env.data.timeline_subject
    try:
        with TestClient(create_app(services=env.services), base_url="http://127.0.0.1") as client:
            token = csrf_of(client.get("/console/login").text)
            client.post("/console/login", data={"api_key": env.data.keys["admin"], "csrf_token": token})
            token = csrf_of(client.get("/console/subject").text)
            profile = client.post("/console/subject", data={"subject_id": subject, "csrf_token": token})
            assert 'action="/console/subject/erase"' in profile.text
            data = {
                "subject_id": subject,
                "reason": "用户申请注销",
                "ticket": "DSR-1",
                "confirm": "yes",
                "csrf_token": token,
            }
            done = client.post("/console/subject/erase", data=data)
        assert done.status_code == 200 and "删除已完成" in done.text
        with env.services.session_factory() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "subject.erase").order_by(AuditEntry.seq.desc())
            ).first()
            assert entry is not None and entry.actor_name == "admin-li"
            assert entry.details["ticket"] == "DSR-1" and entry.details["reason_chars"] == 6
            assert "用户申请注销" not in json.dumps(entry.details, ensure_ascii=False)
            assert session.scalar(select(func.count()).select_from(VaultEntry)) is not None
            forget = session.scalars(select(AuditEntry).where(AuditEntry.action == "consent.forget")).all()
            assert forget and forget[-1].subject_ref == entry.subject_ref
            left = session.scalar(
                select(func.count()).where(Feedback.subject_id == subject, Feedback.erased_at.is_(None))
            )
            assert left == 0
    finally:
        env.close()


def test_login_page_sends_a_signed_in_user_to_the_overview(client, sign_in):
    sign_in("compliance")
    response = client.get("/console/login", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/"
