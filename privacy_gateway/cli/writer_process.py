"""The ingest writer process of ``serve --workers N`` (redaction/remote_commit.py says why).

    with WriterProcess() as writer:          # started, listening
        os.environ["PRIVACY_GATEWAY_WRITER_SOCKET"] = writer.path
        uvicorn.run(..., workers=n)          # the workers submit their ingests to it
    # leaving the block: the writer commits what it was given, answers, and exits

The writer ignores SIGINT and SIGTERM: a Ctrl-C or a ``kill`` of the process group reaches the workers
and the writer at once, and the workers still wait on the writer for the requests they are finishing.
It stops when the parent says so, or when the parent is gone (its end of the control pipe closes). If
it dies while serving, it is started again on the same socket and the workers reconnect; requests
that were waiting on it fail with 503 (the client may retry).
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import signal
import sys
import tempfile
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

GIL_SWITCH_INTERVAL_S = 0.0005
READY = "ready"
STOP = "stop"
START_TIMEOUT_S = 120.0


class WriterProcess:
    def __init__(self, *, start_timeout: float = START_TIMEOUT_S) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="privacy-gateway-writer-"))  # 0700: ours only
        self.path = str(self._dir / "writer.sock")
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._control: Connection | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def __enter__(self) -> WriterProcess:
        self.start()
        threading.Thread(target=self._watch, name="writer-watch", daemon=True).start()
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=writer_main, args=(self.path, child), name="privacy-gateway-writer"
        )
        process.start()
        child.close()
        if not parent.poll(self.start_timeout):
            process.kill()
            raise RuntimeError("the ingest writer did not start in time")
        try:
            message = parent.recv()
        except EOFError:
            message = None
        if message != READY:
            process.join(5)
            raise RuntimeError("the ingest writer failed to start (see its log above)")
        with self._lock:
            self._process, self._control = process, parent

    def stop(self, timeout: float = 60.0) -> None:
        self._stopping.set()
        with self._lock:
            process, control = self._process, self._control
        if process is not None and control is not None:
            try:
                control.send(STOP)
            except OSError:
                pass
            process.join(timeout)
            if process.is_alive():
                log.error("the ingest writer did not stop in time; killing it")
                process.kill()
                process.join()
            control.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _watch(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                process = self._process
            if process is None:
                return
            process.join()
            if self._stopping.is_set():
                return
            log.error("the ingest writer exited with %s; starting it again", process.exitcode)
            try:
                self.start()
            except Exception:
                log.exception("could not restart the ingest writer")
                return


def writer_main(path: str, control: Connection) -> None:
    """The writer process: settings read once (the same environment as the workers) and one group
    committer behind the socket, nothing else. The outbox dispatcher runs in ``serve``'s own process
    (stores.wiring.dispatching): here its delivery rounds took the GIL from the committer thread while a
    transaction, and the audit chain's head lock, were open (docs/performance.md)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from privacy_gateway.bootstrap import build_services, freeze_startup_objects
    from privacy_gateway.cli.context import load_settings, setup_logging
    from privacy_gateway.redaction.group_commit import GroupCommitter
    from privacy_gateway.redaction.remote_commit import WriterServer

    # The committer thread gives the GIL up at every database round trip and must get it back from the
    # connection threads: at the default 5 ms switch interval that wait, with the
    # transaction open, made most of a batch's time on PostgreSQL (docs/performance.md).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    settings = load_settings()
    setup_logging(settings.log_level)
    services = build_services(settings)
    committer = GroupCommitter(services.session_factory, services.ingest.persist_many, name="ingest-writer")
    server = WriterServer(path, committer)
    server.start()
    freeze_startup_objects()
    control.send(READY)
    try:
        control.recv()  # STOP, or EOFError when the parent is gone
    except (EOFError, OSError):
        pass
    finally:
        committer.close()  # commits and answers what the workers already sent
        server.close()
        services.close()
