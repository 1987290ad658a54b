"""Docs kept honest by tests: every setting documented, the CLI reference generated from --help."""

from pathlib import Path

import pytest

from privacy_gateway.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"`PRIVACY_GATEWAY_{name.upper()}`" in (DOCS / "configuration.md").read_text()


def test_cli_reference_is_current():
    from privacy_gateway.cli.docs import render

    assert (DOCS / "cli.md").read_text() == render(), (
        "docs/cli.md is stale: run `python -m privacy_gateway.cli.docs > docs/cli.md`"
    )
