"""manifest.json: what a dataset is, how it was made and the SHA-256 of each of its files.

Written beside the data as canonical JSON (sorted keys, UTF-8); the SHA-256 of those exact bytes goes
into the audit entry, so a manifest (and through it every file) can be checked against the audit trail.
Holds counts, names and hashes only: never a value from the data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from privacy_gateway.errors import NotFound
from privacy_gateway.export.schemas import EngineResult, ExportRequest

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    dataset_id: str
    created_at: str
    consent_cutoff: str
    engine: str
    policy_version: str
    request: ExportRequest
    rows_considered: int
    excluded_for_consent: int
    result: EngineResult

    def to_dict(self) -> dict[str, Any]:
        request, result = self.request, self.result
        return {
            "format_version": FORMAT_VERSION,
            "dataset_id": self.dataset_id,
            "created_at": self.created_at,
            "purpose": request.purpose,
            "policy": request.policy,
            "policy_version": self.policy_version,
            "consent_cutoff": self.consent_cutoff,
            "engine": self.engine,
            "format": str(request.format),
            "subject_pseudonyms": {"link_key": request.link_key, "per_dataset": request.link_key is None},
            "quasi_identifiers": list(request.quasi),
            "generalisation": dict(result.levels),
            "sensitive_column": request.sensitive_column,
            "k": {"requested": request.k, "achieved": result.k_achieved},
            "l": {"requested": request.l, "achieved": result.l_achieved},
            "max_suppression": request.max_suppression,
            "rows": {
                "considered": self.rows_considered,
                "excluded_for_consent": self.excluded_for_consent,
                "consented": result.rows_consented,
                "suppressed_k": result.suppressed_k,
                "suppressed_l": result.suppressed_l,
                "out": result.rows_out,
            },
            "residual": {
                "mode": str(request.residual),
                "rows": result.rows_with_residual,
                "entities": dict(sorted(result.residual.items())),
            },
            "columns": list(request.output_columns),
            "files": [asdict(f) for f in result.files],
        }


def manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def write_manifest(directory: Path, manifest: Manifest) -> str:
    """Write manifest.json; returns the SHA-256 (hex) of the bytes written."""
    data = manifest_bytes(manifest)
    (directory / MANIFEST).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_manifest(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound("no such dataset") from None
    if not isinstance(data, dict):
        raise NotFound("no such dataset")
    return data
