"""`privacy-gateway keys rotate | rewrap | status`: master key versions (never prints key bytes).

The order of a rotation (docs/operations.md): rotate -> restart every gateway process (new data keys
are wrapped under the new version) -> rewrap (moves existing data keys; resumable) -> status shows
`retirable_below` -> raise PRIVACY_GATEWAY_MIN_MASTER_KEY_VERSION -> later, delete the old key.
Command bodies are small functions over (session_factory, vault) so that they test without a process.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from privacy_gateway.cli.context import fail, handle_errors, load_services, load_settings
from privacy_gateway.types import Actor, Role

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker

    from privacy_gateway.vault.schemas import RewrapReport
    from privacy_gateway.vault.service import VaultService

app = typer.Typer(
    help="Master keys: add a version (rotate), move data keys to it (rewrap), show versions in use (status).",
    no_args_is_help=True,
)

ENV_ROTATION_HELP = (
    "master keys come from PRIVACY_GATEWAY_MASTER_KEYS, which the gateway cannot edit. To rotate:\n"
    "  1. generate a 32-byte key in your secret store (e.g. `openssl rand -base64 32`);\n"
    "  2. append ',{version}:<BASE64>' to PRIVACY_GATEWAY_MASTER_KEYS, keeping every existing version;\n"
    "  3. restart every gateway process (new data keys are then wrapped under version {version});\n"
    "  4. run `privacy-gateway keys rewrap`, then `privacy-gateway keys status`."
)


def cli_actor(name: str) -> Actor:
    return Actor(name=name, role=Role.ADMIN)


def run_rotate(
    session_factory: sessionmaker[Session], vault: VaultService, *, key_file: Path, actor: Actor
) -> int:
    """Add a version to the development key file and audit it. Returns the new version."""
    from privacy_gateway.storage.session import transaction
    from privacy_gateway.vault.keys import rotate_key_file

    version = rotate_key_file(key_file)
    with transaction(session_factory) as session:
        vault.record_rotation(session, version=version, actor=actor, mode="file")
    return version


def run_rewrap(
    session_factory: sessionmaker[Session],
    vault: VaultService,
    *,
    batch_size: int,
    actor: Actor,
    progress: bool = True,
) -> RewrapReport:
    from tqdm import tqdm

    with session_factory() as session:
        total = vault.pending_rewrap(session)
    with tqdm(total=total, unit="key", file=sys.stderr, disable=not progress, dynamic_ncols=True) as bar:
        return vault.rewrap(session_factory, batch_size=batch_size, progress=bar.update, actor=actor)


def run_status(session_factory: sessionmaker[Session], vault: VaultService) -> dict[str, object]:
    with session_factory() as session:
        return {"key_source": vault.keyring.source.split(" ")[0], **vault.key_status(session).as_dict()}


def _ready(services: object) -> None:
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade

    engine = services.engine  # type: ignore[attr-defined]
    if not is_up_to_date(engine):
        upgrade(engine)


@app.command("rotate")
@handle_errors
def rotate(
    actor: Annotated[str, typer.Option(help="Name recorded in the audit trail.")] = "cli",
) -> None:
    """Add a new master key version (development key file). New data keys use it after a restart."""
    settings = load_settings()
    services = load_services(settings)
    if settings.master_keys is not None:
        next_version = services.keyring.current_version + 1
        raise fail(ENV_ROTATION_HELP.format(version=next_version), 1)
    _ready(services)
    version = run_rotate(
        services.session_factory, services.vault, key_file=settings.key_file, actor=cli_actor(actor)
    )
    typer.echo(
        f"added master key version {version} to {settings.key_file}; back the file up now, restart the "
        "gateway, then run `privacy-gateway keys rewrap`",
        err=True,
    )
    typer.echo(json.dumps({"version": version}))


@app.command("rewrap")
@handle_errors
def rewrap(
    batch_size: Annotated[int, typer.Option(min=1, help="Data keys per committed batch.")] = 500,
    actor: Annotated[str, typer.Option(help="Name recorded in the audit trail.")] = "cli",
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Re-wrap every data key under the newest master version. Safe to interrupt and run again."""
    services = load_services(load_settings())
    _ready(services)
    report = run_rewrap(
        services.session_factory,
        services.vault,
        batch_size=batch_size,
        actor=cli_actor(actor),
        progress=progress,
    )
    typer.echo(
        json.dumps(
            {
                "target_version": report.target_version,
                "rewrapped": report.rewrapped,
                "failed": report.failed,
                "batches": report.batches,
            }
        )
    )
    if report.failed:
        raise fail(
            f"{report.failed} data keys could not be unwrapped (their master version is retired or missing); "
            "see `privacy-gateway keys status` (unreadable_versions)",
            1,
        )


@app.command("status")
@handle_errors
def status() -> None:
    """Versions configured and in use, data keys and vault entries per version. Never key bytes."""
    services = load_services(load_settings())
    _ready(services)
    typer.echo(json.dumps(run_status(services.session_factory, services.vault)))
