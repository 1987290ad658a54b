"""docs/console.md kept honest: every console address and the exact CSP are documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_gateway.console.pages import audit, auth, overview, subject, verify
from privacy_gateway.console.web import CONTENT_SECURITY_POLICY

DOC = (Path(__file__).resolve().parents[2] / "docs" / "console.md").read_text(encoding="utf-8")
PATHS = sorted(
    {
        "/console" + route.path.split("{")[0]
        for page in (auth, overview, audit, verify, subject)
        for route in page.router.routes
    }
)


@pytest.mark.parametrize("path", PATHS)
def test_every_address_is_documented(path):
    assert f" {path}" in DOC or f"`{path}" in DOC, path


def test_the_csp_is_documented_verbatim():
    assert f"`{CONTENT_SECURITY_POLICY}`" in DOC


@pytest.mark.parametrize(
    "png", sorted((Path(__file__).resolve().parents[2] / "docs" / "console").glob("*.png"))
)
def test_every_screenshot_is_shown(png):
    assert f"(console/{png.name})" in DOC
