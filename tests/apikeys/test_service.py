import pytest

from privacy_gateway.apikeys.service import authenticate, create_key, revoke_key
from privacy_gateway.audit.service import AuditLog
from privacy_gateway.errors import Conflict, InvalidInput, Unauthenticated
from privacy_gateway.types import Actor

ADMIN = Actor("test", "admin")


@pytest.fixture
def audit():
    return AuditLog(pseudonym_key=b"p" * 32, signing_seed=b"s" * 32)


def test_create_authenticate_revoke(session, audit):
    created = create_key(session, audit, name="crm-upstream", role="ingest", actor=ADMIN)
    assert "pg_" not in repr(created)
    assert authenticate(session, created.key) == Actor("crm-upstream", "ingest")
    revoke_key(session, audit, name="crm-upstream", actor=ADMIN)
    with pytest.raises(Unauthenticated):
        authenticate(session, created.key)


@pytest.mark.parametrize(
    ("name", "role", "error"),
    [
        ("ok-name", "superuser", InvalidInput),
        ("", "ingest", InvalidInput),
        ("张三的钥匙", "ingest", InvalidInput),
        ("has space", "ingest", InvalidInput),
        ("x" * 101, "ingest", InvalidInput),
    ],
)
def test_create_refuses(session, audit, name, role, error):
    with pytest.raises(error):
        create_key(session, audit, name=name, role=role, actor=ADMIN)


def test_duplicate_name_conflicts(session, audit):
    create_key(session, audit, name="dup", role="agent", actor=ADMIN)
    with pytest.raises(Conflict):
        create_key(session, audit, name="dup", role="admin", actor=ADMIN)


def test_a_key_of_another_row_with_same_prefix_is_refused(session, audit):
    a = create_key(session, audit, name="a", role="agent", actor=ADMIN)
    forged = a.key[:-1] + ("A" if a.key[-1] != "A" else "B")
    with pytest.raises(Unauthenticated):
        authenticate(session, forged)
