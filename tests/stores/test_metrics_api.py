from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from privacy_gateway.api.app import create_app
from privacy_gateway.api.routers import metrics
from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services
from privacy_gateway.stores.outbox import DestinationStatus
from privacy_gateway.types import Actor
from tests.stores.factories import PHONE, ingest


def test_render_prometheus() -> None:
    rows = [
        DestinationStatus("crm", 3, 0, 1, 10, 12.5, "http_503: webhook answered 503"),
        DestinationStatus('we"ird', 0, 0, 0, 0, None, None),
    ]
    text = metrics.render_prometheus(rows)
    assert 'privacy_gateway_outbox_pending{destination="crm"} 3\n' in text
    assert 'privacy_gateway_outbox_oldest_pending_age_seconds{destination="crm"} 12.5\n' in text
    assert 'privacy_gateway_outbox_pending{destination="we\\"ird"} 0\n' in text
    assert 'oldest_pending_age_seconds{destination="we' not in text
    assert text.count("# TYPE") == 5


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("compliance", 200), ("ingest", 403), (None, 401)]
)
def test_status_and_metrics_need_admin_or_compliance(
    make_services: Callable[..., Services], role: str | None, status: int
) -> None:
    services = make_services(None)
    ingest(services, channel="email")
    app = create_app(services=services)
    if not any(getattr(r, "path", None) == "/metrics" for r in app.routes):
        app.include_router(metrics.router)  # until the lead mounts it in api/app.py
    headers = {}
    if role:
        with services.session_factory() as s, s.begin():
            key = create_key(s, services.audit, name=f"k-{role}", role=role, actor=Actor("test", "admin")).key
        headers = {"Authorization": f"Bearer {key}"}
    with TestClient(app, raise_server_exceptions=False) as client:
        js = client.get("/v1/outbox/status", headers=headers)
        prom = client.get("/metrics", headers=headers)
    assert js.status_code == prom.status_code == status
    if status == 200:
        [local] = js.json()["destinations"]
        assert local["destination"] == "local" and local["pending"] == 1
        assert 'privacy_gateway_outbox_pending{destination="local"} 1' in prom.text
        assert prom.headers["content-type"].startswith("text/plain")
        assert PHONE not in js.text + prom.text
