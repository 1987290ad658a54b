"""The pure verifier over in-memory chains: every kind of tampering names the right entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from privacy_gateway.audit.chain import GENESIS_HASH, chain_hash
from privacy_gateway.audit.checkpoint import SignedCheckpoint, key_id, public_key_bytes, sign_checkpoint
from privacy_gateway.audit.verify import ChainVerifier, verify_chain
from tests.audit.factories import OTHER_SEED, SIGNING_SEED

Row = dict[str, object]
T0 = datetime(2024, 5, 1, tzinfo=UTC)
PUBLIC = public_key_bytes(SIGNING_SEED)
TRUSTED = {key_id(PUBLIC): PUBLIC}


def fields(seq: int, note: str = "ok") -> Row:
    return {
        "seq": seq,
        "ts": T0 + timedelta(seconds=seq),
        "actor_name": "alice",
        "actor_role": "ingest",
        "action": "feedback.ingest",
        "subject_ref": None,
        "purpose": "analytics",
        "channel": None,
        "decision": "allow",
        "reason": note,
        "policy_version": None,
        "entity_counts": {},
        "record_ids": [],
        "details": {},
    }


def rechain(rows: list[Row], start: int = 0) -> list[Row]:
    """Recompute prev_hash/hash from index `start` on, as an attacker who rewrites history would."""
    prev = GENESIS_HASH if start == 0 else bytes.fromhex(str(rows[start - 1]["hash"]))
    for row in rows[start:]:
        digest = chain_hash(prev, row)
        row["prev_hash"], row["hash"] = prev.hex(), digest.hex()
        prev = digest
    return rows


def chain(n: int) -> list[Row]:
    return rechain([fields(i) for i in range(1, n + 1)])


def sign(rows: list[Row], seq: int, seed: bytes = SIGNING_SEED) -> SignedCheckpoint:
    return sign_checkpoint(seed, seq=seq, head_hash=str(rows[seq - 1]["hash"]), ts=T0)


def modify(rows: list[Row]) -> None:
    rows[4]["reason"] = "edited"


def delete(rows: list[Row]) -> None:
    del rows[4]


def delete_renumber(rows: list[Row]) -> None:
    del rows[4]
    for row in rows[4:]:
        row["seq"] = int(row["seq"]) - 1  # type: ignore[call-overload]


def insert(rows: list[Row]) -> None:
    forged = fields(5, "forged")
    forged["prev_hash"] = rows[3]["hash"]
    forged["hash"] = chain_hash(bytes.fromhex(str(rows[3]["hash"])), forged).hex()
    for row in rows[4:]:
        row["seq"] = int(row["seq"]) + 1  # type: ignore[call-overload]
    rows.insert(4, forged)


def swap(rows: list[Row]) -> None:
    rows[4]["seq"], rows[5]["seq"] = 6, 5
    rows[4], rows[5] = rows[5], rows[4]


def truncate(rows: list[Row]) -> None:
    del rows[8:]


def rewrite(rows: list[Row]) -> None:
    rows[4]["reason"] = "edited"
    rechain(rows, 4)


TAMPERS: list[tuple[str, Callable[[list[Row]], None], int, str]] = [
    ("modified", modify, 5, "entry 5 was modified"),
    ("deleted", delete, 5, "entry 5 is missing"),
    ("deleted and renumbered", delete_renumber, 5, "entry 5 does not link"),
    ("inserted", insert, 5, "entry 5 was inserted"),
    ("reordered", swap, 5, "entry 5 does not link"),
    ("truncated tail", truncate, 9, "truncated"),
    ("rewritten after a checkpoint", rewrite, 8, "history after seq 4 was rewritten"),
]


@pytest.mark.parametrize(("name", "tamper", "first_bad", "reason"), TAMPERS, ids=[t[0] for t in TAMPERS])
def test_tampering_names_the_first_bad_entry(
    name: str, tamper: Callable[[list[Row]], None], first_bad: int, reason: str
) -> None:
    rows = chain(10)
    checkpoints = [sign(rows, 4), sign(rows, 8), sign(rows, 10)]
    tamper(rows)
    report = verify_chain(rows, checkpoints, TRUSTED)
    assert not report.ok
    assert report.first_bad_seq == first_bad
    assert reason in (report.reason or "")


def test_intact_chain_verifies() -> None:
    rows = chain(10)
    report = verify_chain(rows, [sign(rows, 4), sign(rows, 8)], TRUSTED)
    assert report.ok and report.entries == 10 and report.first_bad_seq is None
    assert report.head_hash == rows[-1]["hash"]
    assert report.checkpoints == 2 and report.last_checkpoint is not None
    assert report.last_checkpoint["seq"] == 8


def test_empty_chain_verifies() -> None:
    report = verify_chain([], [], TRUSTED)
    assert report.ok and report.entries == 0 and report.head_hash is None and report.last_checkpoint is None


@pytest.mark.parametrize(
    ("make", "first_bad", "reason"),
    [
        (lambda rows: sign(rows, 6, OTHER_SEED), 6, "unknown key"),
        (lambda rows: SignedCheckpoint(**{**sign(rows, 6).as_dict(), "seq": 7}), 7, "invalid"),
        (lambda rows: SignedCheckpoint(**{**sign(rows, 6).as_dict(), "head_hash": "0" * 64}), 6, "invalid"),
    ],
    ids=["foreign key", "moved", "altered head"],
)
def test_forged_checkpoints_are_named(
    make: Callable[[list[Row]], SignedCheckpoint], first_bad: int, reason: str
) -> None:
    rows = chain(10)
    report = verify_chain(rows, [sign(rows, 4), make(rows)], TRUSTED)
    assert (report.ok, report.first_bad_seq) == (False, first_bad)
    assert reason in (report.reason or "")


def test_earliest_problem_wins() -> None:
    rows = chain(10)
    forged = sign(rows, 3, OTHER_SEED)
    modify(rows)  # entry 5
    report = verify_chain(rows, [forged], TRUSTED)
    assert report.first_bad_seq == 3


def test_truncation_after_last_checkpoint_is_not_detectable() -> None:
    # Documented limit (docs/audit.md): entries after the newest checkpoint are protected by the chain only.
    rows = chain(10)
    checkpoints = [sign(rows, 8)]
    del rows[9:]
    assert verify_chain(rows, checkpoints, TRUSTED).ok


def test_verifier_stops_reading_after_the_break() -> None:
    rows = chain(10)
    modify(rows)
    verifier = ChainVerifier([], TRUSTED)
    fed = 0
    for row in rows:
        fed += 1
        if not verifier.feed(row):
            break
    assert fed == 5 and verifier.stopped
    assert not verifier.feed(rows[5])


@pytest.mark.parametrize(
    "change",
    [{"seq": "5"}, {"details": {"x": 1.5}}, {"ts": "yesterday"}, {"hash": None}],
)
def test_malformed_rows_fail_cleanly(change: Row) -> None:
    rows = chain(6)
    rows[4].update(change)
    report = verify_chain(rows, [], TRUSTED)
    assert not report.ok and report.first_bad_seq == 5
