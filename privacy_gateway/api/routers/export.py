"""De-identified datasets over HTTP (role analyst): create one, read its manifest, download its files.

    POST /v1/exports                         -> 201 the manifest (the export runs in the request)
    GET  /v1/exports/{dataset_id}/manifest   -> the manifest
    GET  /v1/exports/{dataset_id}/files/{name} -> one file listed in the manifest (audited)

Datasets live under settings.export_dir/<dataset_id>. A residual-PII failure answers 422
``residual_pii`` after the failed attempt is committed to the audit trail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from privacy_gateway.api.deps import ServicesDep, SessionDep, require_roles
from privacy_gateway.api.errors import error_body
from privacy_gateway.audit.schemas import AuditEvent
from privacy_gateway.errors import NotFound
from privacy_gateway.export.errors import ResidualPIIFound
from privacy_gateway.export.hierarchies import DEFAULT_QUASI
from privacy_gateway.export.manifest import read_manifest
from privacy_gateway.export.schemas import ExportRequest, Format, ResidualMode
from privacy_gateway.export.service import ExportService
from privacy_gateway.storage.base import new_id
from privacy_gateway.types import Actor, Role

router = APIRouter(prefix="/v1/exports", tags=["exports"])

AnalystActor = Annotated[Actor, Depends(require_roles(Role.ANALYST))]
_DATASET_ID = re.compile(r"[0-9a-f]{32}")


class ExportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(default="analytics", min_length=1, max_length=64)
    format: Format = Format.PARQUET
    quasi: list[str] = Field(default_factory=lambda: list(DEFAULT_QUASI), min_length=1, max_length=6)
    k: int = Field(default=5, ge=1, le=1_000_000)
    l: int | None = Field(default=None, ge=1, le=1000)  # noqa: E741
    sensitive_column: str | None = Field(default=None, max_length=32)
    max_suppression: float = Field(default=0.05, ge=0.0, le=1.0)
    residual: ResidualMode = ResidualMode.FAIL
    link_key: str | None = Field(default=None, max_length=64)


def _dataset_dir(services: Any, dataset_id: str) -> Path:
    if not _DATASET_ID.fullmatch(dataset_id):
        raise NotFound("no such dataset")
    return Path(services.settings.export_dir) / dataset_id


@router.post("", status_code=201)
def create_export(body: ExportBody, actor: AnalystActor, session: SessionDep, services: ServicesDep) -> Any:
    """Run an export (local engine) and return its manifest."""
    request = ExportRequest(
        purpose=body.purpose,
        format=body.format,
        quasi=tuple(body.quasi),
        k=body.k,
        l=body.l,
        sensitive_column=body.sensitive_column,
        max_suppression=body.max_suppression,
        residual=body.residual,
        link_key=body.link_key,
    )
    dataset_id = new_id()
    service = ExportService.from_services(services)
    try:
        manifest = service.export(
            session, request, out_dir=_dataset_dir(services, dataset_id), actor=actor, dataset_id=dataset_id
        )
    except ResidualPIIFound as exc:
        # Returned, not raised: the request's transaction commits the audit entry of the failed attempt.
        return JSONResponse(error_body(exc.code, exc.message, entities=exc.counts), status_code=422)
    return manifest.to_dict()


@router.get("/{dataset_id}/manifest")
def get_manifest(dataset_id: str, actor: AnalystActor, services: ServicesDep) -> dict[str, Any]:
    return read_manifest(_dataset_dir(services, dataset_id))


@router.get("/{dataset_id}/files/{name}")
def get_file(
    dataset_id: str, name: str, actor: AnalystActor, session: SessionDep, services: ServicesDep
) -> FileResponse:
    """One data file of the dataset; only names the manifest lists are served (no paths)."""
    directory = _dataset_dir(services, dataset_id)
    manifest = read_manifest(directory)
    entry = next((f for f in manifest.get("files", []) if f.get("name") == name), None)
    if entry is None:
        raise NotFound("no such file in this dataset")
    services.audit.append(
        session,
        AuditEvent(
            action="export.download",
            actor=actor,
            purpose=str(manifest.get("purpose")),
            decision="ok",
            record_ids=[dataset_id],
            details={"file": name, "sha256": str(entry.get("sha256"))},
        ),
    )
    return FileResponse(directory / name, filename=name)
