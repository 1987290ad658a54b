"""The export use-case: consent gate -> consented rows -> engine (transform, k/ℓ, residual scan, files)
-> manifest -> audit entry.

    service = ExportService.from_services(services)
    manifest = service.export(session, ExportRequest(purpose="analytics"), out_dir=path, actor=actor)

Only subjects holding a valid consent for the purpose at the cut-off (the export's start, or ``at``)
contribute rows, whatever purpose a record was collected for: an export is a new use. The session is
read and the audit entries (the gate's summary and ``export.create``) are flushed into it; the caller
commits — also when ResidualPIIFound is raised, so that the failed attempt stays on record.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from sqlalchemy.orm import Session

from privacy_gateway.audit.schemas import AuditEvent, AuditSink
from privacy_gateway.consent.decision import as_utc
from privacy_gateway.errors import Conflict
from privacy_gateway.export.engine import ExportEngine, LocalEngine, Progress, no_progress
from privacy_gateway.export.errors import ResidualPIIFound
from privacy_gateway.export.hierarchies import DEFAULT_AMOUNT_EDGES
from privacy_gateway.export.manifest import Manifest, write_manifest
from privacy_gateway.export.pseudonyms import dataset_key
from privacy_gateway.export.schemas import ExportRequest
from privacy_gateway.export.source import (
    DEFAULT_BATCH_ROWS,
    SourceStats,
    candidate_subjects,
    consented_batches,
    count_eligible,
)
from privacy_gateway.export.transform import TransformSpec
from privacy_gateway.policies.loader import PolicySet
from privacy_gateway.policies.models import GeneralizeRule
from privacy_gateway.storage.base import new_id, utcnow
from privacy_gateway.types import AMOUNT, Actor

log = logging.getLogger(__name__)


class SubjectGate(Protocol):
    def allowed_subject_ids(
        self,
        session: Session,
        subject_ids: Iterable[str],
        *,
        purpose: str,
        channel: str | None = None,
        at: datetime | None = None,
        actor: Actor | None = None,
    ) -> set[str]: ...


def amount_edges(policies: PolicySet, policy: str) -> tuple[int, ...]:
    """The export's finest amount buckets are the policy's own, so text and column agree."""
    rule = policies.get(policy).rule_for(AMOUNT)
    return tuple(rule.buckets) if isinstance(rule, GeneralizeRule) else DEFAULT_AMOUNT_EDGES


def prepare_directory(out_dir: Path) -> bool:
    """Create the dataset directory; refuse a non-empty one. Returns True when it was created now."""
    if out_dir.exists():
        if not out_dir.is_dir() or any(out_dir.iterdir()):
            raise Conflict("the output directory exists and is not empty; choose a new one")
        return False
    out_dir.mkdir(parents=True)
    return True


class ExportService:
    def __init__(
        self,
        *,
        gate: SubjectGate,
        audit: AuditSink,
        derive: Callable[[str], bytes],
        policies: PolicySet,
        policies_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        batch_rows: int = DEFAULT_BATCH_ROWS,
    ) -> None:
        self.gate = gate
        self.audit = audit
        self.derive = derive
        self.policies = policies
        self.policies_dir = policies_dir
        self.clock = clock
        self.batch_rows = batch_rows

    @classmethod
    def from_services(cls, services: Any, **kwargs: Any) -> ExportService:
        """From the process's Services container (bootstrap.build_services)."""
        return cls(
            gate=services.consent.gate,
            audit=services.audit,
            derive=services.keyring.derive,
            policies=services.policies,
            policies_dir=services.settings.policies_dir,
            **kwargs,
        )

    def spec_for(self, request: ExportRequest, dataset_id: str) -> TransformSpec:
        self.policies.get(request.policy)  # NotFound before any work
        return TransformSpec(
            request=request,
            dataset_key=dataset_key(self.derive, dataset_id, link_key=request.link_key),
            policies_dir=str(self.policies_dir) if self.policies_dir else None,
            amount_edges=amount_edges(self.policies, request.policy),
        )

    def export(
        self,
        session: Session,
        request: ExportRequest,
        *,
        out_dir: Path,
        actor: Actor,
        engine: ExportEngine | None = None,
        at: datetime | None = None,
        dataset_id: str | None = None,
        progress: Progress = no_progress,
        on_total: Callable[[int], None] | None = None,
    ) -> Manifest:
        engine = engine or LocalEngine()
        dataset_id = dataset_id or new_id()
        cutoff = as_utc(at) if at is not None else self.clock()
        spec = self.spec_for(request, dataset_id)
        created_dir = prepare_directory(out_dir)
        try:
            subjects = candidate_subjects(session, at=cutoff)
            allowed = self.gate.allowed_subject_ids(
                session, subjects, purpose=request.purpose, at=cutoff, actor=actor
            )
            if on_total is not None:
                on_total(count_eligible(session, at=cutoff))
            stats = SourceStats()
            batches = consented_batches(session, allowed, at=cutoff, stats=stats, batch_rows=self.batch_rows)
            result = engine.run(_counted(batches, stats, progress), spec, out_dir, progress=progress)
        except BaseException:
            _remove(out_dir, created_dir)
            raise
        manifest = Manifest(
            dataset_id=dataset_id,
            created_at=self.clock().isoformat(),
            consent_cutoff=cutoff.isoformat(),
            engine=engine.name,
            policy_version=self.policies.get(request.policy).version,
            request=request,
            rows_considered=stats.considered,
            excluded_for_consent=stats.excluded_for_consent,
            result=result,
        )
        if not result.written:
            _remove(out_dir, created_dir)
            self._audit(session, manifest, actor=actor, manifest_sha256=None)
            raise ResidualPIIFound(result.residual, rows=result.rows_with_residual)
        digest = write_manifest(out_dir, manifest)
        self._audit(session, manifest, actor=actor, manifest_sha256=digest)
        log.info("export written", extra={"dataset_id": dataset_id, "rows_out": result.rows_out})
        return manifest

    def _audit(
        self, session: Session, manifest: Manifest, *, actor: Actor, manifest_sha256: str | None
    ) -> None:
        request, result = manifest.request, manifest.result
        failed = manifest_sha256 is None
        self.audit.append(
            session,
            AuditEvent(
                action="export.create",
                actor=actor,
                purpose=request.purpose,
                decision="error" if failed else "ok",
                reason="residual_pii" if failed else None,
                policy_version=manifest.policy_version,
                entity_counts=dict(result.residual),
                record_ids=[manifest.dataset_id],
                details=_details(manifest, manifest_sha256),
            ),
        )


def _details(manifest: Manifest, manifest_sha256: str | None) -> dict[str, object]:
    request, result = manifest.request, manifest.result
    return {
        "engine": manifest.engine,
        "format": str(request.format),
        "policy": request.policy,
        "consent_cutoff": manifest.consent_cutoff,
        "quasi": list(request.quasi),
        "levels": [f"{q}:{lv}" for q, lv in result.levels.items()],
        "k": request.k,
        "k_achieved": result.k_achieved,
        "l": request.l,
        "l_achieved": result.l_achieved,
        "sensitive_column": request.sensitive_column,
        "link_key": request.link_key,
        "residual_mode": str(request.residual),
        "rows_considered": manifest.rows_considered,
        "rows_excluded_consent": manifest.excluded_for_consent,
        "rows_consented": result.rows_consented,
        "rows_suppressed_k": result.suppressed_k,
        "rows_suppressed_l": result.suppressed_l,
        "rows_with_residual": result.rows_with_residual,
        "rows_out": result.rows_out,
        "manifest_sha256": manifest_sha256,
    }


def _remove(out_dir: Path, created: bool) -> None:
    if created:
        shutil.rmtree(out_dir, ignore_errors=True)
    else:
        for child in out_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def _counted(
    batches: Iterator[pd.DataFrame], stats: SourceStats, progress: Progress
) -> Iterator[pd.DataFrame]:
    """Report rows read (consented or not) as each batch is handed to the engine."""
    reported = 0
    for batch in batches:
        progress("read", stats.considered - reported)
        reported = stats.considered
        yield batch
    progress("read", stats.considered - reported)
