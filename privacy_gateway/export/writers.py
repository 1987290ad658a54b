"""Dataset files: one file per dataset for the local engine (parquet, csv or jsonl), hashed for the manifest.

Every column is a string (nullable): labels, pseudonyms and masked text. CSV has a header row and is
UTF-8; JSON Lines keeps Chinese characters as they are (no \\u escapes). An empty dataset still gets a
file with the columns (a header, a schema), so consumers need no special case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from privacy_gateway.export.schemas import FileEntry, Format

EXTENSIONS = {Format.PARQUET: "parquet", Format.CSV: "csv", Format.JSONL: "jsonl"}
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def describe_files(directory: Path, names: Iterable[str]) -> tuple[FileEntry, ...]:
    return tuple(
        FileEntry(name=name, bytes=(directory / name).stat().st_size, sha256=sha256_file(directory / name))
        for name in sorted(names)
    )


class DatasetWriter:
    """Append frames (already in output column order) to ``directory/data.<ext>``."""

    def __init__(self, directory: Path, fmt: Format, columns: Sequence[str]) -> None:
        self.format = Format(fmt)
        self.columns = list(columns)
        self.name = f"data.{EXTENSIONS[self.format]}"
        self.path = directory / self.name
        self.rows = 0
        self._schema = pa.schema([(c, pa.string()) for c in self.columns])
        self._parquet: pq.ParquetWriter | None = None
        self._started = False

    def write(self, frame: pd.DataFrame) -> None:
        frame = frame[self.columns]
        if self.format is Format.PARQUET:
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, self._schema, compression="zstd")
            table = pa.Table.from_pandas(frame.astype(object), schema=self._schema, preserve_index=False)
            self._parquet.write_table(table)
        elif self.format is Format.CSV:
            frame.to_csv(self.path, mode="a" if self._started else "w", header=not self._started, index=False)
        else:
            with self.path.open("a" if self._started else "w", encoding="utf-8") as fh:
                if len(frame):
                    fh.write(frame.to_json(orient="records", lines=True, force_ascii=False))
        self._started = True
        self.rows += len(frame)

    def close(self) -> FileEntry:
        if not self._started:
            self.write(pd.DataFrame(columns=self.columns))
        if self._parquet is not None:
            self._parquet.close()
        return describe_files(self.path.parent, [self.name])[0]
