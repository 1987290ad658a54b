"""One ingest writer for several server processes: workers prepare, one writer process commits.

With ``serve --workers N`` every worker used to run its own group committer (redaction.group_commit),
so N writers queued on the audit chain's single head lock (SQLite's write lock, PostgreSQL's advisory
lock) and each held it longer than needed: in a worker, the writer thread and the event loop share
one GIL, so every database round trip waited for the GIL before the transaction could go on. Measured
(docs/performance.md): more workers gave fewer requests per second. Here the workers keep the CPU half
(detection and masking) and hand the database half to one writer process over a Unix socket:

    writer = WriterServer(path, committer)        # in the writer process: accept, submit, answer
    remote = RemoteCommitter(path)                 # in each worker: the same submit() as GroupCommitter
    future = remote.submit((prepared, actor))      # resolves after the commit that holds the item

The guarantee is the group committer's, unchanged: a future resolves only after the commit containing
the item's rows; a failing item fails alone. If the writer goes away, every item waiting on it fails
with StoreUnavailable (the client sees 503 and may retry) and the next submit connects again.

Frames are a 4-byte big-endian length and a pickle. Pickle is safe here only because both ends are
this program: the socket lives in a directory only the gateway's user can enter, and the writer
refuses a peer whose uid differs from its own (SO_PEERCRED). Items carry the originals the vault
encrypts, which is why they never leave the host and the socket is never a TCP one.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import pickle  # nosec B403
import socket
import struct
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar, cast

from privacy_gateway.errors import GatewayError, StoreUnavailable

log = logging.getLogger(__name__)

R = TypeVar("R")
T_contra = TypeVar("T_contra", contravariant=True)

_HEADER = struct.Struct(">I")
# A frame holds one prepared ingest (a text of at most max_text_chars and its masked copy) or an answer.
MAX_FRAME_BYTES = 64 * 1024 * 1024


class Committer(Protocol[T_contra, R]):
    """What the ingest endpoint needs: GroupCommitter in process, RemoteCommitter across processes."""

    def submit(self, item: T_contra) -> Future[R]: ...

    def close(self, timeout: float = 30.0) -> None: ...


class FrameError(Exception):
    """The peer sent something that is not a frame of this protocol (or closed mid-frame)."""


def encode_frame(obj: object) -> bytes:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    if len(body) > MAX_FRAME_BYTES:
        raise FrameError(f"frame of {len(body)} bytes is over the {MAX_FRAME_BYTES} byte limit")
    return _HEADER.pack(len(body)) + body


def read_frame(sock: socket.socket) -> object | None:
    """The next object, or None at a clean end of stream (between frames)."""
    header = _recv_exactly(sock, _HEADER.size, allow_eof=True)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise FrameError(f"frame of {length} bytes announced, over the {MAX_FRAME_BYTES} byte limit")
    body = _recv_exactly(sock, length, allow_eof=False)
    if body is None:  # not reached: allow_eof=False raises instead
        raise FrameError("connection closed in the middle of a frame")
    # A same-uid peer of this program only (module doc).
    return pickle.loads(body)  # noqa: S301  # nosec B301


def _recv_exactly(sock: socket.socket, n: int, *, allow_eof: bool) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            if allow_eof and not chunks:
                return None
            raise FrameError("connection closed in the middle of a frame")
        chunks += chunk
    return bytes(chunks)


def portable_error(exc: BaseException) -> BaseException:
    """The exception to send back for a failed item: the gateway's own errors as they are (their
    messages never hold raw values), anything else as StoreUnavailable without its text, which may
    come from a database driver and quote a statement's parameters."""
    if isinstance(exc, GatewayError) and _travels(exc):
        return exc
    return StoreUnavailable("the ingest writer could not store the record")


def _travels(obj: object) -> bool:
    try:
        pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that cannot travel becomes a generic one
        log.debug("an error could not be pickled", exc_info=True)
        return False
    return True


# -- the writer process's side ----------------------------------------------------------------------


class WriterServer:
    """Accept worker connections on ``path``; every request frame ``(request_id, item)`` goes to
    ``committer.submit``, and its answer ``(request_id, True, result)`` or ``(request_id, False,
    error)`` goes back on the same connection once the item's commit is done."""

    def __init__(self, path: str, committer: Committer[Any, Any], *, backlog: int = 64) -> None:
        self.path = path
        self.committer = committer
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(path):
            os.unlink(path)
        old_umask = os.umask(0o077)  # the socket file itself: owner only
        try:
            self._sock.bind(path)
        finally:
            os.umask(old_umask)
        self._sock.listen(backlog)
        self._closed = threading.Event()
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()

    def serve_forever(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                if self._closed.is_set():
                    return
                raise
            if not same_user(conn):
                log.warning("writer refused a connection from another user")
                conn.close()
                continue
            with self._lock:
                self._conns.add(conn)
            threading.Thread(target=self._serve_connection, args=(conn,), daemon=True).start()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="writer-accept", daemon=True)
        thread.start()
        return thread

    def _serve_connection(self, conn: socket.socket) -> None:
        send_lock = threading.Lock()

        def answer(request_id: int, future: Future[Any]) -> None:
            error = future.exception()
            frame = (
                (request_id, True, future.result())
                if error is None
                else (request_id, False, portable_error(error))
            )
            try:
                data = encode_frame(frame)
            except Exception:  # a result that cannot travel must still be answered
                data = encode_frame((request_id, False, StoreUnavailable("answer could not be encoded")))
            with send_lock:
                try:
                    conn.sendall(data)
                except OSError:
                    pass  # the worker went away; its request already failed on its side

        try:
            while True:
                frame = read_frame(conn)
                if frame is None:
                    return
                request_id, item = cast(tuple[int, Any], frame)
                try:
                    future = self.committer.submit(item)
                except Exception as exc:  # e.g. shutting down: answered, not raised
                    future = Future()
                    future.set_exception(exc)
                future.add_done_callback(functools.partial(_answer_later, answer, request_id))
        except (FrameError, OSError, ValueError, TypeError, pickle.UnpicklingError):
            log.warning("writer dropped a connection that broke the protocol")
        finally:
            with self._lock:
                self._conns.discard(conn)
            conn.close()

    def close(self) -> None:
        """Stop accepting and drop the connections (after the committer drained, see run_writer)."""
        self._closed.set()
        self._sock.close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def _answer_later(answer: Callable[[int, Future[Any]], None], request_id: int, future: Future[Any]) -> None:
    answer(request_id, future)


def same_user(conn: socket.socket) -> bool:
    """The peer of a Unix socket runs as our uid (Linux SO_PEERCRED; elsewhere the directory's
    permissions are the only guard)."""
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None:
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


# -- a worker's side --------------------------------------------------------------------------------


class RemoteCommitter:
    """``submit(item) -> Future`` like GroupCommitter, the commit done by the writer process."""

    def __init__(self, path: str, *, connect: Callable[[str], socket.socket] | None = None) -> None:
        self.path = path
        self._connect = connect or _connect_unix
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        # Unanswered requests and the connection each went out on.
        self._pending: dict[int, tuple[socket.socket, Future[Any]]] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def submit(self, item: object) -> Future[Any]:
        future: Future[Any] = Future()
        frame_id = next(self._ids)
        try:
            data = encode_frame((frame_id, item))
        except Exception as exc:  # an item that cannot travel fails alone
            reason = type(exc).__name__
            future.set_exception(StoreUnavailable(f"the record could not be sent to the writer ({reason})"))
            return future
        with self._lock:
            if self._closed:
                raise StoreUnavailable("the gateway is shutting down")
            try:
                sock = self._connected()
                self._pending[frame_id] = (sock, future)
                sock.sendall(data)
            except OSError:
                self._drop(self._sock)
                raise StoreUnavailable("the ingest writer is not reachable") from None
        return future

    def close(self, timeout: float = 30.0) -> None:
        with self._lock:
            self._closed = True
            self._drop(self._sock)

    def _connected(self) -> socket.socket:
        if self._sock is None:
            sock = self._connect(self.path)
            self._sock = sock
            reader = threading.Thread(
                target=self._read_answers, args=(sock,), name="writer-answers", daemon=True
            )
            reader.start()
        return self._sock

    def _read_answers(self, sock: socket.socket) -> None:
        try:
            while True:
                frame = read_frame(sock)
                if frame is None:
                    break
                request_id, ok, payload = cast(tuple[int, bool, Any], frame)
                with self._lock:
                    entry = self._pending.pop(request_id, None)
                if entry is None:
                    continue
                future = entry[1]
                if ok:
                    future.set_result(payload)
                else:
                    future.set_exception(payload)
        except (FrameError, OSError, ValueError, TypeError, pickle.UnpicklingError):
            log.warning("lost the connection to the ingest writer")
        finally:
            with self._lock:
                self._drop(sock)

    def _drop(self, sock: socket.socket | None) -> None:
        """Forget a broken connection and fail what was waiting on it (with self._lock held)."""
        if sock is None:
            return
        if self._sock is sock:
            self._sock = None
        try:
            sock.close()
        except OSError:
            pass
        # Everything sent on this connection and not answered: the writer may or may not have committed
        # it, so the client gets a 503 and may retry (the same as a server that dies mid-request).
        lost = [rid for rid, (on, _) in self._pending.items() if on is sock]
        for rid in lost:
            future = self._pending.pop(rid)[1]
            if not future.done():
                future.set_exception(StoreUnavailable("the ingest writer went away"))


def _connect_unix(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock
