"""The console in headless Chromium: what a compliance officer does, keyboard use, accessibility, XSS.

One live server and one browser for the whole module (conftest: session-scoped); every test starts
from a browser without cookies. Marked `browser`: on CI a missing chromium fails, elsewhere it skips.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from privacy_gateway.storage.models import ConsoleSession
from tests.console.demo import JS_URL_PAYLOAD, SCRIPT_PAYLOAD
from tests.console.live import ConsoleEnv

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def console(driver: Any, live_server: Any) -> Iterator[Any]:
    from tests.console.pages import ConsolePages

    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield ConsolePages(driver, live_server.url)


@pytest.fixture
def keys(browser_env: ConsoleEnv) -> dict[str, str]:
    return browser_env.data.keys


def session_cookie(console: Any) -> dict[str, Any] | None:
    cookie: dict[str, Any] | None = console.driver.get_cookie("pg_console_session")
    return cookie


def axe_violations(console: Any) -> list[str]:
    """Run the vendored axe-core in the page (WebDriver scripts are not subject to the page's CSP)."""
    driver = console.driver
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result
        if v.get("impact") in BLOCKING_IMPACTS
    ]


def unlabelled_fields(console: Any) -> list[str]:
    missing = []
    for field in console.find_all("input:not([type=hidden]), select, textarea"):
        field_id = field.get_attribute("id")
        if not field_id or not console.find_all(f"label[for='{field_id}']"):
            missing.append(field.get_attribute("name"))
    return missing


def test_sign_in_search_page_through_and_open_an_entry(console, keys):
    console.sign_in(keys["compliance"])
    assert console.path == "/console/"
    cookie = session_cookie(console)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["secure"]
    console.search(actor="agent-zhang")
    first = console.result_seqs()
    assert len(first) == 25 and first == sorted(first, reverse=True)
    assert all("agent-zhang" in row.text for row in console.find_all("#results tbody tr"))
    console.next_page()
    second = console.result_seqs()
    assert second and max(second) < min(first)
    console.submit_and_wait(console.find(f"a[href='/console/audit/entries/{second[0]}']"))
    assert console.path == f"/console/audit/entries/{second[0]}"
    page = console.text()
    assert f"#{second[0]}" in page and "本条哈希" in page and "上一条哈希" in page
    assert len(console.find("dd.hash").text.replace("\n", "")) == 64


def test_a_non_compliance_key_is_refused(console, keys):
    for role in ("analyst", "ingest", "agent"):
        console.sign_in(keys[role])
        assert console.path == "/console/login"
        assert "无权使用合规控制台" in console.text(".alert.bad")
        assert session_cookie(console) is None
    console.open("/console/audit")
    assert console.path == "/console/login"


def test_verify_the_chain_intact_then_tampered(console, keys, browser_env):
    console.sign_in(keys["compliance"])
    assert "ok" in console.verify()
    assert "审计链完整" in console.text("#verdict")
    engine = browser_env.services.engine
    with engine.begin() as conn:
        original = conn.execute(text("SELECT details FROM audit_entries WHERE seq = 7")).scalar()
        conn.execute(text("UPDATE audit_entries SET details = '{\"edited\": true}' WHERE seq = 7"))
    try:
        assert "bad" in console.verify()
        assert "审计链已被篡改" in console.text("#verdict")
        assert "entry 7 was modified" in console.text()
        console.submit_and_wait(console.find("#first-bad"))
        assert console.path == "/console/audit/entries/7"
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_entries SET details = :d WHERE seq = 7"), {"d": original})
    assert "ok" in console.verify()


def test_a_subjects_consent_timeline(console, keys, browser_env):
    console.sign_in(keys["compliance"])
    subject = browser_env.data.timeline_subject
    console.view_subject(subject)
    assert subject not in console.url
    items = console.find_all("#consent-timeline li")
    assert len(items) >= 6
    assert {i.get_attribute("class") for i in items} == {"granted", "withdrawn"}
    assert "单独同意" in console.text("#consent-timeline")
    assert console.find_all("#consent-state tbody tr") and console.find_all("#follow-ups tbody tr")
    assert "<PHONE_NUMBER_1>" in console.text("#feedback")  # masked text, shown as text


def test_export_csv(console, keys, downloads):
    console.sign_in(keys["compliance"])
    console.search(action="consent.check")
    for old in downloads.glob("audit-export*"):
        old.unlink()
    console.find("a[href*='format=csv']").click()
    target = downloads / "audit-export.csv"
    for _ in range(200):  # the download lands asynchronously; poll, never assert on time
        if target.exists() and target.stat().st_size:
            break
        time.sleep(0.05)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and {r["action"] for r in rows} == {"consent.check"}


def test_switch_language(console, keys):
    console.sign_in(keys["compliance"])
    console.open("/console/audit")
    console.switch_language("en")
    assert console.path == "/console/audit"
    assert console.find("html").get_attribute("lang") == "en"
    assert "Audit search" in console.text("h1")
    assert console.find("nav.nav a[aria-current=page]").text == "Audit search"
    console.switch_language("zh")
    assert console.find("html").get_attribute("lang") == "zh-CN"
    assert "审计检索" in console.text("h1")


def test_sign_out(console, keys):
    console.sign_in(keys["admin"])
    console.sign_out()
    assert console.path == "/console/login"
    assert "您已安全退出" in console.text()
    assert session_cookie(console) is None
    console.open("/console/")
    assert console.path == "/console/login"


def test_an_expired_session_is_sent_to_login(console, keys, browser_env):
    console.sign_in(keys["compliance"])
    with browser_env.services.session_factory() as session, session.begin():
        for row in session.scalars(select(ConsoleSession)):
            row.last_seen_at -= timedelta(minutes=16)
    console.open("/console/audit")
    assert console.path == "/console/login"
    assert "长时间未操作" in console.text()


def test_keyboard_only_search_and_labels(console, keys, browser_env):
    from selenium.webdriver.common.keys import Keys

    console.sign_in(keys["compliance"])
    console.open("/console/audit")
    assert unlabelled_fields(console) == []
    body = console.find("body")
    body.send_keys(Keys.TAB)  # the first stop is the skip link
    driver = console.driver
    assert driver.switch_to.active_element.get_attribute("class") == "skip-link"
    for _ in range(30):
        if driver.switch_to.active_element.get_attribute("id") == "f-subject":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "f-subject"
    subject = browser_env.data.timeline_subject
    driver.switch_to.active_element.send_keys(subject)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "f-actor"
    driver.switch_to.active_element.send_keys("agent-zhang")
    console.mark_page()
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    console.wait_for_new_page()
    assert console.path == "/console/audit"
    assert subject not in console.url
    assert browser_env.services.audit.subject_ref(subject) in console.url
    assert console.result_seqs()
    assert console.find("#f-subject").get_attribute("value").startswith("sp_")


PAGES_FOR_AXE = [
    ("login", None),
    ("overview", "/console/"),
    ("audit search", "/console/audit?action=consent.check"),
    ("audit entry", "/console/audit/entries/3"),
    ("verify", "/console/verify"),
    ("subject lookup", "/console/subject"),
    ("error", "/console/nowhere"),
]


def test_accessibility_of_every_page(console, keys, browser_env):
    console.open("/console/login")
    problems = {"login": axe_violations(console)}
    console.sign_in(keys["admin"])
    for name, path in PAGES_FOR_AXE[1:]:
        console.open(path)
        problems[name] = axe_violations(console)
        assert unlabelled_fields(console) == [], name
    console.verify()
    problems["verify result"] = axe_violations(console)
    console.view_subject(browser_env.data.timeline_subject)
    problems["subject"] = axe_violations(console)
    assert {name: found for name, found in problems.items() if found} == {}


def assert_inert(console: Any) -> None:
    """No payload ran and none became an element (the CSP would stop a script; escaping must stop
    the element from existing at all)."""
    assert console.driver.execute_script("return window.__pwned === undefined")
    assert not console.find_all("main img, main b, main script, main svg[onload], a[href^='javascript:']")


def test_payloads_render_as_text_and_nothing_runs(console, keys, browser_env):
    console.sign_in(keys["compliance"])
    console.view_subject(browser_env.data.payload_subject)
    feedback = console.text("#feedback")
    assert SCRIPT_PAYLOAD in feedback and "<b>bold</b>" in feedback and JS_URL_PAYLOAD in feedback
    assert_inert(console)
    console.search(action="subject.erase")
    assert '<img src=x onerror="window.__pwned=4">' in console.text("#results")
    assert_inert(console)
    console.search(actor='"><img src=x onerror=alert(1)>', action="<script>window.__pwned=5</script>")
    assert console.find("#f-action").get_attribute("value") == "<script>window.__pwned=5</script>"
    assert console.find("#f-actor").get_attribute("value") == '"><img src=x onerror=alert(1)>'
    assert_inert(console)
