"""Settings, read once in a shell (API, CLI, job) and passed down. Never imported by the core for values."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from privacy_gateway.types import DEFAULT_CHANNELS, DEFAULT_PURPOSES


class Settings(BaseSettings):
    """Every setting is documented in docs/configuration.md (a test keeps the two in step)."""

    model_config = SettingsConfigDict(env_prefix="PRIVACY_GATEWAY_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///privacy_gateway.db",
        description="SQLAlchemy URL of the gateway's own database. Default: a SQLite file in the working "
        "directory. PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    key_file: Path = Field(
        default=Path(".privacy_gateway/keys.json"),
        description="Development key file, created once (mode 0600) when no keys are given in the "
        "environment. Production sets master_keys / hmac_key / signing_key instead.",
    )
    master_keys: SecretStr | None = Field(
        default=None,
        description="Versioned master keys wrapping per-subject data keys: 'VERSION:BASE64,...' "
        "(32-byte keys). The highest version encrypts new data.",
    )
    min_master_key_version: int = Field(
        default=1, ge=1, description="Master key versions below this are retired and refuse to decrypt."
    )
    hmac_key: SecretStr | None = Field(
        default=None,
        description="Base64 root secret (≥32 bytes) from which pseudonym and token keys are derived (HKDF).",
    )
    signing_key: SecretStr | None = Field(
        default=None, description="Base64 Ed25519 private key seed (32 bytes) that signs audit checkpoints."
    )
    policies_dir: Path | None = Field(
        default=None, description="Directory of masking policy YAML files. Default: the policies shipped."
    )
    default_policy: str = Field(default="default", description="Policy used when a channel has none.")
    channel_policies: dict[str, str] = Field(
        default_factory=dict, description='Policy per channel, JSON: {"phone": "strict"}.'
    )
    purposes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PURPOSES),
        description="Known processing purposes (extend, never shrink the defaults).",
    )
    channels: list[str] = Field(
        default_factory=lambda: list(DEFAULT_CHANNELS), description="Known contact/collection channels."
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest accepted request body (413)."
    )
    max_text_chars: int = Field(
        default=20_000, ge=1, description="Longest accepted feedback text in characters (413 text_too_large)."
    )
    rate_limit_per_second: float = Field(
        default=100.0,
        ge=0,
        description="Sustained requests per second per API key (token bucket, per server process); requests "
        "without a key count per client address. Over the limit: 429 rate_limited with Retry-After. 0 turns "
        "rate limiting off.",
    )
    rate_limit_burst: int = Field(
        default=200, ge=1, description="Requests a key may send at once above the sustained rate before 429."
    )
    log_level: str = Field(default="INFO", description="Python log level of the gateway's own loggers.")
    host: str = Field(default="127.0.0.1", description="Default bind address of `serve`.")
    port: int = Field(default=8000, description="Default port of `serve`.")
    workers: int = Field(default=1, ge=1, description="Server worker processes for `serve`.")
    writer_socket: str | None = Field(
        default=None,
        description="Internal: the Unix socket of the ingest writer process that `serve --workers N` "
        "starts and hands to its workers. Not set by hand.",
    )
    checkpoint_interval: int = Field(
        default=1000, ge=1, description="Sign an audit checkpoint every N entries (and on demand)."
    )
    export_dir: Path = Field(
        default=Path("exports"),
        description="Directory where POST /v1/exports writes de-identified datasets, one subdirectory per "
        "dataset id (docs/export.md).",
    )
    stores_config: Path | None = Field(
        default=None,
        description="YAML file of feedback stores: destinations, routing rules, delivery, broker sources "
        "(docs/stores.md). Default: one jsonl destination in the 'stores' folder next to key_file.",
    )
    console_secure_cookie: bool = Field(
        default=True,
        description="Mark the compliance console's session cookie Secure (sent over HTTPS only). Browsers "
        "accept it on http://127.0.0.1 and localhost too; turn it off only behind plain HTTP elsewhere.",
    )
    console_idle_timeout_seconds: int = Field(
        default=900, ge=60, description="A console session ends after this long without a request."
    )
    console_absolute_timeout_seconds: int = Field(
        default=8 * 3600, ge=300, description="A console session ends this long after sign-in, active or not."
    )
    console_timezone: str = Field(
        default="Asia/Shanghai", description="IANA time zone in which the console shows and reads times."
    )

    @field_validator("database_url")
    @classmethod
    def _parseable_url(cls, value: str) -> str:
        # Refuse a malformed URL when settings are read (exit 3 naming the setting), not as an internal
        # error on first use. The message never repeats the URL: it may hold a password.
        try:
            make_url(value)
        except (ArgumentError, ValueError):
            raise ValueError("not a SQLAlchemy database URL (e.g. sqlite:///privacy_gateway.db)") from None
        return value


def effective_purposes(settings: Settings) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*DEFAULT_PURPOSES, *settings.purposes]))


def effective_channels(settings: Settings) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*DEFAULT_CHANNELS, *settings.channels]))
