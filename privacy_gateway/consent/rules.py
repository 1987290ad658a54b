"""Consent rules: what each purpose requires and how follow-up (回访) contact is limited.

Data only, validated at load (pydantic, extra="forbid"), from two files in policies/consent/:

    purposes.yaml   purposes: {NAME: {min_notice_version, separate_consent, description}}
    follow_up.yaml  purpose, max_attempts, window_days, new_user_wait_days, timezone, quiet_hours,
                    refusal_sets_do_not_contact

A missing file means that part's defaults. docs/consent.md documents every key (a test keeps it so).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from privacy_gateway.consent.decision import ConsentTerms
from privacy_gateway.consent.versions import NoticeVersion
from privacy_gateway.errors import ConfigError, InvalidInput

log = logging.getLogger(__name__)

PURPOSES_FILE = "purposes.yaml"
FOLLOW_UP_FILE = "follow_up.yaml"


class PurposeRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str | None = None
    # Consent given under an older notice no longer counts (the user was not informed of the new terms).
    min_notice_version: str | None = None
    # PIPL 单独同意: only a record marked separate=true counts for this purpose.
    separate_consent: bool = False

    @field_validator("min_notice_version")
    @classmethod
    def _version(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                NoticeVersion(value)
            except InvalidInput as exc:
                raise ValueError(exc.message) from None
        return value


class QuietHours(BaseModel):
    """Local times (in FollowUpRules.timezone) between which nobody is contacted: [start, end)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: time
    end: time

    @field_validator("start", "end", mode="before")
    @classmethod
    def _quoted(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 21:00 as the integer 1260 (base 60): refuse rather than misread it.
        if not isinstance(value, str | time):
            raise ValueError('write times as quoted strings, e.g. "21:00"')
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise ValueError("quiet_hours start and end must differ (omit quiet_hours to disable)")
        return self

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end  # wraps past midnight (21:00-09:00)


class FollowUpRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    purpose: str = "follow_up"
    max_attempts: int = Field(default=1, ge=1)
    window_days: int = Field(default=7, ge=1)
    new_user_wait_days: int = Field(default=7, ge=0)
    timezone: str = "Asia/Shanghai"
    quiet_hours: QuietHours | None = QuietHours(start=time(21, 0), end=time(9, 0))
    refusal_sets_do_not_contact: bool = True

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone (an IANA name such as Asia/Shanghai)") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class PurposesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    purposes: dict[str, PurposeRule] = Field(default_factory=dict)


class ConsentRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    purposes: dict[str, PurposeRule] = Field(default_factory=dict)
    follow_up: FollowUpRules = FollowUpRules()

    def terms(self, *, purposes: Iterable[str], channels: Iterable[str]) -> ConsentTerms:
        """The decision's inputs; a rule naming a purpose the settings do not know is a config error."""
        known = frozenset(purposes)
        unknown = sorted({*self.purposes, self.follow_up.purpose} - known)
        if unknown:
            raise ConfigError(f"consent rules name unknown purposes: {', '.join(unknown)}")
        min_notice: Mapping[str, NoticeVersion] = {
            name: NoticeVersion(rule.min_notice_version)
            for name, rule in self.purposes.items()
            if rule.min_notice_version is not None
        }
        return ConsentTerms(
            purposes=known,
            channels=frozenset(channels),
            min_notice=min_notice,
            separate_required=frozenset(
                name for name, rule in self.purposes.items() if rule.separate_consent
            ),
        )


def shipped_rules_dir() -> Path:
    """policies/consent/ of the source tree, or its copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "policies" / "consent", package / "_policies" / "consent"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("the shipped consent rules (policies/consent/) are missing from the installation")


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name}: not valid YAML ({type(exc).__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: the top level must be a mapping")
    return data


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors())


def load_rules_dir(directory: Path) -> ConsentRules:
    try:
        purposes = PurposesFile.model_validate(_read(directory / PURPOSES_FILE)).purposes
    except ValidationError as exc:
        raise ConfigError(f"{PURPOSES_FILE}: {_problems(exc)}") from None
    try:
        follow_up = FollowUpRules.model_validate(_read(directory / FOLLOW_UP_FILE))
    except ValidationError as exc:
        raise ConfigError(f"{FOLLOW_UP_FILE}: {_problems(exc)}") from None
    return ConsentRules(purposes=purposes, follow_up=follow_up)


def load_rules(policies_dir: Path | None = None) -> ConsentRules:
    """Rules from `policies_dir`/consent/ when that exists, else the shipped ones.

    Takes the masking policies directory (settings.policies_dir) so that one setting moves all policy
    files; the consent files live in its `consent/` subdirectory, apart from the masking policies.
    """
    if policies_dir is not None and (policies_dir / "consent").is_dir():
        return load_rules_dir(policies_dir / "consent")
    if policies_dir is not None:
        log.info("no consent/ under the policies directory; using the shipped consent rules")
    return load_rules_dir(shipped_rules_dir())
