"""The gateway's masking operators, Presidio ``Operator`` subclasses (one per module).

The Masker applies them itself (see ``masking/engine.py`` for why); Presidio users can register them on
an AnonymizerEngine with ``register_operators(engine)`` and pass the same params.
"""

from __future__ import annotations

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.operators import Operator

from privacy_gateway.masking.operators.display_mask import DisplayMask
from privacy_gateway.masking.operators.generalize import Generalize
from privacy_gateway.masking.operators.placeholder import Placeholder
from privacy_gateway.masking.operators.pseudonym import Pseudonym
from privacy_gateway.masking.operators.redact import Redact
from privacy_gateway.masking.operators.vault_token import VaultToken

OPERATOR_CLASSES: tuple[type[Operator], ...] = (
    Placeholder,
    VaultToken,
    Redact,
    Pseudonym,
    DisplayMask,
    Generalize,
)

# Names must equal the policy files' ``operator`` values (policies/models.py).
OPERATORS_BY_NAME: dict[str, type[Operator]] = {cls().operator_name(): cls for cls in OPERATOR_CLASSES}


def register_operators(engine: AnonymizerEngine) -> AnonymizerEngine:
    for cls in OPERATOR_CLASSES:
        engine.add_anonymizer(cls)
    return engine


__all__ = [
    "OPERATORS_BY_NAME",
    "OPERATOR_CLASSES",
    "DisplayMask",
    "Generalize",
    "Placeholder",
    "Pseudonym",
    "Redact",
    "VaultToken",
    "register_operators",
]
