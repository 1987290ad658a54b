"""Verification of a chain of entries against its signed checkpoints. Pure and streaming.

Entries are fed in seq order (from the database in keyset batches, or from a JSONL export); memory stays
bounded by the number of checkpoints, not entries. The first problem wins, in chain order:

    entry N is missing          a gap in seq (deleted entry)
    entry N was inserted        entry N+1 links to entry N-1
    entry N does not link       prev_hash is not the previous entry's hash (deleted+renumbered, reordered)
    entry N was modified        its content no longer hashes to its stored hash
    checkpoint at N ...         signature invalid or by an unknown key (forged checkpoint),
                                entry N's hash differs from the signed head (history rewritten),
                                or the chain ends before N (truncated tail)
"""

from __future__ import annotations

import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from privacy_gateway.audit.chain import GENESIS_HASH, entry_hash
from privacy_gateway.audit.checkpoint import SignedCheckpoint, signature_valid
from privacy_gateway.errors import InvalidInput


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int  # entries that were read (the chain length when ok)
    first_bad_seq: int | None
    reason: str | None
    head_hash: str | None  # hash of the last entry read
    last_checkpoint: dict[str, object] | None  # newest checkpoint with a valid signature
    checkpoints: int  # checkpoints (stored + anchors) with a valid signature

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "head_hash": self.head_hash,
            "last_checkpoint": self.last_checkpoint,
            "checkpoints": self.checkpoints,
        }


class ChainVerifier:
    """Feed entries in seq order with feed(); read the outcome with report().

    Checkpoints given up front: those stored next to the chain and any anchors kept elsewhere. Only
    signatures by `trusted_keys` (key_id -> raw Ed25519 public key) count; a checkpoint's own claim of
    who signed it is never trusted.
    """

    def __init__(self, checkpoints: Sequence[SignedCheckpoint], trusted_keys: Mapping[str, bytes]) -> None:
        self._problems: list[tuple[int, str]] = []
        self._expected: dict[int, list[SignedCheckpoint]] = {}
        good: list[SignedCheckpoint] = []
        for cp in checkpoints:
            if signature_valid(cp, trusted_keys):
                good.append(cp)
                self._expected.setdefault(cp.seq, []).append(cp)
            else:
                why = "signed by an unknown key" if cp.key_id not in trusted_keys else "signature is invalid"
                self._problems.append((cp.seq, f"checkpoint at seq {cp.seq}: {why} (forged or altered)"))
        self._good = sorted(good, key=lambda c: (c.seq, c.ts))
        self._next = 1
        self._prev = GENESIS_HASH
        self._prev2: bytes | None = None  # hash of the entry before the previous one
        self._last_matched_cp = 0
        self._entries = 0
        self._stopped = False

    @property
    def stopped(self) -> bool:
        """True once the chain itself broke; later entries cannot be judged."""
        return self._stopped

    def _fail(self, seq: int, reason: str) -> bool:
        self._problems.append((seq, reason))
        self._stopped = True
        return False

    def feed(self, entry: Mapping[str, object]) -> bool:
        """Check one entry (fields of chain.CHAINED_FIELDS plus 'hash'). False once the chain broke."""
        if self._stopped:
            return False
        seq = entry.get("seq")
        if not isinstance(seq, int) or seq < self._next:
            return self._fail(self._next, f"entry after seq {self._next - 1} has an invalid or repeated seq")
        if seq > self._next:
            return self._fail(self._next, f"entry {self._next} is missing (the next entry is {seq})")
        self._entries += 1
        linked = entry.get("prev_hash")
        if linked != self._prev.hex():
            if self._prev2 is not None and linked == self._prev2.hex():
                return self._fail(seq - 1, f"entry {seq - 1} was inserted (entry {seq} links to {seq - 2})")
            return self._fail(
                seq, f"entry {seq} does not link to entry {seq - 1} (deleted, moved or reordered)"
            )
        try:
            digest = entry_hash(entry, check=False)  # prev_hash in `entry` was just compared
        except (InvalidInput, TypeError, ValueError):
            return self._fail(seq, f"entry {seq} was modified (its fields are malformed)")
        stored = entry.get("hash")
        if stored != digest.hex():
            return self._fail(seq, f"entry {seq} was modified (content does not match its hash)")
        for cp in self._expected.get(seq, ()):
            if cp.head_hash != stored:
                return self._fail(
                    seq,
                    f"entry {seq} differs from the signed checkpoint at seq {seq}: history after seq "
                    f"{self._last_matched_cp} was rewritten",
                )
        if seq in self._expected:
            self._last_matched_cp = seq
        self._prev2, self._prev = self._prev, digest
        self._next = seq + 1
        return True

    def report(self) -> VerifyReport:
        problems = list(self._problems)
        last = self._next - 1
        if not self._stopped:
            beyond = [cp.seq for cp in self._good if cp.seq > last]
            if beyond:
                problems.append(
                    (
                        last + 1,
                        f"chain ends at seq {last} but a checkpoint signed seq {max(beyond)} (truncated)",
                    )
                )
        first = min(problems, default=None)
        newest = self._good[-1].as_dict() if self._good else None
        return VerifyReport(
            ok=first is None,
            entries=self._entries,
            first_bad_seq=first[0] if first else None,
            reason=first[1] if first else None,
            head_hash=self._prev.hex() if last else None,
            last_checkpoint=newest,
            checkpoints=len(self._good),
        )


def verify_chain(
    entries: Iterable[Mapping[str, object]],
    checkpoints: Sequence[SignedCheckpoint],
    trusted_keys: Mapping[str, bytes],
) -> VerifyReport:
    """Verify a whole chain (stops reading at the first break)."""
    verifier = ChainVerifier(checkpoints, trusted_keys)
    for entry in entries:
        if not verifier.feed(entry):
            break
    return verifier.report()


def decode_hash(text: str) -> bytes:
    """Hex hash -> bytes, refusing anything that is not 32 bytes of hex."""
    try:
        raw = binascii.unhexlify(text)
    except (binascii.Error, ValueError):
        raise InvalidInput("hash is not hex") from None
    if len(raw) != 32:
        raise InvalidInput("hash must be 32 bytes")
    return raw
