"""docs/consent.md stays honest: every rules key, reason code, outcome, import column and audit action."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacy_gateway.consent import importer
from privacy_gateway.consent.decision import Reason
from privacy_gateway.consent.follow_up import FollowUpReason
from privacy_gateway.consent.gate import COLLECTION_PURPOSE
from privacy_gateway.consent.rules import FollowUpRules, PurposeRule, QuietHours
from privacy_gateway.consent.schemas import Outcome

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "consent.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "privacy_gateway" / "consent"

NAMES = sorted(
    {
        *FollowUpRules.model_fields,
        *PurposeRule.model_fields,
        *QuietHours.model_fields,
        *(r.value for r in Reason),
        *(r.value for r in FollowUpReason),
        *(o.value for o in Outcome),
        COLLECTION_PURPOSE,
        *importer.REQUIRED,
        *importer.OPTIONAL,
    }
)
ACTIONS = sorted(
    {
        m
        for path in PACKAGE.glob("*.py")
        for m in re.findall(r'"((?:consent|follow_up)\.[a-z_]+)"', path.read_text())
    }
)


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_documented(name: str) -> None:
    assert f"`{name}`" in DOC or f"`{name}:" in DOC or f"{name}:" in DOC


@pytest.mark.parametrize("action", ACTIONS)
def test_every_audit_action_is_documented(action: str) -> None:
    assert f"`{action}`" in DOC


def test_the_shipped_rules_files_match_the_documented_defaults() -> None:
    text = (ROOT / "policies" / "consent" / "follow_up.yaml").read_text(encoding="utf-8")
    for key in FollowUpRules.model_fields:
        assert re.search(rf"^{key}:", text, re.MULTILINE), key
