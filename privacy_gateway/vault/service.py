"""The vault: keeps originals encrypted per subject, reveals them to agents with consent, erases subjects.

    store        ingest, same transaction as the feedback row: one data key per subject, one entry per value
    reveal       role agent + consent for (subject, purpose, channel); every attempt audited
    erase        crypto-shredding: the subject's data key and entries are deleted, feedback tombstoned
    rewrap       moves data keys to the newest master version in committed, resumable batches

The free-text reason of a reveal or an erasure may itself contain personal data, so the audit entry
keeps only its length and a keyed digest (verifiable against the text kept in the ticketing system),
plus an optional ticket id. Services flush and never commit; `rewrap` is the exception by design: it
takes a session factory because one transaction over millions of keys would never finish.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.pseudonym import subject_pseudonym
from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.errors import ConsentDenied, Forbidden, GatewayError, NotFound
from privacy_gateway.keyring import KeyRing
from privacy_gateway.storage.base import new_id, utcnow
from privacy_gateway.storage.models import VaultSubjectKey
from privacy_gateway.storage.session import transaction
from privacy_gateway.types import Actor, Role
from privacy_gateway.vault import repository as repo
from privacy_gateway.vault.crypto import (
    Sealed,
    decrypt_value,
    encrypt_value,
    generate_data_key,
    unwrap_data_key,
    wrap_data_key,
)
from privacy_gateway.vault.keycache import DataKeyCache
from privacy_gateway.vault.keys import master_key_for
from privacy_gateway.vault.repository import SubjectKeyRow
from privacy_gateway.vault.schemas import (
    ConsentGate,
    ErasureReport,
    KeyStatus,
    Revealed,
    RewrapReport,
    VaultItemLike,
)
from privacy_gateway.vault.validation import (
    check_code,
    check_reason,
    check_record_id,
    check_selectors,
    check_ticket,
)

log = logging.getLogger(__name__)

# The vault's own pseudonym label: vault rows and audit entries do not share a join key.
VAULT_SUBJECT_LABEL = "vault-subject"
REASON_DIGEST_LABEL = "audit-reason-text"
SYSTEM_ACTOR = Actor(name="system:keys", role=Role.ADMIN)


class VaultService:
    def __init__(
        self,
        keyring: KeyRing,
        audit: AuditSink,
        consent: ConsentGate,
        *,
        key_cache: DataKeyCache | None = None,
    ) -> None:
        self.keyring = keyring
        self.audit = audit
        self.consent = consent
        self.key_cache = key_cache if key_cache is not None else DataKeyCache()
        self._ref_key = keyring.derive(VAULT_SUBJECT_LABEL)
        self._reason_key = keyring.derive(REASON_DIGEST_LABEL)

    # -- identities and digests ------------------------------------------------------------------

    def vault_ref(self, subject_id: str) -> str:
        return subject_pseudonym(self._ref_key, subject_id)

    def reason_digest(self, reason: str) -> str:
        """Keyed digest of a free-text reason: proves which text was given without storing it."""
        return hmac.new(self._reason_key, reason.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def _reason_details(self, reason: str, ticket: str | None) -> dict[str, object]:
        details: dict[str, object] = {
            "reason_chars": len(reason),
            "reason_digest": self.reason_digest(reason),
        }
        if ticket:
            details["ticket"] = ticket
        return details

    # -- data keys -------------------------------------------------------------------------------

    def _unwrap(self, row: SubjectKeyRow) -> bytes:
        master = master_key_for(self.keyring, row.key_version)  # retired versions refuse, cached or not
        key = self.key_cache.get(row.subject_ref, row.key_version, row.wrapped_key)
        if key is None:
            key = unwrap_data_key(
                master, row.wrapped_key, subject_ref=row.subject_ref, version=row.key_version
            )
            self.key_cache.put(row.subject_ref, row.key_version, row.wrapped_key, key)
        return key

    def _data_keys_for_write(self, session: Session, subject_refs: set[str]) -> dict[str, bytes]:
        """The data key of each subject, created for those that have none: one query for all of them
        (and, on SQLite and PostgreSQL, one insert for all the new ones)."""
        with session.no_autoflush:  # the key rows do not depend on anything pending in the session
            keys = {row.subject_ref: self._unwrap(row) for row in repo.subject_keys(session, subject_refs)}
        missing = sorted(subject_refs - keys.keys())  # one order: concurrent creators cannot deadlock
        if not missing:
            return keys
        version = self.keyring.current_version
        master = self.keyring.master_keys[version]
        fresh = {ref: generate_data_key() for ref in missing}
        wrapped = {
            ref: wrap_data_key(master, key, subject_ref=ref, version=version) for ref, key in fresh.items()
        }
        inserted = repo.insert_subject_keys_if_absent(session, version=version, wrapped=wrapped, now=utcnow())
        if inserted is not None:
            for ref in inserted:
                keys[ref] = fresh[ref]
                self.key_cache.put(ref, version, wrapped[ref], fresh[ref])
            lost = set(missing) - inserted
            if lost:  # a concurrent first ingest of the same subject won: use the key it stored
                with session.no_autoflush:
                    for row in repo.subject_keys(session, lost):
                        keys[row.subject_ref] = self._unwrap(row)
            return keys
        for ref in missing:  # other databases: one savepoint per new key
            keys[ref] = self._create_data_key(session, ref)
        return keys

    def _create_data_key(self, session: Session, subject_ref: str) -> bytes:
        data_key = generate_data_key()
        version = self.keyring.current_version
        wrapped = wrap_data_key(
            self.keyring.master_keys[version], data_key, subject_ref=subject_ref, version=version
        )
        try:
            with session.begin_nested():  # a concurrent first ingest of the same subject may win the insert
                session.add(
                    VaultSubjectKey(subject_ref=subject_ref, key_version=version, wrapped_key=wrapped)
                )
        except sa_exc.IntegrityError:
            row = repo.get_subject_key(session, subject_ref)
            if row is None:
                raise
            return self._unwrap(row)
        self.key_cache.put(subject_ref, version, wrapped, data_key)
        return data_key

    # -- store -----------------------------------------------------------------------------------

    def store(
        self, session: Session, *, feedback_id: str, subject_id: str, items: Sequence[VaultItemLike]
    ) -> int:
        """Encrypt each original under the subject's data key (created on first use). Returns the count."""
        return self.store_many(session, [(feedback_id, subject_id, items)])

    def store_many(
        self, session: Session, records: Sequence[tuple[str, str, Sequence[VaultItemLike]]]
    ) -> int:
        """store() for several (feedback_id, subject_id, items) at once: one key query and one flush.

        Returns the number of values stored.
        """
        records = [r for r in records if r[2]]
        if not records:
            return 0
        session.flush()  # a feedback row the caller only added goes in first: the entries point at it
        refs = {subject_id: self.vault_ref(subject_id) for _, subject_id, _ in records}
        keys = self._data_keys_for_write(session, set(refs.values()))
        now = utcnow()
        rows: list[dict[str, object]] = []
        for feedback_id, subject_id, items in records:
            ref = refs[subject_id]
            for item in items:
                sealed = encrypt_value(
                    keys[ref],
                    item.original,
                    record_id=feedback_id,
                    index=item.index,
                    entity_type=item.entity_type,
                )
                rows.append(
                    {
                        "id": new_id(),
                        "feedback_id": feedback_id,
                        "subject_ref": ref,
                        "entity_index": item.index,
                        "entity_type": item.entity_type,
                        "token": item.token,
                        "nonce": sealed.nonce,
                        "ciphertext": sealed.ciphertext,
                        "created_at": now,
                    }
                )
        repo.insert_entries(session, rows)
        return len(rows)

    # -- reveal ----------------------------------------------------------------------------------

    def reveal(
        self,
        session: Session,
        *,
        feedback_id: str,
        actor: Actor,
        purpose: str,
        channel: str,
        reason: str,
        entity_types: Sequence[str] | None = None,
        indexes: Sequence[int] | None = None,
        ticket: str | None = None,
    ) -> list[Revealed]:
        """Originals of one record for an agent with a consented purpose and channel.

        Every outcome appends a "vault.reveal" audit entry to `session` before returning or raising:
        a caller that maps the error to a response must commit first so that a denial stays on record.
        Malformed requests (InvalidInput) are refused before any decision and are not audited.
        """
        check_record_id(feedback_id)
        check_code(purpose, what="purpose")
        check_code(channel, what="channel")
        check_reason(reason)
        check_ticket(ticket)
        check_selectors(entity_types, indexes)
        subject_ref: str | None = None

        def record(decision: str, why: str, counts: Mapping[str, int] | None = None) -> None:
            self.audit.append(
                session,
                AuditEvent(
                    action="vault.reveal",
                    actor=actor,
                    subject_ref=subject_ref,
                    purpose=purpose,
                    channel=channel,
                    decision=decision,
                    reason=why,
                    entity_counts=dict(counts or {}),
                    record_ids=[feedback_id],
                    details={
                        **self._reason_details(reason, ticket),
                        "entity_types": sorted(entity_types) if entity_types is not None else None,
                        "indexes": sorted(indexes) if indexes is not None else None,
                    },
                ),
            )

        if actor.role != Role.AGENT:
            record("deny", "role_not_allowed")
            raise Forbidden(f"role {actor.role!r} may not reveal originals")
        row = repo.get_feedback(session, feedback_id)
        if row is None or row.erased_at is not None:
            record("deny", "not_found")
            raise NotFound("feedback not found")
        subject_ref = self.audit.subject_ref(row.subject_id)
        decision = self.consent.check(
            session, subject_id=row.subject_id, purpose=purpose, channel=channel, actor=actor
        )
        if not decision.allowed:
            record("deny", decision.reason)
            raise ConsentDenied(f"no valid consent for {purpose!r} by {channel!r}", reason=decision.reason)
        try:
            revealed = self._decrypt_entries(session, feedback_id, row.subject_id, entity_types, indexes)
        except GatewayError as exc:  # key retired/destroyed or ciphertext tampered: fail closed, on record
            record("error", exc.code)
            raise
        record("allow", "consent_valid", Counter(r.entity_type for r in revealed))
        log.info("vault reveal", extra={"feedback_id": feedback_id, "values": len(revealed)})
        return revealed

    def _decrypt_entries(
        self,
        session: Session,
        feedback_id: str,
        subject_id: str,
        entity_types: Sequence[str] | None,
        indexes: Sequence[int] | None,
    ) -> list[Revealed]:
        entries = repo.entries_for(session, feedback_id, entity_types=entity_types, indexes=indexes)
        if not entries:
            return []
        # The key is the record's subject's, whatever the entry row claims: a row moved between subjects
        # then fails authentication instead of opening under the wrong key.
        ref = self.vault_ref(subject_id)
        key_row = repo.get_subject_key(session, ref)
        if key_row is None:
            raise NotFound("no vault key for this record's subject")
        data_key = self._unwrap(key_row)
        return [
            Revealed(
                index=e.entity_index,
                entity_type=e.entity_type,
                token=e.token,
                value=decrypt_value(
                    data_key,
                    Sealed(nonce=e.nonce, ciphertext=e.ciphertext),
                    record_id=e.feedback_id,
                    index=e.entity_index,
                    entity_type=e.entity_type,
                ),
            )
            for e in entries
        ]

    # -- erase -----------------------------------------------------------------------------------

    def erase_subject(
        self,
        session: Session,
        *,
        subject_id: str,
        actor: Actor,
        reason: str,
        ticket: str | None = None,
        at: datetime | None = None,
    ) -> ErasureReport:
        """Crypto-shred a subject: delete the data key and the vault entries, tombstone the feedback rows.

        Idempotent: erasing again (or a subject never seen) reports zeros and is audited all the same.
        """
        if actor.role != Role.ADMIN:
            raise Forbidden(f"role {actor.role!r} may not erase subjects")
        check_reason(reason)
        check_ticket(ticket)
        ref = self.vault_ref(subject_id)
        self.key_cache.forget(ref)
        counts = {
            # entries before feedback: the entry query finds the subject's records by subject_id
            "vault_entries": repo.delete_entries(session, subject_ref=ref, subject_id=subject_id),
            "subject_keys": repo.delete_subject_key(session, ref),
            "feedback": repo.tombstone_feedback(session, subject_id, at=at or utcnow()),
        }
        self.audit.append(
            session,
            AuditEvent(
                action="subject.erase",
                actor=actor,
                subject_ref=self.audit.subject_ref(subject_id),
                decision="ok",
                reason="erasure_request",
                details={
                    **self._reason_details(reason, ticket),
                    **{f"erased_{k}": n for k, n in counts.items()},
                },
            ),
        )
        session.flush()
        log.info("subject erased", extra={"counts": counts})
        return ErasureReport(counts=counts)

    # -- keys ------------------------------------------------------------------------------------

    def key_status(self, session: Session) -> KeyStatus:
        return KeyStatus(
            current_version=self.keyring.current_version,
            min_version=self.keyring.min_version,
            configured_versions=tuple(sorted(self.keyring.master_keys)),
            subjects_per_version=repo.subjects_per_version(session),
            entries_per_version=repo.entries_per_version(session),
        )

    def pending_rewrap(self, session: Session) -> int:
        return repo.count_stale_keys(session, target_version=self.keyring.current_version)

    def record_rotation(self, session: Session, *, version: int, actor: Actor, mode: str) -> None:
        """Audit a new master key version ("file": added to the key file; "environment": announced)."""
        self.audit.append(
            session,
            AuditEvent(
                action="keys.rotate", actor=actor, decision="ok", details={"version": version, "mode": mode}
            ),
        )

    def rewrap(
        self,
        session_factory: sessionmaker[Session],
        *,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
        actor: Actor = SYSTEM_ACTOR,
    ) -> RewrapReport:
        """Re-wrap every data key under the newest master version, one committed batch at a time.

        Resumable and idempotent: keys already on the newest version are never selected, so a crashed
        or interrupted run loses at most its current batch and the next run carries on. Keys that cannot
        be unwrapped (their version retired or missing) are counted as failed and left as they are.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        target = self.keyring.current_version
        master = self.keyring.master_keys[target]
        rewrapped = failed = batches = 0
        after_id = ""
        decision, why = "error", "interrupted"
        try:
            while True:
                with transaction(session_factory) as session:
                    rows = repo.stale_keys_after(
                        session, target_version=target, after_id=after_id, limit=batch_size
                    )
                    if not rows:
                        break
                    for row in rows:
                        try:
                            data_key = self._unwrap(row)
                        except GatewayError:
                            failed += 1
                            continue
                        row.wrapped_key = wrap_data_key(
                            master, data_key, subject_ref=row.subject_ref, version=target
                        )
                        row.key_version = target
                        row.rewrapped_at = utcnow()
                        rewrapped += 1
                    after_id = rows[-1].id
                batches += 1
                if progress is not None:
                    progress(len(rows))
            decision, why = ("ok", "complete") if failed == 0 else ("error", "keys_unreadable")
        finally:
            with transaction(session_factory) as session:
                self.audit.append(
                    session,
                    AuditEvent(
                        action="keys.rewrap",
                        actor=actor,
                        decision=decision,
                        reason=why,
                        details={
                            "target_version": target,
                            "rewrapped": rewrapped,
                            "failed": failed,
                            "batches": batches,
                        },
                    ),
                )
        return RewrapReport(target_version=target, rewrapped=rewrapped, failed=failed, batches=batches)
