"""What masking returns. Offsets are code-point indices into the ORIGINAL text, end exclusive."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MaskedEntity:
    """One masked region of the original text and the operator that replaced it. Safe to log."""

    entity_type: str
    start: int
    end: int
    operator: str

    def as_dict(self) -> dict[str, object]:
        return {
            "entity_type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "operator": self.operator,
        }


@dataclass(frozen=True, slots=True)
class VaultItem:
    """A value replaced by a vault token, for the vault to encrypt and store apart from the text.

    ``index`` is the position of the matching entity in ``MaskResult.entities``. ``original`` is the raw
    value: it never appears in the repr and must never be logged or stored in clear.
    """

    index: int
    entity_type: str
    start: int
    end: int
    token: str
    original: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class MaskResult:
    text: str
    policy: str
    policy_version: str
    entities: list[MaskedEntity]
    vault_items: list[VaultItem]
