"""`privacy-gateway export`: a de-identified dataset for analysts (docs/export.md).

Mounted by cli/main.py as ``app.command("export")(export)``. Progress bars go to stderr; stdout gets one
JSON object summarising the manifest (the full manifest is ``OUT/manifest.json``). ``--engine spark``
runs the Spark job module (privacy_gateway.jobs.export_job) in a child process with the same options:
the CLI itself never imports pyspark.
"""

from __future__ import annotations

import json
import subprocess  # runs our own Spark module, argument list, no shell  # nosec B404
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from privacy_gateway.cli.context import handle_errors, load_services, load_settings
from privacy_gateway.export.hierarchies import DEFAULT_QUASI
from privacy_gateway.types import Actor


class EngineChoice(StrEnum):
    LOCAL = "local"
    SPARK = "spark"


class FormatChoice(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"
    JSONL = "jsonl"


class ResidualChoice(StrEnum):
    FAIL = "fail"
    MASK = "mask"


def summary(manifest: dict[str, Any], out: Path) -> dict[str, Any]:
    keys = ("dataset_id", "purpose", "policy_version", "consent_cutoff", "engine", "rows", "k", "l")
    return {
        **{k: manifest[k] for k in keys},
        "generalisation": manifest["generalisation"],
        "residual": manifest["residual"],
        "files": [f["name"] for f in manifest["files"]],
        "manifest": str(out / "manifest.json"),
    }


@handle_errors
def export(
    out: Annotated[Path, typer.Option(help="Dataset directory to create (must not exist or be empty).")],
    purpose: Annotated[str, typer.Option(help="Purpose the subjects must have consented to.")] = "analytics",
    format: Annotated[FormatChoice, typer.Option("--format", help="File format.")] = FormatChoice.PARQUET,
    k: Annotated[int, typer.Option("--k", help="k-anonymity over the quasi-identifiers.")] = 5,
    l: Annotated[  # noqa: E741
        int | None, typer.Option("--l", help="Distinct ℓ-diversity of the sensitive column (off by default).")
    ] = None,
    sensitive_column: Annotated[
        str | None,
        typer.Option(help="Sensitive column for ℓ-diversity: category (default with --l) or channel."),
    ] = None,
    quasi: Annotated[
        str,
        typer.Option(
            help="Quasi-identifiers, comma-separated: amount_bucket, region, week|month, channel, category."
        ),
    ] = ",".join(DEFAULT_QUASI),
    max_suppression: Annotated[
        float, typer.Option(help="Share of rows that may be suppressed instead of generalising further.")
    ] = 0.05,
    residual: Annotated[
        ResidualChoice,
        typer.Option(help="Residual PII in exported text: fail (write nothing) or mask and report."),
    ] = ResidualChoice.FAIL,
    engine: Annotated[
        EngineChoice, typer.Option(help="local (pandas) or spark (PySpark job).")
    ] = EngineChoice.LOCAL,
    link_key: Annotated[
        str | None, typer.Option(help="Named key for subject pseudonyms shared by exports under this name.")
    ] = None,
    spark_master: Annotated[
        str | None, typer.Option(help="Spark master for --engine spark (default local[*]).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Progress bars on stderr.")] = True,
) -> None:
    """Export consented feedback as a de-identified dataset (k-anonymous, pseudonymised, residual-scanned)."""
    from privacy_gateway.export.schemas import ExportRequest, Format, ResidualMode

    quasi_ids = tuple(q.strip() for q in quasi.split(",") if q.strip())
    request = ExportRequest(  # validates before any work (exit 2 on a bad option combination)
        purpose=purpose,
        format=Format(format.value),
        quasi=quasi_ids,
        k=k,
        l=l,
        sensitive_column=sensitive_column,
        max_suppression=max_suppression,
        residual=ResidualMode(residual.value),
        link_key=link_key,
    )
    if engine is EngineChoice.SPARK:
        manifest = _run_spark_job(request, out, master=spark_master, progress=progress)
    else:
        manifest = _run_local(request, out, progress=progress)
    typer.echo(json.dumps(summary(manifest, out), ensure_ascii=False))


def _run_local(request: Any, out: Path, *, progress: bool) -> dict[str, Any]:
    from privacy_gateway.export.errors import ResidualPIIFound
    from privacy_gateway.export.progress import ProgressBars
    from privacy_gateway.export.service import ExportService

    services = load_services(load_settings())
    bars = ProgressBars(enabled=progress)
    try:
        with services.session_factory() as session:
            try:
                manifest = ExportService.from_services(services).export(
                    session,
                    request,
                    out_dir=out,
                    actor=Actor("cli", "analyst"),
                    progress=bars,
                    on_total=lambda n: bars.set_total("read", n),
                )
            except ResidualPIIFound:
                session.commit()  # the failed attempt stays on record
                raise
            session.commit()
    finally:
        bars.close()
    return manifest.to_dict()


def _run_spark_job(request: Any, out: Path, *, master: str | None, progress: bool) -> dict[str, Any]:
    args = [
        sys.executable, "-m", "privacy_gateway.jobs.export_job",
        "--purpose", request.purpose, "--format", str(request.format), "--out", str(out),
        "--k", str(request.k), "--quasi", ",".join(request.quasi),
        "--max-suppression", str(request.max_suppression), "--residual", str(request.residual),
        "--master", master or "local[*]", "--actor", "cli",
    ]  # fmt: skip
    if request.l is not None:
        args += ["--l", str(request.l)]
    if request.sensitive_column is not None:
        args += ["--sensitive-column", request.sensitive_column]
    if request.link_key is not None:
        args += ["--link-key", request.link_key]
    if not progress:
        args.append("--no-progress")
    done = subprocess.run(args, stdout=subprocess.PIPE, check=False)  # noqa: S603 (our own module, no shell)  # nosec B603
    if done.returncode != 0:
        raise typer.Exit(done.returncode)  # the job printed the reason on stderr
    manifest: dict[str, Any] = json.loads(done.stdout)
    return manifest
