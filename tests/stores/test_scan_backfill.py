"""scan and backfill on SQLite, PostgreSQL and MariaDB, on a table seeded with known PII."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from privacy_gateway.bootstrap import Services
from privacy_gateway.errors import ConfigError, IntegrityError, NotFound
from privacy_gateway.stores.backfill import PROGRESS_TABLE, Backfill, BackfillReport, run_key
from privacy_gateway.stores.scan import scan_table
from tests.stores.seed import SeedRow, create_seeded, generate

ROWS = list(generate(240))
GOLD = {v for r in ROWS for v in r.gold}


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    elif request.param == "postgresql":
        url = str(request.getfixturevalue("pg_url"))
    else:
        url = str(request.getfixturevalue("mariadb_url"))
    engine = create_engine(url)
    create_seeded(engine, "complaints", ROWS)
    yield url, engine
    engine.dispose()


def expected_counts(services: Services, rows: list[SeedRow], column: str) -> dict[str, Any]:
    with_pii, entities = 0, {}
    for r in rows:
        value = getattr(r, column)
        spans = services.detector.detect(value) if value else []
        with_pii += bool(spans)
        for s in spans:
            entities[s.entity_type] = entities.get(s.entity_type, 0) + 1
    return {"rows_with_pii": with_pii, "entities": dict(sorted(entities.items()))}


@pytest.mark.parametrize(("id_column", "sample"), [("ticket_id", None), (None, None), ("ticket_id", 50)])
def test_scan_counts_match_the_detector(
    store: tuple[str, Engine],
    make_services: Callable[..., Services],
    id_column: str | None,
    sample: int | None,
) -> None:
    services = make_services(None)
    _, engine = store
    seen: list[int] = []
    report = scan_table(
        engine,
        "complaints",
        ["body", "note"],
        detector=services.detector,
        id_column=id_column,
        sample=sample,
        batch_size=64,
        progress=seen.append,
    ).as_dict()
    rows = ROWS[:sample] if sample else ROWS
    assert report["rows"] == len(rows) == sum(seen)
    assert report["columns"]["body"] == expected_counts(services, rows, "body")
    assert report["columns"]["note"] == expected_counts(services, rows, "note")
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS", "CN_RESIDENT_ID", "BANK_CARD"} <= set(
        report["columns"]["body"]["entities"]
    )
    assert not any(v in str(report) for v in GOLD)


@pytest.mark.parametrize(
    ("table", "columns", "error"),
    [("nope", ["body"], NotFound), ("complaints", ["bodyy"], ConfigError)],
)
def test_scan_refuses_unknown_table_or_column(
    store: tuple[str, Engine],
    make_services: Callable[..., Services],
    table: str,
    columns: list[str],
    error: type,
) -> None:
    with pytest.raises(error):
        scan_table(store[1], table, columns, detector=make_services(None).detector)


def _job(services: Services, source: Engine, target: Engine, url: str, *, batch_size: int = 50) -> Backfill:
    return Backfill(
        source,
        target,
        table="complaints",
        columns=["body", "note"],
        id_column="ticket_id",
        to_table="complaints_masked",
        detector=services.detector,
        masker=services.masker,
        policy="default",
        key=run_key(url, "complaints", ["body", "note"], "ticket_id", "complaints_masked", "default"),
        batch_size=batch_size,
    )


def _snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT ticket_id, body, note, pii_entities FROM complaints_masked ORDER BY ticket_id")
            )
        ]


class Crash(Exception):
    pass


def test_backfill_masks_resumes_and_is_idempotent(
    store: tuple[str, Engine], make_services: Callable[..., Services]
) -> None:
    services = make_services(None)
    url, engine = store

    def crash_after_two(batches: int) -> None:
        if batches == 2:
            raise Crash

    with pytest.raises(Crash):
        _job(services, engine, engine, url).run(on_batch=crash_after_two)
    assert len(_snapshot(engine)) == 100  # two committed batches of 50

    resumed = _job(services, engine, engine, url).run()
    assert resumed.resumed and resumed.rows_read == len(ROWS) - 100
    snap = _snapshot(engine)
    assert [r[0] for r in snap] == [r.id for r in ROWS]
    assert not any(v in str(row) for row in snap for v in GOLD)

    again = _job(services, engine, engine, url).run()
    assert (again.rows_read, again.rows_written) == (0, 0)
    assert _snapshot(engine) == snap

    # --restart goes over every row again: upserts, same values, still one row per id
    full = _job(services, engine, engine, url).run(restart=True)
    assert full.rows_read == len(ROWS) and _snapshot(engine) == snap
    body, note = expected_counts(services, ROWS, "body"), expected_counts(services, ROWS, "note")
    assert full.entities == {
        k: body["entities"].get(k, 0) + note["entities"].get(k, 0)
        for k in {*body["entities"], *note["entities"]}
    }
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT COUNT(*) FROM {PROGRESS_TABLE}")).scalar_one() == 1


def test_backfill_into_another_database_and_in_place(
    store: tuple[str, Engine], make_services: Callable[..., Services], tmp_path: Path
) -> None:
    services = make_services(None)
    url, engine = store
    target = create_engine(f"sqlite:///{tmp_path / 'target.db'}")
    job = _job(services, engine, target, url)
    with pytest.raises(IntegrityError, match="incomplete"):
        job.overwrite_source(BackfillReport())  # refused before the copy exists
    report = job.run()
    job.overwrite_source(report)
    assert report.in_place_rows == len(ROWS)
    with engine.connect() as conn:
        src = [
            tuple(r)
            for r in conn.execute(text("SELECT ticket_id, body, note FROM complaints ORDER BY ticket_id"))
        ]
    assert src == [r[:3] for r in _snapshot(target)]
    assert not any(v in str(src) for v in GOLD)
    target.dispose()


def test_same_table_is_refused(store: tuple[str, Engine], make_services: Callable[..., Services]) -> None:
    services = make_services(None)
    _, engine = store
    with pytest.raises(ConfigError, match="in-place"):
        Backfill(
            engine,
            engine,
            table="complaints",
            columns=["body"],
            id_column="ticket_id",
            to_table="complaints",
            detector=services.detector,
            masker=services.masker,
            policy="default",
            key="k",
        )
