"""Routing: which destinations receive a record, from its channel, source and category. Pure.

Every route whose match holds contributes its destinations (in config order, each destination once).
A record no route matches goes to ``default_route`` (which may be empty: then it is kept only in the
gateway's own database).
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_gateway.stores.config import Match, StoresConfig


@dataclass(frozen=True)
class RecordKey:
    channel: str
    source: str | None = None
    category: str | None = None


def matches(match: Match, key: RecordKey) -> bool:
    return (
        (match.channels is None or key.channel in match.channels)
        and (match.sources is None or key.source in match.sources)
        and (match.categories is None or key.category in match.categories)
    )


class Router:
    def __init__(self, config: StoresConfig) -> None:
        self.config = config

    def destinations_for(self, key: RecordKey) -> list[str]:
        chosen: dict[str, None] = {}
        for route in self.config.routes:
            if matches(route.match, key):
                chosen.update(dict.fromkeys(route.to))
        if not chosen:
            chosen.update(dict.fromkeys(self.config.default_route))
        return list(chosen)
