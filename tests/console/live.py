"""The real app on a real socket, and headless Chromium from Debian driven by Selenium.

    env = ConsoleEnv.create(directory)      settings + services + schema + demo data
    with LiveServer(env.app) as server:     uvicorn in a thread on 127.0.0.1:<free port>
        driver = start_chromium(profile_dir)

Chromium and chromedriver come from the distribution (`apt-get install chromium chromium-driver`);
Selenium is pointed at both, so Selenium Manager never downloads anything.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from privacy_gateway.api.app import create_app
from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base, utcnow
from tests.console.demo import STORES_YAML, Clock, DemoData, seed

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1360,900",
    "--lang=zh-CN",
    "--accept-lang=zh-CN,zh",
)
# Chromium takes its UI locale (date pickers, number formats) from the environment on Linux.
CHROMIUM_ENV = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"}


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(Path(path).name)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


def console_settings(directory: Path, **overrides: Any) -> Settings:
    stores = directory / "stores.yaml"
    stores.write_text(STORES_YAML.replace("STORE_DIR", str(directory / "stores")), encoding="utf-8")
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{directory / 'gateway.db'}",
        "key_file": directory / "keys.json",
        "stores_config": stores,
        **overrides,
    }
    return Settings(**values)


@dataclass
class ConsoleEnv:
    settings: Settings
    services: Services
    data: DemoData
    clock: Clock

    @classmethod
    def create(cls, directory: Path, *, payloads: bool = True, **overrides: Any) -> ConsoleEnv:
        settings = console_settings(directory, **overrides)
        services = build_services(settings)
        Base.metadata.create_all(services.engine)
        clock = Clock()
        data = seed(services, now=utcnow(), payloads=payloads, clock=clock)
        return cls(settings, services, data, clock)

    def close(self) -> None:
        self.services.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, services: Services) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(services=services),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="console-live-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.02)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_chromium(profile_dir: Path, *, download_dir: Path | None = None) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile_dir.mkdir(parents=True, exist_ok=True)
    options.add_argument(f"--user-data-dir={profile_dir}")
    if download_dir is not None:
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(download_dir),
                "download.prompt_for_download": False,
                "safebrowsing.enabled": False,
            },
        )
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, **CHROMIUM_ENV})
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver
