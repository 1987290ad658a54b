"""Console fixtures: a seeded app per module for HTTP tests, and one live server + one Chromium for the
whole browser suite (session-scoped: starting a browser costs more than most tests).

With CI=true a missing chromium/chromedriver/selenium fails the browser tests; elsewhere they skip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from privacy_gateway.api.app import create_app
from tests.conftest import ON_CI
from tests.console.live import ConsoleEnv, LiveServer, browser_missing, start_chromium

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleEnv]:
    """Two weeks of seeded activity, XSS payloads included (module-scoped: tests must not break it)."""
    environment = ConsoleEnv.create(tmp_path_factory.mktemp("console"), console_secure_cookie=False)
    yield environment
    environment.close()


@pytest.fixture
def client(env: ConsoleEnv) -> Iterator[TestClient]:
    with TestClient(create_app(services=env.services), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def sign_in(client: TestClient, env: ConsoleEnv) -> Callable[[str], str]:
    """Sign the client in with the seeded key of `role`; returns the session's CSRF token."""

    def do(role: str) -> str:
        client.cookies.clear()  # a fresh browser: no session, no pre-login token yet
        token = csrf_of(client.get("/console/login").text)
        response = client.post(
            "/console/login",
            data={"api_key": env.data.keys[role], "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return csrf_of(client.get("/console/").text)

    return do


# -- browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleEnv]:
    missing = browser_missing()
    if missing:
        if ON_CI:
            pytest.fail(f"browser tests must run on CI: {missing}")
        pytest.skip(missing)
    # Secure cookies left on (the default): Chromium accepts them from http://127.0.0.1.
    environment = ConsoleEnv.create(tmp_path_factory.mktemp("console-browser"))
    yield environment
    environment.close()


@pytest.fixture(scope="session")
def live_server(browser_env: ConsoleEnv) -> Iterator[LiveServer]:
    with LiveServer(browser_env.services) as server:
        yield server


@pytest.fixture(scope="session")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def driver(
    live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory, downloads: Path
) -> Iterator[Any]:
    chromium = start_chromium(tmp_path_factory.mktemp("chromium-profile"), download_dir=downloads)
    yield chromium
    chromium.quit()
