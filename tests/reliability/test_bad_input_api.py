"""The bad-input catalogue through the HTTP API: every malformed request gets a clear 4xx with the error
envelope, never a 5xx or a traceback; odd but valid text (zero-width characters inside numbers,
full-width digits, emoji) is still detected and masked."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models import AuditEntry, Feedback
from privacy_gateway.types import Actor
from tests.api.conftest import auth

PHONE = "13812345678"
RESIDENT_ID = "11010519491231002X"  # the standard's own example, valid checksum
OK = {"subject_id": "u1", "channel": "in_app", "text": f"手机{PHONE}"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request, tmp_path_factory):
    """The whole catalogue runs on both databases (PostgreSQL refuses values SQLite keeps: NUL in text),
    on one app per database for the module: every test counts what its own requests stored."""
    tmp = tmp_path_factory.mktemp("catalogue")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'gateway.db'}"
    else:
        url = request.getfixturevalue("pg_server_url")
        request.addfinalizer(lambda: _drop_schema(url))
    # One key sends the whole catalogue as fast as it can: no rate limit here (tests/security has it).
    return Settings(
        database_url=url, key_file=tmp / "keys.json", export_dir=tmp / "exports", rate_limit_per_second=0
    )


def _drop_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="module")
def services(settings):
    svc = build_services(settings)
    upgrade(svc.engine)
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def client(services):
    with TestClient(create_app(services=services), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def keys(services):
    made = {}
    with services.session_factory() as session, session.begin():
        for role in ("ingest", "agent", "compliance", "analyst", "admin"):
            actor = Actor("test", "admin")
            made[role] = create_key(
                session, services.audit, name=f"catalogue-{role}", role=role, actor=actor
            ).key
    return made


def stored(services) -> int:
    with services.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Feedback))


def _send(client, method, path, key, *, body=None, raw=None, content_type="application/json"):
    headers = {**auth(key), "Content-Type": content_type}
    content = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    return client.request(method, path, headers=headers, content=content)


def assert_clean_4xx(response, status=None, code=None):
    """A 4xx in the error envelope; no traceback or exception text in the body."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if status is not None:
        assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    if code is not None:
        assert error["code"] == code
    assert "Traceback" not in response.text and 'File "' not in response.text


def nested(depth: int) -> bytes:
    return b'{"subject_id":"u1","channel":"in_app","text":"x","x":' + b"[" * depth + b"]" * depth + b"}"


# (name, raw body bytes, expected status or None for any 4xx, expected code or None)
RAW_BODIES = [
    ("invalid utf-8", b'{"subject_id":"u1","channel":"in_app","text":"\xff\xfe"}', 400, "malformed_body"),
    ("truncated utf-8", b'{"subject_id":"u1","channel":"in_app","text":"\xe6\x89"}', 400, "malformed_body"),
    ("not json", b"{not json", 422, "invalid_request"),
    ("empty body", b"", 422, "invalid_request"),
    ("nested 10,000 arrays", nested(10_000), None, None),
    ("nested 10,000 objects", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, None, None),
    ("nested 100", nested(100), 422, "invalid_request"),  # shallow enough to parse: unknown field
    ("NaN", b'{"subject_id":"u1","channel":"in_app","text":NaN}', 422, None),
    ("huge exponent", b'{"subject_id":"u1","channel":"in_app","text":1e999999}', 422, "invalid_request"),
    ("huge integer", b'{"subject_id":' + b"9" * 4000 + b',"channel":"in_app","text":"x"}', None, None),
    ("trailing garbage", b'{"subject_id":"u1","channel":"in_app","text":"x"} xx', 422, None),
]


@pytest.mark.parametrize(("name", "raw", "status", "code"), RAW_BODIES, ids=[r[0] for r in RAW_BODIES])
@pytest.mark.parametrize("path", ["/v1/feedback", "/v1/analyze"])
def test_malformed_raw_bodies(client, keys, path, name, raw, status, code):
    assert_clean_4xx(_send(client, "POST", path, keys["ingest"], raw=raw), status, code)


def test_wrong_content_type_is_4xx(client, keys):
    raw = json.dumps(OK).encode()
    r = _send(client, "POST", "/v1/feedback", keys["ingest"], raw=raw, content_type="text/plain")
    assert_clean_4xx(r)


def test_body_over_the_size_limit_is_413(client, keys, settings):
    raw = json.dumps({**OK, "text": "好" * settings.max_body_bytes}).encode()
    assert_clean_4xx(_send(client, "POST", "/v1/feedback", keys["ingest"], raw=raw), 413, "body_too_large")


# (name, text, status, code): text that must be refused, through both /v1/feedback and /v1/analyze
BAD_TEXTS = [
    ("empty", "", 422, "empty_text"),
    ("spaces", "   ", 422, "empty_text"),
    ("whitespace mix", " \t\r\n\u3000 ", 422, "empty_text"),
    ("lone high surrogate", "退款\ud800没到", 422, "invalid_unicode"),
    ("lone low surrogate", "\udc00", 422, "invalid_unicode"),
    ("NUL", "退款\x00没到", 422, "control_character"),
    ("bell", "退款\x07", 422, "control_character"),
    ("escape", "\x1b[31m红\x1b[0m", 422, "control_character"),
    ("DEL", "a\x7fb", 422, "control_character"),
    ("C1 control", "a\x85b", 422, "control_character"),
]


@pytest.mark.parametrize(("name", "text", "status", "code"), BAD_TEXTS, ids=[t[0] for t in BAD_TEXTS])
def test_bad_text_is_refused(client, keys, services, name, text, status, code):
    before = stored(services)
    feedback = _send(client, "POST", "/v1/feedback", keys["ingest"], body={**OK, "text": text})
    assert_clean_4xx(feedback, status, code)
    assert_clean_4xx(_send(client, "POST", "/v1/analyze", keys["ingest"], body={"text": text}), status, code)
    assert stored(services) == before


def test_text_over_the_character_limit_is_413(client, keys, settings):
    text = "a" * (settings.max_text_chars + 1)
    for path, body in (("/v1/feedback", {**OK, "text": text}), ("/v1/analyze", {"text": text})):
        assert_clean_4xx(_send(client, "POST", path, keys["ingest"], body=body), 413, "text_too_large")


# (name, body) for POST /v1/feedback: wrong types, unknown fields, bad timestamps, unknown choices
BAD_FEEDBACK = [
    ("body is a list", []),
    ("body is a string", "text"),
    ("body is a number", 12),
    ("body is null", None),
    ("text is a number", {**OK, "text": 12}),
    ("text is a list", {**OK, "text": ["a"]}),
    ("text is an object", {**OK, "text": {"a": 1}}),
    ("text is null", {**OK, "text": None}),
    ("text is a bool", {**OK, "text": True}),
    ("subject is a number", {**OK, "subject_id": 1}),
    ("subject is huge number", {**OK, "subject_id": 10**100}),
    ("subject empty", {**OK, "subject_id": ""}),
    ("subject blank", {**OK, "subject_id": "   "}),
    ("subject too long", {**OK, "subject_id": "u" * 201}),
    ("subject with NUL", {**OK, "subject_id": "u\x001"}),
    ("subject lone surrogate", {**OK, "subject_id": "u\ud8001"}),
    ("channel missing", {"subject_id": "u1", "text": "x"}),
    ("channel is a bool", {**OK, "channel": True}),
    ("unknown channel", {**OK, "channel": "carrier_pigeon"}),
    ("channel SQL", {**OK, "channel": "in_app' OR '1'='1"}),
    ("unknown purpose", {**OK, "purpose": "world_domination"}),
    ("purpose SQL", {**OK, "purpose": "analytics; DROP TABLE feedback; --"}),
    ("purpose case", {**OK, "purpose": "ANALYTICS"}),
    ("category with NUL", {**OK, "category": "a\x00"}),
    ("category is a list", {**OK, "category": ["a"]}),
    ("unknown field", {**OK, "unknown": 1}),
    ("unknown field id", {**OK, "id": "choose-my-own-id"}),
    ("occurred_at words", {**OK, "occurred_at": "yesterday"}),
    ("occurred_at no offset", {**OK, "occurred_at": "2026-01-01T10:00:00"}),
    ("occurred_at month 13", {**OK, "occurred_at": "2026-13-01T00:00:00Z"}),
    ("occurred_at day 32", {**OK, "occurred_at": "2026-01-32T00:00:00Z"}),
    ("occurred_at year 0", {**OK, "occurred_at": "0000-01-01T00:00:00Z"}),
    ("occurred_at 5-digit year", {**OK, "occurred_at": "10000-01-01T00:00:00Z"}),
    ("occurred_at before year 1 in UTC", {**OK, "occurred_at": "0001-01-01T00:00:00+14:00"}),
    ("occurred_at after 9999 in UTC", {**OK, "occurred_at": "9999-12-31T23:59:59-14:00"}),
    ("occurred_at offset 24h", {**OK, "occurred_at": "2026-01-01T00:00:00+24:00"}),
    ("occurred_at huge number", {**OK, "occurred_at": 10**30}),
    ("occurred_at float inf", {**OK, "occurred_at": 1e308 * 10}),
    ("occurred_at object", {**OK, "occurred_at": {"y": 2026}}),
]


def _dumps(body):
    return json.dumps(body, allow_nan=True).encode()


@pytest.mark.parametrize(("name", "body"), BAD_FEEDBACK, ids=[b[0] for b in BAD_FEEDBACK])
def test_bad_feedback_bodies(client, keys, services, name, body):
    before = stored(services)
    assert_clean_4xx(_send(client, "POST", "/v1/feedback", keys["ingest"], raw=_dumps(body)))
    assert stored(services) == before


# Odd but valid text: accepted, and the number inside is still found and masked.
# (name, text before, the value (the characters the span must cover), text after, entity type)
ZW, ZWJ, BOM, WJ, SHY = "\u200b", "\u200d", "\ufeff", "\u2060", "\u00ad"
ODD_TEXTS = [
    ("zero-width space in phone", "手机", f"138{ZW}1234{ZW}5678", "请回电", "PHONE_NUMBER"),
    ("zero-width joiner in phone", "电话", f"138{ZWJ}1234{ZWJ}5678", "", "PHONE_NUMBER"),
    ("BOM in phone", f"电话{BOM}", f"138{BOM}12345678", "", "PHONE_NUMBER"),
    ("word joiner and bidi in phone", "手机\u2066", f"138{WJ}1234\u20695678", "", "PHONE_NUMBER"),
    ("soft hyphen in ID", "身份证", f"1101{SHY}0519{SHY}4912{SHY}31002X", "", "CN_RESIDENT_ID"),
    ("zero-width in ID", "身份证号", f"1101{ZW}05194912{ZW}31002X", "。", "CN_RESIDENT_ID"),
    ("full-width phone", "手机", "１３８１２３４５６７８", "", "PHONE_NUMBER"),
    ("full-width ID", "身份证", "１１０１０５１９４９１２３１００２Ｘ", "", "CN_RESIDENT_ID"),
    ("emoji around phone", "😀😀", PHONE, "🙏", "PHONE_NUMBER"),
    ("emoji with ZWJ sequence", f"👩{ZWJ}👩{ZWJ}👧手机", PHONE, "", "PHONE_NUMBER"),
    ("flag emoji and phone", "🇨🇳电话：", PHONE, "", "PHONE_NUMBER"),
    ("combining marks", "e\u0301\u0301手机", PHONE, "", "PHONE_NUMBER"),
    ("tabs and newlines kept", "第一行\n手机\t", PHONE, "\r\n", "PHONE_NUMBER"),
]
FULL_WIDTH_DIGITS = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}


@pytest.mark.parametrize(
    ("name", "before", "value", "after", "entity"), ODD_TEXTS, ids=[t[0] for t in ODD_TEXTS]
)
def test_odd_text_is_still_detected_and_masked(client, keys, name, before, value, after, entity):
    text = before + value + after
    digits = re.sub(r"\D", "", value.translate(FULL_WIDTH_DIGITS))
    analyzed = _send(client, "POST", "/v1/analyze", keys["ingest"], body={"text": text})
    assert analyzed.status_code == 200, analyzed.text
    spans = [e for e in analyzed.json()["entities"] if e["entity_type"] == entity]
    assert any(value in text[e["start"] : e["end"]] for e in spans), analyzed.json()

    stored = _send(client, "POST", "/v1/feedback", keys["ingest"], body={**OK, "text": text})
    assert stored.status_code == 201, stored.text
    out = stored.json()
    assert any(e["entity_type"] == entity and value in text[e["start"] : e["end"]] for e in out["entities"])
    visible = re.sub(r"\D", "", out["text"].translate(FULL_WIDTH_DIGITS))
    assert digits not in visible  # not even with the invisible characters dropped


# -- SQL metacharacters and control characters in every filter ----------------------------------------

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '"; DROP TABLE audit_entries; --',
    "%",
    "_",
    "%%",
    "\\",
    "*",
    "u1' UNION SELECT * FROM api_keys --",
    "$1",
    "?",
    ":subject",
]


@pytest.fixture(scope="module")
def seeded(client, keys):
    """Two subjects with consents and feedback, so a filter that matched everything would show."""
    for subject in ("alice-1", "bob-2"):
        r = _send(client, "POST", "/v1/feedback", keys["ingest"], body={**OK, "subject_id": subject})
        assert r.status_code == 201
        consent = {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app:settings"}
        r = _send(client, "PUT", f"/v1/subjects/{subject}/consents/follow_up", keys["ingest"], body=consent)
        assert r.status_code == 200, r.text
    return keys


@pytest.mark.parametrize("name", ["subject_id", "actor", "action", "purpose", "decision"])
def test_sql_in_audit_filters_matches_nothing(client, seeded, services, name):
    for value in SQL:
        for path in ("/v1/audit", "/v1/audit/export"):
            r = client.get(path, params={name: value}, headers=auth(seeded["compliance"]))
            assert r.status_code in (200, 422), (value, r.text)
            if r.status_code == 422:
                assert_clean_4xx(r)
                continue
            if path == "/v1/audit":
                items = r.json()["items"]
            else:
                items = [json.loads(line) for line in r.text.splitlines()]
            # Only the trail's own record of the previous query with this filter (reads are audited),
            # never an entry of the seeded subjects.
            assert all(item["action"].startswith("audit.") for item in items), value
    with services.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0  # still there


@pytest.mark.parametrize("action", ["%.*", "_.*", "\\.*", "feedback%", "feedback_ingest", "%"])
def test_action_prefix_filter_escapes_like_wildcards(client, seeded, action):
    r = client.get("/v1/audit", params={"action": action}, headers=auth(seeded["compliance"]))
    assert r.status_code == 200
    assert r.json()["items"] == []


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"since": "yesterday"}, 422),
        ({"since": "2026-01-01T00:00:00"}, 422),  # no offset
        ({"until": "2026-02-30T00:00:00Z"}, 422),
        ({"since": "0001-01-01T00:00:00+14:00"}, 422),
        ({"until": "9999-12-31T23:59:59-14:00"}, 422),
        ({"since": "1" * 400}, 422),
        ({"limit": "0"}, 422),
        ({"limit": "-1"}, 422),
        ({"limit": "9" * 40}, 422),
        ({"limit": "1e3"}, 422),
        ({"cursor": "' OR 1=1 --"}, 422),
        ({"cursor": "9" * 100}, 422),
        ({"cursor": "-1"}, 422),
        ({"order": "seq; DROP TABLE audit_entries"}, 422),
        ({"subject_ref": "sp_" + "'" * 32}, 422),
        ({"subject_id": "x" * 201}, 422),
        ({"actor": "\x00"}, 400),
        ({"action": "feedback.\x1b"}, 400),
        ({"subject_id": "u1\n"}, 400),
    ],
)
def test_bad_audit_query_params(client, seeded, params, status):
    assert_clean_4xx(client.get("/v1/audit", params=params, headers=auth(seeded["compliance"])), status)


def test_sql_in_feedback_listing_and_reads(client, seeded):
    agent = auth(seeded["agent"])
    for value in SQL:
        assert_clean_4xx(client.get("/v1/feedback", params={"purpose": value}, headers=agent), 422)
        r = client.get("/v1/feedback", params={"purpose": "service", "cursor": value}, headers=agent)
        assert_clean_4xx(r, 422)
        r = client.get(f"/v1/feedback/{quote(value, safe='')}", params={"purpose": "service"}, headers=agent)
        assert_clean_4xx(r, 404)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"purpose": "service", "limit": "0"}, 422),
        ({"purpose": "service", "limit": "501"}, 422),
        ({"purpose": "service", "limit": "9" * 40}, 422),
        ({"purpose": "service", "cursor": "eyJ0IjoiOTk5OTktMDEtMDEiLCJpZCI6MX0"}, 422),  # year 99999
        ({"purpose": "service", "cursor": "eyJ0IjoiMjAyNi0wMS0wMVQwMDowMDowMCIsImlkIjoiYSJ9"}, 422),  # naive
        ({"purpose": "service", "cursor": "x" * 513}, 422),
        ({"purpose": ""}, 422),
        ({}, 422),
        ({"purpose": "service\x00"}, 400),
    ],
)
def test_bad_feedback_listing_params(client, seeded, params, status):
    assert_clean_4xx(client.get("/v1/feedback", params=params, headers=auth(seeded["agent"])), status)


def test_sql_in_consent_paths_is_a_literal_subject(client, seeded, services):
    consent = {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app:settings"}
    for value in SQL:
        subject = quote(value, safe="")
        r = _send(client, "PUT", f"/v1/subjects/{subject}/consents/follow_up", seeded["ingest"], body=consent)
        assert r.status_code == 200, (value, r.text)
        assert r.json()["subject_id"] == value
        r = client.get(f"/v1/subjects/{subject}/consents", headers=auth(seeded["agent"]))
        assert r.status_code == 200
        assert {h["subject_id"] for h in r.json()["history"]} == {value}  # nobody else's records
        r = _send(client, "PUT", f"/v1/subjects/u1/consents/{subject}", seeded["ingest"], body=consent)
        assert_clean_4xx(r, 422)
        r = client.request(
            "DELETE", f"/v1/subjects/{subject}", params={"reason": "test"}, headers=auth(seeded["admin"])
        )
        assert r.status_code == 200, r.text
    with services.session_factory() as session:
        kept = session.scalars(select(Feedback.subject_id).where(Feedback.erased_at.is_(None))).all()
        erased = session.scalars(select(Feedback.subject_id).where(Feedback.erased_at.is_not(None))).all()
    assert {"alice-1", "bob-2"} <= set(kept)  # erasing "' OR 1=1 --" erased nobody else
    assert erased == []


@pytest.mark.parametrize(
    ("method", "path", "role", "body", "status"),
    [
        # consent writes
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "pigeon", "granted": True, "notice_version": "v1", "source": "app"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/nope",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": "yes", "notice_version": "v1", "source": "app"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": 1, "notice_version": "v1", "source": "app"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {
                "channel": "phone",
                "granted": True,
                "notice_version": "v1",
                "source": "app",
                "expires_at": "soon",
            },
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {
                "channel": "phone",
                "granted": True,
                "notice_version": "v1",
                "source": "app",
                "expires_at": "0001-01-01T00:00:00+14:00",
            },
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {
                "channel": "phone",
                "granted": True,
                "notice_version": "v1",
                "source": "app",
                "expires_at": "9999-12-31T23:59:59-14:00",
            },
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app\x00"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "张三 13812345678"},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app", "extra": 1},
            422,
        ),
        (
            "PUT",
            "/v1/subjects/u1%00/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app"},
            400,
        ),
        (
            "PUT",
            "/v1/subjects/" + "u" * 201 + "/consents/follow_up",
            "ingest",
            {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app"},
            422,
        ),
        # consent reads and checks
        ("GET", "/v1/subjects/u1%0A/consents", "agent", None, 400),
        ("POST", "/v1/consent-checks", "agent", {"subject_id": "u1", "purpose": 1, "channel": "phone"}, 422),
        ("POST", "/v1/consent-checks", "agent", {"subject_id": "u1", "purpose": "follow_up"}, 422),
        (
            "POST",
            "/v1/consent-checks",
            "agent",
            {"subject_id": "u\ud800", "purpose": "follow_up", "channel": "phone"},
            422,
        ),
        # follow-ups
        ("POST", "/v1/subjects/u1/follow-ups", "agent", {"channel": "phone", "outcome": "nope"}, 422),
        (
            "POST",
            "/v1/subjects/u1/follow-ups",
            "agent",
            {"channel": "phone", "outcome": "reached", "notes": "客户张三电话13812345678"},
            422,
        ),
        (
            "POST",
            "/v1/subjects/u1/follow-ups",
            "agent",
            {"channel": "phone", "outcome": "reached", "notes": "\ud800"},
            422,
        ),
        ("POST", "/v1/subjects/u1/follow-ups/check", "agent", {"channel": ["phone"]}, 422),
        ("PUT", "/v1/subjects/u1/do-not-contact", "agent", {"active": "true"}, 422),
        # vault
        (
            "POST",
            "/v1/feedback/abc/reveal",
            "agent",
            {"purpose": "follow_up", "channel": "phone", "reason": "r", "indexes": [10**30]},
            422,
        ),
        (
            "POST",
            "/v1/feedback/abc/reveal",
            "agent",
            {"purpose": "follow_up", "channel": "phone", "reason": "r", "indexes": [-1]},
            422,
        ),
        (
            "POST",
            "/v1/feedback/abc/reveal",
            "agent",
            {"purpose": "follow_up", "channel": "phone", "reason": "r", "entity_types": ["\ud800"]},
            None,
        ),
        (
            "POST",
            "/v1/feedback/abc/reveal",
            "agent",
            {"purpose": "follow_up", "channel": "phone", "reason": ""},
            422,
        ),
        ("DELETE", "/v1/subjects/u1", "admin", None, 422),  # no reason
        ("DELETE", "/v1/subjects/u1", "admin", {"reason": "\ud800"}, 422),
        ("DELETE", "/v1/subjects/u1%00", "admin", {"reason": "r"}, 400),
        # audit
        ("POST", "/v1/audit/verify", "compliance", {"format": "x"}, 422),
        ("POST", "/v1/audit/verify", "compliance", [], 422),
        (
            "POST",
            "/v1/audit/verify",
            "compliance",
            {"format": "privacy_gateway.audit.checkpoints/1", "checkpoints": [{"seq": 10**30}]},
            422,
        ),
        # exports
        ("POST", "/v1/exports", "analyst", {"k": 10**30}, 422),
        ("POST", "/v1/exports", "analyst", {"quasi": ["\ud800"]}, 422),
        ("POST", "/v1/exports", "analyst", {"quasi": ["region; DROP TABLE feedback"]}, 422),
        ("POST", "/v1/exports", "analyst", {"purpose": "nope"}, 422),
        ("POST", "/v1/exports", "analyst", {"format": "exe"}, 422),
        ("POST", "/v1/exports", "analyst", {"max_suppression": float("nan")}, 422),
        ("GET", "/v1/exports/..%2F..%2Fetc/manifest", "analyst", None, 404),
        ("GET", f"/v1/exports/{'0' * 32}/files/..%2F..%2Fkeys.json", "analyst", None, 404),
    ],
)
def test_bad_requests_per_endpoint(client, keys, method, path, role, body, status):
    raw = None if body is None else _dumps(body)
    assert_clean_4xx(_send(client, method, path, keys[role], raw=raw), status)
