"""GroupCommitter: batches in submission order, a result only after the commit, failures stay alone."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.errors import InvalidInput, StoreUnavailable
from privacy_gateway.redaction.group_commit import GroupCommitter
from privacy_gateway.storage.models import Feedback


def add_rows(session: Session, ids: list[str]) -> list[str]:
    """The write function under test: one feedback row per item; an item 'bad-*' raises."""
    for fid in ids:
        if fid.startswith("bad"):
            raise InvalidInput("bad item")
        session.add(
            Feedback(
                id=fid,
                subject_id="u",
                channel="sms",
                purpose="service",
                masked_text="x",
                policy="default",
                policy_version="v",
            )
        )
    session.flush()
    return [f"ok:{fid}" for fid in ids]


def stored_ids(factory: sessionmaker[Session]) -> set[str]:
    with factory() as session:
        return set(session.scalars(select(Feedback.id)))


class Gate:
    """Holds the writer inside its first batch until released, so the next items queue up."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def write(self, session: Session, ids: list[str]) -> list[str]:
        if "hold" in ids:
            self.entered.set()
            assert self.release.wait(10)
        return add_rows(session, ids)


def queued_batch(factory: sessionmaker[Session], items: list[str]) -> tuple[GroupCommitter, list[Future]]:
    """Submit 'hold', then `items` while the writer is held: they form the second batch together."""
    gate = Gate()
    committer: GroupCommitter[str, str] = GroupCommitter(factory, gate.write)
    first = committer.submit("hold")
    assert gate.entered.wait(10)
    futures = [committer.submit(item) for item in items]
    gate.release.set()
    assert first.result(10) == "ok:hold"
    return committer, futures


@pytest.mark.parametrize(
    ("items", "ok", "failed"),
    [
        (["a", "b", "c"], {"a", "b", "c"}, set()),
        (["a", "bad-1", "c"], {"a", "c"}, {"bad-1"}),
        (["bad-1", "bad-2"], set(), {"bad-1", "bad-2"}),
        (["bad-1"], set(), {"bad-1"}),
    ],
)
def test_a_failing_item_fails_alone(session_factory, items, ok, failed):
    committer, futures = queued_batch(session_factory, items)
    outcomes = {}
    for item, future in zip(items, futures, strict=True):
        exc = future.exception(10)
        outcomes[item] = exc
        if exc is None:
            assert future.result() == f"ok:{item}"
        else:
            assert isinstance(exc, InvalidInput)
    committer.close()
    assert {i for i, e in outcomes.items() if e is None} == ok
    assert {i for i, e in outcomes.items() if e is not None} == failed
    assert stored_ids(session_factory) == {"hold", *ok}
    if len(items) > 1 and failed:
        assert committer.retried_batches == 1


def test_items_that_queue_up_are_committed_in_one_batch(session_factory):
    committer, futures = queued_batch(session_factory, [f"r{i}" for i in range(20)])
    assert [f.result(10) for f in futures] == [f"ok:r{i}" for i in range(20)]
    committer.close()
    assert (committer.batches, committer.items) == (2, 21)
    assert stored_ids(session_factory) == {"hold", *(f"r{i}" for i in range(20))}


def test_a_result_is_only_given_after_its_commit(session_factory):
    seen: list[set[str]] = []

    def write(session: Session, ids: list[str]) -> list[str]:
        return add_rows(session, ids)

    committer: GroupCommitter[str, str] = GroupCommitter(session_factory, write)
    for item in ("x1", "x2", "x3"):
        committer.submit(item).result(10)
        seen.append(stored_ids(session_factory))  # another session sees the row once the future is done
    committer.close()
    assert seen == [{"x1"}, {"x1", "x2"}, {"x1", "x2", "x3"}]


def test_a_write_returning_the_wrong_number_of_results_keeps_nothing(session_factory):
    committer: GroupCommitter[str, str] = GroupCommitter(
        session_factory, lambda s, ids: add_rows(s, ids)[:-1]
    )
    with pytest.raises(RuntimeError):
        committer.submit("lost").result(10)
    committer.close()
    assert stored_ids(session_factory) == set()


def test_many_threads_lose_and_duplicate_nothing(session_factory):
    committer: GroupCommitter[str, str] = GroupCommitter(session_factory, add_rows, max_batch=8)
    results: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for i in range(25):
            out = committer.submit(f"t{n}-{i}").result(30)
            with lock:
                results.append(out)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    committer.close()
    assert len(results) == len(set(results)) == 200
    assert stored_ids(session_factory) == {f"t{n}-{i}" for n in range(8) for i in range(25)}
    assert committer.items == 200 and committer.batches <= 200


@pytest.mark.parametrize("max_batch", [0, -1])
def test_max_batch_must_be_positive(session_factory, max_batch):
    with pytest.raises(ValueError):
        GroupCommitter(session_factory, add_rows, max_batch=max_batch)


def test_close_writes_what_was_submitted_then_refuses(session_factory):
    committer, futures = queued_batch(session_factory, ["c1", "c2"])
    committer.close()
    assert [f.result(10) for f in futures] == ["ok:c1", "ok:c2"]
    with pytest.raises(StoreUnavailable):
        committer.submit("late")
    assert "late" not in stored_ids(session_factory)
