"""Assembly helpers for the shells (bootstrap, CLI, API lifespan): config from settings, the ingest hook,
and a dispatcher over the process's services. The only module of the package here that reads Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from privacy_gateway.settings import Settings
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
    config = config or load_stores_config(services.settings)
    return Dispatcher(
        services.session_factory, build_destinations(config.destinations), config.delivery, **kwargs
    )


def start_background_dispatcher(services: Services) -> BackgroundDispatcher:
    """For the app lifespan: ``bg = start_background_dispatcher(services)`` ... ``bg.stop()``."""
    return BackgroundDispatcher(build_dispatcher(services)).start()
