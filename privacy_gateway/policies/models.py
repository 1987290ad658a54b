"""The shape of a policy file, validated strictly (``extra="forbid"`` everywhere).

A file ``policies/<name>.yaml`` holds a ``PolicySpec``: a description, the rule for entity types it
does not list (``default_rule``) and one rule per listed entity type (``rules``). A rule names an
operator and carries that operator's parameters; the ``operator`` key selects the rule model.

Sections added by later features (consent, follow-up) go on ``PolicySpec`` as optional fields, each
with its own model defined next to it, so that older files stay valid and typos stay errors.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from privacy_gateway.types import (
    AMOUNT,
    BANK_CARD,
    CN_RESIDENT_ID,
    CONTRACT_ENTITY_TYPES,
    EMAIL_ADDRESS,
    LOCATION,
    PHONE_NUMBER,
)

# Characters legal in an e-mail local part (RFC 5322 atext): masking with one of these leaves a string
# that e-mail recognizers detect again ("z***@qq.com" is a valid address).
_EMAIL_ATEXT = frozenset("!#$%&'*+-/=?^_`{|}~.")

Level = Literal["province", "city", "district"]


def _nfkc(text: str) -> str:
    # Detectors may NFKC-normalise first, so a full-width '＊' counts as '*'.
    return unicodedata.normalize("NFKC", text)


@functools.cache
def known_entity_types() -> frozenset[str]:
    """Types a policy may name: the contract's and every type a registered recognizer declares.

    Types the detector may report but a policy does not name are masked by its ``default_rule``.
    """
    from privacy_gateway.detection.registry import recognizer_classes  # the detector's one explicit list

    declared = {getattr(cls, "ENTITY", None) for cls in recognizer_classes()}
    return frozenset(CONTRACT_ENTITY_TYPES) | {t for t in declared if isinstance(t, str)}


def _known_entity_type(name: str) -> str:
    known = known_entity_types()
    if name not in known:
        raise ValueError(f"unknown entity type {name!r}; known: {', '.join(sorted(known))}")
    return name


EntityType = Annotated[str, AfterValidator(_known_entity_type)]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlaceholderRule(_Rule):
    """``<PHONE_NUMBER_1>``: typed, numbered per document, the same value keeps its number."""

    operator: Literal["placeholder"]


class VaultTokenRule(_Rule):
    """A placeholder token; the original goes to the vault (encrypted apart) for an authorised reveal."""

    operator: Literal["vault_token"]


class RedactRule(_Rule):
    """The value is replaced by a fixed marker that says nothing about it (an empty marker removes it)."""

    operator: Literal["redact"]
    marker: str = Field(default="<REDACTED>", max_length=32)


class PseudonymRule(_Rule):
    """``<PERSON_fkqmbdhs...>``: HMAC-SHA256 under the policy's own key; stable across documents."""

    operator: Literal["pseudonym"]
    length: int = Field(default=16, ge=10, le=32, description="letters of the token (4 bits each)")


class DisplayMaskRule(_Rule):
    """Chinese display masking (138****5678); the style follows the entity type.

    ``keep_first``/``keep_last`` apply to PHONE_NUMBER (mobile), CN_RESIDENT_ID, BANK_CARD and types
    without a style of their own; ``level`` applies to LOCATION.
    """

    operator: Literal["display_mask"]
    keep_first: int | None = Field(default=None, ge=0, le=8)
    keep_last: int | None = Field(default=None, ge=0, le=8)
    mask_char: str | None = Field(default=None, min_length=1, max_length=1)
    level: Level = "district"

    @field_validator("mask_char")
    @classmethod
    def _not_a_value_char(cls, value: str | None) -> str | None:
        # A letter or digit as mask would make 138****5678 a number (or an address) again.
        if value is not None and (_nfkc(value).isalnum() or value.isspace()):
            raise ValueError("must not be a letter, digit or space")
        return value


class GeneralizeRule(_Rule):
    """AMOUNT into buckets of whole yuan; LOCATION up to a region level via the gazetteer."""

    operator: Literal["generalize"]
    buckets: tuple[Annotated[int, Field(gt=0)], ...] = (100, 500, 1000, 5000, 10000, 50000)
    level: Level = "city"

    @field_validator("buckets")
    @classmethod
    def _ascending(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value:
            raise ValueError("needs at least one bucket edge")
        if any(b <= a for a, b in pairwise(value)):
            raise ValueError("bucket edges must be strictly increasing")
        return value


Rule = Annotated[
    PlaceholderRule | VaultTokenRule | RedactRule | PseudonymRule | DisplayMaskRule | GeneralizeRule,
    Field(discriminator="operator"),
]

# Operators that only make sense for some entity types.
_GENERALIZABLE = frozenset({AMOUNT, LOCATION})
# Display-mask types whose style keeps a configurable number of leading/trailing characters.
_KEEP_COUNTS_APPLY = frozenset({PHONE_NUMBER, CN_RESIDENT_ID, BANK_CARD, AMOUNT})


class PolicySpec(BaseModel):
    """The content of one policy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    default_rule: Rule
    rules: dict[EntityType, Rule] = Field(default_factory=dict)

    @field_validator("default_rule")
    @classmethod
    def _default_fits_any_type(cls, rule: _Rule) -> _Rule:
        if isinstance(rule, GeneralizeRule):
            raise ValueError(f"generalize only applies to {', '.join(sorted(_GENERALIZABLE))}")
        return rule

    @model_validator(mode="after")
    def _rules_fit_their_types(self) -> PolicySpec:
        for entity_type, rule in self.rules.items():
            if isinstance(rule, GeneralizeRule) and entity_type not in _GENERALIZABLE:
                raise ValueError(
                    f"rules.{entity_type}: generalize only applies to {', '.join(sorted(_GENERALIZABLE))}"
                )
            if isinstance(rule, GeneralizeRule):
                unused = "level" if entity_type == AMOUNT else "buckets"
                if unused in rule.model_fields_set:
                    raise ValueError(f"rules.{entity_type}.{unused}: does not apply to {entity_type}")
            if isinstance(rule, DisplayMaskRule):
                _check_display_params(f"rules.{entity_type}", entity_type, rule)
        email_key = f"rules.{EMAIL_ADDRESS}" if EMAIL_ADDRESS in self.rules else "default_rule"
        email_rule = self.rules.get(EMAIL_ADDRESS, self.default_rule)
        mask_char = email_rule.mask_char if isinstance(email_rule, DisplayMaskRule) else None
        if mask_char is not None and _nfkc(mask_char) in _EMAIL_ATEXT:
            raise ValueError(
                f"{email_key}.mask_char: {mask_char!r} is legal in an e-mail address, so the"
                " masked address would be detected again; leave it unset (•)"
            )
        return self


def _check_display_params(key: str, entity_type: str, rule: DisplayMaskRule) -> None:
    """A parameter the type's style ignores is a mistake in the file, not something to skip silently."""
    if entity_type not in _KEEP_COUNTS_APPLY and (rule.keep_first is not None or rule.keep_last is not None):
        raise ValueError(f"{key}: keep_first/keep_last do not apply to {entity_type}")
    if entity_type != LOCATION and "level" in rule.model_fields_set:
        raise ValueError(f"{key}.level: only applies to {LOCATION}")


@dataclass(frozen=True)
class Policy:
    """A loaded policy: its name (the file stem), version (hash of its content) and content."""

    name: str
    version: str
    spec: PolicySpec

    def rule_for(self, entity_type: str) -> Rule:
        return self.spec.rules.get(entity_type, self.spec.default_rule)
