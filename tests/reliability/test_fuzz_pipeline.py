"""Fuzzing the whole ingest pipeline and the HTTP edge with hypothesis.

tests/masking/test_properties.py holds the Masker's own properties; these hold end to end:

- ``FeedbackIngest.ingest`` on generated feedback (PII embedded) and on arbitrary Unicode either
  stores the record or refuses it with ``InvalidInput`` exactly when ``clean_text`` would; stored
  entities index the text as given, in order and without overlaps; no detected value is found in the
  answer, the stored row, its audit entry or its outbox message;
- POST /v1/feedback and /v1/analyze answer any JSON body with 2xx or a 4xx error envelope, never 5xx.

FUZZ_EXAMPLES (default 120) sets the number of examples per property.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from privacy_gateway.errors import InvalidInput
from privacy_gateway.masking.repeats import MIN_LENGTH
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.redaction.validation import clean_text
from privacy_gateway.settings import Settings
from privacy_gateway.storage.models import AuditEntry, Feedback, OutboxMessage
from privacy_gateway.types import Actor
from tests.api.conftest import auth
from tests.masking.strategies import feedback

FUZZ = hypothesis_settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),  # raise it for a longer hunt
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
UPSTREAM = Actor("fuzz-upstream", "ingest")

# Arbitrary text: every plane, controls, surrogates, format characters, and full-width digits.
any_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.text(st.sampled_from("１３８０１２３４５６７８９\u200b\u200d\ufeff\u00ad -@.号路元先生"), max_size=80),
    feedback(),
)


def _valid(text: str, max_chars: int) -> bool:
    try:
        clean_text(text, max_chars=max_chars)
    except InvalidInput:
        return False
    return True


def _stored_strings(services, fid: str) -> str:
    """Everything the database keeps about one record, as text (vault ciphertext excluded)."""
    with services.session_factory() as session:
        row = session.get(Feedback, fid)
        audit = [e for e in session.scalars(select(AuditEntry)) if fid in (e.record_ids or [])]
        outbox = session.scalars(select(OutboxMessage).where(OutboxMessage.feedback_id == fid)).all()
        parts = [row.masked_text, json.dumps(row.entities, ensure_ascii=False)]
        for item in [*audit, *outbox]:
            parts += [str(getattr(item, c.key)) for c in type(item).__table__.columns]
    return "\n".join(parts)


@FUZZ
@given(text=any_text)
@example(text="手机138\u200b1234\u200b5678")
@example(text="姓名" + " " * 300)
@example(text="身份证１１０１０５１９４９１２３１００２Ｘ，卡号6222 0202 0000 0000 006")
def test_ingest_stores_or_refuses_and_never_leaks(services, text):
    data = FeedbackIn(subject_id="fuzz-subject", channel="in_app", text=text)
    max_chars = services.settings.max_text_chars
    with services.session_factory() as session, session.begin():
        if not _valid(text, max_chars):
            with pytest.raises(InvalidInput):
                services.ingest.ingest(session, data, actor=UPSTREAM)
            return
        result = services.ingest.ingest(session, data, actor=UPSTREAM)
    previous_end = 0
    for e in result.entities:
        assert previous_end <= e.start < e.end <= len(text), result.entities
        previous_end = e.end
    stored = _stored_strings(services, result.id)
    for span in services.detector.detect_all(text):
        value = text[span.start : span.end]
        if len(value.strip()) >= MIN_LENGTH:
            assert value not in result.text, (span.entity_type, result.text)
            assert value not in stored, span.entity_type


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["subject_id", "channel", "text", "purpose", "category", "occurred_at"]
mutated_bodies = st.fixed_dictionaries(
    {},
    optional={
        "subject_id": st.one_of(st.text(max_size=210), json_values),
        "channel": st.one_of(st.sampled_from(["in_app", "phone", "sms", "email", "app_push"]), json_values),
        "text": st.one_of(any_text, json_values),
        "purpose": st.one_of(st.sampled_from(["service", "analytics", "marketing"]), json_values),
        "category": json_values,
        "occurred_at": st.one_of(
            st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
            st.text(max_size=30),
            json_values,
        ),
        "unknown": json_values,
    },
)


@pytest.fixture
def settings(tmp_path):
    """Rate limiting off: the fuzzer sends a few hundred requests with one key as fast as it can."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        key_file=tmp_path / "keys.json",
        rate_limit_per_second=0,
    )


@pytest.fixture
def ingest_key(make_key):
    return make_key("ingest")


@FUZZ
@given(body=st.one_of(mutated_bodies, json_values))
def test_api_answers_any_json_without_5xx(client, ingest_key, body):
    headers = {**auth(ingest_key), "Content-Type": "application/json"}
    analyze = {"text": body.get("text")} if isinstance(body, dict) else body
    for path, payload in (("/v1/feedback", body), ("/v1/analyze", analyze)):
        r = client.post(path, content=json.dumps(payload).encode(), headers=headers)
        assert r.status_code < 500, (path, r.status_code, r.text[:300])
        if r.status_code >= 400:
            error = r.json()["error"]
            assert isinstance(error["code"], str) and isinstance(error["message"], str)
        elif path == "/v1/feedback":
            assert r.status_code == 201
            text = payload["text"]
            assert all(0 <= e["start"] < e["end"] <= len(text) for e in r.json()["entities"])
