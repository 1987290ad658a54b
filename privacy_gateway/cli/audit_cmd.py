"""`privacy-gateway audit ...`: verify the trail, sign and export checkpoints, query and export entries.

    verify        exit 0 and a summary when intact; exit 1 and the first bad entry otherwise
    checkpoint    sign the chain head now; prints the checkpoint (JSON)
    checkpoints   the signed checkpoints and public keys (JSON) to keep outside the database
    export        CSV or JSON Lines of the (filtered) entries to a file
    query         one page of (filtered) entries as JSON Lines; the next cursor on stderr

The command bodies are plain functions of (session_factory, audit_log, ...) so that tests call them
without Typer; the Typer layer only parses options and prints. Reads of the trail are audited like
the HTTP ones (actor `--actor`, role admin).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from privacy_gateway.cli.context import handle_errors, load_services, load_settings
from privacy_gateway.errors import InvalidInput
from privacy_gateway.types import Actor, Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from privacy_gateway.audit.checkpoint import SignedCheckpoint
    from privacy_gateway.audit.schemas import AuditFilters, Page
    from privacy_gateway.audit.service import AuditLog
    from privacy_gateway.audit.verify import VerifyReport

app = typer.Typer(
    help="Tamper-evident audit trail: verify, checkpoints, query and export (docs/audit.md).",
    no_args_is_help=True,
)


# -- command bodies (no Typer) --------------------------------------------------------------------


def load_anchors(path: Path) -> list[SignedCheckpoint]:
    """Checkpoints from a file written by `audit checkpoints` / GET /v1/audit/checkpoints."""
    from privacy_gateway.audit.checkpoint import parse_export_document

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read checkpoints file {path}: {type(exc).__name__}") from None
    return parse_export_document(document)


def run_verify(
    session_factory: sessionmaker[Session], audit: AuditLog, *, actor: Actor, anchors: list[SignedCheckpoint]
) -> tuple[VerifyReport, dict[str, object] | None]:
    """Verify the stored chain; returns the report and the first bad entry (if it still exists)."""
    from privacy_gateway.audit.query import entry_to_dict
    from privacy_gateway.storage.models.audit import AuditEntry
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        report = audit.verify(session, anchors=anchors)
        bad = session.get(AuditEntry, report.first_bad_seq) if report.first_bad_seq else None
        bad_entry = entry_to_dict(bad) if bad is not None else None
        audit.record_access(
            session,
            actor,
            action="audit.verify",
            details={
                "ok": report.ok,
                "entries": report.entries,
                "first_bad_seq": report.first_bad_seq,
                "anchors": len(anchors),
            },
        )
    return report, bad_entry


def verify_export_file(
    path: Path, *, anchors: list[SignedCheckpoint], trusted: dict[str, bytes]
) -> VerifyReport:
    """Verify a full JSON Lines export offline (no database): the same checks as `verify`."""
    from privacy_gateway.audit.verify import ChainVerifier

    verifier = ChainVerifier(anchors, trusted)
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    row = json.loads(line)
                except ValueError:
                    raise InvalidInput(f"{path}: line {number} is not JSON") from None
                if not isinstance(row, dict):
                    raise InvalidInput(f"{path}: line {number} is not a JSON object")
                if not verifier.feed(row):
                    break
    except OSError as exc:
        raise InvalidInput(f"cannot read export {path}: {type(exc).__name__}") from None
    return verifier.report()


def run_checkpoint(
    session_factory: sessionmaker[Session], audit: AuditLog, *, actor: Actor
) -> SignedCheckpoint:
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        audit.record_access(session, actor, action="audit.checkpoint")
        return audit.checkpoint(session)


def run_checkpoints(
    session_factory: sessionmaker[Session], audit: AuditLog, *, actor: Actor
) -> dict[str, object]:
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        document = audit.checkpoints_document(session)
        audit.record_access(session, actor, action="audit.checkpoints")
    return document


def run_export(
    session_factory: sessionmaker[Session],
    audit: AuditLog,
    *,
    actor: Actor,
    filters: AuditFilters,
    fmt: str,
    out: IO[str],
) -> int:
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        count = audit.export(session, filters, fmt=fmt, out=out)
        audit.record_access(
            session, actor, action="audit.export", filters=filters, details={"format": fmt, "returned": count}
        )
    return count


def run_query(
    session_factory: sessionmaker[Session],
    audit: AuditLog,
    *,
    actor: Actor,
    filters: AuditFilters,
    cursor: str | None,
    limit: int,
    descending: bool,
) -> Page:
    from privacy_gateway.storage.session import transaction

    with transaction(session_factory) as session:
        page = audit.query(session, filters, cursor, limit, descending=descending)
        audit.record_access(
            session, actor, action="audit.query", filters=filters, details={"returned": len(page.items)}
        )
    return page


def summary_line(report: VerifyReport) -> str:
    if not report.ok:
        return f"audit trail BROKEN at seq {report.first_bad_seq}: {report.reason}"
    checkpoint = report.last_checkpoint
    signed = (
        f"last checkpoint seq {checkpoint['seq']} signed {checkpoint['ts']} by key {checkpoint['key_id']}"
        if checkpoint
        else "no checkpoint yet"
    )
    return f"audit trail intact: {report.entries} entries, head {report.head_hash or '-'}, {signed}"


# -- Typer layer ----------------------------------------------------------------------------------

ActorOpt = Annotated[str, typer.Option("--actor", help="Name recorded in the audit trail for this read.")]
SubjectOpt = Annotated[str | None, typer.Option(help="Raw subject id (matched by its pseudonym).")]
ActorFilterOpt = Annotated[
    str | None, typer.Option("--by", help="Only entries by this actor (API key name).")
]
ActionOpt = Annotated[str | None, typer.Option(help="Exact action, or a prefix ending in '.*'.")]
PurposeOpt = Annotated[str | None, typer.Option(help="Only entries for this purpose.")]
DecisionOpt = Annotated[str | None, typer.Option(help="Only entries with this decision.")]
SinceOpt = Annotated[str | None, typer.Option(help="RFC 3339 time, inclusive (e.g. 2024-05-01T00:00:00Z).")]
UntilOpt = Annotated[str | None, typer.Option(help="RFC 3339 time, exclusive.")]


def _time(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--{name} is not an RFC 3339 time") from None
    if parsed.tzinfo is None:
        raise InvalidInput(f"--{name} must carry a time zone (e.g. Z or +08:00)")
    return parsed


def _filters(
    subject: str | None,
    by: str | None,
    action: str | None,
    purpose: str | None,
    decision: str | None,
    since: str | None,
    until: str | None,
) -> AuditFilters:
    from privacy_gateway.audit.schemas import AuditFilters

    return AuditFilters(
        subject_id=subject,
        actor=by,
        action=action,
        purpose=purpose,
        decision=decision,
        since=_time("since", since),
        until=_time("until", until),
    )


def _operator(name: str) -> Actor:
    return Actor(name=name, role=Role.ADMIN.value)


def _services() -> Any:
    from privacy_gateway.storage.migrate import is_up_to_date, upgrade

    services = load_services(load_settings())
    if not is_up_to_date(services.engine):
        upgrade(services.engine)
    return services


@app.command("verify")
@handle_errors
def verify(
    checkpoints: Annotated[
        Path | None,
        typer.Option(help="Also check against checkpoints kept elsewhere (a file from `audit checkpoints`)."),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            help="Verify this full JSONL export offline instead of the database (nothing recorded)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    actor: ActorOpt = "cli",
) -> None:
    """Re-hash the whole chain and check every signed checkpoint. Exit 0 when intact, 1 otherwise."""
    anchors = load_anchors(checkpoints) if checkpoints else []
    services = load_services(load_settings()) if export else _services()
    bad_entry: dict[str, object] | None = None
    if export:
        report = verify_export_file(export, anchors=anchors, trusted=services.audit.trusted_keys)
    else:
        report, bad_entry = run_verify(
            services.session_factory, services.audit, actor=_operator(actor), anchors=anchors
        )
    if as_json:
        typer.echo(json.dumps({**report.as_dict(), "first_bad_entry": bad_entry}, ensure_ascii=False))
    else:
        typer.echo(summary_line(report))
        if bad_entry is not None:
            typer.echo(json.dumps(bad_entry, ensure_ascii=False, sort_keys=True))
    if not report.ok:
        raise typer.Exit(1)


@app.command("checkpoint")
@handle_errors
def checkpoint(actor: ActorOpt = "cli") -> None:
    """Sign the current chain head now and print the checkpoint (JSON)."""
    services = _services()
    signed = run_checkpoint(services.session_factory, services.audit, actor=_operator(actor))
    typer.echo(json.dumps(signed.as_dict()))


@app.command("checkpoints")
@handle_errors
def checkpoints(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    actor: ActorOpt = "cli",
) -> None:
    """All signed checkpoints and the public keys (JSON): keep a copy outside this database."""
    services = _services()
    document = json.dumps(
        run_checkpoints(services.session_factory, services.audit, actor=_operator(actor)), indent=2
    )
    if out is None:
        typer.echo(document)
    else:
        out.write_text(document + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)


@app.command("export")
@handle_errors
def export(
    out: Annotated[Path, typer.Option(help="Output file ('-' for stdout).")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "jsonl",
    subject: SubjectOpt = None,
    by: ActorFilterOpt = None,
    action: ActionOpt = None,
    purpose: PurposeOpt = None,
    decision: DecisionOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = "cli",
) -> None:
    """Export the (filtered) entries, oldest first. A full JSONL export verifies offline."""
    from privacy_gateway.audit.query import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    filters = _filters(subject, by, action, purpose, decision, since, until)
    services = _services()

    def write(fh: IO[str]) -> int:
        return run_export(
            services.session_factory, services.audit, actor=_operator(actor), filters=filters, fmt=fmt, out=fh
        )

    if str(out) == "-":
        count = write(sys.stdout)
    else:
        tmp = out.with_name(out.name + ".partial")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                count = write(fh)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(out)  # a failed export leaves no half file under the real name
    typer.echo(f"exported {count} entries", err=True)


@app.command("query")
@handle_errors
def query(
    subject: SubjectOpt = None,
    by: ActorFilterOpt = None,
    action: ActionOpt = None,
    purpose: PurposeOpt = None,
    decision: DecisionOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    cursor: Annotated[str | None, typer.Option(help="next_cursor of the previous page.")] = None,
    limit: Annotated[int, typer.Option(help="Entries per page (1-1000).")] = 100,
    desc: Annotated[bool, typer.Option("--desc", help="Newest first.")] = False,
    actor: ActorOpt = "cli",
) -> None:
    """One page of entries as JSON Lines on stdout; `next_cursor: ...` on stderr when there is more."""
    filters = _filters(subject, by, action, purpose, decision, since, until)
    services = _services()
    page = run_query(
        services.session_factory,
        services.audit,
        actor=_operator(actor),
        filters=filters,
        cursor=cursor,
        limit=limit,
        descending=desc,
    )
    for item in page.items:
        typer.echo(json.dumps(item, ensure_ascii=False, sort_keys=True))
    if page.next_cursor:
        typer.echo(f"next_cursor: {page.next_cursor}", err=True)
