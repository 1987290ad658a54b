"""``backfill``: write a masked copy of an existing table, in batches, resumable and idempotent.

Each batch is read from the source by keyset (``id > last id``, never OFFSET), masked, and written to the
target table together with the run's checkpoint row (``privacy_gateway_backfill`` in the target database)
in ONE transaction. A crash loses at most the batch in flight; the next run starts after the last
committed id. Rows are upserted by id, so a second run (or ``restart``) never duplicates and, with the same
keys and policy, writes the same values: it changes nothing.

``in_place`` then overwrites the source column(s) with the masked text from the target, batch by batch,
but only after checking that the copy is complete (every source id present in the target). It destroys
the raw values for good (the gateway keeps no originals of a backfill: a policy's vault-token rules become
typed placeholders here, since there is no subject to vault under): docs/stores.md lists the risks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.engine import make_url

from privacy_gateway.errors import ConfigError, IntegrityError
from privacy_gateway.storage.base import UTCDateTime, utcnow
from privacy_gateway.stores.sqlutil import write_rows
from privacy_gateway.stores.tables import as_text, keyset_batches, reflect

PROGRESS_TABLE = "privacy_gateway_backfill"
COUNTS_COLUMN = "pii_entities"


class MaskingDetector(Protocol):
    def detect_all(self, text: str) -> list[Any]: ...


class TextMasker(Protocol):
    def mask(self, text: str, spans: Sequence[Any], *, policy: str) -> Any: ...


@dataclass
class BackfillReport:
    rows_read: int = 0
    rows_written: int = 0
    rows_with_pii: int = 0
    batches: int = 0
    resumed: bool = False
    in_place_rows: int = 0
    entities: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "entities": dict(sorted(self.entities.items()))}


def progress_table(metadata: MetaData) -> Table:
    return Table(
        PROGRESS_TABLE,
        metadata,
        Column("run_key", String(64), primary_key=True),
        Column("last_id", Text),  # JSON of the last committed source id
        Column("rows_done", Integer, nullable=False, default=0),
        Column("finished", Boolean, nullable=False, default=False),
        Column("updated_at", UTCDateTime(), nullable=False),
    )


def target_table(
    name: str, metadata: MetaData, source: Table, *, id_column: str, columns: Sequence[str]
) -> Table:
    id_type = source.c[id_column].type
    try:
        id_type = id_type.as_generic()
    except NotImplementedError:
        id_type = String(255)
    if isinstance(id_type, String) and id_type.length is None:
        id_type = String(255)  # MySQL cannot index TEXT without a length
    return Table(
        name,
        metadata,
        Column(id_column, id_type, primary_key=True, autoincrement=False),
        *(Column(c, Text) for c in columns),
        Column(COUNTS_COLUMN, JSON, nullable=False),
        Column("masked_policy", String(64), nullable=False),
        Column("masked_at", UTCDateTime(), nullable=False),
    )


def run_key(
    source_url: str, table: str, columns: Sequence[str], id_column: str, to_table: str, policy: str
) -> str:
    """Identifies a backfill across runs (password left out of the URL so a rotated one resumes)."""
    safe_url = make_url(source_url).set(password=None).render_as_string()
    material = json.dumps([safe_url, table, list(columns), id_column, to_table, policy])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


class Backfill:
    def __init__(
        self,
        source: Engine,
        target: Engine,
        *,
        table: str,
        columns: Sequence[str],
        id_column: str,
        to_table: str,
        detector: MaskingDetector,
        masker: TextMasker,
        policy: str,
        key: str,
        batch_size: int = 1000,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        if source.url == target.url and table == to_table:
            raise ConfigError("--to-table must differ from --table (use --in-place to overwrite the source)")
        self.source, self.target = source, target
        self.columns, self.id_column, self.to_table = list(columns), id_column, to_table
        self.detector, self.masker, self.policy = detector, masker, policy
        self.key, self.batch_size, self.progress = key, batch_size, progress
        self.src_table = reflect(source, table, columns=[id_column, *columns])
        md = MetaData()
        self.dst_table = target_table(to_table, md, self.src_table, id_column=id_column, columns=columns)
        self.progress_table = progress_table(md)
        md.create_all(target, checkfirst=True)

    def _mask_row(self, row: Any, report: BackfillReport) -> dict[str, Any]:
        out: dict[str, Any] = {self.id_column: row[0]}
        counts: dict[str, dict[str, int]] = {}
        for i, c in enumerate(self.columns):
            value = row[1 + i]
            text = as_text(value)
            if text is None:
                out[c] = None if value is None else str(value)
                continue
            result = self.masker.mask(text, self.detector.detect_all(text), policy=self.policy)
            masked = result.text
            for item in result.vault_items:
                # A backfill has no subject to vault originals under, so a token would point at nothing:
                # write a typed placeholder instead (the original is not kept anywhere).
                masked = masked.replace(item.token, f"<{item.entity_type}>")
            out[c] = masked
            per: dict[str, int] = {}
            for e in result.entities:
                per[e.entity_type] = per.get(e.entity_type, 0) + 1
                report.entities[e.entity_type] = report.entities.get(e.entity_type, 0) + 1
            if per:
                counts[c] = per
        report.rows_with_pii += int(bool(counts))
        out[COUNTS_COLUMN] = counts
        out["masked_policy"] = self.policy
        return out

    def _checkpoint(self) -> tuple[Any, int]:
        with self.target.connect() as conn:
            row = conn.execute(
                select(self.progress_table.c.last_id, self.progress_table.c.rows_done).where(
                    self.progress_table.c.run_key == self.key
                )
            ).first()
        if row is None or row.last_id is None:
            return None, 0
        return json.loads(row.last_id), int(row.rows_done)

    def run(self, *, restart: bool = False, on_batch: Callable[[int], None] | None = None) -> BackfillReport:
        report = BackfillReport()
        after, done = (None, 0) if restart else self._checkpoint()
        report.resumed = after is not None
        for batch in keyset_batches(
            self.source,
            self.src_table,
            self.columns,
            id_column=self.id_column,
            batch_size=self.batch_size,
            after=after,
        ):
            masked = [self._mask_row(r, report) for r in batch]
            now = utcnow()
            for m in masked:
                m["masked_at"] = now
            last = batch[-1][0]
            done += len(batch)
            with self.target.begin() as conn:
                write_rows(conn, self.dst_table, masked, key=self.id_column, update=True)
                write_rows(
                    conn,
                    self.progress_table,
                    [
                        {
                            "run_key": self.key,
                            "last_id": json.dumps(last, default=str),
                            "rows_done": done,
                            "finished": False,
                            "updated_at": now,
                        }
                    ],
                    key="run_key",
                    update=True,
                )
            report.rows_read += len(batch)
            report.rows_written += len(masked)
            report.batches += 1
            if self.progress is not None:
                self.progress(len(batch))
            if on_batch is not None:
                on_batch(report.batches)
        with self.target.begin() as conn:
            conn.execute(
                update(self.progress_table)
                .where(self.progress_table.c.run_key == self.key)
                .values(finished=True)
            )
        return report

    def verify_copy(self) -> None:
        """Every source id has its masked row in the target (counts, then each batch's ids)."""
        with self.source.connect() as conn:
            n_src = conn.execute(select(func.count()).select_from(self.src_table)).scalar_one()
        with self.target.connect() as conn:
            n_dst = conn.execute(select(func.count()).select_from(self.dst_table)).scalar_one()
        if n_dst < n_src:
            raise IntegrityError(f"masked copy incomplete: {n_dst} of {n_src} rows; run backfill first")
        for batch in keyset_batches(
            self.source, self.src_table, [], id_column=self.id_column, batch_size=self.batch_size
        ):
            ids = [r[0] for r in batch]
            with self.target.connect() as conn:
                found = conn.execute(
                    select(func.count())
                    .select_from(self.dst_table)
                    .where(self.dst_table.c[self.id_column].in_(ids))
                ).scalar_one()
            if found != len(ids):
                raise IntegrityError(
                    "masked copy incomplete: some source ids are missing; run backfill first"
                )

    def overwrite_source(self, report: BackfillReport) -> None:
        """--in-place: copy the masked text back over the source column(s), after verify_copy()."""
        self.verify_copy()
        key = self.src_table.c[self.id_column]
        for batch in keyset_batches(
            self.target, self.dst_table, self.columns, id_column=self.id_column, batch_size=self.batch_size
        ):
            stmt = (
                update(self.src_table)
                .where(key == bindparam("_key"))
                .values({c: bindparam(f"_v{i}") for i, c in enumerate(self.columns)})
            )
            params = [
                {"_key": row[0], **{f"_v{i}": row[1 + i] for i in range(len(self.columns))}} for row in batch
            ]
            with self.source.begin() as conn:
                conn.execute(stmt, params)
            report.in_place_rows += len(batch)
