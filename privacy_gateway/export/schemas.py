"""What an export is asked to do (``ExportRequest``) and what an engine reports back (``EngineResult``)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from privacy_gateway.errors import InvalidInput
from privacy_gateway.export.hierarchies import DEFAULT_QUASI, KNOWN_QUASI
from privacy_gateway.export.pseudonyms import check_link_name

SENSITIVE_CHOICES: tuple[str, ...] = ("category", "channel")


class Format(enum.StrEnum):
    PARQUET = "parquet"
    CSV = "csv"
    JSONL = "jsonl"


class ResidualMode(enum.StrEnum):
    FAIL = "fail"  # any detector hit in an exported text fails the export; nothing is written
    MASK = "mask"  # hits are masked under the export policy and counted in the manifest


@dataclass(frozen=True)
class ExportRequest:
    purpose: str = "analytics"
    format: Format = Format.PARQUET
    quasi: tuple[str, ...] = DEFAULT_QUASI
    k: int = 5
    l: int | None = None  # noqa: E741  (ℓ-diversity is called l everywhere)
    sensitive_column: str | None = None
    max_suppression: float = 0.05  # share of rows that may be dropped instead of generalising further
    residual: ResidualMode = ResidualMode.FAIL
    link_key: str | None = None
    policy: str = "analytics"

    def __post_init__(self) -> None:
        object.__setattr__(self, "format", Format(self.format))
        object.__setattr__(self, "residual", ResidualMode(self.residual))
        if not self.quasi:
            raise InvalidInput("declare at least one quasi-identifier")
        unknown = [q for q in self.quasi if q not in KNOWN_QUASI]
        if unknown:
            raise InvalidInput(
                f"unknown quasi-identifier(s) {', '.join(unknown)}; known: {', '.join(KNOWN_QUASI)}"
            )
        if len(set(self.quasi)) != len(self.quasi):
            raise InvalidInput("a quasi-identifier is declared twice")
        if "week" in self.quasi and "month" in self.quasi:
            raise InvalidInput("declare one time quasi-identifier: week or month")
        if not 1 <= self.k <= 1_000_000:
            raise InvalidInput("k must be between 1 and 1000000")
        if self.l is not None:
            if not 1 <= self.l <= 1000:
                raise InvalidInput("l must be between 1 and 1000")
            if self.sensitive_column is None:
                object.__setattr__(self, "sensitive_column", "category")
        if self.sensitive_column is not None:
            if self.sensitive_column not in SENSITIVE_CHOICES:
                raise InvalidInput(f"sensitive column must be one of {', '.join(SENSITIVE_CHOICES)}")
            if self.sensitive_column in self.quasi:
                raise InvalidInput("the sensitive column cannot also be a quasi-identifier")
        if not 0.0 <= self.max_suppression <= 1.0:
            raise InvalidInput("max_suppression is a share between 0 and 1")
        if self.link_key is not None:
            check_link_name(self.link_key)

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """Exported as given (not generalised): the sensitive column and category when not a QI."""
        extra = [c for c in (self.sensitive_column, "category") if c is not None and c not in self.quasi]
        return tuple(dict.fromkeys(extra))

    @property
    def output_columns(self) -> tuple[str, ...]:
        return ("subject", *self.quasi, *self.extra_columns, "text")


@dataclass(frozen=True)
class FileEntry:
    name: str  # relative to the dataset directory
    bytes: int
    sha256: str


@dataclass(frozen=True)
class EngineResult:
    rows_consented: int  # rows that entered the transform
    residual: Mapping[str, int]  # detector hits in exported text, by entity type
    rows_with_residual: int
    written: bool  # False when the residual scan failed the export (fail mode): no data files
    rows_out: int = 0
    suppressed_k: int = 0
    suppressed_l: int = 0
    k_achieved: int | None = None
    l_achieved: int | None = None
    levels: Mapping[str, str] = field(default_factory=dict)  # quasi-identifier -> level name
    files: tuple[FileEntry, ...] = ()
