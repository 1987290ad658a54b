"""Rules files: validated at load (extra="forbid"), shipped defaults, the policies_dir override."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from privacy_gateway.consent.rules import (
    ConsentRules,
    FollowUpRules,
    load_rules,
    load_rules_dir,
    shipped_rules_dir,
)
from privacy_gateway.errors import ConfigError
from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES


def test_shipped_rules_load_and_match_the_issue() -> None:
    rules = load_rules()
    assert (rules.follow_up.max_attempts, rules.follow_up.window_days) == (1, 7)
    assert rules.follow_up.timezone == "Asia/Shanghai"
    assert rules.follow_up.quiet_hours is not None
    assert (rules.follow_up.quiet_hours.start, rules.follow_up.quiet_hours.end) == (time(21), time(9))
    terms = rules.terms(purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS)
    assert terms.separate_required == {"marketing", "model_training"}
    assert shipped_rules_dir().name == "consent"


def write(directory: Path, name: str, text: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


BAD_FILES = [
    ("follow_up.yaml", "max_attempts: 1\nmax_attempt: 2\n", "max_attempt: Extra inputs"),
    ("follow_up.yaml", "max_attempts: 0\n", "max_attempts"),
    ("follow_up.yaml", "timezone: Mars/Olympus\n", "unknown time zone"),
    ("follow_up.yaml", "quiet_hours: {start: '21:00', end: '21:00'}\n", "must differ"),
    ("follow_up.yaml", "quiet_hours: {start: 21:00, end: '09:00'}\n", "quoted strings"),  # YAML reads 1260
    ("follow_up.yaml", "quiet_hours: {start: '21:00'}\n", "quiet_hours.end"),
    ("follow_up.yaml", "- a list\n", "top level must be a mapping"),
    ("follow_up.yaml", "max_attempts: [\n", "not valid YAML"),
    ("purposes.yaml", "purposes: {analytics: {min_notice: '1'}}\n", "Extra inputs"),
    ("purposes.yaml", "purposes: {analytics: {min_notice_version: '2024-10'}}\n", "notice_version"),
    ("purposes.yaml", "purpose: {}\n", "Extra inputs"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_FILES)
def test_bad_rules_files_fail_at_load(tmp_path: Path, name: str, text: str, message: str) -> None:
    write(tmp_path, name, text)
    with pytest.raises(ConfigError, match=message):
        load_rules_dir(tmp_path)


def test_missing_files_mean_defaults(tmp_path: Path) -> None:
    assert load_rules_dir(tmp_path) == ConsentRules()


def test_policies_dir_with_a_consent_subdirectory_overrides(tmp_path: Path) -> None:
    write(tmp_path / "consent", "follow_up.yaml", "max_attempts: 3\nquiet_hours: null\n")
    rules = load_rules(tmp_path)
    assert rules.follow_up == FollowUpRules(max_attempts=3, quiet_hours=None)


def test_policies_dir_without_consent_rules_uses_the_shipped_ones(tmp_path: Path) -> None:
    write(tmp_path, "default.yaml", "name: default\n")  # a masking policy, not ours
    assert load_rules(tmp_path) == load_rules()


def test_rules_naming_a_purpose_the_settings_lack_are_a_config_error() -> None:
    rules = ConsentRules.model_validate({"purposes": {"profiling": {}}})
    with pytest.raises(ConfigError, match="profiling"):
        rules.terms(purposes=DEFAULT_PURPOSES, channels=DEFAULT_CHANNELS)
