"""placeholder: ``<PHONE_NUMBER_1>`` — typed, numbered per document, the same value keeps its number.

Params: ``entity_type`` (Presidio sets it) and ``numbering``, a ``Numbering`` shared by every call for
one document (the Masker makes one per ``mask`` call; Presidio users pass a fresh one per text).
"""

from __future__ import annotations

from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType

from privacy_gateway.errors import ConfigError
from privacy_gateway.masking.numbering import Numbering


class Placeholder(Operator):
    NAME = "placeholder"

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        entity_type = params["entity_type"]
        return f"<{entity_type}_{params['numbering'].number_for(entity_type, text)}>"

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        if not isinstance(params.get("numbering"), Numbering):
            raise ConfigError(f"{self.NAME}: params need a per-document 'numbering' (a Numbering)")

    def operator_name(self) -> str:
        return self.NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
