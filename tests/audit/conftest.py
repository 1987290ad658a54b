from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.storage.session import make_session_factory
from tests.audit.factories import make_db


@pytest.fixture
def db(any_db_url: str) -> Iterator[Engine]:
    """The audit schema on SQLite and on PostgreSQL (with the append-only triggers)."""
    engine = make_db(any_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(db: Engine) -> sessionmaker[Session]:
    return make_session_factory(db)
