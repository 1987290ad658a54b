"""Feedback-store commands: dispatch, outbox status|retry|purge, consume, scan, backfill (docs/stores.md).

Mounted by cli/main.py with ``register(app)``: ``dispatch``, ``consume``, ``scan`` and ``backfill`` are
top-level commands (CONTRACT.md names ``scan`` and ``backfill``), ``outbox`` is a sub-app.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import timedelta
from typing import Annotated, Any

import typer

from privacy_gateway.cli.context import handle_errors, load_services, load_settings

outbox_app = typer.Typer(
    help="The delivery outbox: status, retry dead messages, purge old ones.", no_args_is_help=True
)

CLI_ACTOR = ("cli", "admin")


def register(app: typer.Typer) -> None:
    app.command("dispatch")(dispatch)
    app.command("consume")(consume)
    app.command("scan")(scan)
    app.command("backfill")(backfill)
    app.add_typer(outbox_app, name="outbox")


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)
    return stop


def _ready_services() -> Any:
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade

    services = load_services(load_settings())
    if not is_up_to_date(services.engine):
        upgrade(services.engine)
    return services


@handle_errors
def dispatch(
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit (cron, tests).")] = False,
) -> None:
    """Deliver outbox messages to their destinations until stopped (SIGTERM/Ctrl-C). Run as many as you
    like: each destination is worked by one dispatcher at a time (a lease), so order is kept."""
    from privacy_gateway.stores.wiring import build_dispatcher

    dispatcher = build_dispatcher(_ready_services())
    try:
        if once:
            report = dispatcher.run_once()
            typer.echo(
                json.dumps({"delivered": report.delivered, "failed": report.failed, "dead": report.dead})
            )
            return
        typer.echo(
            f"dispatcher {dispatcher.owner} running; destinations: {', '.join(dispatcher.destinations)}",
            err=True,
        )
        dispatcher.run(_stop_on_signals())
    finally:
        dispatcher.close()


@handle_errors
def consume(
    source: Annotated[str, typer.Option(help="Name of a source in the stores config (sources: ...).")],
    max_messages: Annotated[
        int | None, typer.Option(help="Stop after this many messages were acked or dead-lettered.")
    ] = None,
) -> None:
    """Ingest raw feedback from a RabbitMQ queue or NATS subject (same JSON body as POST /v1/feedback).
    Acks after commit; a bad message goes to the dead-letter with a reason code."""
    from privacy_gateway.errors import NotFound
    from privacy_gateway.stores.consumer import FeedbackConsumer
    from privacy_gateway.stores.sources import run_consumer
    from privacy_gateway.stores.wiring import load_stores_config

    services = _ready_services()
    config = load_stores_config(services.settings)
    if source not in config.sources:
        known = ", ".join(config.sources) or "none configured"
        raise NotFound(f"unknown source {source!r} (known: {known})")
    consumer = FeedbackConsumer(services.ingest, services.session_factory, source=source)
    report = run_consumer(
        consumer, config.sources[source], stop=_stop_on_signals(), max_messages=max_messages
    )
    typer.echo(
        json.dumps(
            {
                "acked": report.acked,
                "duplicates": report.duplicates,
                "dead": report.dead,
                "retried": report.retried,
            }
        )
    )


@outbox_app.command("status")
@handle_errors
def outbox_status(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of a table.")] = False,
) -> None:
    """Depth, age of the oldest pending message, failures and dead messages per destination."""
    from privacy_gateway.storage.base import utcnow
    from privacy_gateway.stores import outbox
    from privacy_gateway.stores.wiring import load_stores_config

    services = _ready_services()
    names = list(load_stores_config(services.settings).destinations)
    with services.session_factory() as session:
        rows = outbox.status(session, now=utcnow(), destinations=names)
    if as_json:
        typer.echo(json.dumps({"destinations": [r.as_dict() for r in rows]}))
        return
    typer.echo("destination\tpending\tretrying\tdead\tdelivered\toldest_pending_s\tlast_error")
    for r in rows:
        age = "-" if r.oldest_pending_age_seconds is None else f"{r.oldest_pending_age_seconds:.0f}"
        cells = [r.destination, r.pending, r.retrying, r.dead, r.delivered, age, r.last_error or "-"]
        typer.echo("\t".join(map(str, cells)))


@outbox_app.command("retry")
@handle_errors
def outbox_retry(
    destination: Annotated[str | None, typer.Option(help="Only this destination.")] = None,
    message_id: Annotated[list[int] | None, typer.Option("--id", help="Only these outbox ids.")] = None,
) -> None:
    """Put dead messages back in line (attempts reset), in their original order."""
    from privacy_gateway.storage.base import utcnow
    from privacy_gateway.stores import outbox

    services = _ready_services()
    with services.session_factory() as session, session.begin():
        n = outbox.retry_dead(session, now=utcnow(), destination=destination, ids=message_id or ())
    typer.echo(json.dumps({"retried": n}))


@outbox_app.command("purge")
@handle_errors
def outbox_purge(
    older_than_days: Annotated[
        float, typer.Option(min=0, help="Only messages created before now - N days.")
    ] = 7,
    dead: Annotated[
        bool, typer.Option("--dead", help="Also delete dead messages (they are lost for good).")
    ] = False,
    destination: Annotated[str | None, typer.Option(help="Only this destination.")] = None,
) -> None:
    """Delete delivered (and with --dead, dead) messages. Pending messages are never purged."""
    from privacy_gateway.storage.base import utcnow
    from privacy_gateway.stores import outbox

    services = _ready_services()
    before = utcnow() - timedelta(days=older_than_days)
    with services.session_factory() as session, session.begin():
        n = outbox.purge(session, before=before, include_dead=dead, destination=destination)
    typer.echo(json.dumps({"purged": n}))


def _progress(total: int | None, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="row", file=sys.stderr, disable=None, mininterval=1.0)


@handle_errors
def scan(
    url: Annotated[str, typer.Option(help="SQLAlchemy URL of the store to scan.")],
    table: Annotated[str, typer.Option(help="Table to scan.")],
    column: Annotated[list[str], typer.Option(help="Text column to scan (repeat for several).")],
    id_column: Annotated[
        str | None, typer.Option(help="Unique, ordered key: read by keyset pagination.")
    ] = None,
    sample: Annotated[int | None, typer.Option(min=1, help="Scan only the first N rows.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per read.")] = 1000,
) -> None:
    """Count PII in an existing store: prints ONE JSON object {"rows", "columns": {C: {"rows_with_pii",
    "entities": {TYPE: n}}}} on stdout (progress on stderr). Never prints a value."""
    from privacy_gateway.detection.engine import get_detector
    from privacy_gateway.stores.scan import scan_table
    from privacy_gateway.stores.tables import open_engine

    engine = open_engine(url)
    try:
        with _progress(sample, f"scan {table}") as bar:
            report = scan_table(
                engine,
                table,
                column,
                detector=get_detector(),
                id_column=id_column,
                sample=sample,
                batch_size=batch_size,
                progress=bar.update,
            )
    finally:
        engine.dispose()
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))


@handle_errors
def backfill(
    url: Annotated[str, typer.Option(help="SQLAlchemy URL of the source store.")],
    table: Annotated[str, typer.Option(help="Source table.")],
    column: Annotated[list[str], typer.Option(help="Text column to mask (repeat for several).")],
    id_column: Annotated[str, typer.Option(help="Unique, ordered key of the source table.")],
    to_table: Annotated[str, typer.Option(help="Table that receives the masked copy (created if missing).")],
    to_url: Annotated[
        str | None, typer.Option(help="Database of --to-table (default: the source's).")
    ] = None,
    policy: Annotated[str | None, typer.Option(help="Masking policy (default from settings).")] = None,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place", help="After a verified copy, overwrite the source column(s). Irreversible."
        ),
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Ignore the checkpoint and go over every row.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Rows per batch (one transaction).")
    ] = 1000,
) -> None:
    """Write a masked copy of a table into --to-table, in batches; resumable after a crash, idempotent
    (running it again changes nothing); one audit entry per run with row counts."""
    from privacy_gateway.audit.schemas import AuditEvent
    from privacy_gateway.stores.backfill import Backfill, run_key
    from privacy_gateway.stores.tables import open_engine
    from privacy_gateway.types import Actor

    services = _ready_services()
    name = policy or services.settings.default_policy
    services.policies.get(name)
    source = open_engine(url)
    target = source if to_url is None or to_url == url else open_engine(to_url)
    try:
        with _progress(None, f"backfill {table}") as bar:
            job = Backfill(
                source,
                target,
                table=table,
                columns=column,
                id_column=id_column,
                to_table=to_table,
                detector=services.detector,
                masker=services.masker,
                policy=name,
                key=run_key(url, table, column, id_column, to_table, name),
                batch_size=batch_size,
                progress=bar.update,
            )
            report = job.run(restart=restart)
        if in_place:
            job.overwrite_source(report)
    finally:
        source.dispose()
        target.dispose()
    with services.session_factory() as session, session.begin():
        services.audit.append(
            session,
            AuditEvent(
                action="store.backfill",
                actor=Actor(*CLI_ACTOR),
                decision="ok",
                policy_version=services.policies.get(name).version,
                entity_counts=report.entities,
                details={
                    "source": f"{source.dialect.name}:{table}",
                    "target": f"{target.dialect.name}:{to_table}",
                    "columns": len(column),
                    "policy": name,
                    "rows_read": report.rows_read,
                    "rows_written": report.rows_written,
                    "rows_with_pii": report.rows_with_pii,
                    "batches": report.batches,
                    "resumed": report.resumed,
                    "in_place_rows": report.in_place_rows,
                },
            ),
        )
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
