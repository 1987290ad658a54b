"""docs/export.md stays honest: every option, quasi-identifier and manifest key is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from privacy_gateway.cli import export_cmd
from privacy_gateway.export.hierarchies import KNOWN_QUASI
from privacy_gateway.export.manifest import Manifest
from privacy_gateway.export.schemas import EngineResult, ExportRequest

DOC = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")


def _options() -> list[str]:
    app = typer.Typer(add_completion=False)
    app.command()(export_cmd.export)
    command = typer.main.get_command(app)
    return [opt for param in command.params for opt in param.opts if opt.startswith("--")]


@pytest.mark.parametrize("option", _options())
def test_every_cli_option_is_documented(option: str) -> None:
    assert f"`{option}" in DOC or f"/ {option}`" in DOC


@pytest.mark.parametrize("name", KNOWN_QUASI)
def test_every_quasi_identifier_is_documented(name: str) -> None:
    assert f"| `{name}` |" in DOC


def test_every_manifest_key_is_documented() -> None:
    manifest = Manifest("d", "t", "c", "local", "v", ExportRequest(), 0, 0, EngineResult(0, {}, 0, True))
    for key in manifest.to_dict():
        assert f"`{key}`" in DOC, key


def test_the_benchmark_figures_are_recorded() -> None:
    assert "BENCH_RESULTS" not in DOC
