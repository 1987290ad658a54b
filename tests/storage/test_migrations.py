"""The same Alembic migrations build the same schema on SQLite and PostgreSQL, in step with the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.storage import models  # noqa: F401
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.migrate import current_revision, head_revision, is_up_to_date, upgrade
from privacy_gateway.storage.session import make_engine, make_session_factory
from privacy_gateway.types import Actor


def test_migrations_build_the_models_schema(any_db_url):
    engine = make_engine(any_db_url)
    try:
        assert not is_up_to_date(engine)
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        upgrade(engine)  # a second run changes nothing
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == [], f"models and migrations differ: {diffs}"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_audit_table_refuses_update_and_delete(pg_url):
    engine = make_engine(pg_url)
    try:
        upgrade(engine)
        log = AuditLog(pseudonym_key=b"k" * 32, signing_seed=b"s" * 32)
        with make_session_factory(engine)() as session, session.begin():
            log.append(session, AuditEvent(action="test.event", actor=Actor("t", "admin")))
        for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
