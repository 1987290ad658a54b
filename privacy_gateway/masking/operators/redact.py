"""redact: the value is replaced by one fixed marker, the same for every type (default ``<REDACTED>``).

A marker rather than removal: deleted values leave sentences that read as if nothing was there
("请拨打回电"), which misleads a reader. The type is not shown either; the entity list still records it.
"""

from __future__ import annotations

from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError

DEFAULT_MARKER = "<REDACTED>"


class Redact(Operator):
    NAME = "redact"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        return str((params or {}).get("marker", DEFAULT_MARKER))

    def validate(self, params: dict[str, Any] | None = None) -> None:
        if not isinstance((params or {}).get("marker", DEFAULT_MARKER), str):
            raise ConfigError(f"{self.NAME}: 'marker' must be a string")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
