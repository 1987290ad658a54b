"""The export use-case end to end (SQLite): consent, withdrawal, residual scan, k-anonymity, audit."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_gateway.bootstrap import Services
from privacy_gateway.errors import Conflict
from privacy_gateway.export.errors import ResidualPIIFound
from privacy_gateway.export.manifest import MANIFEST
from privacy_gateway.export.pseudonyms import dataset_key, subject_pseudonym
from privacy_gateway.export.schemas import ExportRequest, Format
from privacy_gateway.export.service import ExportService
from privacy_gateway.storage.models import AuditEntry
from tests.export.factories import (
    ANALYST,
    CUTOFF,
    T0,
    feedback,
    grant,
    read_dataset,
    seed_population,
    varied_text,
    withdraw,
)

LEAK = "13812345678"


def run(
    services: Services, exporter: ExportService, out: Path, request: ExportRequest | None = None, **kw: Any
) -> dict[str, Any]:
    with services.session_factory() as session:
        manifest = exporter.export(
            session, request or ExportRequest(k=3), out_dir=out, actor=ANALYST, at=CUTOFF, **kw
        )
        session.commit()
    return manifest.to_dict()


def pseudonym(services: Services, manifest: dict[str, Any], subject: str) -> str:
    return subject_pseudonym(dataset_key(services.keyring.derive, manifest["dataset_id"]), subject)


def audit_entries(session: Session, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq))
    )


@pytest.fixture
def population(services: Services) -> list[str]:
    with services.session_factory() as session, session.begin():
        return seed_population(services, session)


@pytest.mark.parametrize("purpose", [None, "marketing", "follow_up"])
def test_a_subject_without_consent_for_the_purpose_never_appears(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path, purpose: str | None
) -> None:
    with services.session_factory() as session, session.begin():
        if purpose is not None:  # consent for another purpose does not count
            grant(services, session, "outsider", purpose=purpose)
        for day in range(8):
            feedback(session, "outsider", text=varied_text(day), day=day)
    manifest = run(services, exporter, tmp_path / "ds")
    data = read_dataset(tmp_path / "ds", manifest)
    assert pseudonym(services, manifest, "outsider") not in set(data["subject"])
    assert manifest["rows"]["excluded_for_consent"] == 8
    assert manifest["rows"]["considered"] == len(population) * 3 + 8
    raw = b"".join((tmp_path / "ds" / f["name"]).read_bytes() for f in manifest["files"])
    assert b"outsider" not in raw and b"user-" not in raw  # no raw subject id at all


@pytest.mark.parametrize(
    ("withdrawn_after", "kept"), [(timedelta(days=-1), False), (timedelta(days=1), True)]
)
def test_withdrawal_before_the_export_removes_the_subject(
    services: Services,
    exporter: ExportService,
    population: list[str],
    tmp_path: Path,
    withdrawn_after: timedelta,
    kept: bool,
) -> None:
    leaver = population[0]
    with services.session_factory() as session, session.begin():
        withdraw(services, session, leaver, at=CUTOFF + withdrawn_after)
    manifest = run(services, exporter, tmp_path / "ds", ExportRequest(k=1))
    subjects = set(read_dataset(tmp_path / "ds", manifest)["subject"])
    assert (pseudonym(services, manifest, leaver) in subjects) is kept
    assert manifest["rows"]["excluded_for_consent"] == (0 if kept else 3)


def test_erased_records_and_records_after_the_cutoff_never_enter(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, population[1], text="已删除", erased=True)
        feedback(session, population[1], text="截止之后", day=200)
    manifest = run(services, exporter, tmp_path / "ds", ExportRequest(k=1))
    assert manifest["rows"]["considered"] == len(population) * 3
    assert not any("已删除" in t or "截止" in t for t in read_dataset(tmp_path / "ds", manifest)["text"])


def test_residual_scan_fails_the_export_on_a_planted_leak_and_audits_the_attempt(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, population[2], text=f"客服让我打{LEAK}联系")
    out = tmp_path / "ds"
    with services.session_factory() as session:
        with pytest.raises(ResidualPIIFound) as caught:
            exporter.export(session, ExportRequest(k=3), out_dir=out, actor=ANALYST, at=CUTOFF)
        session.commit()
    assert caught.value.counts == {"PHONE_NUMBER": 1} and caught.value.rows == 1
    assert LEAK not in caught.value.message
    assert not out.exists()  # nothing written, not even a manifest
    with services.session_factory() as session:
        [entry] = audit_entries(session, "export.create")
    assert (entry.decision, entry.reason, entry.entity_counts) == (
        "error",
        "residual_pii",
        {"PHONE_NUMBER": 1},
    )
    assert LEAK not in json.dumps(entry.details)


def test_a_leak_in_a_subject_without_consent_is_never_read(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, "outsider", text=f"电话{LEAK}")
    manifest = run(services, exporter, tmp_path / "ds")
    assert manifest["residual"] == {"mode": "fail", "rows": 0, "entities": {}}


def test_residual_mask_mode_masks_and_reports(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, population[2], text=f"客服让我打{LEAK}联系，退<AMOUNT:100-500>")
    manifest = run(services, exporter, tmp_path / "ds", ExportRequest(k=1, residual="mask", format="jsonl"))  # type: ignore[arg-type]
    assert manifest["residual"] == {"mode": "mask", "rows": 1, "entities": {"PHONE_NUMBER": 1}}
    raw = (tmp_path / "ds" / "data.jsonl").read_text(encoding="utf-8")
    assert LEAK not in raw
    [text] = [t for t in read_dataset(tmp_path / "ds", manifest)["text"] if t.startswith("客服让我打")]
    assert "<PHONE_NUMBER" in text and text.endswith("退<AMOUNT>")


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("k", [2, 5, 12])
def test_k_anonymity_holds_on_the_written_dataset(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path, fmt: Format, k: int
) -> None:
    request = ExportRequest(k=k, l=2, format=fmt)
    manifest = run(services, exporter, tmp_path / "ds", request)
    data = read_dataset(tmp_path / "ds", manifest)
    assert len(data) == manifest["rows"]["out"] > 0
    classes = data.groupby(list(request.quasi))
    assert classes.size().min() >= k  # every QI combination has at least k rows...
    subjects = classes["subject"].nunique()  # ...from at least k different subjects
    assert subjects.min() >= k and manifest["k"] == {"requested": k, "achieved": int(subjects.min())}
    diversity = data.groupby(list(request.quasi))["category"].nunique()
    assert diversity.min() >= 2 and manifest["l"]["achieved"] == int(diversity.min())
    rows = manifest["rows"]
    assert rows["out"] + rows["suppressed_k"] + rows["suppressed_l"] == rows["consented"]


def test_texts_carry_no_amount_or_place_finer_than_the_columns(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    manifest = run(services, exporter, tmp_path / "ds")
    texts = read_dataset(tmp_path / "ds", manifest)["text"]
    assert all("<AMOUNT:" not in t and "杭州" not in t and "深圳" not in t for t in texts)
    assert any("<LOCATION>" in t for t in texts)


def test_manifest_hashes_every_file_and_the_audit_entry_hashes_the_manifest(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    manifest = run(services, exporter, out, ExportRequest(k=3, format="csv"))  # type: ignore[arg-type]
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8")) == manifest
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert sorted(p.name for p in out.iterdir()) == ["data.csv", MANIFEST]  # staging removed
    with services.session_factory() as session:
        [entry] = audit_entries(session, "export.create")
        [gate] = audit_entries(session, "consent.gate")
    assert entry.details["manifest_sha256"] == hashlib.sha256((out / MANIFEST).read_bytes()).hexdigest()
    assert entry.record_ids == [manifest["dataset_id"]] and entry.decision == "ok"
    assert entry.details["rows_out"] == manifest["rows"]["out"]
    assert gate.purpose == "analytics"
    assert manifest["consent_cutoff"] == CUTOFF.isoformat() and manifest["policy"] == "analytics"
    assert manifest["policy_version"] == services.policies.get("analytics").version


@pytest.mark.parametrize(
    ("link_a", "link_b", "joinable"), [(None, None, False), ("s1", "s1", True), ("s1", "s2", False)]
)
def test_two_exports_join_only_under_the_same_link_key(
    services: Services,
    exporter: ExportService,
    population: list[str],
    tmp_path: Path,
    link_a: str | None,
    link_b: str | None,
    joinable: bool,
) -> None:
    a = run(services, exporter, tmp_path / "a", ExportRequest(k=1, link_key=link_a))
    b = run(services, exporter, tmp_path / "b", ExportRequest(k=1, link_key=link_b))
    shared = set(read_dataset(tmp_path / "a", a)["subject"]) & set(read_dataset(tmp_path / "b", b)["subject"])
    assert bool(shared) is joinable


def test_a_non_empty_output_directory_is_refused(
    services: Services, exporter: ExportService, population: list[str], tmp_path: Path
) -> None:
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "keep.txt").write_text("x")
    with pytest.raises(Conflict):
        run(services, exporter, tmp_path / "ds")
    assert (tmp_path / "ds" / "keep.txt").exists()


def test_no_consenting_subject_gives_an_empty_dataset(
    services: Services, exporter: ExportService, tmp_path: Path
) -> None:
    with services.session_factory() as session, session.begin():
        feedback(session, "outsider", text="没有同意")
    manifest = run(services, exporter, tmp_path / "ds", ExportRequest(format="parquet"))  # type: ignore[arg-type]
    assert manifest["rows"] == {
        "considered": 1,
        "excluded_for_consent": 1,
        "consented": 0,
        "suppressed_k": 0,
        "suppressed_l": 0,
        "out": 0,
    }
    assert read_dataset(tmp_path / "ds", manifest).empty
    assert T0 < CUTOFF
