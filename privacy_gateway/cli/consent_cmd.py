"""`privacy-gateway consent import FILE` (bulk-load consent records) and `consent forget --subject ID`.

A thin shell over consent.importer: a progress bar on stderr, rejected rows written to a report file
(JSON Lines: {"line": n, "error": "..."}) and summarised on stderr, one JSON summary line on stdout.
Exit 0 when every row was imported, 1 when some were rejected (the good ones are kept).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from privacy_gateway.cli.context import handle_errors, load_services, load_settings

if TYPE_CHECKING:
    from privacy_gateway.consent.importer import Rejected

app = typer.Typer(
    help="Consent records: bulk import from CSV or JSON Lines; erase a subject from the history.",
    no_args_is_help=True,
)

SHOWN_REJECTS = 5


@app.callback()
def consent() -> None:
    # A group even with one command: `consent import FILE`, not `consent FILE`, wherever it is mounted.
    pass


@app.command("import")
@handle_errors
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV (with a header) or JSON Lines file of consent records.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or jsonl (default: from the file name).")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(help="Write rejected rows here (JSON Lines). Default: FILE.rejected.jsonl if any."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction (and per audit event).")] = 1000,
    actor: Annotated[str, typer.Option(help="Name recorded as recorded_by and in the audit trail.")] = "cli",
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Import consent records: bad rows are rejected with their line number, good rows are kept."""
    from tqdm import tqdm

    from privacy_gateway.consent.importer import count_rows, format_for, import_consents
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade
    from privacy_gateway.types import Actor, Role

    fmt = format_for(file, fmt)
    services = load_services(load_settings())
    if not is_up_to_date(services.engine):
        upgrade(services.engine)
    report_path = report or file.with_name(file.name + ".rejected.jsonl")
    shown: list[Rejected] = []
    total = max(count_rows(file) - (fmt == "csv"), 0) if file.is_file() else 0  # minus the CSV header
    with (
        tqdm(total=total, unit="row", file=sys.stderr, disable=not progress, dynamic_ncols=True) as bar,
        _LazyReport(report_path) as sink,
    ):

        def on_reject(rejected: Rejected) -> None:
            sink.write(rejected)
            if len(shown) < SHOWN_REJECTS:
                shown.append(rejected)

        summary = import_consents(
            services.session_factory,
            services.consent,
            file,
            fmt,
            actor=Actor(actor, Role.ADMIN.value),
            batch_size=batch_size,
            on_reject=on_reject,
            progress=bar.update,
        )
    typer.echo(
        f"imported {summary.rows_ok} rows, rejected {summary.rows_rejected}, "
        f"{summary.rows_per_second:,.0f} rows/s",
        err=True,
    )
    for r in shown:
        typer.echo(f"  line {r.line}: {r.error}", err=True)
    if summary.rows_rejected:
        typer.echo(f"  all rejected rows: {report_path}", err=True)
    typer.echo(
        json.dumps({**summary.as_dict(), "report": str(report_path) if summary.rows_rejected else None})
    )
    raise typer.Exit(1 if summary.rows_rejected else 0)


class _LazyReport:
    """The report file, created only when the first row is rejected."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: TextIO | None = None

    def __enter__(self) -> _LazyReport:
        return self

    def write(self, rejected: Rejected) -> None:
        if self.handle is None:
            self.handle = self.path.open("w", encoding="utf-8")
        self.handle.write(json.dumps(rejected.as_dict(), ensure_ascii=False) + "\n")

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


@app.command("forget")
@handle_errors
def forget(
    subject: Annotated[
        str, typer.Option("--subject", help="The subject id to erase from the consent history.")
    ],
    actor: Annotated[str, typer.Option(help="Name recorded in the audit trail.")] = "cli",
) -> None:
    """Erase a subject from the consent history.

    The records stay as evidence under a pseudonym instead of the raw id; follow-up notes and the
    do-not-contact flag are deleted. Audited as consent.forget.
    """
    from privacy_gateway.storage.session import transaction
    from privacy_gateway.types import Actor, Role

    services = load_services(load_settings())
    with transaction(services.session_factory) as session:
        counts = services.consent.forget(session, subject, actor=Actor(actor, Role.ADMIN.value))
    typer.echo(json.dumps(counts))
