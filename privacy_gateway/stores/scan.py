"""``scan``: how much PII sits in an existing store, per column and entity type; never a raw value.

Like a DLP inspection job: reads the table in batches (keyset with ``id_column``, server-side cursor
without), runs the process detector on each cell, and counts rows with PII and entities per type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine

from privacy_gateway.stores.tables import as_text, keyset_batches, reflect, streamed_batches
from privacy_gateway.types import Span


class SpanDetector(Protocol):
    def detect(self, text: str) -> list[Span]: ...


@dataclass
class ColumnReport:
    rows_with_pii: int = 0
    entities: dict[str, int] = field(default_factory=dict)

    def add(self, spans: Sequence[Span]) -> None:
        if spans:
            self.rows_with_pii += 1
        for s in spans:
            self.entities[s.entity_type] = self.entities.get(s.entity_type, 0) + 1


@dataclass
class ScanReport:
    rows: int
    columns: dict[str, ColumnReport]

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON: {"rows": n, "columns": {C: {"rows_with_pii": n, "entities": {TYPE: n}}}}."""
        return {
            "rows": self.rows,
            "columns": {
                c: {"rows_with_pii": r.rows_with_pii, "entities": dict(sorted(r.entities.items()))}
                for c, r in self.columns.items()
            },
        }


def scan_table(
    engine: Engine,
    table_name: str,
    columns: Sequence[str],
    *,
    detector: SpanDetector,
    id_column: str | None = None,
    sample: int | None = None,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ScanReport:
    """Scan ``columns`` of ``table_name``; ``sample`` stops after that many rows (the first ones in id
    order with ``id_column``)."""
    table = reflect(engine, table_name, columns=[*columns, *([id_column] if id_column else [])])
    reports = {c: ColumnReport() for c in columns}
    if id_column:
        batches = keyset_batches(engine, table, columns, id_column=id_column, batch_size=batch_size)
        offset = 1
    else:
        batches = streamed_batches(engine, table, columns, batch_size=batch_size)
        offset = 0
    rows = 0
    for batch in batches:
        if sample is not None:
            batch = batch[: max(0, sample - rows)]
        for row in batch:
            for i, c in enumerate(columns):
                text = as_text(row[offset + i])
                if text is not None:
                    reports[c].add(detector.detect(text))
        rows += len(batch)
        if progress is not None:
            progress(len(batch))
        if sample is not None and rows >= sample:
            break
    return ScanReport(rows, reports)
