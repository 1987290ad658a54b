"""RemoteCommitter <-> WriterServer: the group committer's guarantee across processes' Unix socket."""

from __future__ import annotations

import socket
import struct
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.errors import InvalidInput, StoreUnavailable
from privacy_gateway.redaction.group_commit import GroupCommitter
from privacy_gateway.redaction.remote_commit import (
    MAX_FRAME_BYTES,
    FrameError,
    RemoteCommitter,
    WriterServer,
    encode_frame,
    portable_error,
    read_frame,
    same_user,
)
from tests.perf.test_group_commit import add_rows, stored_ids


@pytest.mark.parametrize("obj", [None, 0, "x", (1, "a"), {"k": [1, 2]}, b"\x00" * 70_000])
def test_frames_round_trip(obj: object) -> None:
    a, b = socket.socketpair()
    with a, b:
        a.sendall(encode_frame(obj) + encode_frame("next"))
        assert read_frame(b) == obj
        assert read_frame(b) == "next"
        a.close()
        assert read_frame(b) is None  # a clean end of stream between frames


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (struct.pack(">I", 10) + b"abc", "middle of a frame"),  # the peer closed mid-body
        (b"\x00\x00", "middle of a frame"),  # mid-header
        (struct.pack(">I", MAX_FRAME_BYTES + 1), "over the"),  # a length no frame may have
    ],
)
def test_broken_frames_are_refused(raw: bytes, message: str) -> None:
    a, b = socket.socketpair()
    with a, b:
        a.sendall(raw)
        a.close()
        with pytest.raises(FrameError, match=message):
            read_frame(b)


@pytest.mark.parametrize(
    ("error", "expected_type", "expected_text"),
    [
        (InvalidInput("text is empty"), InvalidInput, "text is empty"),  # ours: travels as it is
        (StoreUnavailable("down"), StoreUnavailable, "down"),
        # a driver's error may quote a statement's parameters: replaced, its text dropped
        (RuntimeError("INSERT ... 13812345678"), StoreUnavailable, "could not store"),
    ],
)
def test_portable_error(error: Exception, expected_type: type, expected_text: str) -> None:
    out = portable_error(error)
    assert type(out) is expected_type and expected_text in str(out)
    assert "13812345678" not in str(out)


def test_same_user_accepts_our_own_peer() -> None:
    a, b = socket.socketpair()
    with a, b:
        assert same_user(a)


@pytest.fixture
def writer(tmp_path: Path, session_factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    path = str(tmp_path / "w.sock")
    committer: GroupCommitter[str, str] = GroupCommitter(session_factory, add_rows)
    server = WriterServer(path, committer)
    server.start()
    yield path, server, committer
    committer.close()
    server.close()


def test_results_only_after_commit_and_failures_alone(writer, session_factory) -> None:  # type: ignore[no-untyped-def]
    path, _server, _committer = writer
    remote = RemoteCommitter(path)
    futures = {fid: remote.submit(fid) for fid in ["a1", "bad-1", "a2", "a3"]}
    assert futures["a1"].result(10) == "ok:a1"
    assert futures["a3"].result(10) == "ok:a3"
    with pytest.raises(InvalidInput, match="bad item"):
        futures["bad-1"].result(10)
    assert stored_ids(session_factory) == {"a1", "a2", "a3"}
    remote.close()


def test_writer_gone_fails_waiting_items_then_reconnects(tmp_path: Path, session_factory) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "w.sock")
    first = WriterServer(path, GroupCommitter(session_factory, add_rows))
    first.start()
    remote = RemoteCommitter(path)
    assert remote.submit("b1").result(10) == "ok:b1"
    first.close()  # the writer goes away: the connection drops
    # The next submit either finds the connection gone (raises) or is failed when the drop is noticed.
    with pytest.raises(StoreUnavailable):
        remote.submit("b2").result(10)
    second_committer: GroupCommitter[str, str] = GroupCommitter(session_factory, add_rows)
    second = WriterServer(path, second_committer)
    second.start()
    try:
        assert remote.submit("b3").result(10) == "ok:b3"  # connected again
    finally:
        remote.close()
        second_committer.close()
        second.close()
    assert "b1" in stored_ids(session_factory) and "b3" in stored_ids(session_factory)


def test_nothing_listening_is_store_unavailable(tmp_path: Path) -> None:
    remote = RemoteCommitter(str(tmp_path / "nobody.sock"))
    with pytest.raises(StoreUnavailable, match="not reachable"):
        remote.submit("x")


def test_an_item_that_cannot_travel_fails_alone(writer) -> None:  # type: ignore[no-untyped-def]
    path, _server, _committer = writer
    remote = RemoteCommitter(path)
    with pytest.raises(StoreUnavailable, match="could not be sent"):
        remote.submit(lambda: None).result(10)  # a lambda does not pickle
    assert remote.submit("c1").result(10) == "ok:c1"
    remote.close()


def test_closed_remote_refuses(writer) -> None:  # type: ignore[no-untyped-def]
    path, _server, _committer = writer
    remote = RemoteCommitter(path)
    remote.close()
    with pytest.raises(StoreUnavailable, match="shutting down"):
        remote.submit("d1")


def test_socket_file_is_owner_only(writer) -> None:  # type: ignore[no-untyped-def]
    path, _server, _committer = writer
    assert Path(path).stat().st_mode & 0o077 == 0
