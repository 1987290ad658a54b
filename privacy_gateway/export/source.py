"""Reading the feedback store for an export: candidates, then consented rows in batches.

Rows are read in primary-key order: ids are random (uuid4), so the order of the dataset says nothing
about when or from whom a record came. Erased rows and rows received after the cut-off never enter.
Only the columns the transform needs are read; times are passed on as ISO 8601 UTC strings so that every
engine (pandas, Arrow, Spark) reads them the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from privacy_gateway.export.transform import SOURCE_COLUMNS
from privacy_gateway.storage.models import Feedback

DEFAULT_BATCH_ROWS = 50_000


def _eligible(at: datetime) -> tuple[ColumnElement[bool], ...]:
    return (Feedback.erased_at.is_(None), Feedback.received_at <= at)


def candidate_subjects(session: Session, *, at: datetime) -> list[str]:
    """Every subject with at least one eligible record (the consent gate decides which may stay)."""
    return list(session.scalars(select(Feedback.subject_id).where(*_eligible(at)).distinct()))


@dataclass
class SourceStats:
    considered: int = 0
    consented: int = 0

    @property
    def excluded_for_consent(self) -> int:
        return self.considered - self.consented


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def consented_batches(
    session: Session,
    allowed: Collection[str],
    *,
    at: datetime,
    stats: SourceStats,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> Iterator[pd.DataFrame]:
    """Eligible rows of allowed subjects, ``batch_rows`` at a time; ``stats`` counts as it goes."""
    columns = [getattr(Feedback, c) for c in SOURCE_COLUMNS]
    query = (
        select(*columns).where(*_eligible(at)).order_by(Feedback.id).execution_options(yield_per=batch_rows)
    )
    result = session.execute(query)
    for chunk in result.partitions(batch_rows):
        stats.considered += len(chunk)
        kept = [row for row in chunk if row.subject_id in allowed]
        stats.consented += len(kept)
        if not kept:
            continue
        yield pd.DataFrame(
            {
                "subject_id": [r.subject_id for r in kept],
                "channel": [r.channel for r in kept],
                "category": pd.Series([r.category for r in kept], dtype=object),
                "masked_text": [r.masked_text for r in kept],
                "facts": [r.facts or "" for r in kept],
                "occurred_at": pd.Series([_iso(r.occurred_at) for r in kept], dtype=object),
                "received_at": [_iso(r.received_at) for r in kept],
            }
        )


def count_eligible(session: Session, *, at: datetime) -> int:
    return int(session.scalar(select(func.count()).select_from(Feedback).where(*_eligible(at))) or 0)
