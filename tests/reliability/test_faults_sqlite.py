"""SQLite on a read-only or full disk: writes get 503 store_unavailable with Retry-After (never a 500),
nothing is half-written, and once the disk is writable (or has room) again the same app recovers.

Real filesystems where the test may mount one (a small tmpfs remounted read-only, or filled up: needs
root and CAP_SYS_ADMIN; skipped otherwise), and SQLite's own limits everywhere (PRAGMA query_only, and
PRAGMA max_page_count at the current size for a full database).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from privacy_gateway.api.app import create_app
from privacy_gateway.bootstrap import build_services
from privacy_gateway.settings import Settings
from privacy_gateway.storage.migrate import upgrade
from privacy_gateway.storage.session import make_engine
from tests.api.conftest import auth
from tests.reliability.consistency import check_ingests

TEXT = "张先生手机13812345678，退款500元还没到账。" + "情况说明" * 600  # ~2.4k characters: pages fill fast
NO_LIMIT = 2_147_483_646


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


class Fault:
    """Turns the fault on and off; `pragmas` are applied to every connection as it is checked out."""

    def __init__(self, kind: str, directory: Path) -> None:
        self.kind, self.directory = kind, directory
        self.query_only = False
        self.max_pages = NO_LIMIT
        self.engine = None

    def attach(self, engine) -> None:
        self.engine = engine

        @event.listens_for(engine, "checkout")
        def _pragmas(dbapi_conn, _record, _proxy):
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA query_only={'ON' if self.query_only else 'OFF'}")
            cur.execute(f"PRAGMA max_page_count={self.max_pages}")
            cur.close()

    def on(self) -> None:
        if self.kind == "read-only database":
            self.query_only = True
        elif self.kind == "full database":
            with self.engine.connect() as conn:
                self.max_pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        elif self.kind == "read-only filesystem":
            self.engine.dispose()  # a remount read-only needs no file open for writing
            subprocess.run(["mount", "-o", "remount,ro", str(self.directory)], check=True)
        elif self.kind == "full filesystem":
            filler = self.directory / "filler"
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True, check=False)

    def off(self) -> None:
        self.query_only, self.max_pages = False, NO_LIMIT
        if self.kind == "read-only filesystem":
            subprocess.run(["mount", "-o", "remount,rw", str(self.directory)], check=True)
        elif self.kind == "full filesystem":
            (self.directory / "filler").unlink()


@pytest.mark.parametrize(
    "kind", ["read-only database", "full database", "read-only filesystem", "full filesystem"]
)
def test_sqlite_read_only_or_full(tmp_path, kind):
    with contextlib.ExitStack() as stack:
        if kind.endswith("filesystem"):
            directory = stack.enter_context(tmpfs(tmp_path / f"mnt-{uuid.uuid4().hex[:6]}", "4m"))
        else:
            directory = tmp_path
        fault = Fault(kind, directory)
        settings = Settings(
            database_url=f"sqlite:///{directory / 'gateway.db'}",
            key_file=tmp_path / "keys.json",
            stores_config=None,
            rate_limit_per_second=0,
        )
        engine = make_engine(settings.database_url)
        fault.attach(engine)
        services = build_services(settings, engine=engine)
        stack.callback(services.close)
        upgrade(services.engine)
        from privacy_gateway.apikeys.service import create_key
        from privacy_gateway.types import Actor

        with services.session_factory() as session, session.begin():
            key = create_key(
                session, services.audit, name="upstream", role="ingest", actor=Actor("t", "admin")
            ).key
        body = {"subject_id": "disk-1", "channel": "in_app", "text": TEXT}
        acked: list[str] = []
        with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
            for _ in range(3):
                r = client.post("/v1/feedback", json=body, headers=auth(key))
                assert r.status_code == 201, r.text
                acked.append(r.json()["id"])
            fault.on()
            try:
                refused = 0
                for _ in range(12):
                    r = client.post("/v1/feedback", json=body, headers=auth(key))
                    assert r.status_code in (201, 503), (r.status_code, r.text[:200])
                    if r.status_code == 201:  # a full database may still have a free page or two
                        acked.append(r.json()["id"])
                        continue
                    refused += 1
                    assert r.json()["error"]["code"] == "store_unavailable"
                    assert int(r.headers["retry-after"]) >= 1
                    assert "Traceback" not in r.text
                assert refused >= 6
            finally:
                fault.off()
            for _ in range(3):  # recovered, same app, no restart
                r = client.post("/v1/feedback", json=body, headers=auth(key))
                assert r.status_code == 201, r.text
                acked.append(r.json()["id"])
        result = check_ingests(services.session_factory, services.audit, acked)
        assert result.unacknowledged_but_stored == 0
