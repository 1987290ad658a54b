"""docs/recognizers.md names every entity type the registry's recognizers can report."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_gateway.detection.engine import Detector
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

DOC = Path(__file__).resolve().parents[2] / "docs" / "recognizers.md"


def entity_types() -> list[str]:
    return sorted({e for r in Detector().recognizers for e in r.get_supported_entities()})


@pytest.mark.parametrize("entity_type", entity_types())
def test_every_entity_type_is_documented(entity_type: str) -> None:
    assert f"`{entity_type}`" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "recognizer",
    [r for r in Detector().recognizers if isinstance(r, CnPatternRecognizer)],
    ids=lambda r: r.name,
)
def test_every_pattern_recognizer_has_its_own_section(recognizer: CnPatternRecognizer) -> None:
    assert f"### `{recognizer.ENTITY}`" in DOC.read_text(encoding="utf-8")
