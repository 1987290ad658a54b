"""PostgreSQL DDL that makes the audit tables append-only for every role that fires triggers.

The lead puts these into the Alembic migration (op.execute each statement, in order); tests run them
after create_all. The statements avoid '%' and ':' so that neither SQLAlchemy's text() nor a DB-API
driver mistakes anything in them for a bind parameter.

What it protects against: the application role (and anyone else whose session fires triggers) updating,
deleting or truncating audit rows. What it does not: a superuser can `SET session_replication_role =
replica` or `ALTER TABLE ... DISABLE TRIGGER` and tamper at will; that is why the chain and the signed
checkpoints exist (docs/audit.md, threat model).
"""

from __future__ import annotations

AUDIT_TABLES: tuple[str, ...] = ("audit_entries", "audit_checkpoints")

_FUNCTION = """
CREATE OR REPLACE FUNCTION privacy_gateway_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'the audit trail is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused',
        ERRCODE = 'insufficient_privilege';
END
$$
"""


def _triggers(table: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION privacy_gateway_audit_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION privacy_gateway_audit_append_only()",
    )


def _drops(table: str) -> tuple[str, ...]:
    return (
        f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    )


POSTGRES_APPEND_ONLY_DDL: tuple[str, ...] = (
    _FUNCTION.strip(),
    *(stmt for table in AUDIT_TABLES for stmt in _triggers(table)),
)

POSTGRES_APPEND_ONLY_DROP: tuple[str, ...] = (
    *(stmt for table in AUDIT_TABLES for stmt in _drops(table)),
    "DROP FUNCTION IF EXISTS privacy_gateway_audit_append_only()",
)
