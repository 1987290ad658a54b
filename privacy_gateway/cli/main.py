"""The `privacy-gateway` command. Each command is a thin shell over the service layer."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from privacy_gateway import __version__
from privacy_gateway.cli import audit_cmd, consent_cmd, erase_cmd, eval_cmd, export_cmd, keys_cmd, stores_cmd
from privacy_gateway.cli.context import handle_errors, load_services, load_settings, setup_logging
from privacy_gateway.cli.stream_cmd import run_stream, run_stream_parallel

app = typer.Typer(
    name="privacy-gateway",
    help="Privacy gateway for wallet feedback: detect and mask PII, gate reuse on consent, "
    "audit everything.\n\n"
    "Settings come from PRIVACY_GATEWAY_* environment variables (docs/configuration.md).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema: create or migrate (Alembic).", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(apikey_app, name="apikey")
app.add_typer(consent_cmd.app, name="consent")
app.add_typer(keys_cmd.app, name="keys")
app.add_typer(audit_cmd.app, name="audit")
app.command("eval")(eval_cmd.eval_command)
app.command("export")(export_cmd.export)
app.command("erase")(erase_cmd.erase)
stores_cmd.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    setup_logging(load_settings().log_level)


@db_app.command("upgrade")
@handle_errors
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create the schema or migrate it to the latest revision."""
    from privacy_gateway.storage.migrate import current_revision, upgrade
    from privacy_gateway.storage.session import make_engine

    engine = make_engine(load_settings().database_url)
    try:
        upgrade(engine, revision)
        typer.echo(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()


@db_app.command("current")
@handle_errors
def db_current() -> None:
    """Print the schema revision of the database."""
    from privacy_gateway.storage.migrate import current_revision, head_revision
    from privacy_gateway.storage.session import make_engine

    engine = make_engine(load_settings().database_url)
    try:
        typer.echo(f"current {current_revision(engine)} head {head_revision()}")
    finally:
        engine.dispose()


@apikey_app.command("create")
@handle_errors
def apikey_create(
    role: Annotated[str, typer.Option(help="ingest, agent, compliance, analyst or admin.")],
    name: Annotated[str, typer.Option(help="A unique name, recorded as the actor in the audit trail.")],
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from privacy_gateway.apikeys.service import create_key
    from privacy_gateway.types import Actor

    services = load_services(load_settings())
    _ensure_schema(services)
    with services.session_factory() as session, session.begin():
        created = create_key(session, services.audit, name=name, role=role, actor=Actor("cli", "admin"))
    typer.echo(f"created {created.role} key {created.name!r}; store it now, it is not shown again:", err=True)
    typer.echo(created.key)


@apikey_app.command("list")
@handle_errors
def apikey_list() -> None:
    """List keys (name, role, prefix, created, revoked). Never prints secrets."""
    from privacy_gateway.apikeys.service import list_keys

    services = load_services(load_settings())
    with services.session_factory() as session:
        for k in list_keys(session):
            revoked = k.revoked_at.isoformat() if k.revoked_at else "-"
            typer.echo(f"{k.name}\t{k.role}\tpg_{k.prefix}_…\t{k.created_at.isoformat()}\trevoked={revoked}")


@apikey_app.command("revoke")
@handle_errors
def apikey_revoke(name: Annotated[str, typer.Option(help="Name of the key to revoke.")]) -> None:
    """Revoke a key: it is refused (401) within 10 seconds (servers cache an accepted key that long)."""
    from privacy_gateway.apikeys.service import revoke_key
    from privacy_gateway.types import Actor

    services = load_services(load_settings())
    with services.session_factory() as session, session.begin():
        revoke_key(session, services.audit, name=name, actor=Actor("cli", "admin"))
    typer.echo(f"revoked {name!r}")


@apikey_app.command("dev-keys")
@handle_errors
def apikey_dev_keys() -> None:
    """Development only: create one key per role once, keep them in a 0600 file next to the dev key file,
    and print them. With production keys configured (environment), this refuses."""
    from privacy_gateway.apikeys.devkeys import ensure_dev_api_keys

    settings = load_settings()
    services = load_services(settings)
    _ensure_schema(services)
    path, keys, created = ensure_dev_api_keys(services, settings.key_file.parent / "dev-api-keys.json")
    typer.echo(f"development API keys ({'created now' if created else 'from'} {path}):", err=True)
    for role, key in keys.items():
        typer.echo(f"{role}\t{key}")


def _ensure_schema(services: object) -> None:
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade

    engine = services.engine  # type: ignore[attr-defined]
    if not is_up_to_date(engine):
        upgrade(engine)


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings: 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings: 8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default from settings: 1).")] = None,
) -> None:
    """Serve the HTTP API (upgrades the schema first if needed)."""
    import uvicorn

    from privacy_gateway.storage.migrate import is_up_to_date, upgrade
    from privacy_gateway.storage.session import make_engine

    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        if not is_up_to_date(engine):
            upgrade(engine)
    finally:
        engine.dispose()
    n = workers or settings.workers
    if n > 1:
        from privacy_gateway.cli.writer_process import WriterProcess
        from privacy_gateway.stores.wiring import dispatching

        # One ingest writer for all workers (redaction/remote_commit.py); the workers find it through
        # the environment they inherit. One outbox dispatcher too, here in the supervising process.
        with WriterProcess() as writer, dispatching(settings):
            os.environ["PRIVACY_GATEWAY_WRITER_SOCKET"] = writer.path
            uvicorn.run(
                "privacy_gateway.api.asgi:app",
                host=host or settings.host,
                port=port or settings.port,
                workers=n,
                log_level=settings.log_level.lower(),
                access_log=False,
                server_header=False,  # no "server: uvicorn" banner (docs/security.md)
            )
    else:
        from privacy_gateway.api.app import create_app

        uvicorn.run(
            create_app(settings, dispatcher=True),
            host=host or settings.host,
            port=port or settings.port,
            log_level=settings.log_level.lower(),
            access_log=False,
            server_header=False,  # no "server: uvicorn" banner (docs/security.md)
        )


@app.command()
@handle_errors
def detect() -> None:
    """Detect PII: JSON Lines {"id", "text"} on stdin -> {"id", "entities": [...]} on stdout."""
    from privacy_gateway.detection.engine import get_detector

    settings = load_settings()
    detector = get_detector()

    def handler(text: str) -> dict[str, object]:
        return {"entities": [s.as_dict() for s in detector.detect(text)]}

    failed = run_stream(sys.stdin.buffer, handler, max_chars=settings.max_text_chars)
    raise typer.Exit(1 if failed else 0)


@app.command()
@handle_errors
def mask(
    policy: Annotated[
        str | None, typer.Option(help="Masking policy (default from settings: 'default').")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Worker processes (engines built once in each; output keeps the input order)."
        ),
    ] = 1,
) -> None:
    """Mask PII: JSON Lines {"id", "text"} on stdin -> {"id", "text" (masked), "entities"} on stdout."""
    from privacy_gateway.bootstrap import load_keys
    from privacy_gateway.masking.engine import Masker
    from privacy_gateway.policies.loader import load_policies

    settings = load_settings()
    name = policy or settings.default_policy
    policies = load_policies(settings.policies_dir)
    policies.get(name)
    derived: dict[str, bytes] = {}

    def key_for(label: str) -> bytes:
        # Keys are loaded only if the policy needs one (pseudonyms): plain masking needs no key file.
        if label not in derived:
            derived[label] = load_keys(settings)[0].derive(label)
        return derived[label]

    if workers == 1:
        handler = masking_handler(settings.policies_dir, name, key_for)
        failed = run_stream(sys.stdin.buffer, handler, max_chars=settings.max_text_chars)
    else:
        # Masking nothing derives the policy's key here, once, if it has one; workers get the derived
        # key and never touch the key file (two of them must not create it at the same time).
        Masker(policies, key_for=key_for).mask("", [], policy=name)
        make_handler = functools.partial(masking_handler, settings.policies_dir, name, derived.__getitem__)
        failed = run_stream_parallel(
            sys.stdin.buffer, make_handler, max_chars=settings.max_text_chars, workers=workers
        )
    raise typer.Exit(1 if failed else 0)


def masking_handler(
    policies_dir: Path | None, policy: str, key_for: Callable[[str], bytes]
) -> Callable[[str], dict[str, object]]:
    """The `mask` command's per-line function, with its engines built once (in each worker process)."""
    from privacy_gateway.detection.engine import get_detector
    from privacy_gateway.masking.engine import Masker
    from privacy_gateway.policies.loader import load_policies

    detector = get_detector()
    masker = Masker(load_policies(policies_dir), key_for=key_for)

    def handler(text: str) -> dict[str, object]:
        result = masker.mask(text, detector.detect_all(text), policy=policy)
        return {
            "text": result.text,
            "entities": [
                {"entity_type": e.entity_type, "start": e.start, "end": e.end} for e in result.entities
            ],
            "policy": result.policy,
        }

    return handler


def main() -> None:
    app()


if __name__ == "__main__":
    main()
