"""Deployment settings, read from ``TISSERAND_*`` environment variables and an optional ``.env``."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; SQLite in the data directory when unset"
    )
    layout_file: Path = DEFAULT_LAYOUT
    command_prefix: str = "!"
    timezone: str = "Europe/Brussels"
    language: str = "fr"
    admins: list[str] = Field(default_factory=list, description="Matrix ids with the admin role")
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
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir.resolve() / "tisserand.db")

    @property
    def server_name(self) -> str:
        if not self.user_id:
            raise ValueError("TISSERAND_USER_ID is not set")
        return self.user_id.split(":", 1)[1]

    def has_homeserver(self) -> bool:
        return bool(self.homeserver_url and self.user_id and (self.password or self.access_token))
