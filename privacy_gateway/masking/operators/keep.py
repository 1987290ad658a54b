"""keep: the value stays as written. Only for types that are not personal data.

Policies may use it under ``rules.<TYPE>`` for types outside the contract's PII list (e.g.
SERVICE_HOTLINE: "打了95588没人接" is useful and names a company, not a person); never as a
``default_rule`` and never for the contract types (policies/models.py refuses both). Same behaviour as
Presidio's own ``keep``, which it replaces when registered.
"""

from __future__ import annotations

from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType


class Keep(Operator):
    NAME = "keep"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        return text

    def validate(self, params: dict[str, Any] | None = None) -> None:
        return None

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
