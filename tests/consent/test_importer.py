"""Bulk import: good rows kept, bad rows rejected with line number and a reason that echoes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.consent import repository
from privacy_gateway.consent.importer import Rejected, format_for, import_consents
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.models import ConsentRecord
from tests.consent.conftest import ADMIN, RecordingAudit

PHONE = "13812345678"
HEADER = "subject_id,purpose,channel,granted,notice_version,source,separate,effective_at,expires_at\n"
GOOD = "u-{n},follow_up,phone,true,2024.3,crm:batch-7,,2024-05-01T10:00:00+08:00,\n"


def run(
    factory: sessionmaker[Session], service: ConsentService, path: Path, **kw: object
) -> tuple[int, int, list[Rejected]]:
    rejected: list[Rejected] = []
    summary = import_consents(factory, service, path, actor=ADMIN, on_reject=rejected.append, **kw)  # type: ignore[arg-type]
    return summary.rows_ok, summary.rows_rejected, rejected


def stored(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(ConsentRecord)) or 0


def test_csv_good_rows_are_kept_and_bad_rows_reported(
    tmp_path: Path, session_factory: sessionmaker[Session], service: ConsentService, audit: RecordingAudit
) -> None:
    lines = [
        GOOD.format(n=1),
        "u-2,follow_up,fax,true,2024.3,crm:batch-7,,,\n",  # line 3: unknown channel
        GOOD.format(n=3),
        f"{PHONE * 20},follow_up,phone,true,2024.3,crm:batch-7,,,\n",  # line 5: subject id too long
        "u-5,follow_up,phone,maybe,2024.3,crm:batch-7,,,\n",  # line 6: not a boolean
        "u-6,follow_up,phone,true,2024.3,crm:batch-7,,2024-05-01T10:00:00,\n",  # line 7: no offset
        "\n",  # blank lines are skipped
        'u-8,analytics,in_app,false,2024.3,"crm:batch-7, form 2",,,\n',  # line 9: a withdrawal, quoted comma
        "u-9,follow_up,phone,true\n",  # line 10: too few fields
        f"u-10,follow_up,phone,true,2024.3,call:{PHONE},,,\n",  # line 11: PII in the source
        GOOD.format(n=11),
    ]
    path = tmp_path / "consents.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    ok, bad, rejected = run(session_factory, service, path, batch_size=2)
    assert (ok, bad) == (4, 6)
    assert [r.line for r in rejected] == [3, 5, 6, 7, 10, 11]
    reasons = [r.error for r in rejected]
    assert "unknown channel" in reasons[0] and "subject_id" in reasons[1] and "granted" in reasons[2]
    assert "timezone" in reasons[3] and "expected 9 fields" in reasons[4] and "PHONE_NUMBER" in reasons[5]
    assert all(PHONE not in r.error for r in rejected)
    assert stored(session_factory) == 4
    batches = [e for e in audit.events if e.action == "consent.import"]
    assert [e.details["rows"] for e in batches] == [2, 2]
    assert batches[0].details["first_line"] == 2 and batches[1].details["withdrawals"] == 1


def test_jsonl_rows(tmp_path: Path, session_factory: sessionmaker[Session], service: ConsentService) -> None:
    good = {
        "subject_id": "u-1",
        "purpose": "marketing",
        "channel": "sms",
        "granted": True,
        "separate": True,
        "notice_version": "2024.3",
        "source": "app:marketing-optin",
        "expires_at": "2030-01-01T00:00:00Z",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({**good, "note": "x"}),
        json.dumps({**good, "granted": False}),  # a withdrawal with an expiry
        json.dumps({**good, "effective_at": "2999-01-01T00:00:00+08:00", "expires_at": None}),
        json.dumps({k: v for k, v in good.items() if k != "source"}),
        json.dumps({**good, "subject_id": "u-2"}, ensure_ascii=False),
    ]
    path = tmp_path / "consents.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok, bad, rejected = run(session_factory, service, path)
    assert (ok, bad) == (2, 6)
    assert [(r.line, r.error.split(":")[0].split(" ")[0]) for r in rejected] == [
        (2, "line"),
        (3, "line"),
        (4, "note"),
        (5, "record"),
        (6, "effective_at"),
        (7, "source"),
    ]


def test_a_bad_header_refuses_the_file(
    tmp_path: Path, session_factory: sessionmaker[Session], service: ConsentService
) -> None:
    path = tmp_path / "c.csv"
    path.write_text("subject_id,purpose,channel,granted,notice_version,sourse\nu,follow_up,phone,1,1,x\n")
    with pytest.raises(InvalidInput, match="missing: source; unknown: sourse"):
        run(session_factory, service, path)
    assert stored(session_factory) == 0


def test_undecodable_bytes_reject_only_their_row(
    tmp_path: Path, session_factory: sessionmaker[Session], service: ConsentService
) -> None:
    path = tmp_path / "c.csv"
    body = (HEADER + GOOD.format(n=1)).encode("utf-8") + b"u-\xff\xfe,follow_up,phone,1,1,x,,,\n"
    path.write_bytes(b"\xef\xbb\xbf" + body + GOOD.format(n=3).encode())  # with an Excel BOM
    ok, bad, rejected = run(session_factory, service, path)
    assert (ok, bad, rejected[0].line, rejected[0].error) == (2, 1, 3, "row is not valid UTF-8")


def test_a_batch_the_database_refuses_is_retried_row_by_row(
    tmp_path: Path,
    session_factory: sessionmaker[Session],
    service: ConsentService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = repository.add_many

    def picky(session: Session, rows: list[dict[str, object]]) -> None:
        if any(r["subject_id"] == "u-2" for r in rows):
            raise IntegrityError("INSERT", {}, Exception("constraint"))
        real(session, rows)

    monkeypatch.setattr(repository, "add_many", picky)
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "".join(GOOD.format(n=n) for n in range(1, 6)), encoding="utf-8")
    ok, bad, rejected = run(session_factory, service, path, batch_size=3)
    assert (ok, bad) == (4, 1)
    assert rejected == [Rejected(3, "the database refused the row (Exception)")]
    assert stored(session_factory) == 4


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.csv", None, "csv"),
        ("a.JSONL", None, "jsonl"),
        ("a.ndjson", None, "jsonl"),
        ("a.txt", "csv", "csv"),
    ],
)
def test_format_for(name: str, fmt: str | None, expected: str) -> None:
    assert format_for(Path(name), fmt) == expected


@pytest.mark.parametrize(("name", "fmt"), [("a.txt", None), ("a.csv", "xlsx")])
def test_format_for_refuses(name: str, fmt: str | None) -> None:
    with pytest.raises(InvalidInput):
        format_for(Path(name), fmt)
