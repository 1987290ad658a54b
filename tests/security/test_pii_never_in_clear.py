"""Plant unique PII values through every input path, then scan everything the gateway keeps or says:
logs (every logger, every record attribute), answers and error bodies, audit entries, every column of
every table, the raw database file, the feedback store files and an export. Only the reveal endpoint
(role agent, consented, audited) may answer with an original.

A real `serve` process gets the same treatment for its stderr (test_server_stderr_has_no_pii).
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from privacy_gateway.detection.checksums import luhn_valid, mod11_2_check_char
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.models import AuditEntry
from tests.api.conftest import auth


def planted(seed: int) -> dict[str, str]:
    """Values that exist nowhere else: a mobile, an ID number, a card, an e-mail, a password."""
    rng = random.Random(seed)
    mobile = "13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    body = f"110105{rng.randint(1960, 2000)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}{rng.randint(100, 999)}"
    resident_id = body + mod11_2_check_char(body)
    card = "622202" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    card += next(d for d in "0123456789" if luhn_valid(card + d))
    tag = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(10))
    return {
        "PHONE_NUMBER": mobile,
        "CN_RESIDENT_ID": resident_id,
        "BANK_CARD": card,
        "EMAIL_ADDRESS": f"{tag}@example.com",
        "PASSWORD": f"Qz{tag[:6]}9{rng.randint(100, 999)}",
    }


def feedback_text(values: dict[str, str]) -> str:
    return (
        f"我的手机号{values['PHONE_NUMBER']}，身份证{values['CN_RESIDENT_ID']}，"
        f"银行卡{values['BANK_CARD']}，邮箱{values['EMAIL_ADDRESS']}，支付密码是{values['PASSWORD']}，"
        "退款一直没到账"
    )


def leaks(haystack: str, values: dict[str, str]) -> list[str]:
    return [name for name, value in values.items() if value in haystack]


@pytest.fixture
def settings(tmp_path):
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        key_file=tmp_path / "keys.json",
        export_dir=tmp_path / "exports",
        log_level="DEBUG",
    )


def test_planted_pii_is_nowhere_in_clear(client, make_key, services, settings, tmp_path, caplog):
    values = planted(1)
    text = feedback_text(values)
    pii_line = " ".join(values.values())
    keys = {role: make_key(role) for role in ("ingest", "agent", "compliance", "analyst", "admin")}
    answers: list[str] = []  # every body the gateway sent, refusals included

    def call(method: str, path: str, role: str | None, **kwargs) -> object:
        headers = {**(auth(keys[role]) if role else {}), **kwargs.pop("headers", {})}
        r = client.request(method, path, headers=headers, **kwargs)
        answers.append(f"{method} {r.status_code} {dict(r.headers)} {r.text}")  # not the path: it is ours
        return r

    caplog.set_level(logging.DEBUG)
    # 1. ingest (for every purpose the analyst export can take), analyze
    ids = {}
    for purpose in ("service", "analytics"):
        body = {"subject_id": "leak-1", "channel": "phone", "text": text, "purpose": purpose}
        r = call("POST", "/v1/feedback", "ingest", json=body)
        assert r.status_code == 201, r.text
        ids[purpose] = r.json()["id"]
    fid = ids["service"]
    assert call("POST", "/v1/analyze", "ingest", json={"text": text}).status_code == 200
    # 2. refusals that carry PII: oversize, bad fields, unknown keys, PII where references belong
    refused = [
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {"json": {"subject_id": "leak-1", "channel": pii_line, "text": text}},
        ),
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {
                "json": {
                    "subject_id": "leak-1",
                    "channel": "phone",
                    "text": text,
                    "purpose": values["PHONE_NUMBER"],
                }
            },
        ),
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {"json": {"subject_id": "leak-1", "channel": "phone", "text": text + "\x00"}},
        ),
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {
                "json": {
                    "subject_id": "leak-1",
                    "channel": "phone",
                    "text": text,
                    values["PHONE_NUMBER"]: values["BANK_CARD"],
                }
            },
        ),
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {
                "json": {
                    "subject_id": "leak-1",
                    "channel": "phone",
                    "text": text,
                    "occurred_at": values["CN_RESIDENT_ID"],
                }
            },
        ),
        (
            "POST",
            "/v1/feedback",
            "ingest",
            {"json": {"subject_id": "leak-1", "channel": "phone", "text": text * 400}},
        ),
        ("POST", "/v1/analyze", "ingest", {"json": {"text": text, "text2": text}}),
        ("POST", "/v1/analyze", "ingest", {"json": [text]}),
        (
            "PUT",
            "/v1/subjects/leak-1/consents/follow_up",
            "ingest",
            {"json": {"channel": "phone", "granted": True, "notice_version": "v1", "source": pii_line}},
        ),
        (
            "PUT",
            f"/v1/subjects/leak-1/consents/{values['EMAIL_ADDRESS']}",
            "ingest",
            {"json": {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app:settings"}},
        ),
        (
            "POST",
            "/v1/subjects/leak-1/follow-ups",
            "agent",
            {
                "json": {
                    "channel": "phone",
                    "outcome": "reached",
                    "notes": f"客户说手机{values['PHONE_NUMBER']}",
                }
            },
        ),
        (
            "POST",
            f"/v1/feedback/{fid}/reveal",
            "agent",
            {
                "json": {
                    "purpose": "follow_up",
                    "channel": "phone",
                    "reason": "r",
                    "ticket": values["PHONE_NUMBER"],
                }
            },
        ),
        (
            "POST",
            "/v1/feedback",
            "agent",
            {"json": {"subject_id": "leak-1", "channel": "phone", "text": text}},
        ),
        ("POST", "/v1/feedback", None, {"json": {"subject_id": "leak-1", "channel": "phone", "text": text}}),
        ("GET", f"/v1/feedback/{values['BANK_CARD']}", "agent", {"params": {"purpose": "service"}}),
    ]
    for method, path, role, kwargs in refused:
        r = call(method, path, role, **kwargs)
        assert 400 <= r.status_code < 500, (path, r.status_code)
    # 3. accepted requests whose free text may hold PII: reasons, audit filters by raw subject id
    consent = {"channel": "phone", "granted": True, "notice_version": "2024.1", "source": "app:settings"}
    assert call("PUT", "/v1/subjects/leak-1/consents/follow_up", "ingest", json=consent).status_code == 200
    reveal = {
        "purpose": "follow_up",
        "channel": "phone",
        "reason": f"客户来电{values['PHONE_NUMBER']}要求核实",
    }
    r = client.post(f"/v1/feedback/{fid}/reveal", json=reveal, headers=auth(keys["agent"]))
    assert r.status_code == 200, r.text  # the one answer that may carry originals: not collected
    assert values["PHONE_NUMBER"] in r.text
    for role, path, params in [
        ("compliance", "/v1/audit", {"subject_id": values["CN_RESIDENT_ID"]}),
        ("compliance", "/v1/audit", {"since": values["PHONE_NUMBER"]}),  # digits read as a Unix time
        ("compliance", "/v1/audit/export", {"subject_id": values["CN_RESIDENT_ID"]}),
        ("compliance", "/v1/audit", {}),
        ("agent", "/v1/feedback", {"purpose": "service"}),
        ("agent", f"/v1/feedback/{fid}", {"purpose": "service"}),
        ("agent", "/v1/subjects/leak-1/consents", {}),
    ]:
        assert call("GET", path, role, params=params).status_code == 200
    r = call(
        "POST",
        "/v1/exports",
        "analyst",
        json={"purpose": "analytics", "k": 1, "format": "jsonl", "residual": "mask"},
    )
    assert r.status_code == 201, r.text
    r = call(
        "DELETE", "/v1/subjects/someone-else", "admin", json={"reason": f"来电{values['BANK_CARD']}要求删除"}
    )
    assert r.status_code == 200, r.text

    # -- scan ------------------------------------------------------------------------------------------
    echoed = [a[:600] for a in answers if leaks(a, values)]
    assert not echoed, "\n".join(echoed)
    ours = [rec for rec in caplog.records if not rec.name.startswith("httpx")]  # not the test's own client
    records = [f"{rec.name} {rec.getMessage()} {sorted(map(str, vars(rec).values()))}" for rec in ours]
    assert ours and [r[:300] for r in records if leaks(r, values)] == [], "a log record carries PII"
    with services.session_factory() as session:
        entries = session.scalars(select(AuditEntry)).all()
        audit_text = "\n".join(
            str({c.key: getattr(e, c.key) for c in AuditEntry.__table__.columns}) for e in entries
        )
        assert leaks(audit_text, values) == [], "an audit entry carries PII"
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                assert leaks(" ".join(map(str, row)), values) == [], f"table {table.name} keeps PII in clear"
    services.engine.dispose()
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):
        raw = path.read_bytes()
        assert [n for n, v in values.items() if v.encode() in raw] == [], f"{path.name} holds PII in clear"
    files = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith("gateway.db")]
    assert any("exports" in p.parts for p in files), "the export wrote nothing"
    for path in files:
        raw = path.read_bytes()
        assert [n for n, v in values.items() if v.encode() in raw] == [], f"{path} holds PII in clear"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_stderr_has_no_pii(tmp_path):
    """A real `serve` at DEBUG: whatever it prints while accepting, refusing and failing carries no PII."""
    values = planted(2)
    text = feedback_text(values)
    env = {
        **os.environ,
        "PRIVACY_GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}",
        "PRIVACY_GATEWAY_KEY_FILE": str(tmp_path / "keys.json"),
        "PRIVACY_GATEWAY_LOG_LEVEL": "DEBUG",
    }
    cli = [sys.executable, "-c", "from privacy_gateway.cli.main import main; main()"]
    made = subprocess.run(
        [*cli, "apikey", "create", "--role", "ingest", "--name", "up"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    key = made.stdout.strip()
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, log.read_text()[-2000:]
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        bodies = [
            {"subject_id": "s1", "channel": "phone", "text": text},
            {"subject_id": "s1", "channel": values["PHONE_NUMBER"], "text": text},
            {"subject_id": "s1", "channel": "phone", "text": text + "\x07"},
            {"subject_id": "s1", "channel": "phone", "text": text, values["EMAIL_ADDRESS"]: 1},
        ]
        for body in bodies:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/v1/feedback", body=json.dumps(body).encode(), headers=headers)
            resp = conn.getresponse()
            resp.read()
            assert resp.getheader("server") is None  # no banner
            assert leaks(str(resp.getheaders()), values) == []
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST", "/v1/feedback", body=text.encode()[:-3], headers=headers
        )  # broken UTF-8 and JSON
        conn.getresponse().read()
        conn.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    output = log.read_text(errors="replace")
    assert "privacy_gateway" in output  # it did log (the dev-keys warning at least)
    assert leaks(output, values) == []
    assert "Traceback" not in output
