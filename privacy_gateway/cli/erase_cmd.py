"""`privacy-gateway erase --subject ID`: erase one data subject (crypto-shredding), like DELETE
/v1/subjects/{id}. Prints {"erased": {counts}} on stdout; never the subject id."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from privacy_gateway.cli.context import handle_errors, load_services, load_settings
from privacy_gateway.types import Actor, Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from privacy_gateway.consent.service import ConsentService
    from privacy_gateway.vault.service import VaultService

DEFAULT_REASON = "data subject erasure request"


def run_erase(
    session_factory: sessionmaker[Session],
    vault: VaultService,
    consent: ConsentService,
    *,
    subject: str,
    reason: str,
    ticket: str | None,
    actor: Actor,
) -> dict[str, int]:
    from privacy_gateway.redaction.erasure import erase_subject
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        return erase_subject(
            session,
            vault=vault,
            consent=consent,
            subject_id=subject,
            actor=actor,
            reason=reason,
            ticket=ticket,
        )


def _ready(services: object) -> None:
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade

    engine = services.engine  # type: ignore[attr-defined]
    if not is_up_to_date(engine):
        upgrade(engine)


@handle_errors
def erase(
    subject: Annotated[str, typer.Option("--subject", help="The subject id as given at ingest.")],
    reason: Annotated[
        str, typer.Option(help="Why (not stored: the audit keeps its length and a keyed hash).")
    ] = DEFAULT_REASON,
    ticket: Annotated[
        str | None, typer.Option(help="Case reference, e.g. DSR-2024-007 (kept in the audit).")
    ] = None,
    actor: Annotated[str, typer.Option(help="Name recorded in the audit trail.")] = "cli",
) -> None:
    """Erase a subject: destroy their data key and vault entries, empty their feedback rows, keep their
    consent history only under a pseudonym. Irreversible."""
    services = load_services(load_settings())
    _ready(services)
    report = run_erase(
        services.session_factory,
        services.vault,
        services.consent,
        subject=subject,
        reason=reason,
        ticket=ticket,
        actor=Actor(name=actor, role=Role.ADMIN),
    )
    typer.echo(json.dumps({"erased": report}))
