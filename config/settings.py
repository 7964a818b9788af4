"""Deployment settings, read from ``TISSERAND_*`` environment variables and an optional ``.env``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config import LAYOUTS_DIR
from storage.urls import sqlite_url

DEFAULT_LAYOUT = LAYOUTS_DIR / "wallonie.yaml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TISSERAND_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    homeserver_url: str | None = Field(
        default=None, description="Client-server API base URL, e.g. https://matrix.example.org"
    )
    user_id: str | None = Field(
        default=None, description="The bot's Matrix id, e.g. @tisserand:example.org"
    )
    password: SecretStr | None = Field(default=None, description="Used once, to log in")
    access_token: SecretStr | None = Field(default=None, description="Alternative to the password")
    device_name: str = "Tisserand"
    encryption: bool = Field(
        default=True, description="End-to-end encryption (keys kept in <data_dir>/crypto)"
    )
    cross_signing_secret: SecretStr | None = Field(
        default=None,
        description="Encrypts the crypto store and the cross-signing keys; set it before the "
        "first start and keep it: without it the bot's keys cannot be read",
    )
    key_wait_seconds: float = Field(
        default=20.0, gt=0, description="How long an event waits for its room key"
    )
    data_dir: Path = Path("data")
    database_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL; SQLite in the data directory when unset (its password "
        "never shows in reprs, errors or logs)",
    )
    layout_file: Path = DEFAULT_LAYOUT
    command_prefix: str = "!"
    timezone: str = "Europe/Brussels"
    language: str = "fr"
    admins: list[str] = Field(default_factory=list, description="Matrix ids with the admin role")
    allowed_servers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Homeservers besides the bot's own whose users may open a direct chat with "
        "it (comma-separated); '*' for any",
    )
    journal_retention_days: int = Field(
        default=30, ge=1, description="Days handled events and finished work are kept"
    )
    log_level: str = "INFO"
    sync_timeout_ms: int = 30_000
    provision_on_start: bool = True
    web_listen: str | None = Field(
        default=None, description="host:port where the web site listens (e.g. 127.0.0.1:8090)"
    )
    web_base_url: str | None = Field(
        default=None, description="the web site's public address, used in links"
    )
    request_retention_days: int = Field(
        default=365,
        ge=1,
        description="Closed help requests' relay data (answers, posts, requester) kept this long",
    )

    @field_validator("allowed_servers", mode="before")
    @classmethod
    def _server_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (example: Europe/Brussels)") from exc
        return value

    @field_validator("command_prefix")
    @classmethod
    def _prefix_not_blank(cls, value: str) -> str:
        if not value.strip() or any(c.isspace() for c in value):
            raise ValueError("the command prefix must be a non-blank word, e.g. '!'")
        return value

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in {"fr", "en"}:
            raise ValueError("language must be 'fr' or 'en'")
        return value

    @field_validator("user_id")
    @classmethod
    def _matrix_id(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("@") or ":" not in value):
            raise ValueError("expected a full Matrix id like @tisserand:example.org")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        """The URL with its password, for the engine only: never log or show it."""
        if self.database_url and self.database_url.get_secret_value():
            return self.database_url.get_secret_value()
        return sqlite_url(self.data_dir.resolve() / "tisserand.db")

    @property
    def crypto_dir(self) -> Path:
        return self.data_dir.resolve() / "crypto"

    @property
    def server_name(self) -> str:
        if not self.user_id:
            raise ValueError("TISSERAND_USER_ID is not set")
        return self.user_id.split(":", 1)[1]

    def has_homeserver(self) -> bool:
        return bool(self.homeserver_url and self.user_id and (self.password or self.access_token))
