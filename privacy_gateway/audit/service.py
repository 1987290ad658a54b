"""AuditLog: append to the chain inside the caller's transaction, sign checkpoints, verify, query.

One instance per process, built by the shell from the key ring:

    AuditLog(pseudonym_key=keyring.derive("subject-pseudonym"), signing_seed=keyring.signing_seed,
             checkpoint_interval=settings.checkpoint_interval)

Services flush, never commit: an action and its audit entry commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy.orm import Session

from privacy_gateway.audit import repository as repo
from privacy_gateway.audit.chain import GENESIS_HASH, chain_hash
from privacy_gateway.audit.checkpoint import (
    SignedCheckpoint,
    export_document,
    key_id,
    public_key_bytes,
    sign_checkpoint,
)
from privacy_gateway.audit.guard import PSEUDONYM, validate_event
from privacy_gateway.audit.pseudonym import subject_pseudonym
from privacy_gateway.audit.query import (
    EXPORT_FORMATS,
    decode_cursor,
    encode_cursor,
    entry_to_dict,
    write_csv,
    write_jsonl,
)
from privacy_gateway.audit.schemas import AuditEvent, AuditFilters, Page
from privacy_gateway.audit.verify import ChainVerifier, VerifyReport
from privacy_gateway.errors import ConfigError, InvalidInput
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.models.audit import AuditEntry
from privacy_gateway.types import Actor

MAX_PAGE = 1000


class AuditLog:
    """Implements audit.schemas.AuditSink; see the module docstring."""

    def __init__(
        self,
        *,
        pseudonym_key: bytes,
        signing_seed: bytes,
        checkpoint_interval: int = 1000,
        trusted_public_keys: Iterable[bytes] = (),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if len(pseudonym_key) < 16:
            raise ConfigError("audit pseudonym key must be at least 16 bytes")
        if len(signing_seed) != 32:
            raise ConfigError("audit signing seed must be 32 bytes")
        if checkpoint_interval < 1:
            raise ConfigError("checkpoint_interval must be >= 1")
        self._pseudonym_key = pseudonym_key
        self._seed = signing_seed
        self._clock = clock
        self.checkpoint_interval = checkpoint_interval
        self.public_key = public_key_bytes(signing_seed)
        self.key_id = key_id(self.public_key)
        # Older public keys stay trusted after a signing-key rotation, so old checkpoints still verify.
        self.trusted_keys = {key_id(pk): pk for pk in (*trusted_public_keys, self.public_key)}

    def __repr__(self) -> str:
        return f"AuditLog(key_id={self.key_id!r}, checkpoint_interval={self.checkpoint_interval})"

    def subject_ref(self, subject_id: str) -> str:
        return subject_pseudonym(self._pseudonym_key, subject_id)

    # -- writing ---------------------------------------------------------------------------------

    def append(self, session: Session, event: AuditEvent) -> AuditEntry:
        """Add one entry to the chain in the caller's transaction (flush, no commit)."""
        return self.append_many(session, [event])[0]

    def append_many(self, session: Session, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Add entries to the chain, in order, in the caller's transaction (flush, no commit).

        One head lock, one head read and one flush for all of them: a batch of ingests committed
        together (redaction.group_commit) pays for the chain once. Every event is validated before
        anything is added, so a bad event adds nothing.
        """
        for event in events:
            validate_event(event)
        if not events:
            return []
        repo.lock_head(session)
        last = repo.head(session)
        seq, prev = (last[0], bytes.fromhex(last[1])) if last else (0, GENESIS_HASH)
        rows: list[dict[str, Any]] = []
        for event in events:
            seq += 1
            fields = self._fields(seq, event)
            digest = chain_hash(prev, fields)
            rows.append({**fields, "prev_hash": prev.hex(), "hash": digest.hex()})
            prev = digest
        repo.insert_entries(session, rows)
        for row in rows:
            if row["seq"] % self.checkpoint_interval == 0:
                self._sign(session, row["seq"], row["hash"])
        # Detached copies for the caller to read: the rows went in with one INSERT, not the unit of work.
        return [AuditEntry(**row) for row in rows]

    def _fields(self, seq: int, event: AuditEvent) -> dict[str, Any]:
        return {
            "seq": seq,
            "ts": self._clock(),
            "actor_name": event.actor.name,
            "actor_role": event.actor.role,
            "action": event.action,
            "subject_ref": event.subject_ref,
            "purpose": event.purpose,
            "channel": event.channel,
            "decision": event.decision,
            "reason": event.reason,
            "policy_version": event.policy_version,
            "entity_counts": dict(event.entity_counts),
            "record_ids": list(event.record_ids),
            "details": {k: list(v) if isinstance(v, list | tuple) else v for k, v in event.details.items()},
        }

    def _sign(self, session: Session, seq: int, head_hash: str) -> SignedCheckpoint:
        now = self._clock()
        checkpoint = sign_checkpoint(self._seed, seq=seq, head_hash=head_hash, ts=now)
        repo.add_checkpoint(session, checkpoint, now)
        return checkpoint

    def checkpoint(self, session: Session) -> SignedCheckpoint:
        """Sign the current head now (or return the newest checkpoint if it already covers the head)."""
        repo.lock_head(session)
        last = repo.head(session)
        seq, head_hash = last if last else (0, GENESIS_HASH.hex())
        newest = repo.latest_checkpoint(session)
        if newest and (newest.seq, newest.head_hash, newest.key_id) == (seq, head_hash, self.key_id):
            return newest
        return self._sign(session, seq, head_hash)

    def record_access(
        self,
        session: Session,
        actor: Actor,
        *,
        action: str,
        filters: AuditFilters | None = None,
        details: dict[str, object] | None = None,
    ) -> AuditEntry:
        """Audit a read of the audit trail itself ("audit.query", "audit.export", "audit.verify"...).

        Records which filters were used and the subject's pseudonym, never raw filter values.
        """
        filters = filters or AuditFilters()
        ref = self._filter_subject_ref(filters) if filters.subject_id or filters.subject_ref else None
        facts: dict[str, object] = {"filters": filters.used(), **(details or {})}
        return self.append(session, AuditEvent(action=action, actor=actor, subject_ref=ref, details=facts))

    # -- reading ---------------------------------------------------------------------------------

    def verify(
        self, session: Session, *, anchors: Sequence[SignedCheckpoint] = (), batch_size: int = 10_000
    ) -> VerifyReport:
        """Walk the whole chain in keyset batches against stored checkpoints and external anchors."""
        verifier = ChainVerifier([*repo.checkpoints(session), *anchors], self.trusted_keys)
        for row in repo.iter_chain(session, batch_size=batch_size):
            if not verifier.feed(row):
                break
        return verifier.report()

    def checkpoints(self, session: Session) -> list[SignedCheckpoint]:
        return repo.checkpoints(session)

    def checkpoints_document(self, session: Session) -> dict[str, object]:
        """Every stored checkpoint and the trusted public keys, as JSON to keep elsewhere."""
        return export_document(repo.checkpoints(session), self.trusted_keys)

    def _filter_subject_ref(self, filters: AuditFilters) -> str | None:
        ref = filters.subject_ref
        if ref is not None and not PSEUDONYM.match(ref):
            raise InvalidInput("subject_ref must be a pseudonym ('sp_' + 32 hex)")
        if filters.subject_id is not None:
            derived = self.subject_ref(filters.subject_id)
            if ref is not None and ref != derived:
                raise InvalidInput("give subject_id or subject_ref, not two different subjects")
            ref = derived
        return ref

    def _conditions(self, filters: AuditFilters) -> list[Any]:
        for name in ("since", "until"):
            value = getattr(filters, name)
            if value is not None and value.tzinfo is None:
                raise InvalidInput(f"{name} must carry a time zone (RFC 3339)")
        if filters.since and filters.until and filters.since >= filters.until:
            raise InvalidInput("since must be before until")
        return repo.filter_conditions(
            subject_ref=self._filter_subject_ref(filters),
            actor=filters.actor,
            action=filters.action,
            purpose=filters.purpose,
            decision=filters.decision,
            since=filters.since,
            until=filters.until,
        )

    def query(
        self,
        session: Session,
        filters: AuditFilters,
        cursor: str | None = None,
        limit: int = 100,
        *,
        descending: bool = False,
    ) -> Page:
        """One page of matching entries in seq order (newest first when descending)."""
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
        after: int | None = None
        if cursor:
            after, cursor_desc = decode_cursor(cursor)
            if cursor_desc != descending:
                raise InvalidInput("cursor was made for the other sort order")
        rows = repo.page(
            session, self._conditions(filters), after=after, descending=descending, limit=limit + 1
        )
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].seq, descending=descending) if more else None
        return Page(items=[entry_to_dict(r) for r in rows], next_cursor=next_cursor)

    def iter_matching(
        self, session: Session, filters: AuditFilters, *, batch_size: int = 1000
    ) -> Iterator[dict[str, object]]:
        """Every matching entry, oldest first, in keyset batches (bounded memory)."""
        conds = self._conditions(filters)
        after: int | None = None
        while True:
            rows = repo.page(session, conds, after=after, descending=False, limit=batch_size)
            for row in rows:
                yield entry_to_dict(row)
            if len(rows) < batch_size:
                return
            # The session's identity map holds loaded rows weakly: memory stays at one batch.
            after = rows[-1].seq

    def export(self, session: Session, filters: AuditFilters, *, fmt: str, out: IO[str]) -> int:
        """Write matching entries as CSV or JSONL; returns the number written."""
        if fmt not in EXPORT_FORMATS:
            raise InvalidInput(f"format must be one of {', '.join(EXPORT_FORMATS)}")
        writer = write_csv if fmt == "csv" else write_jsonl
        return writer(self.iter_matching(session, filters), out)
