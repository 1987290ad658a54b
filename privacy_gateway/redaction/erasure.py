"""Erasure of one data subject (PIPL art. 47), the use-case behind DELETE /v1/subjects/{id} and `erase`.

One transaction: the vault destroys the subject's data key and originals and empties their feedback
rows (crypto-shredding); the consent registry keeps its history as evidence but only under a pseudonym
(`ConsentService.forget`). Both steps audit themselves; the chain still verifies afterwards because
audit entries never held the raw id.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from privacy_gateway.types import Actor


class _Vault(Protocol):
    def erase_subject(
        self, session: Session, *, subject_id: str, actor: Actor, reason: str, ticket: str | None = None
    ) -> object: ...


class _Consent(Protocol):
    def forget(self, session: Session, subject_id: str, *, actor: Actor) -> dict[str, int]: ...


def erase_subject(
    session: Session,
    *,
    vault: _Vault,
    consent: _Consent,
    subject_id: str,
    actor: Actor,
    reason: str,
    ticket: str | None = None,
) -> dict[str, int]:
    report = vault.erase_subject(session, subject_id=subject_id, actor=actor, reason=reason, ticket=ticket)
    counts = dict(getattr(report, "counts", {}))
    for name, n in consent.forget(session, subject_id, actor=actor).items():
        counts[f"consent_{name}"] = n
    return counts
