"""store + reveal: round trip, selection, roles, consent, and failing closed on tampered rows."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.errors import ConsentDenied, Forbidden, IntegrityError, InvalidInput, NotFound
from privacy_gateway.storage.models import Feedback, VaultEntry, VaultSubjectKey
from privacy_gateway.types import Actor
from privacy_gateway.vault.schemas import Revealed
from privacy_gateway.vault.service import VaultService
from tests.vault.conftest import AGENT, ITEMS, ORIGINALS, FakeConsent, add_feedback, audit_entries


def _reveal(vault: VaultService, session: Session, feedback_id: str = "fb1", **kw: object) -> list[Revealed]:
    args: dict[str, object] = {
        "feedback_id": feedback_id,
        "actor": AGENT,
        "purpose": "follow_up",
        "channel": "phone",
        "reason": "回访:用户要求退款,需要电话联系",
        **kw,
    }
    return vault.reveal(session, **args)  # type: ignore[arg-type]


def _no_originals_anywhere(session: Session, audit: AuditLog) -> None:
    dumped = json.dumps(audit_entries(session, audit), ensure_ascii=False, default=str)
    for original in (*ORIGINALS, "u1", "u2", "回访"):
        assert original not in dumped
    for entry in session.scalars(select(VaultEntry)):
        assert not any(o.encode() in entry.ciphertext for o in ORIGINALS)


def test_reveal_round_trip_and_audit(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog
) -> None:
    with stored() as s:
        revealed = _reveal(vault, s, ticket="CS-2024-0042")
        assert [(r.index, r.entity_type, r.token, r.value) for r in revealed] == [
            (i.index, i.entity_type, i.token, i.original) for i in ITEMS
        ]
        (entry,) = audit_entries(s, audit, "vault.reveal")
        assert entry["decision"] == "allow"
        assert entry["record_ids"] == ["fb1"]
        assert entry["subject_ref"] == audit.subject_ref("u1")
        assert entry["entity_counts"] == {"PERSON": 1, "PHONE_NUMBER": 1, "BANK_CARD": 1}
        details = entry["details"]
        assert isinstance(details, dict)
        assert details["ticket"] == "CS-2024-0042"
        assert details["reason_chars"] == len("回访:用户要求退款,需要电话联系")
        assert details["reason_digest"] == vault.reason_digest("回访:用户要求退款,需要电话联系")
        _no_originals_anywhere(s, audit)


@pytest.mark.parametrize(
    ("selection", "indexes"),
    [
        ({"entity_types": ["PHONE_NUMBER"]}, [1]),
        ({"entity_types": ["PHONE_NUMBER", "PERSON"]}, [0, 1]),
        ({"indexes": [2]}, [2]),
        ({"entity_types": ["PHONE_NUMBER"], "indexes": [0, 1]}, [1]),
        ({"entity_types": ["EMAIL_ADDRESS"]}, []),
        ({"indexes": []}, []),
    ],
)
def test_reveal_selects(
    stored: sessionmaker[Session], vault: VaultService, selection: dict[str, object], indexes: list[int]
) -> None:
    with stored() as s:
        assert [r.index for r in _reveal(vault, s, **selection)] == indexes


def test_one_data_key_per_subject_keyed_by_pseudonym(
    stored: sessionmaker[Session], vault: VaultService
) -> None:
    with stored() as s:
        keys = s.scalars(select(VaultSubjectKey)).all()
        assert sorted(k.subject_ref for k in keys) == sorted([vault.vault_ref("u1"), vault.vault_ref("u2")])
        assert all(k.key_version == 1 and len(k.wrapped_key) == 60 for k in keys)
        assert s.scalar(select(VaultEntry.id).where(VaultEntry.subject_ref == "u1")) is None


def test_store_nothing_creates_no_key(session: Session, vault: VaultService) -> None:
    add_feedback(session, "fb9", "u9")
    assert vault.store(session, feedback_id="fb9", subject_id="u9", items=[]) == 0
    assert session.scalar(select(VaultSubjectKey.id)) is None


def test_store_in_the_ingest_transaction_before_the_feedback_flush(
    session: Session, vault: VaultService
) -> None:
    # The feedback row is only added, not flushed: the unit of work must still insert it first (FK).
    session.add(
        Feedback(
            id="fb8",
            subject_id="u8",
            channel="sms",
            purpose="service",
            masked_text="x",
            entities=[],
            policy="default",
            policy_version="default@1",
        )
    )
    assert vault.store(session, feedback_id="fb8", subject_id="u8", items=ITEMS) == 3
    assert [r.value for r in _reveal(vault, session, "fb8")] == list(ORIGINALS)


def test_revealed_repr_hides_the_value() -> None:
    shown = repr(Revealed(1, "PHONE_NUMBER", "<PHONE_NUMBER_1>", "13812345678"))
    assert "13812345678" not in shown and "PHONE_NUMBER" in shown


@pytest.mark.parametrize("role", ["ingest", "compliance", "analyst", "admin", "unknown"])
def test_only_agents_reveal(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog, consent: FakeConsent, role: str
) -> None:
    with stored() as s:
        with pytest.raises(Forbidden):
            _reveal(vault, s, actor=Actor(name="someone", role=role))
        (entry,) = audit_entries(s, audit, "vault.reveal")
        assert (entry["decision"], entry["reason"], entry["actor_role"]) == ("deny", "role_not_allowed", role)
        assert consent.calls == []


@pytest.mark.parametrize("reason", ["no_consent", "withdrawn", "expired", "channel_not_granted"])
def test_consent_missing_or_withdrawn_is_denied_and_audited(
    stored: sessionmaker[Session], vault: VaultService, audit: AuditLog, consent: FakeConsent, reason: str
) -> None:
    consent.allowed, consent.reason = False, reason
    with stored() as s:
        with pytest.raises(ConsentDenied) as info:
            _reveal(vault, s, purpose="follow_up", channel="sms")
        assert info.value.reason == reason
        (entry,) = audit_entries(s, audit, "vault.reveal")
        assert (entry["decision"], entry["reason"], entry["purpose"], entry["channel"]) == (
            "deny",
            reason,
            "follow_up",
            "sms",
        )
        assert entry["entity_counts"] == {}
    assert consent.calls == [{"subject_id": "u1", "purpose": "follow_up", "channel": "sms", "actor": AGENT}]


def test_unknown_record_is_not_found_and_audited(
    session: Session, vault: VaultService, audit: AuditLog
) -> None:
    with pytest.raises(NotFound):
        _reveal(vault, session, "nope")
    (entry,) = audit_entries(session, audit, "vault.reveal")
    assert (entry["decision"], entry["reason"], entry["subject_ref"]) == ("deny", "not_found", None)


@pytest.mark.parametrize(
    "bad",
    [
        {"purpose": "回访"},
        {"channel": "Phone Call"},
        {"reason": "   "},
        {"reason": "x" * 501},
        {"ticket": "call 13812345678"},
        {"ticket": "13812345678"},
        {"entity_types": ["phone"]},
        {"indexes": [-1]},
        {"indexes": list(range(101))},
        {"feedback_id": "13812345678"},
        {"feedback_id": "a b"},
    ],
)
def test_malformed_requests_are_refused_before_any_decision(
    stored: sessionmaker[Session],
    vault: VaultService,
    audit: AuditLog,
    consent: FakeConsent,
    bad: dict[str, object],
) -> None:
    with stored() as s:
        with pytest.raises(InvalidInput) as info:
            _reveal(vault, s, **bad)
        assert "13812345678" not in str(info.value)
        assert audit_entries(s, audit, "vault.reveal") == []
    assert consent.calls == []


def _flip_first_byte(s: Session, where: object) -> None:
    entry = s.scalars(select(VaultEntry).where(where)).one()  # type: ignore[arg-type]
    entry.ciphertext = bytes([entry.ciphertext[0] ^ 1]) + entry.ciphertext[1:]


def _swap_ciphertexts(s: Session) -> None:
    a, b = s.scalars(
        select(VaultEntry).where(VaultEntry.feedback_id == "fb1").order_by(VaultEntry.entity_index).limit(2)
    ).all()
    (a.nonce, a.ciphertext), (b.nonce, b.ciphertext) = (b.nonce, b.ciphertext), (a.nonce, a.ciphertext)


def _move_row_from_other_record(s: Session) -> None:
    # fb2 (same subject, same key) loses its index-1 entry to fb1's index 1 slot.
    s.execute(
        update(VaultEntry)
        .where(VaultEntry.feedback_id == "fb1", VaultEntry.entity_index == 1)
        .values(feedback_id="fb1", entity_index=9)
    )
    s.execute(
        update(VaultEntry)
        .where(VaultEntry.feedback_id == "fb2", VaultEntry.entity_index == 1)
        .values(feedback_id="fb1")
    )


def _relabel_entity_type(s: Session) -> None:
    s.execute(
        update(VaultEntry)
        .where(VaultEntry.feedback_id == "fb1", VaultEntry.entity_index == 1)
        .values(entity_type="EMAIL_ADDRESS")
    )


def _record_given_to_other_subject(s: Session) -> None:
    s.execute(update(Feedback).where(Feedback.id == "fb1").values(subject_id="u2"))


def _swap_wrapped_keys(s: Session) -> None:
    k1, k2 = s.scalars(select(VaultSubjectKey)).all()
    k1.wrapped_key, k2.wrapped_key = k2.wrapped_key, k1.wrapped_key


def _relabel_key_version(s: Session) -> None:
    # Claims version 2 (also configured) for a key wrapped under version 1.
    s.execute(update(VaultSubjectKey).values(key_version=2))


TAMPERINGS: list[tuple[str, Callable[[Session], None]]] = [
    (
        "ciphertext bit flipped",
        lambda s: _flip_first_byte(s, (VaultEntry.feedback_id == "fb1") & (VaultEntry.entity_index == 1)),
    ),
    ("ciphertexts swapped between entities", _swap_ciphertexts),
    ("row moved from another record", _move_row_from_other_record),
    ("entity type relabelled", _relabel_entity_type),
    ("record handed to another subject", _record_given_to_other_subject),
    ("wrapped keys swapped between subjects", _swap_wrapped_keys),
    ("wrapped key relabelled with another version", _relabel_key_version),
]


@pytest.mark.parametrize(("case", "tamper"), TAMPERINGS)
def test_tampered_rows_fail_closed_and_are_audited(
    stored: sessionmaker[Session],
    audit: AuditLog,
    consent: FakeConsent,
    case: str,
    tamper: Callable[[Session], None],
) -> None:
    from tests.vault.conftest import make_keyring

    vault = VaultService(make_keyring((1, 2)), audit, consent)
    with stored() as s:
        tamper(s)
        s.flush()
        with pytest.raises(IntegrityError) as info:
            _reveal(vault, s)
        assert not any(o in str(info.value) for o in ORIGINALS)
        (entry,) = audit_entries(s, audit, "vault.reveal")
        assert (entry["decision"], entry["reason"]) == ("error", "integrity_error")
        assert entry["entity_counts"] == {}
