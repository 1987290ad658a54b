from __future__ import annotations

from collections.abc import Iterator

import pytest

from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.export.service import ExportService
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = build_services(settings)
    Base.metadata.create_all(svc.engine)
    yield svc
    svc.close()


@pytest.fixture
def exporter(services: Services) -> ExportService:
    return ExportService.from_services(services, batch_rows=64)  # several batches even on small data
