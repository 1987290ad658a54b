from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from privacy_gateway.bootstrap import Services
from privacy_gateway.storage.models import OutboxMessage
from privacy_gateway.storage.models.outbox import DEAD, DELIVERED, PENDING
from privacy_gateway.stores.config import Delivery
from privacy_gateway.stores.destinations.base import BatchOutcome, PermanentDeliveryError
from privacy_gateway.stores.dispatcher import BackgroundDispatcher, Dispatcher, RoundReport, backoff_seconds
from tests.stores.factories import Clock, DiesMidBatch, Killed, Recorder, ingest

ONE_STORE = {"destinations": {"fake": {"kind": "jsonl", "directory": "unused"}}, "default_route": ["fake"]}
DELIVERY = Delivery(
    max_attempts=3, backoff_base_seconds=2, backoff_max_seconds=60, batch_size=4, lease_seconds=30
)


@pytest.mark.parametrize(
    ("attempt", "rand", "expected"),
    [
        (1, 0.0, 1.0),
        (1, 0.999999, 2.0),
        (2, 0.5, 3.0),
        (3, 0.0, 4.0),
        (10, 0.0, 30.0),
        (10, 1.0, 60.0),
        (0, 0.0, 1.0),
    ],
)
def test_backoff_is_exponential_capped_and_jittered(attempt: int, rand: float, expected: float) -> None:
    assert backoff_seconds(attempt, base=2, cap=60, rand=rand) == pytest.approx(expected, abs=1e-4)


def _statuses(services: Services) -> list[tuple[str, int]]:
    with services.session_factory() as s:
        return [(r.status, r.attempts) for r in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def _dispatcher(services: Services, dest: Recorder, clock: Clock, owner: str = "d1") -> Dispatcher:
    return Dispatcher(
        services.session_factory, {"fake": dest}, DELIVERY, owner=owner, clock=clock, rand=lambda: 0.0
    )


def test_delivers_in_order_in_batches(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    ids = [ingest(services).id for _ in range(6)]
    dest, clock = Recorder("fake"), Clock()
    d = _dispatcher(services, dest, clock)
    assert d.run_once().delivered == {"fake": 4}
    assert d.run_once().delivered == {"fake": 2}
    assert not d.run_once().busy
    assert [e.feedback_id for e in dest.received] == ids
    assert _statuses(services) == [(DELIVERED, 0)] * 6


def test_down_destination_backs_off_then_dead_letters(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    ingest(services)
    ingest(services)
    dest, clock = Recorder("fake"), Clock()
    dest.down = True
    d = _dispatcher(services, dest, clock)
    assert d.run_once().failed == {"fake": 1}
    assert _statuses(services) == [(PENDING, 1), (PENDING, 0)]
    # backoff after attempt 1 with rand=0: 1s; nothing is tried before it is due (the second waits too)
    clock.advance(0.5)
    assert not d.run_once().busy and dest.calls == 1
    clock.advance(0.5)
    assert d.run_once().failed == {"fake": 1}  # attempt 2, next in 2s
    clock.advance(2)
    assert d.run_once().dead == {"fake": 1}  # attempt 3 = max_attempts
    assert _statuses(services)[0] == (DEAD, 3)
    dest.down = False
    assert d.run_once().delivered == {"fake": 1}  # the dead one no longer blocks the line
    assert _statuses(services) == [(DEAD, 3), (DELIVERED, 0)]


def test_permanent_failure_is_dead_at_once(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    ingest(services)

    class Refuses(Recorder):
        def deliver(self, batch):  # type: ignore[no-untyped-def]
            return BatchOutcome(0, PermanentDeliveryError("refused with 400", code="http_400"))

    d = _dispatcher(services, Refuses("fake"), Clock())
    assert d.run_once().dead == {"fake": 1}
    with services.session_factory() as s:
        msg = s.scalars(select(OutboxMessage)).one()
    assert (msg.status, msg.last_error) == (DEAD, "http_400: refused with 400")


def test_a_raising_destination_does_not_stop_the_others(make_services: Callable[..., Services]) -> None:
    services = make_services(
        {
            "destinations": {n: {"kind": "jsonl", "directory": n} for n in ("bad", "good")},
            "default_route": ["bad", "good"],
        }
    )
    ingest(services)

    class Buggy(Recorder):
        def deliver(self, batch):  # type: ignore[no-untyped-def]
            raise ValueError("bug")

    good = Recorder("good")
    d = Dispatcher(services.session_factory, {"bad": Buggy("bad"), "good": good}, DELIVERY, clock=Clock())
    report = d.run_once()
    assert report.failed == {"bad": 1} and report.delivered == {"good": 1}


def test_killed_mid_batch_loses_nothing(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    ids = [ingest(services).id for _ in range(4)]
    clock = Clock()
    dying = DiesMidBatch("fake", after=2)
    with pytest.raises(Killed):
        _dispatcher(services, dying, clock, owner="first").run_once()
    assert _statuses(services) == [(PENDING, 0)] * 4  # nothing was marked: the lease is still held
    survivor = Recorder("fake")
    other = _dispatcher(services, survivor, clock, owner="second")
    assert not other.run_once().busy  # the dead dispatcher's lease has not expired yet
    clock.advance(DELIVERY.lease_seconds + 1)
    assert other.run_once().delivered == {"fake": 4}
    # at least once: the two delivered before the kill are sent again; the feedback id lets a store drop them
    delivered = [e.feedback_id for e in dying.received + survivor.received]
    assert sorted(set(delivered)) == sorted(ids) and len(delivered) == 6
    assert _statuses(services) == [(DELIVERED, 0)] * 4


def test_two_dispatchers_never_work_one_destination_at_once(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    ingest(services)
    clock = Clock()
    a, b = Recorder("fake"), Recorder("fake")
    da, db = _dispatcher(services, a, clock, "a"), _dispatcher(services, b, clock, "b")
    # a holds the lease while it delivers: b, running meanwhile, must find it taken
    seen: list[bool] = []

    class Nested(Recorder):
        def deliver(self, batch):  # type: ignore[no-untyped-def]
            seen.append(db.run_once().busy)
            return super().deliver(batch)

    da.destinations["fake"] = Nested("fake")
    assert da.run_once().delivered == {"fake": 1}
    assert seen == [False] and b.received == []


def test_background_dispatcher_start_stop(make_services: Callable[..., Services], tmp_path) -> None:  # type: ignore[no-untyped-def]
    services = make_services(ONE_STORE)
    ingest(services)
    dest = Recorder("fake")
    bg = BackgroundDispatcher(
        Dispatcher(
            services.session_factory, {"fake": dest}, DELIVERY.model_copy(update={"poll_seconds": 0.05})
        )
    ).start()
    try:
        import time

        for _ in range(200):
            if dest.received:
                break
            time.sleep(0.05)
    finally:
        bg.stop()
    assert len(dest.received) == 1


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (RoundReport(), 1.0),  # nothing to do: poll
        (RoundReport(delivered={"fake": 3}), 0.2),  # caught up: linger, then take a batch
        (RoundReport(failed={"fake": 1}), 0.2),
        (RoundReport(dead={"fake": 1}), 0.2),
        (RoundReport(delivered={"fake": 100}, backlog=True), 0.0),  # a full batch: more is waiting
    ],
)
def test_idle_wait_after_a_round(
    make_services: Callable[..., Services], report: RoundReport, expected: float
) -> None:
    services = make_services(ONE_STORE)
    delivery = DELIVERY.model_copy(update={"poll_seconds": 1.0, "linger_seconds": 0.2})
    dispatcher = Dispatcher(services.session_factory, {"fake": Recorder("fake")}, delivery)
    assert dispatcher.idle_wait(report) == expected


def test_a_full_batch_reports_a_backlog(make_services: Callable[..., Services]) -> None:
    services = make_services(ONE_STORE)
    for _ in range(3):
        ingest(services)
    dest = Recorder("fake")
    small = DELIVERY.model_copy(update={"batch_size": 2})
    dispatcher = Dispatcher(services.session_factory, {"fake": dest}, small)
    first = dispatcher.run_once()
    assert first.delivered == {"fake": 2} and first.backlog
    second = dispatcher.run_once()
    assert second.delivered == {"fake": 1} and not second.backlog
