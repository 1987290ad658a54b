"""Headers, CSRF, escaping, and what reaches addresses and the audit trail — over HTTP.

The CSRF and escaping tests are written so that they fail if the check or the escaping is removed:
a forged POST must be refused AND leave no trace of its action; a payload must come back as text AND
produce no element in the parsed page.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from privacy_gateway.console.web import CONTENT_SECURITY_POLICY
from privacy_gateway.storage.models import AuditEntry, ConsoleSession
from tests.console.demo import EVIL_ACTOR_NAME, IMG_PAYLOAD, JS_URL_PAYLOAD, SCRIPT_PAYLOAD

PAGES = ["/console/", "/console/audit", "/console/audit/entries/1", "/console/verify", "/console/subject"]


class Elements(HTMLParser):
    """Every element and attribute as the browser's parser will see them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def live_markup(html: str) -> list[str]:
    """What an injected payload would have become: scripts, event handlers, javascript: URLs, <img>
    pointing anywhere but the console's own static files, <b> from data."""
    found = []
    for tag, attrs in Elements(html).tags:
        if tag == "script":
            found.append("script element")
        if tag == "b":
            found.append("b element")
        if tag == "img" and not (attrs.get("src") or "").startswith("/console/static/"):
            found.append("foreign img")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{name} handler")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                found.append(f"javascript: {name}")
    return found


def test_live_markup_detector_sees_unescaped_payloads():
    """The detector the XSS tests rely on would catch rendering without escaping."""
    from privacy_gateway.console.templating import make_environment

    environment = make_environment()
    environment.autoescape = False
    raw = environment.from_string("<td>{{ v }}</td>").render(v=IMG_PAYLOAD + SCRIPT_PAYLOAD)
    assert set(live_markup(raw)) >= {"script element", "foreign img", "onerror handler"}
    escaped = make_environment().from_string("<td>{{ v }}</td>").render(v=IMG_PAYLOAD + SCRIPT_PAYLOAD)
    assert live_markup(escaped) == []


@pytest.mark.parametrize("path", ["/console/login", *PAGES, "/console/nowhere"])
def test_every_page_sends_the_console_security_headers(client, sign_in, path):
    if path != "/console/login":
        sign_in("compliance")
    response = client.get(path)
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert (
        "script-src 'none'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    )
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert "<script" not in response.text  # the console ships no script at all


def test_static_files_are_shipped_and_cacheable(client):
    response = client.get("/console/static/console.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert response.headers["cache-control"].startswith("public")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for name in ("../templates/base.html", "..%2Fsettings.py", "nope.css"):
        assert client.get(f"/console/static/{name}").status_code == 404


def test_redirects_and_errors_carry_the_headers_too(client, sign_in):
    redirect = client.get("/console/", follow_redirects=False)
    assert redirect.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    sign_in("compliance")
    bad = client.get("/console/audit?limit=100000")
    assert bad.status_code == 422 and bad.headers["cache-control"] == "no-store"
    assert "text/html" in bad.headers["content-type"]


# -- CSRF ----------------------------------------------------------------------------------------------


def _count(env, model, *where) -> int:
    with env.services.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _actions(env, action: str) -> int:
    return _count(env, AuditEntry, AuditEntry.action == action)


FORMS = [
    ("/console/logout", {}, "console.logout"),
    ("/console/audit", {"actor": "agent-zhang"}, None),
    ("/console/verify", {}, "audit.verify"),
    ("/console/verify/checkpoint", {}, "audit.checkpoint"),
    ("/console/subject", {"subject_id": "wx_user_10087"}, "consent.read"),
    (
        "/console/subject/erase",
        {"subject_id": "wx_user_10095", "reason": "test", "confirm": "yes"},
        "subject.erase",
    ),
]


@pytest.mark.parametrize(("path", "fields", "action"), FORMS, ids=[f[0] for f in FORMS])
@pytest.mark.parametrize(
    "token", [None, "", "wrong-token-0123456789abcdef"], ids=["missing", "empty", "wrong"]
)
def test_a_post_without_the_right_csrf_token_is_refused_and_does_nothing(
    client, env, sign_in, path, fields, action, token
):
    sign_in("admin")
    before = _actions(env, action) if action else 0
    sessions = _count(env, ConsoleSession)
    data = dict(fields)
    if token is not None:
        data["csrf_token"] = token
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "CSRF" in response.text
    if action:
        assert _actions(env, action) == before, f"{action} happened despite the refused token"
    assert _count(env, ConsoleSession) == sessions  # not even a logout


@pytest.mark.parametrize(("path", "fields", "action"), FORMS[1:5], ids=[f[0] for f in FORMS[1:5]])
def test_the_same_posts_with_the_session_token_work(client, sign_in, path, fields, action):
    token = sign_in("admin")
    response = client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)
    assert response.status_code in (200, 303)


def test_a_token_of_another_session_is_refused(client, env, sign_in):
    other = sign_in("compliance")
    sign_in("admin")  # a new session, a new token
    response = client.post("/console/verify", data={"csrf_token": other}, follow_redirects=False)
    assert response.status_code == 403


def test_a_json_or_multipart_body_is_not_a_form(client, sign_in):
    token = sign_in("admin")
    response = client.post("/console/verify", json={"csrf_token": token})
    assert response.status_code == 422
    response = client.post(
        "/console/verify",
        content=f"csrf_token={token}&csrf_token=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422  # a field given twice


# -- escaping ------------------------------------------------------------------------------------------


def test_feedback_text_and_category_are_rendered_as_text(client, env, sign_in):
    token = sign_in("compliance")
    page = client.post("/console/subject", data={"subject_id": env.data.payload_subject, "csrf_token": token})
    assert page.status_code == 200
    assert live_markup(page.text) == []
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD[:64], JS_URL_PAYLOAD, "<b>bold</b>"):
        escaped = (
            payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        )
        assert escaped in page.text, payload


def test_actor_names_are_rendered_as_text(client, sign_in):
    sign_in("compliance")
    page = client.get("/console/audit?action=subject.erase")
    assert "&lt;img src=x onerror=&#34;window.__pwned=4&#34;&gt;" in page.text
    assert EVIL_ACTOR_NAME not in page.text
    assert live_markup(page.text) == []


@pytest.mark.parametrize("payload", [SCRIPT_PAYLOAD, IMG_PAYLOAD, JS_URL_PAYLOAD, '"><svg onload=alert(1)>'])
@pytest.mark.parametrize("field", ["actor", "action", "purpose", "decision", "since"])
def test_filters_are_echoed_as_text(client, sign_in, field, payload):
    sign_in("compliance")
    page = client.get("/console/audit", params={field: payload})
    assert page.status_code in (200, 422)
    assert live_markup(page.text) == []  # in particular no javascript: link
    if any(c in payload for c in '<>"'):
        assert payload not in page.text


# -- what reaches addresses and the audit trail --------------------------------------------------------


def test_a_typed_subject_id_becomes_a_pseudonym_in_the_address(client, env, sign_in):
    token = sign_in("compliance")
    subject = env.data.timeline_subject
    response = client.post(
        "/console/audit", data={"subject": subject, "csrf_token": token}, follow_redirects=False
    )
    location = response.headers["location"]
    assert response.status_code == 303
    assert subject not in location
    assert env.services.audit.subject_ref(subject) in location
    page = client.get(location)
    assert subject not in page.text and page.status_code == 200
    assert "<tbody>" in page.text


def test_the_subject_view_is_post_only(client, env, sign_in):
    sign_in("compliance")
    page = client.get("/console/subject", params={"subject_id": env.data.timeline_subject})
    assert page.status_code == 200
    assert env.data.timeline_subject not in page.text  # an id in an address is never looked up


READS = [
    ("GET", "/console/", {}, ["audit.query"]),
    ("GET", "/console/audit", {}, ["audit.query"]),
    ("GET", "/console/audit/entries/3", {}, ["audit.query"]),
    ("GET", "/console/audit/export?format=csv", {}, ["audit.export"]),
    ("GET", "/console/verify/checkpoints", {}, ["audit.checkpoints"]),
    ("POST", "/console/verify", {}, ["audit.verify"]),
    (
        "POST",
        "/console/subject",
        {"subject_id": "wx_user_10088"},
        ["consent.read", "follow_up.read", "feedback.read", "audit.query", "audit.query"],
    ),
]


@pytest.mark.parametrize(("method", "path", "fields", "actions"), READS, ids=[r[1] for r in READS])
def test_every_read_is_audited_like_the_api(client, env, sign_in, method, path, fields, actions):
    token = sign_in("compliance")
    with env.services.session_factory() as session:
        head = session.scalar(select(func.max(AuditEntry.seq)))
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data={**fields, "csrf_token": token})
    assert response.status_code == 200
    with env.services.session_factory() as session:
        new = session.scalars(select(AuditEntry).where(AuditEntry.seq > head).order_by(AuditEntry.seq)).all()
    assert [e.action for e in new] == actions
    assert all(e.actor_name == "compliance-wang" for e in new)
    for entry in new:
        assert "wx_user" not in str(entry.details) and "wx_user" not in str(entry.subject_ref)
