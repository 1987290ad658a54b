"""Per-document numbering of placeholder tokens: the same value keeps its number within a document."""

from __future__ import annotations

from privacy_gateway.masking.normalize import normalize


class Numbering:
    """Create one per document (per ``Masker.mask`` call); numbers restart at 1 for every type."""

    __slots__ = ("_counts", "_numbers")

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        self._counts: dict[str, int] = {}

    def number_for(self, entity_type: str, value: str) -> int:
        key = (entity_type, normalize(entity_type, value))
        number = self._numbers.get(key)
        if number is None:
            number = self._counts.get(entity_type, 0) + 1
            self._counts[entity_type] = number
            self._numbers[key] = number
        return number

    def __repr__(self) -> str:  # the keys are raw values: never show them
        return f"Numbering(types={sorted(self._counts)})"
