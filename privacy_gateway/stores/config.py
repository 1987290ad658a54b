"""The stores config file (YAML): destinations, routing rules, delivery tuning and broker sources.

Validated at load with pydantic (extra="forbid"): an unknown or misspelt key is a ConfigError that names the
file and the key path, never a silent default. ``${NAME}`` in any string value is replaced by the
environment variable NAME (so passwords and webhook secrets stay out of the file); a missing variable is a
ConfigError too. With no file configured the gateway runs on ``default_config(directory)``: one ``jsonl``
destination in a local directory, every record routed to it. The full reference is docs/stores.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from privacy_gateway.errors import ConfigError

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SqlDestination(_Strict):
    kind: Literal["sql"]
    url: str = Field(description="SQLAlchemy URL, e.g. postgresql+psycopg://..., mysql+pymysql://...")
    table: str = Field(default="feedback_masked", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    create_table: bool = Field(default=True, description="Create the table if it does not exist.")


class AmqpDestination(_Strict):
    kind: Literal["amqp"]
    url: str = Field(description="amqp://user:password@host:5672/vhost")
    exchange: str = Field(default="", description="Exchange to publish to ('' is the default exchange).")
    routing_key: str = Field(description="Routing key (a queue name with the default exchange).")
    declare_queue: str | None = Field(
        default=None, description="Declare this durable queue (bound to the routing key) before publishing."
    )
    timeout_seconds: float = Field(default=10.0, gt=0)


class NatsDestination(_Strict):
    kind: Literal["nats"]
    url: str = Field(default="nats://127.0.0.1:4222")
    subject: str
    jetstream: bool = Field(default=True, description="Publish through JetStream (acked, deduplicated).")
    stream: str | None = Field(
        default=None, description="JetStream stream to create if missing, capturing the subject."
    )
    timeout_seconds: float = Field(default=10.0, gt=0)


class JsonlDestination(_Strict):
    kind: Literal["jsonl"]
    directory: Path
    max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024, description="Rotate the file past this size.")
    fsync: bool = Field(default=True, description="fsync after each batch (delivery means on disk).")


class HttpDestination(_Strict):
    kind: Literal["http"]
    url: str = Field(pattern=r"^https?://")
    secret: SecretStr = Field(description="HMAC-SHA256 key of the X-Signature header; use ${ENV_VAR}.")
    timeout_seconds: float = Field(default=10.0, gt=0)
    headers: dict[str, str] = Field(default_factory=dict, description="Extra request headers.")


DestinationConfig = Annotated[
    SqlDestination | AmqpDestination | NatsDestination | JsonlDestination | HttpDestination,
    Field(discriminator="kind"),
]


class AmqpSource(_Strict):
    kind: Literal["amqp"]
    url: str
    queue: str
    dead_letter_queue: str | None = Field(default=None, description="Default: '<queue>.dead'.")
    prefetch: int = Field(default=10, ge=1, le=1000)

    @property
    def dead_letter(self) -> str:
        return self.dead_letter_queue or f"{self.queue}.dead"


class NatsSource(_Strict):
    kind: Literal["nats"]
    url: str = "nats://127.0.0.1:4222"
    subject: str
    stream: str = Field(description="JetStream stream holding the subject (created if missing).")
    durable: str = Field(default="privacy-gateway", description="Durable pull consumer name.")
    dead_letter_subject: str | None = Field(default=None, description="Default: '<subject>.dead'.")
    ack_wait_seconds: float = Field(default=30.0, gt=0)
    max_deliveries: int = Field(default=5, ge=2, description="Dead-letter a failing message after this.")

    @property
    def dead_letter(self) -> str:
        return self.dead_letter_subject or f"{self.subject}.dead"


SourceConfig = Annotated[AmqpSource | NatsSource, Field(discriminator="kind")]


class Match(_Strict):
    """All given lists must match (AND); an omitted list matches anything."""

    channels: list[str] | None = None
    sources: list[str] | None = None
    categories: list[str] | None = None


class Route(_Strict):
    match: Match = Field(default_factory=Match)
    to: list[str] = Field(min_length=1)


class Delivery(_Strict):
    max_attempts: int = Field(default=10, ge=1, description="Dead-letter a message after this many failures.")
    backoff_base_seconds: float = Field(default=1.0, gt=0)
    backoff_max_seconds: float = Field(default=300.0, gt=0)
    batch_size: int = Field(default=100, ge=1, le=10_000)
    lease_seconds: float = Field(default=60.0, gt=0, description="A dispatcher's hold on a destination.")
    poll_seconds: float = Field(default=1.0, gt=0, description="Idle wait between dispatch rounds.")
    linger_seconds: float = Field(
        default=0.2,
        ge=0,
        le=60,
        description="Wait after a round that delivered less than a full batch, so that the next round "
        "takes a batch instead of a few messages (0: go again at once).",
    )


class StoresConfig(_Strict):
    destinations: dict[Annotated[str, Field(pattern=NAME_PATTERN)], DestinationConfig] = Field(min_length=1)
    routes: list[Route] = Field(default_factory=list)
    default_route: list[str] = Field(
        default_factory=list, description="Destinations for a record no route matches."
    )
    delivery: Delivery = Field(default_factory=Delivery)
    sources: dict[Annotated[str, Field(pattern=NAME_PATTERN)], SourceConfig] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_destinations(self) -> StoresConfig:
        named = [*(d for r in self.routes for d in r.to), *self.default_route]
        unknown = sorted({d for d in named if d not in self.destinations})
        if unknown:
            raise ValueError(f"routes name unknown destinations: {', '.join(unknown)}")
        return self


def default_config(directory: Path) -> StoresConfig:
    """No config file: every record goes to one jsonl destination (works with no broker at all)."""
    return StoresConfig(
        destinations={"local": JsonlDestination(kind="jsonl", directory=directory)},
        default_route=["local"],
    )


def expand_env(value: Any, env: Mapping[str, str], *, where: str = "") -> Any:
    """Replace ${NAME} in every string of a parsed YAML tree by env[NAME]."""
    if isinstance(value, str):

        def sub(m: re.Match[str]) -> str:
            if m.group(1) not in env:
                raise ConfigError(f"{where or '<root>'}: environment variable {m.group(1)} is not set")
            return env[m.group(1)]

        return _ENV_REF.sub(sub, value)
    if isinstance(value, dict):
        return {k: expand_env(v, env, where=f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_env(v, env, where=f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def parse_config(data: Any, *, origin: str, env: Mapping[str, str] | None = None) -> StoresConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping")
    try:
        expanded = expand_env(data, os.environ if env is None else env)
    except ConfigError as exc:
        raise ConfigError(f"{origin}: {exc.message}") from None
    try:
        return StoresConfig.model_validate(expanded)
    except ValidationError as exc:
        # Name the key and the problem; never echo the value (it may be a URL with a password).
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
            for e in exc.errors(include_input=False)
        )
        raise ConfigError(f"{origin}: {problems}") from None


def load_config(
    path: Path | None, *, default_directory: Path, env: Mapping[str, str] | None = None
) -> StoresConfig:
    """Read and validate the stores config file; ``path=None`` gives ``default_config``."""
    if path is None:
        return default_config(default_directory)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the stores config ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}: invalid YAML{at}") from None
    return parse_config(data, origin=str(path), env=env)
