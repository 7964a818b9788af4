"""The configuration of a local Synapse: files, ports, signing key, rate limits, logging.

Written by Tisserand rather than by ``--generate-config``, so every setting that matters (rate
limits, room version, no federation, no presence) is explicit and reviewed here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import socket
from pathlib import Path
from typing import Any

CONFIG_FILE = "homeserver.yaml"
LOG_CONFIG_FILE = "log.config.yaml"
LOG_FILE = "homeserver.log"
OUTPUT_FILE = "synapse.out"
DATABASE_FILE = "homeserver.db"
SIGNING_KEY_FILE = "signing.key"
MEDIA_DIR = "media_store"

DEFAULT_ROOM_VERSION = "10"
DEMO_PORT = 8008
# Synapse's own default cost for password hashes; tests pass a low value to save ~0.2 s per
# registration or login.
DEFAULT_BCRYPT_ROUNDS = 12
STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0

# Every per-second rate with its burst, high enough that no test or demo ever waits on it.
_UNLIMITED = {"per_second": 10_000, "burst_count": 100_000}
RAISED_RATE_LIMITS: dict[str, Any] = {
    "rc_message": _UNLIMITED,
    "rc_registration": _UNLIMITED,
    "rc_registration_token_validity": _UNLIMITED,
    "rc_login": {
        "address": _UNLIMITED,
        "account": _UNLIMITED,
        "failed_attempts": _UNLIMITED,
    },
    "rc_admin_redaction": _UNLIMITED,
    "rc_joins": {"local": _UNLIMITED, "remote": _UNLIMITED},
    "rc_joins_per_room": _UNLIMITED,
    "rc_3pid_validation": _UNLIMITED,
    "rc_invites": {
        "per_room": _UNLIMITED,
        "per_user": _UNLIMITED,
        "per_issuer": _UNLIMITED,
    },
    "rc_third_party_invite": _UNLIMITED,
    "rc_media_create": _UNLIMITED,
    "rc_presence": {"per_user": _UNLIMITED},
    "rc_delayed_event_mgmt": _UNLIMITED,
    "rc_room_creation": _UNLIMITED,
    "rc_reports": _UNLIMITED,
    "rc_user_directory": _UNLIMITED,
    "rc_profile": _UNLIMITED,
    "rc_key_requests": _UNLIMITED,
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def signing_key_line() -> str:
    """A new ed25519 signing key in Synapse's file format.

    An ed25519 key is fully described by its 32-byte seed, which Synapse stores as
    ``ed25519 <version> <unpadded base64 seed>``; writing it directly avoids depending on
    Synapse's key tooling (and its start-up cost) just to create a file.
    """
    seed = base64.b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")
    return f"ed25519 a_{secrets.token_hex(2)} {seed}\n"


def registration_mac(
    shared_secret: str, nonce: str, localpart: str, password: str, *, admin: bool
) -> str:
    """The HMAC that ``/_synapse/admin/v1/register`` expects (SHA-1, NUL-separated fields)."""
    mac = hmac.new(shared_secret.encode("utf-8"), digestmod=hashlib.sha1)
    for part in (nonce, localpart, password, "admin" if admin else "notadmin"):
        if part != nonce:
            mac.update(b"\x00")
        mac.update(part.encode("utf-8"))
    return mac.hexdigest()


def homeserver_config(
    directory: Path,
    *,
    server_name: str,
    port: int,
    shared_secret: str,
    room_version: str,
    default_rate_limits: bool,
    bcrypt_rounds: int = DEFAULT_BCRYPT_ROUNDS,
) -> dict[str, Any]:
    """The full ``homeserver.yaml`` for a loopback-only, federation-free homeserver."""
    directory = directory.resolve()
    config: dict[str, Any] = {
        "server_name": server_name,
        "public_baseurl": f"http://127.0.0.1:{port}/",
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {
            "name": "sqlite3",
            "args": {"database": str(directory / DATABASE_FILE)},
        },
        "log_config": str(directory / LOG_CONFIG_FILE),
        "media_store_path": str(directory / MEDIA_DIR),
        "signing_key_path": str(directory / SIGNING_KEY_FILE),
        "registration_shared_secret": shared_secret,
        "bcrypt_rounds": bcrypt_rounds,
        "macaroon_secret_key": secrets.token_urlsafe(32),
        "form_secret": secrets.token_urlsafe(32),
        "enable_registration": False,
        "report_stats": False,
        "enable_metrics": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "default_room_version": room_version,
        "federation_domain_whitelist": [],
        "user_directory": {"enabled": True, "search_all_users": True},
    }
    if not default_rate_limits:
        config.update(RAISED_RATE_LIMITS)
    return config


def log_config(log_file: Path) -> dict[str, Any]:
    """Python logging configuration for Synapse: warnings and errors only, to one file."""
    return {
        "version": 1,
        "formatters": {
            "precise": {
                "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - "
                "%(request)s - %(message)s"
            }
        },
        "filters": {
            "context": {"()": "synapse.logging.context.LoggingContextFilter", "request": ""}
        },
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "filename": str(log_file.resolve()),
                "formatter": "precise",
                "filters": ["context"],
                "level": "WARNING",
                "encoding": "utf-8",
            }
        },
        "root": {"level": "WARNING", "handlers": ["file"]},
        "disable_existing_loggers": False,
    }
