"""The Masker: detections + a policy -> masked text, the entities masked, and items for the vault.

    masker = Masker(load_policies(), key_for=keyring.derive)      # once per process
    result = masker.mask(text, spans, policy="default")

Everything a policy needs is prepared at construction: operator instances, their params and the
gazetteer. A policy's pseudonym key (``key_for("policy:<name>")``) is derived once, on the policy's
first use, so that masking with a policy without pseudonyms never touches key material. A call
otherwise only walks the spans. Overlapping spans are merged first
(``detection.overlaps.merge_overlaps``) so that no detected character stays in clear, and a detected
value is masked wherever else it occurs in the text (``masking.repeats``).

The operators are Presidio ``Operator`` subclasses, but the Masker applies them itself instead of
through ``AnonymizerEngine``: Presidio's engine re-creates and re-validates an operator per entity,
walks entities from the end (so placeholders would be numbered backwards) and adjusts overlapping
offsets on its own terms; ours keeps offsets into the original text and numbers in reading order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from presidio_anonymizer.operators import Operator

from privacy_gateway.detection.overlaps import merge_overlaps
from privacy_gateway.errors import ConfigError, InvalidInput, NotFound
from privacy_gateway.masking.numbering import Numbering
from privacy_gateway.masking.operators import OPERATORS_BY_NAME
from privacy_gateway.masking.operators.pseudonym import MIN_KEY_BYTES
from privacy_gateway.masking.operators.vault_token import VaultToken
from privacy_gateway.masking.regions import RegionResolver, load_region_resolver
from privacy_gateway.masking.repeats import with_repeats
from privacy_gateway.masking.results import MaskedEntity, MaskResult, VaultItem
from privacy_gateway.policies.loader import PolicySet
from privacy_gateway.policies.models import Policy, PseudonymRule, Rule
from privacy_gateway.types import Span

KeyFor = Callable[[str], bytes]


def key_label(policy_name: str) -> str:
    """The key-ring label of a policy's pseudonym key."""
    return f"policy:{policy_name}"


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    operator: Operator
    name: str
    params: Mapping[str, Any]  # static params; the per-call ones are added in _apply


@dataclass(frozen=True, slots=True)
class _CompiledPolicy:
    name: str
    version: str
    rules: Mapping[str, _CompiledRule]
    default: _CompiledRule
    needs_key: bool  # has a pseudonym rule


class Masker:
    """Thread-safe after construction: no state is shared between calls."""

    def __init__(
        self,
        policies: PolicySet,
        *,
        key_for: KeyFor | None = None,
        region_of: RegionResolver | None = None,
    ) -> None:
        self._region_of = region_of if region_of is not None else load_region_resolver()
        if self._region_of is not None:
            self._region_of("北京市")  # the gazetteer builds lazily: pay for it here, not on a request
        self._policies = {p.name: self._compile(p) for p in policies}
        self._key_for = key_for
        self._keys: dict[str, bytes] = {}
        self._keys_lock = threading.Lock()

    def mask(self, text: str, spans: Sequence[Span], *, policy: str) -> MaskResult:
        compiled = self._policies.get(policy)
        if compiled is None:
            raise NotFound(f"unknown policy {policy!r}; available: {', '.join(self._policies)}")
        per_call: dict[str, Any] = {"numbering": Numbering()}
        if compiled.needs_key:
            per_call["key"] = self._key(policy)
        for span in spans:
            if not 0 <= span.start <= span.end <= len(text):
                raise InvalidInput(f"span {span.entity_type} [{span.start}, {span.end}) is outside the text")
        pieces: list[str] = []
        entities: list[MaskedEntity] = []
        vault_items: list[VaultItem] = []
        cursor = 0
        for span in with_repeats(text, merge_overlaps(spans)):
            rule = compiled.rules.get(span.entity_type, compiled.default)
            value = text[span.start : span.end]
            replacement = rule.operator.operate(
                value, {**rule.params, **per_call, "entity_type": span.entity_type}
            )
            pieces += (text[cursor : span.start], replacement)
            cursor = span.end
            if isinstance(rule.operator, VaultToken):
                vault_items.append(
                    VaultItem(len(entities), span.entity_type, span.start, span.end, replacement, value)
                )
            entities.append(MaskedEntity(span.entity_type, span.start, span.end, rule.name))
        pieces.append(text[cursor:])
        return MaskResult("".join(pieces), compiled.name, compiled.version, entities, vault_items)

    def _key(self, policy: str) -> bytes:
        key = self._keys.get(policy)
        if key is not None:
            return key
        if self._key_for is None:
            raise ConfigError(
                f"policy {policy!r} uses pseudonyms but the masker has no key; refusing to mask"
            )
        with self._keys_lock:
            key = self._keys.get(policy)
            if key is None:
                key = self._key_for(key_label(policy))
                if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
                    raise ConfigError(
                        f"policy {policy!r}: the pseudonym key is shorter than {MIN_KEY_BYTES} bytes"
                    )
                self._keys[policy] = key
        return key

    def _compile(self, policy: Policy) -> _CompiledPolicy:
        spec = policy.spec
        rules = {t: self._compile_rule(policy, t, r) for t, r in spec.rules.items()}
        return _CompiledPolicy(
            name=policy.name,
            version=policy.version,
            rules=MappingProxyType(rules),
            default=self._compile_rule(policy, None, spec.default_rule),
            needs_key=any(isinstance(r, PseudonymRule) for r in (spec.default_rule, *spec.rules.values())),
        )

    def _compile_rule(self, policy: Policy, entity_type: str | None, rule: Rule) -> _CompiledRule:
        params: dict[str, Any] = rule.model_dump(exclude={"operator"}, exclude_none=True)
        if "level" in params:
            params["region_of"] = self._region_of
        operator = OPERATORS_BY_NAME[rule.operator]()
        probe = {**params, "entity_type": entity_type or "", "numbering": Numbering(), "key": _PROBE_KEY}
        try:  # the policy models checked these already; this catches a model/operator drift
            operator.validate(probe)
        except ConfigError as exc:
            where = f"rules.{entity_type}" if entity_type else "default_rule"
            raise ConfigError(f"policy {policy.name!r} {where}: {exc.message}") from None
        return _CompiledRule(operator=operator, name=rule.operator, params=MappingProxyType(params))


# Lets validate() check a pseudonym rule's other params before any real key is derived.
_PROBE_KEY = bytes(MIN_KEY_BYTES)

__all__ = ["KeyFor", "MaskResult", "MaskedEntity", "Masker", "VaultItem", "key_label"]
