import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from privacy_gateway.storage.models import Feedback
from tests.api.conftest import auth

PHONE = "13812345678"
BODY = {"subject_id": "u1", "channel": "in_app", "text": f"我的手机号是{PHONE}，退款还没到账"}


def test_healthz_needs_no_key(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer pg_not_a_real_key_000000000000"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer pg_abcdefgh_" + "a" * 40},
    ],
)
def test_missing_or_unknown_key_is_401(client, headers):
    r = client.post("/v1/feedback", json=BODY, headers=headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["agent", "compliance", "analyst", "admin"])
def test_wrong_role_is_403(client, make_key, role):
    r = client.post("/v1/feedback", json=BODY, headers=auth(make_key(role)))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    "body",
    [
        {"channel": 5},
        {"subject_id": "u1", "channel": "in_app"},
        {"subject_id": 1, "channel": "in_app", "text": "x"},
        {"subject_id": "u1", "channel": "in_app", "text": ["x"]},
        {"subject_id": "u1", "channel": "in_app", "text": "x", "unknown": 1},
        {"subject_id": "u1", "channel": "carrier_pigeon", "text": "x"},
        {"subject_id": "u1", "channel": "in_app", "text": "   "},
        {"subject_id": "u1", "channel": "in_app", "text": "x", "purpose": "world_domination"},
        {"subject_id": "u1", "channel": "in_app", "text": "x", "occurred_at": "yesterday"},
        {"subject_id": "u1", "channel": "in_app", "text": "x", "occurred_at": "2026-01-01T10:00:00"},
        {"subject_id": "u1", "channel": "in_app", "text": "nul\u0000here"},
        [],
        "just a string",
    ],
)
def test_malformed_body_is_4xx_with_envelope(client, make_key, body):
    r = client.post("/v1/feedback", json=body, headers=auth(make_key("ingest")))
    assert 400 <= r.status_code < 500
    err = r.json()["error"]
    assert {"code", "message"} <= set(err)


def test_invalid_json_is_422(client, make_key):
    r = client.post(
        "/v1/feedback",
        content=b"{not json",
        headers={**auth(make_key("ingest")), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


def test_oversized_body_is_413(client, make_key, settings):
    big = {**BODY, "text": "好" * (settings.max_body_bytes // 2)}
    r = client.post("/v1/feedback", json=big, headers=auth(make_key("ingest")))
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "body_too_large"


def test_oversized_chunked_body_is_413(client, make_key, settings):
    payload = json.dumps({**BODY, "text": "a" * (settings.max_body_bytes + 10)}).encode()

    def chunks():
        for i in range(0, len(payload), 4096):
            yield payload[i : i + 4096]

    r = client.post(
        "/v1/feedback",
        content=chunks(),
        headers={**auth(make_key("ingest")), "Content-Type": "application/json"},
    )
    assert r.status_code == 413


def test_text_over_char_limit_is_413(client, make_key, settings):
    r = client.post(
        "/v1/feedback",
        json={**BODY, "text": "a" * (settings.max_text_chars + 1)},
        headers=auth(make_key("ingest")),
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "text_too_large"


def test_feedback_is_masked_stored_and_raw_phone_is_nowhere(client, make_key, services, settings):
    r = client.post("/v1/feedback", json=BODY, headers=auth(make_key("ingest")))
    assert r.status_code == 201, r.text
    out = r.json()
    assert {"id", "text", "entities", "policy"} <= set(out)
    assert PHONE not in out["text"]
    assert any(
        e["entity_type"] == "PHONE_NUMBER" and BODY["text"][e["start"] : e["end"]] == PHONE
        for e in out["entities"]
    )
    with services.session_factory() as session:
        row = session.scalar(select(Feedback).where(Feedback.id == out["id"]))
        assert row is not None and PHONE not in row.masked_text
        # Every text column of every table, as stored.
        for table in ("feedback", "audit_entries"):
            for values in session.execute(text(f"SELECT * FROM {table}")):
                assert PHONE not in " ".join(map(str, values))
    services.engine.dispose()
    db_file = settings.database_url.removeprefix("sqlite:///")
    for suffix in ("", "-wal"):
        path = Path(db_file + suffix)
        if path.exists():
            assert PHONE.encode() not in path.read_bytes()


def test_analyze_detects_and_stores_nothing(client, make_key, services):
    r = client.post("/v1/analyze", json={"text": f"请回电{PHONE}"}, headers=auth(make_key("ingest")))
    assert r.status_code == 200
    ents = r.json()["entities"]
    assert any(e["entity_type"] == "PHONE_NUMBER" for e in ents)
    with services.session_factory() as session:
        assert session.scalar(select(Feedback.id)) is None


def test_security_headers_and_no_cors(client):
    r = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "access-control-allow-origin" not in r.headers


def test_generalised_facts_are_kept_beside_the_masked_text(client, make_key, services):
    body = {**BODY, "text": "我在杭州市西湖区文三路100号被扣了一千二百元，还有50元"}
    r = client.post("/v1/feedback", json=body, headers=auth(make_key("ingest")))
    assert r.status_code == 201
    with services.session_factory() as session:
        row = session.get(Feedback, r.json()["id"])
        assert row.facts == "<AMOUNT:1000-5000> 浙江省杭州市"
        assert "文三路" not in row.masked_text and "一千二百" not in row.masked_text


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("退款没到账", ""),
        ("扣了50元", "<AMOUNT:0-100>"),
        ("扣了六万元", "<AMOUNT:50000+>"),
        ("我在深圳市南山区", "广东省深圳市"),
    ],
)
def test_quasi_facts(text, facts):
    from privacy_gateway.detection.engine import get_detector
    from privacy_gateway.masking.facts import quasi_facts
    from privacy_gateway.masking.regions import load_region_resolver

    assert quasi_facts(text, get_detector().detect_all(text), region_of=load_region_resolver()) == facts
