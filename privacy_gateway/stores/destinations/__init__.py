"""Destination kinds, one per module; ``build_destination`` picks the class for a config entry."""

from __future__ import annotations

from collections.abc import Mapping

from privacy_gateway.stores.config import (
    AmqpDestination,
    DestinationConfig,
    HttpDestination,
    JsonlDestination,
    NatsDestination,
    SqlDestination,
)
from privacy_gateway.stores.destinations.base import Destination


def build_destination(name: str, config: DestinationConfig) -> Destination:
    # Imported here so a gateway with only a jsonl store never loads the broker clients.
    if isinstance(config, SqlDestination):
        from privacy_gateway.stores.destinations.sql import SqlStore

        return SqlStore(name, config)
    if isinstance(config, AmqpDestination):
        from privacy_gateway.stores.destinations.amqp import AmqpStore

        return AmqpStore(name, config)
    if isinstance(config, NatsDestination):
        from privacy_gateway.stores.destinations.nats import NatsStore

        return NatsStore(name, config)
    if isinstance(config, JsonlDestination):
        from privacy_gateway.stores.destinations.jsonl import JsonlStore

        return JsonlStore(name, config)
    if isinstance(config, HttpDestination):
        from privacy_gateway.stores.destinations.http import HttpStore

        return HttpStore(name, config)
    raise TypeError(f"unknown destination config {type(config).__name__}")


def build_destinations(configs: Mapping[str, DestinationConfig]) -> dict[str, Destination]:
    return {name: build_destination(name, cfg) for name, cfg in configs.items()}
