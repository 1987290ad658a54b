"""Storage engine: SQLAlchemy 2.0 typed ORM, sessions, Alembic migrations."""
