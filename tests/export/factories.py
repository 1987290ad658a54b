"""Plain factory functions for export tests: consent records and stored (already masked) feedback rows."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from privacy_gateway.bootstrap import Services
from privacy_gateway.storage.models import Feedback
from privacy_gateway.types import Actor

T0 = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai
CUTOFF = T0 + timedelta(days=90)
ADMIN = Actor("test", "admin")
ANALYST = Actor("analyst-1", "analyst")
CITIES = ("浙江省杭州市西湖区", "广东省深圳市南山区", "北京市朝阳区", "四川省成都市武侯区")
AMOUNTS = ("<AMOUNT:100-500>", "<AMOUNT:1000-5000>", "<AMOUNT:10-50>", "<AMOUNT_1>")
CATEGORIES = ("refund", "fraud", "login", "fees")


def grant(
    services: Services, session: Session, subject: str, *, at: datetime = T0, purpose: str = "analytics"
) -> None:
    services.consent.record(
        session,
        subject_id=subject,
        purpose=purpose,
        channel="in_app",
        granted=True,
        notice_version="2024.1",
        source="app-settings",
        expires_at=None,
        actor=ADMIN,
        at=at,
    )


def withdraw(
    services: Services, session: Session, subject: str, *, at: datetime, purpose: str = "analytics"
) -> None:
    services.consent.record(
        session,
        subject_id=subject,
        purpose=purpose,
        channel="in_app",
        granted=False,
        notice_version="2024.1",
        source="app-settings",
        expires_at=None,
        actor=ADMIN,
        at=at,
    )


def feedback(
    session: Session,
    subject: str,
    *,
    text: str,
    channel: str = "in_app",
    category: str | None = "refund",
    day: int = 0,
    erased: bool = False,
) -> Feedback:
    moment = T0 + timedelta(days=day)
    row = Feedback(
        subject_id=subject,
        channel=channel,
        purpose="service",
        category=category,
        masked_text=text,
        entities=[],
        policy="agent_view",
        policy_version="sha256:test",
        occurred_at=moment,
        received_at=moment,
        erased_at=moment if erased else None,
    )
    session.add(row)
    return row


def varied_text(i: int) -> str:
    return f"转账{AMOUNTS[i % len(AMOUNTS)]}没到账，我在{CITIES[i % len(CITIES)]}，客服<PERSON_1>一直不回"


def seed_population(
    services: Services, session: Session, *, subjects: int = 60, per_subject: int = 3
) -> list[str]:
    """Consenting subjects with feedback varied over amounts, cities, days, channels and categories."""
    ids = [f"user-{i:04d}" for i in range(subjects)]
    for i, subject in enumerate(ids):
        grant(services, session, subject)
        for j in range(per_subject):
            n = i * per_subject + j
            feedback(
                session,
                subject,
                text=varied_text(n),
                channel=("in_app", "phone")[n % 2],
                category=CATEGORIES[n % len(CATEGORIES)],
                day=(n * 5) % 80,
            )
    return ids


def read_dataset(directory: Path, manifest: dict[str, Any]) -> pd.DataFrame:
    """Every data file of a dataset, as strings, in a canonical row order."""
    frames = []
    for entry in manifest["files"]:
        path = directory / entry["name"]
        if manifest["format"] == "parquet":
            frame = pd.read_parquet(path)
        elif manifest["format"] == "csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            text = path.read_text(encoding="utf-8")
            frame = pd.read_json(io.StringIO(text), lines=True, dtype=str) if text else pd.DataFrame()
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=manifest["columns"])
    data = data.reindex(columns=manifest["columns"]).astype(object).where(lambda f: f.notna(), "")
    return data.sort_values(manifest["columns"]).reset_index(drop=True)
