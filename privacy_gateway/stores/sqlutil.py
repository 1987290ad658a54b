"""Dialect-aware bulk writes shared by the sql destination and backfill (SQLite, PostgreSQL, MariaDB)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.dialects import mysql, postgresql, sqlite


def write_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, key: str, update: bool
) -> None:
    """Insert rows; on a duplicate ``key`` either keep the stored row (``update=False``: first write wins,
    which is how an idempotency key drops a redelivery) or overwrite the other columns (``update=True``)."""
    if not rows:
        return
    name = conn.dialect.name
    others = [c.name for c in table.columns if c.name != key and c.name in rows[0]]
    if name in ("postgresql", "sqlite"):
        ins = (postgresql.insert if name == "postgresql" else sqlite.insert)(table)
        if update and others:
            stmt = ins.on_conflict_do_update(index_elements=[key], set_={c: ins.excluded[c] for c in others})
        else:
            stmt = ins.on_conflict_do_nothing(index_elements=[key])
        conn.execute(stmt, list(rows))
        return
    if name in ("mysql", "mariadb"):
        mins = mysql.insert(table)
        cols = others if update and others else [key]
        conn.execute(mins.on_duplicate_key_update({c: mins.inserted[c] for c in cols}), list(rows))
        return
    # Any other dialect: look the keys up first (correct with one writer per key, which the dispatcher's
    # destination lease and backfill's single run guarantee).
    keys = [r[key] for r in rows]
    existing = set(conn.execute(select(table.c[key]).where(table.c[key].in_(keys))).scalars())
    fresh = [r for r in rows if r[key] not in existing]
    if fresh:
        conn.execute(insert(table), fresh)
    if update:
        for r in rows:
            if r[key] in existing:
                conn.execute(table.update().where(table.c[key] == r[key]).values({c: r[c] for c in others}))
