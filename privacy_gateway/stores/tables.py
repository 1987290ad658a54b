"""Reading an existing store's table in bounded memory: keyset pagination on an id column, or a server-side
cursor without one. Never OFFSET (it rereads every skipped row: quadratic on a million rows)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Engine, MetaData, Table, create_engine, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import NoSuchTableError

from privacy_gateway.errors import ConfigError, NotFound


def open_engine(url: str) -> Engine:
    """A plain engine on somebody else's database: no pragmas or journal-mode changes (unlike the
    gateway's own make_engine), small pool."""
    return create_engine(url, pool_pre_ping=True)


def reflect(engine: Engine, name: str, *, columns: Sequence[str]) -> Table:
    try:
        table = Table(name, MetaData(), autoload_with=engine)
    except NoSuchTableError:
        raise NotFound(f"table {name!r} does not exist") from None
    missing = [c for c in columns if c not in table.c]
    if missing:
        raise ConfigError(f"table {name!r} has no column {', '.join(repr(c) for c in missing)}")
    return table


def keyset_batches(
    engine: Engine,
    table: Table,
    columns: Sequence[str],
    *,
    id_column: str,
    batch_size: int,
    after: Any = None,
) -> Iterator[list[Row[Any]]]:
    """Rows (id, *columns) in id order, ``batch_size`` at a time, each batch in its own short read."""
    key: Column[Any] = table.c[id_column]
    cols = [key, *(table.c[c] for c in columns)]
    while True:
        stmt = select(*cols).order_by(key).limit(batch_size)
        if after is not None:
            stmt = stmt.where(key > after)
        with engine.connect() as conn:
            rows = list(conn.execute(stmt).all())
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def streamed_batches(
    engine: Engine, table: Table, columns: Sequence[str], *, batch_size: int
) -> Iterator[list[Row[Any]]]:
    """Rows (*columns) through a server-side cursor (PostgreSQL named cursor, MySQL SSCursor)."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(
            select(*(table.c[c] for c in columns))
        )
        for part in result.partitions(batch_size):
            yield list(part)


def as_text(value: Any) -> str | None:
    """What a detector can read from a cell: text as is, bytes as UTF-8, numbers (a phone kept as BIGINT)
    as digits; NULL and empty as nothing."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value).decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None
