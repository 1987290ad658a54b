"""vault_token: the value becomes a placeholder token and its original goes to the vault.

The token has the placeholder's form and numbering (one number per value per document), so a reader
cannot tell a revealable value from an irreversible one. Masking does no cryptography: the Masker
returns a ``VaultItem`` (token + original) per occurrence and the vault encrypts and stores it apart.
Presidio users take the originals from their analyzer results and the anonymizer's items.
"""

from __future__ import annotations

from privacy_gateway.masking.operators.placeholder import Placeholder


class VaultToken(Placeholder):
    NAME = "vault_token"
