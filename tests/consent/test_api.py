"""Consent, follow-up and gated feedback reads through the real app (create_app, deps, error table)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from privacy_gateway.api.app import create_app
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.export.schemas import ExportRequest
from privacy_gateway.export.service import ExportService
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.models import AuditEntry, Feedback
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor, Role

PHONE = "13812345678"
GRANT = {"channel": "in_app", "granted": True, "notice_version": "2024.3", "source": "app:consent-dialog"}


@dataclass
class Api:
    client: TestClient
    services: Services
    keys: dict[str, str]

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def feedback(self, subject_id: str, *, purpose: str = "service", minutes_ago: int = 0) -> str:
        with self.services.session_factory() as session, session.begin():
            row = Feedback(
                subject_id=subject_id,
                channel="in_app",
                purpose=purpose,
                masked_text="退款慢 [PHONE]",
                entities=[{"entity_type": "PHONE_NUMBER", "start": 4, "end": 11}],
                policy="default",
                policy_version="1",
                received_at=utcnow() - timedelta(minutes=minutes_ago),
            )
            session.add(row)
            session.flush()
            return row.id

    def audit(self, action: str) -> list[AuditEntry]:
        with self.services.session_factory() as session:
            query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            return list(session.scalars(query))


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    services = build_services(settings)
    upgrade(services.engine)
    app = create_app(services=services)
    with services.session_factory() as session, session.begin():
        keys = {
            role.value: create_key(
                session, services.audit, name=f"k-{role.value}", role=role.value, actor=Actor("test", "admin")
            ).key
            for role in Role
        }
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, services, keys)
    services.close()


def without_quiet_hours(api: Api) -> None:
    """Swap in rules without quiet hours, so that no test depends on the time of day in Beijing."""
    old = api.services.consent
    rules = old.rules.model_copy(
        update={"follow_up": old.rules.follow_up.model_copy(update={"quiet_hours": None})}
    )
    api.services.consent = ConsentService(
        old.audit, purposes=old.purposes, channels=old.channels, rules=rules
    )


def put(api: Api, subject: str, purpose: str, role: str = "admin", **changes: object) -> dict[str, object]:
    r = api.client.put(
        f"/v1/subjects/{subject}/consents/{purpose}", json={**GRANT, **changes}, headers=api.as_(role)
    )
    assert r.status_code == 200, r.text
    return r.json()


def check(api: Api, subject: str, purpose: str = "analytics", channel: str = "in_app") -> dict[str, object]:
    body = {"subject_id": subject, "purpose": purpose, "channel": channel}
    r = api.client.post("/v1/consent-checks", json=body, headers=api.as_("agent"))
    assert r.status_code == 200, r.text
    return r.json()


def listed(api: Api, purpose: str = "analytics", role: str = "analyst", limit: int = 50) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {
            "purpose": purpose,
            "limit": limit,
            **({"cursor": cursor} if cursor else {}),
        }
        r = api.client.get("/v1/feedback", params=params, headers=api.as_(role))
        assert r.status_code == 200, r.text
        ids += [item["id"] for item in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return ids


def test_withdrawal_takes_effect_for_the_next_check_listing_read_and_export(api: Api) -> None:
    fa, fb = api.feedback("alice", minutes_ago=2), api.feedback("bob", minutes_ago=1)
    put(api, "alice", "analytics")
    put(api, "bob", "analytics")
    assert check(api, "alice")["allowed"] is True
    assert listed(api) == [fa, fb]
    assert (
        api.client.get(
            f"/v1/feedback/{fa}", params={"purpose": "analytics"}, headers=api.as_("analyst")
        ).status_code
        == 200
    )

    withdrawal = put(api, "alice", "analytics", role="ingest", granted=False)

    assert check(api, "alice") == {"allowed": False, "reason": "withdrawn", "record_id": withdrawal["id"]}
    assert listed(api) == [fb]
    r = api.client.get(f"/v1/feedback/{fa}", params={"purpose": "analytics"}, headers=api.as_("analyst"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "consent_denied" and r.json()["error"]["reason"] == "withdrawn"
    with api.services.session_factory() as session:  # what the export use-case asks the gate
        allowed = api.services.consent.gate.allowed_subject_ids(
            session, ["alice", "bob"], purpose="analytics"
        )
    assert allowed == {"bob"}
    # The refused read is on record (committed despite the 403), with the pseudonym, not the id.
    refused = api.audit("consent.reuse")[-1]
    assert (refused.decision, refused.reason, refused.record_ids) == (
        "deny",
        "withdrawn",
        [fa, withdrawal["id"]],
    )
    assert refused.subject_ref == api.services.audit.subject_ref("alice")
    assert [(e.decision, e.reason) for e in api.audit("consent.check")] == [
        ("allow", "granted"),
        ("deny", "withdrawn"),
    ]


def test_withdrawal_before_an_export_removes_the_subject(api: Api, tmp_path: Path) -> None:
    for n, subject in enumerate(["alice", "bob", "carol"]):
        api.feedback(subject, minutes_ago=10 - n)
        put(api, subject, "analytics")
    exporter = ExportService.from_services(api.services)
    request = ExportRequest(format="jsonl", k=1, quasi=("channel",), residual="mask")

    def export(name: str) -> int:
        with transaction(api.services.session_factory) as session:
            manifest = exporter.export(
                session, request, out_dir=tmp_path / name, actor=Actor("k-analyst", "analyst")
            )
        return manifest.result.rows_consented

    assert export("before") == 3
    put(api, "alice", "analytics", role="ingest", granted=False)
    assert export("after") == 2


def test_reads_for_the_collection_purpose_need_no_consent(api: Api) -> None:
    fid = api.feedback("carol")
    r = api.client.get(f"/v1/feedback/{fid}", params={"purpose": "service"}, headers=api.as_("agent"))
    assert r.status_code == 200
    assert r.json()["subject_id"] == "carol" and r.json()["text"] == "退款慢 [PHONE]"
    analyst = api.client.get(f"/v1/feedback/{fid}", params={"purpose": "service"}, headers=api.as_("analyst"))
    assert analyst.json()["subject_id"] is None  # analysts get no direct identifiers
    assert listed(api, purpose="service") == [fid]
    assert listed(api, purpose="analytics") == []


def test_listing_pages_skip_refused_rows(api: Api) -> None:
    expected = []
    for n in range(9):
        fid = api.feedback(f"s{n}", minutes_ago=100 - n)
        if n % 3 != 1:
            put(api, f"s{n}", "analytics")
            expected.append(fid)
    assert listed(api, limit=2) == expected
    assert listed(api, limit=500) == expected


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/v1/feedback/nope", {"purpose": "analytics"}, 404, "not_found"),
        ("/v1/feedback", {"purpose": "analytics", "cursor": "%%%"}, 422, "invalid_input"),
        ("/v1/feedback", {"purpose": "profiling"}, 422, "invalid_input"),
        ("/v1/feedback", {}, 422, "invalid_request"),
        ("/v1/feedback", {"purpose": "analytics", "limit": 0}, 422, "invalid_request"),
    ],
)
def test_feedback_read_errors(api: Api, path: str, params: dict[str, object], status: int, code: str) -> None:
    r = api.client.get(path, params=params, headers=api.as_("agent"))
    assert (r.status_code, r.json()["error"]["code"]) == (status, code)


@pytest.mark.parametrize(
    ("purpose", "changes", "code"),
    [
        ("profiling", {}, "invalid_input"),
        ("analytics", {"channel": "fax"}, "invalid_input"),
        ("analytics", {"notice_version": "latest"}, "invalid_input"),
        ("analytics", {"source": f"call:{PHONE}"}, "invalid_input"),
        ("analytics", {"expires_at": "2030-01-01T00:00:00"}, "invalid_request"),  # no offset
        ("analytics", {"granted": "yes"}, "invalid_request"),  # strict JSON types
        ("analytics", {"extra": 1}, "invalid_request"),
    ],
)
def test_put_consent_refuses_bad_input_with_422(
    api: Api, purpose: str, changes: dict[str, object], code: str
) -> None:
    r = api.client.put(
        f"/v1/subjects/u1/consents/{purpose}", json={**GRANT, **changes}, headers=api.as_("admin")
    )
    assert (r.status_code, r.json()["error"]["code"]) == (422, code)
    assert PHONE not in r.text


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/subjects/u1/consents/analytics", {"admin", "ingest"}),
        ("GET", "/v1/subjects/u1/consents", {"agent", "compliance", "admin"}),
        ("POST", "/v1/consent-checks", {"ingest", "agent", "compliance", "analyst", "admin"}),
        ("POST", "/v1/subjects/u1/follow-ups/check", {"agent", "admin"}),
        ("GET", "/v1/subjects/u1/follow-ups", {"agent", "compliance", "admin"}),
        ("PUT", "/v1/subjects/u1/do-not-contact", {"agent", "admin"}),
        ("GET", "/v1/feedback?purpose=analytics", {"agent", "analyst", "compliance", "admin"}),
    ],
)
def test_roles(api: Api, method: str, path: str, allowed: set[str]) -> None:
    bodies = {
        "/v1/subjects/u1/consents/analytics": GRANT,
        "/v1/consent-checks": {"subject_id": "u1", "purpose": "analytics", "channel": "in_app"},
        "/v1/subjects/u1/follow-ups/check": {"channel": "phone"},
        "/v1/subjects/u1/do-not-contact": {"active": True},
    }
    for role in Role:
        r = api.client.request(method, path, json=bodies.get(path), headers=api.as_(role.value))
        assert (r.status_code < 400) == (role.value in allowed), (role, r.status_code, r.text)
        if role.value not in allowed:
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert api.client.request(method, path, json=bodies.get(path)).status_code == 401


def test_get_consents_shows_current_state_and_history(api: Api) -> None:
    put(api, "u1", "analytics")
    put(api, "u1", "marketing", channel="sms")  # not a separate consent
    put(api, "u1", "analytics", granted=False)
    r = api.client.get("/v1/subjects/u1/consents", headers=api.as_("compliance"))
    body = r.json()
    assert body["subject_id"] == "u1" and len(body["history"]) == 3
    current = {(c["purpose"], c["channel"]): c["reason"] for c in body["current"]}
    assert current == {
        ("analytics", "in_app"): "withdrawn",
        ("marketing", "sms"): "separate_consent_required",
    }
    assert api.audit("consent.read")[-1].details == {"records": 3}


def test_follow_up_flow(api: Api) -> None:
    without_quiet_hours(api)
    put(api, "u1", "follow_up", channel="phone")
    r = api.client.post(
        "/v1/subjects/u1/follow-ups/check", json={"channel": "phone"}, headers=api.as_("agent")
    )
    # Consent given just now: a new user waits a week.
    assert r.status_code == 200 and r.json()["allowed"] is False
    assert r.json()["reason"] == "new_user_wait" and r.json()["next_allowed_at"] is not None
    attempt = {"channel": "phone", "outcome": "reached", "notes": "满意"}
    r = api.client.post("/v1/subjects/u1/follow-ups", json=attempt, headers=api.as_("agent"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "consent_denied"
    assert api.audit("follow_up.attempt")[-1].decision == "deny"  # the refusal is committed
    r = api.client.post(
        "/v1/subjects/u1/follow-ups", json={**attempt, "notes": f"新号{PHONE}"}, headers=api.as_("agent")
    )
    assert r.status_code == 422 and PHONE not in r.text
    r = api.client.put(
        "/v1/subjects/u1/do-not-contact",
        json={"active": True, "reason": "asked_by_phone"},
        headers=api.as_("admin"),
    )
    assert r.json()["active"] is True and r.json()["updated_by"] == "k-admin"
    r = api.client.post(
        "/v1/subjects/u1/follow-ups/check", json={"channel": "phone"}, headers=api.as_("agent")
    )
    assert r.json()["reason"] == "do_not_contact"
    r = api.client.get("/v1/subjects/u1/follow-ups", headers=api.as_("compliance"))
    assert r.json() == {"subject_id": "u1", "do_not_contact": r.json()["do_not_contact"], "items": []}
    assert r.json()["do_not_contact"]["reason"] == "asked_by_phone"


def test_a_recorded_attempt(api: Api) -> None:
    without_quiet_hours(api)
    with api.services.session_factory() as session, session.begin():  # a user known for a month
        api.services.consent.record(
            session,
            subject_id="u2",
            purpose="follow_up",
            channel="phone",
            granted=True,
            notice_version="2024.3",
            source="ivr:rec/1",
            expires_at=None,
            actor=Actor("test", "admin"),
            at=utcnow() - timedelta(days=30),
        )
    r = api.client.post(
        "/v1/subjects/u2/follow-ups",
        json={"channel": "phone", "outcome": "no_answer"},
        headers=api.as_("agent"),
    )
    assert r.status_code == 201, r.text
    assert (r.json()["outcome"], r.json()["agent"]) == ("no_answer", "k-agent")
    again = api.client.post(
        "/v1/subjects/u2/follow-ups",
        json={"channel": "phone", "outcome": "reached"},
        headers=api.as_("agent"),
    )
    assert again.status_code == 403 and again.json()["error"]["reason"] == "frequency_cap"
    items = api.client.get("/v1/subjects/u2/follow-ups", headers=api.as_("agent")).json()["items"]
    assert [i["outcome"] for i in items] == ["no_answer"]
