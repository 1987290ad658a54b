"""`privacy-gateway eval CORPUS.jsonl`: detection quality on a labelled corpus (docs/detection-quality.md).

Prints per entity type: gold spans, predictions, precision, recall, F1 and leak rate, with the issue's
targets marked ok/BELOW; ``--json`` prints the same as one JSON object. Exit 0 when the corpus was read
(whatever the scores), 2 when a line is not a valid record. Never prints corpus text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from privacy_gateway.detection.evaluation import TARGETS, CorpusError, evaluate, format_table, parse_records

# Types that are reported by the detector but are not personal data (company hotlines): not scored.
NOT_SCORED = ("SERVICE_HOTLINE",)


def eval_command(
    corpus: Annotated[
        Path, typer.Argument(help="JSON Lines: {id, text, entities: [{entity_type, start, end}]}.")
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of a table.")
    ] = False,
    threshold: Annotated[
        float, typer.Option(help="Share of a span's characters that must be covered to count as a match.")
    ] = 0.8,
    types: Annotated[
        list[str] | None, typer.Option("--type", help="Only score this entity type (repeatable).")
    ] = None,
) -> None:
    """Score the detector on a labelled corpus: precision, recall, F1 and leak rate per entity type."""
    from privacy_gateway.detection.engine import get_detector

    try:
        with corpus.open(encoding="utf-8") as fh:
            records = parse_records(fh)
    except (OSError, CorpusError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    detector = get_detector()
    wanted = set(types) if types else None

    def predict(text: str) -> list[object]:
        spans = [s for s in detector.detect(text) if s.entity_type not in NOT_SCORED]
        return [s for s in spans if wanted is None or s.entity_type in wanted]

    if wanted is not None:
        records = [
            r.__class__(r.id, r.text, tuple(e for e in r.entities if e.entity_type in wanted))
            for r in records
        ]
    report = evaluate(records, predict, threshold=threshold)  # type: ignore[arg-type]
    if json_output:
        typer.echo(json.dumps({**report.as_dict(), "threshold": threshold}, ensure_ascii=False))
    else:
        typer.echo(format_table(report, targets=TARGETS))
