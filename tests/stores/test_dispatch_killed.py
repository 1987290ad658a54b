"""`privacy-gateway dispatch` killed with SIGKILL in the middle of a batch: nothing is lost, and after its
lease expires another dispatcher delivers every record (the receiver keeps one per idempotency key)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from privacy_gateway.bootstrap import Services
from privacy_gateway.storage.models import OutboxMessage
from privacy_gateway.storage.models.outbox import DELIVERED
from privacy_gateway.stores.wiring import build_dispatcher
from tests.stores.factories import ingest
from tests.stores.receivers import WebhookReceiver

SECRET = "kill-test-secret"
N = 12


def test_sigkill_mid_batch_loses_nothing(make_services: Callable[..., Services], tmp_path: Path) -> None:
    with WebhookReceiver(SECRET.encode(), delay=0.15) as hook:
        services = make_services(
            {
                "destinations": {
                    "crm": {"kind": "http", "url": f"http://127.0.0.1:{hook.port}/h", "secret": SECRET}
                },
                "default_route": ["crm"],
                "delivery": {"batch_size": 50, "lease_seconds": 2, "poll_seconds": 0.1},
            }
        )
        ids = [ingest(services).id for _ in range(N)]
        settings = services.settings
        env = {
            **os.environ,
            "PRIVACY_GATEWAY_DATABASE_URL": settings.database_url,
            "PRIVACY_GATEWAY_KEY_FILE": str(settings.key_file),
            "PRIVACY_GATEWAY_STORES_CONFIG": str(settings.stores_config),
        }
        cli = [sys.executable, "-c", "from privacy_gateway.cli.main import main; main()", "dispatch"]
        err = (tmp_path / "dispatch.err").open("wb")
        proc = subprocess.Popen(cli, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 60
            while hook.posts < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert hook.posts >= 3, (tmp_path / "dispatch.err").read_text()[-2000:]
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            err.close()
        with services.session_factory() as s:
            statuses = list(s.scalars(select(OutboxMessage.status)))
        assert DELIVERED not in statuses  # killed before it could record the batch

        time.sleep(2.2)  # the dead dispatcher's lease expires
        dispatcher = build_dispatcher(services)
        try:
            for _ in range(20):
                if not dispatcher.run_once().busy:
                    break
        finally:
            dispatcher.close()
        with services.session_factory() as s:
            assert set(s.scalars(select(OutboxMessage.status))) == {DELIVERED}
        assert sorted(hook.by_key) == sorted(ids)  # each record kept once by its idempotency key
        assert hook.posts >= N  # the killed batch's first messages were sent again (at least once)
