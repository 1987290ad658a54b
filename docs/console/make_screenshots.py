"""Regenerate the console screenshots in docs/console/ (needs chromium + chromium-driver + selenium).

    .venv/bin/python docs/console/make_screenshots.py

Builds a throw-away database filled with two weeks of demo activity (tests/console/demo.py), serves the
real app on 127.0.0.1, signs in with headless Chromium and saves one full-page PNG per page.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from tests.console.live import ConsoleEnv, LiveServer, browser_missing, start_chromium  # noqa: E402
from tests.console.pages import ConsolePages  # noqa: E402


def full_page(driver: Any, path: Path) -> None:
    """The whole page, not just the window (Chrome DevTools: capture beyond the viewport)."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": max(size["height"], 700), "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    missing = browser_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        env = ConsoleEnv.create(Path(tmp), payloads=False, console_secure_cookie=False)
        try:
            with LiveServer(env.services) as server:
                driver = start_chromium(Path(tmp) / "profile")
                try:
                    shoot(ConsolePages(driver, server.url), env)
                finally:
                    driver.quit()
        finally:
            env.close()
    return 0


def shoot(pages: ConsolePages, env: ConsoleEnv) -> None:
    d = pages.driver
    pages.open("/console/login")
    full_page(d, OUT / "01-login.png")
    pages.sign_in(env.data.keys["admin"])
    full_page(d, OUT / "02-overview.png")
    pages.search(actor="agent-zhang")
    full_page(d, OUT / "03-audit-search.png")
    pages.open_first_entry()
    full_page(d, OUT / "04-audit-entry.png")
    pages.verify()
    full_page(d, OUT / "05-verify.png")
    with env.services.engine.begin() as conn:  # what a DBA editing one row behind the gateway's back does
        conn.execute(text("UPDATE audit_entries SET reason = 'granted' WHERE seq = 42"))
    pages.verify()
    full_page(d, OUT / "06-verify-tampered.png")
    pages.open("/console/subject")
    full_page(d, OUT / "07-subject-lookup.png")
    pages.view_subject(env.data.timeline_subject)
    full_page(d, OUT / "08-subject.png")
    pages.switch_language("en")
    pages.open("/console/")
    full_page(d, OUT / "09-overview-en.png")
    pages.switch_language("zh")


if __name__ == "__main__":
    raise SystemExit(main())
