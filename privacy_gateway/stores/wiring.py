"""Assembly helpers for the shells (bootstrap, CLI, API lifespan): config from settings, the ingest hook,
and a dispatcher over the process's services. The only module of the package here that reads Settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.settings import Settings
from privacy_gateway.storage.session import make_engine, make_session_factory
from privacy_gateway.stores.config import StoresConfig, load_config
from privacy_gateway.stores.destinations import build_destinations
from privacy_gateway.stores.dispatcher import BackgroundDispatcher, Dispatcher
from privacy_gateway.stores.outbox import OutboxHook
from privacy_gateway.stores.routing import Router

if TYPE_CHECKING:
    from privacy_gateway.bootstrap import Services


def load_stores_config(settings: Settings) -> StoresConfig:
    """The configured stores, or the embedded default (jsonl in ``<key_file folder>/stores``)."""
    return load_config(settings.stores_config, default_directory=settings.key_file.parent / "stores")


def outbox_hook(config: StoresConfig, *, subject_ref: Any) -> OutboxHook:
    return OutboxHook(Router(config), subject_ref=subject_ref)


def build_dispatcher(services: Services, config: StoresConfig | None = None, **kwargs: Any) -> Dispatcher:
    return _dispatcher(services.session_factory, config or load_stores_config(services.settings), **kwargs)


def _dispatcher(session_factory: sessionmaker[Session], config: StoresConfig, **kwargs: Any) -> Dispatcher:
    return Dispatcher(session_factory, build_destinations(config.destinations), config.delivery, **kwargs)


@contextmanager
def dispatching(settings: Settings) -> Iterator[BackgroundDispatcher]:
    """A background dispatcher over an engine of its own and nothing else (no detector, no keys), for
    ``serve --workers N``'s supervising process: delivery then shares no GIL with the ingest writer."""
    engine = make_engine(settings.database_url)
    background = BackgroundDispatcher(
        _dispatcher(make_session_factory(engine), load_stores_config(settings))
    ).start()
    try:
        yield background
    finally:
        background.stop()
        engine.dispose()


def start_background_dispatcher(services: Services) -> BackgroundDispatcher:
    """For the app lifespan: ``bg = start_background_dispatcher(services)`` ... ``bg.stop()``."""
    return BackgroundDispatcher(build_dispatcher(services)).start()
