"""Bulk import of consent records from CSV or JSON Lines: bad rows are rejected, good rows are kept.

Each row is validated on its own (ConsentIn, then the service's configuration checks) and either queued
or reported as (line number, reason). Queued rows are inserted in batches, one transaction and one
audit summary event per batch, so a bad row never costs the good ones; if the database refuses a batch
anyway, that batch is retried row by row. Rejection reasons never echo the row's values.

Columns / keys (docs/consent.md): subject_id, purpose, channel, granted, notice_version, source
(required); separate, effective_at, expires_at (optional; times in RFC 3339 with an offset).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.consent.schemas import ConsentIn
from privacy_gateway.consent.service import ConsentService, validation_message
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor

FORMATS = ("csv", "jsonl")
REQUIRED = ("subject_id", "purpose", "channel", "granted", "notice_version", "source")
OPTIONAL = ("separate", "effective_at", "expires_at")
DEFAULT_BATCH = 1000


@dataclass(frozen=True)
class Rejected:
    line: int
    error: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "error": self.error}


@dataclass(frozen=True)
class ImportSummary:
    rows_ok: int
    rows_rejected: int
    batches: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return (self.rows_ok + self.rows_rejected) / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "rows_ok": self.rows_ok,
            "rows_rejected": self.rows_rejected,
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
        }


class _Bad(ValueError):
    """A row that cannot be parsed; the message is safe to show."""


Row = Mapping[str, Any] | _Bad


def format_for(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidInput(f"unknown format; one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix == "csv":
        return "csv"
    raise InvalidInput("cannot tell the format from the file name; pass --format csv|jsonl")


def _has_surrogates(values: Mapping[str, Any]) -> bool:
    """Undecodable bytes were read as lone surrogates (errors="surrogateescape"); UTF-8 refuses those."""
    for value in values.values():
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def _csv_rows(handle: Any) -> Iterator[tuple[int, Row]]:
    reader = csv.reader(handle)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in (*REQUIRED, *OPTIONAL)]
    if missing or unknown or len(set(header)) != len(header):
        raise InvalidInput(
            "CSV header must name the columns "
            f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)}), each once"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, _Bad("malformed CSV line")
            continue
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            yield start, _Bad(f"expected {len(header)} fields, got {len(fields)}")
            continue
        # An empty optional cell means "not given", as an absent key does in JSON Lines.
        yield start, {k: v for k, v in zip(header, fields, strict=True) if not (k in OPTIONAL and v == "")}


def _jsonl_rows(handle: Any) -> Iterator[tuple[int, Row]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            yield number, _Bad("line is not valid JSON")
            continue
        yield number, obj if isinstance(obj, dict) else _Bad("line must be a JSON object")


def iter_rows(path: Path, fmt: str) -> Iterator[tuple[int, Row]]:
    """(line number, raw mapping or parse error) per data row; undecodable bytes reject only their row."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        rows = _csv_rows(handle) if fmt == "csv" else _jsonl_rows(handle)
        for number, row in rows:
            if not isinstance(row, _Bad) and _has_surrogates(row):
                yield number, _Bad("row is not valid UTF-8")
            else:
                yield number, row


def count_rows(path: Path) -> int:
    """Lines in the file (an upper bound of its rows), for a progress bar's total."""
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class _Importer:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        service: ConsentService,
        *,
        actor: Actor,
        on_reject: Callable[[Rejected], None],
        progress: Callable[[int], None],
    ) -> None:
        self.session_factory = session_factory
        self.service = service
        self.actor = actor
        self.on_reject = on_reject
        self.progress = progress
        self.ok = self.rejected = self.batches = 0

    def reject(self, line: int, error: str) -> None:
        self.rejected += 1
        self.on_reject(Rejected(line, error))

    def _commit(self, rows: list[tuple[int, dict[str, object]]]) -> None:
        details = {"batch": self.batches + 1, "first_line": rows[0][0], "last_line": rows[-1][0]}
        with transaction(self.session_factory) as session:
            self.service.record_prepared(session, [r for _, r in rows], actor=self.actor, details=details)
        self.batches += 1
        self.ok += len(rows)

    def flush(self, pending: list[tuple[int, dict[str, object]]]) -> None:
        if not pending:
            return
        try:
            self._commit(pending)
        except (IntegrityError, DataError):
            # The database refused something the validation let through: find the row, keep the rest.
            for item in pending:
                try:
                    self._commit([item])
                except (IntegrityError, DataError) as exc:
                    self.reject(item[0], f"the database refused the row ({type(exc.orig).__name__})")
        self.progress(len(pending))


def import_consents(
    session_factory: sessionmaker[Session],
    service: ConsentService,
    path: Path,
    fmt: str | None = None,
    *,
    actor: Actor,
    batch_size: int = DEFAULT_BATCH,
    on_reject: Callable[[Rejected], None] = lambda _r: None,
    progress: Callable[[int], None] = lambda _n: None,
    clock: Callable[[], datetime] = utcnow,
    timer: Callable[[], float] = time.perf_counter,
) -> ImportSummary:
    """Import every good row of `path`; report each bad one through `on_reject`. Commits per batch."""
    if batch_size < 1:
        raise InvalidInput("batch size must be at least 1")
    fmt = format_for(path, fmt)
    if not path.is_file():
        raise InvalidInput("the import file does not exist")
    started = timer()
    job = _Importer(session_factory, service, actor=actor, on_reject=on_reject, progress=progress)
    pending: list[tuple[int, dict[str, object]]] = []
    for line, raw in iter_rows(path, fmt):
        try:
            if isinstance(raw, _Bad):
                raise raw
            data = ConsentIn.model_validate(raw)
            pending.append((line, service.prepare(data, actor=actor, now=clock())))
        except ValidationError as exc:
            job.reject(line, validation_message(exc))
            progress(1)
        except (InvalidInput, _Bad) as exc:
            job.reject(line, exc.message if isinstance(exc, InvalidInput) else str(exc))
            progress(1)
        if len(pending) >= batch_size:
            job.flush(pending)
            pending = []
    job.flush(pending)
    return ImportSummary(job.ok, job.rejected, job.batches, timer() - started)
