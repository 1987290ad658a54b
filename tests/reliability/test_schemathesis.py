"""Schemathesis against the app's own OpenAPI schema: generated requests (valid and invalid) for every
operation, sent with a key of a role the operation admits; no 5xx, and responses match the schema.

Bounded: SCHEMATHESIS_EXAMPLES (default 25) examples per operation and generation mode, about a
minute for the whole API. Rate limiting is off (one key sends every request).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from privacy_gateway.api.app import create_app
from privacy_gateway.settings import Settings
from tests.api.conftest import auth
from tests.security.test_authz_matrix import MATRIX, PUBLIC

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Role preferred when an operation admits several: the one with the most data to trip over.
PREFERENCE = ("compliance", "admin", "agent", "analyst", "ingest")
OPERATIONS = sorted(k for k in MATRIX if k[1].startswith(("/v1/", "/metrics")))


@pytest.fixture
def settings(tmp_path):
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        key_file=tmp_path / "keys.json",
        export_dir=tmp_path / "exports",
        rate_limit_per_second=0,
    )


@pytest.fixture
def schema(services):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(services=services))


@pytest.fixture
def seeded_keys(client, make_key):
    """A key per role, and a record, a consent and a follow-up so reads have something to return."""
    keys = {role: make_key(role) for role in PREFERENCE}
    body = {"subject_id": "st-subject", "channel": "phone", "text": "张先生手机13812345678，退款500元"}
    assert client.post("/v1/feedback", json=body, headers=auth(keys["ingest"])).status_code == 201
    consent = {"channel": "phone", "granted": True, "notice_version": "v1", "source": "app:settings"}
    r = client.put("/v1/subjects/st-subject/consents/follow_up", json=consent, headers=auth(keys["ingest"]))
    assert r.status_code == 200
    return keys


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_operation_conforms(schema, seeded_keys, method, path, mode):
    allowed = MATRIX[(method, path)]
    role = None if allowed == PUBLIC else next(r for r in PREFERENCE if r in allowed)
    headers = auth(seeded_keys[role]) if role else {}
    operation = schema[path][method]

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE  # no parameter and no body: nothing to make invalid
